"""The typed fast path (msgspec) against the bounds the full readers hold a report to:
each property of the parser we rely on, pinned by a literal case; random damage to a
sound report never makes it give other facts than the full readers; without msgspec
the dictionary path reads alone."""

from __future__ import annotations

import builtins
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activitymon.reports import reading as reading_module
from activitymon.reports import render_report
from activitymon.reports.fast_facts import fast_facts
from activitymon.reports.incident import ReportFacts
from activitymon.reports.typed_facts import typed_facts
from tests.fuzz.test_fuzz_reports import _document
from tests.hostile.conftest import HEADER, ends_within
from tests.reports.generated import build_report, format_of, full_facts

CHECK = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _file(doc: dict[str, Any]) -> bytes:
    return (HEADER + json.dumps(doc, indent=2, ensure_ascii=False)).encode("utf-8", "surrogatepass")


def _with(text_from: str, text_to: str) -> bytes:
    """The fuzz document with one literal piece of its text replaced."""
    text = json.dumps(_document(), indent=2)
    assert text_from in text
    return (HEADER + text.replace(text_from, text_to, 1)).encode("utf-8", "surrogatepass")


def test_a_sound_file_takes_the_typed_path_with_the_full_readers_facts() -> None:
    data = _file(_document())
    typed = typed_facts(data, "x.ips")
    assert typed is not None
    assert typed == full_facts(data)
    # from the document: one victim, Game, per-process-limit, 3000 pages of 16 KiB
    assert [(v.name, v.reason, v.footprint_bytes) for v in typed.victims] == [
        ("Game", "per-process-limit", 3000 * 16384)
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # an integer literal in a number field: 10^20 is no 64-bit integer (a float
        # field would have taken it as 1e20)
        ('"cpuTime": 0.066797', '"cpuTime": 100000000000000000000'),
        ('"cpuTime": 0.066797', '"cpuTime": 1e999'),
        ('"compressorSize": 96635', '"compressorSize": 9223372036854775808'),
        ('"compressorSize": 96635', '"compressorSize": -' + "9" * 5000),
        ('"rpages": 229', '"rpages": 1099511627777'),  # 2^40 + 1 pages
        ('"rpages": 229', '"rpages": 229.0'),
        ('"pid": 350', '"pid": true'),
        ('"pid": 350', '"pid": 2147483648'),
        ('"priority": 10', '"priority": -2147483649'),
        ('"pageSize": 16384', '"pageSize": 16385'),
        ('"pageSize": 16384', '"pageSize": 256'),
        ('"internal": [', '"internal": [1e400, '),
        ('"states": [\n        "daemon"', '"states": [\n        7'),
    ],
)
def test_values_the_sanity_pass_flags_are_refused(old: str, new: str) -> None:
    data = _with(old, new)
    assert typed_facts(data, "x.ips") is None
    full = full_facts(data)
    assert full is not None
    assert full.partial


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"name": "proc"', '"name": "\\ud800"'),  # a lone surrogate: msgspec refuses it
        ('"name": "proc"', '"name": "proc", "newKey": [1, "x"]'),  # a key nobody wrote
        ('"compressorSize": 96635', '"compressorSize": 96635, "newStat": 1.5'),
        ('"product": "iPhone12,1"', '"product": "iPhone12,1", "eventReason": "x"'),
    ],
)
def test_what_the_typed_structures_do_not_name_is_read_by_the_dictionary_path(
    old: str, new: str
) -> None:
    data = _with(old, new)
    assert typed_facts(data, "x.ips") is None
    fast = fast_facts(data, "x.ips")
    assert fast is not None
    assert fast == full_facts(data)


def test_a_key_given_twice_keeps_its_last_value_as_json_does() -> None:
    data = _with('"rpages": 3000', '"rpages": 1, "rpages": 3000')
    typed = typed_facts(data, "x.ips")
    assert typed is not None
    assert typed == full_facts(data)
    assert typed.victims[0].footprint_bytes == 3000 * 16384


def test_keys_of_newer_releases_are_typed() -> None:
    """iOS 15 and 18 keys (``jetsam-report-formats.md`` §4.2, §4.4)."""
    data = _with(
        '"name": "proc"',
        '"name": "proc", "freeze_skip_reason:": "none", "mem_regions": 312, '
        '"csFlags": 570434305, "csTrustLevel": 4294967295',
    ).replace(b'"product"', b'"bug_type": "298", "codeSigningMonitor": 2, "product"')
    typed = typed_facts(data, "x.ips")
    assert typed is not None
    assert typed == full_facts(data)


@pytest.mark.parametrize("where", ['"name": "proc"', '"compressorSize": 96635'])
def test_deep_nesting_ends_in_a_refusal(where: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    data = _with(where, where + ', "pageSpike": ' + deep)
    with ends_within():
        assert typed_facts(data, "x.ips") is None


def test_bytes_that_are_not_utf8_are_refused() -> None:
    data = _with('"name": "proc"', '"name": "pr\\u00e9c"').replace(b"pr\\u00e9c", b"pr\xe9c")
    assert typed_facts(data, "x.ips") is None
    assert full_facts(data) is None  # not UTF-8: unreadable


def test_without_msgspec_the_dictionary_path_reads_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = builtins.__import__

    def no_msgspec(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "msgspec" or name.startswith(("msgspec.", "activitymon.reports.typed_facts")):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_msgspec)
    readers = reading_module.fast_readers()
    assert readers == (fast_facts,)
    monkeypatch.setattr(reading_module, "FAST_READERS", readers)
    report = build_report(0, random.Random(3), format_of(0))
    data = render_report(report).encode()
    result = reading_module.facts_of_bytes(data, "x.ips")
    assert isinstance(result, ReportFacts)
    assert result == full_facts(data)


#: what damage to a JSON file is made of
_PIECES = st.sampled_from(
    [b"", b"0", b"9" * 20, b"-", b".", b"e", b"E+999", b'"', b"\\", b"\\u", b"\\ud800",
     b",", b":", b"[", b"]", b"{", b"}", b"null", b"true", b"1.5", b" ", b"\n", b"\t",
     b"\xff", b"\xc3\xa9", b"NaN", b"Infinity", b'"x":', b'"rpages":', b'"reason":"x",']
)  # fmt: skip


@CHECK
@given(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), _PIECES), min_size=1, max_size=4))
def test_damage_never_gives_other_facts(edits: list[tuple[float, int, bytes]]) -> None:
    data = bytearray(_file(_document()))
    for where, cut, piece in edits:
        at = int(where * len(data))
        data[at : at + cut] = piece
    damaged = bytes(data)
    with ends_within():
        typed = typed_facts(damaged, "x.ips")
        fast = fast_facts(damaged, "x.ips")
    if typed is not None or fast is not None:
        full = full_facts(damaged)
        assert typed is None or typed == full
        assert fast is None or fast == full
