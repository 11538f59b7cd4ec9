"""The summary's fast paths (issue 27 item 1): a well-formed JetsamEvent read by the C
JSON parsers (msgspec's typed decode, then the standard parser into dictionaries) gives
exactly the facts the full readers give; anything else is left to the next path
(``None``), never a different answer, an exception or a hang."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activitymon.reports import parse_bytes, render_report
from activitymon.reports import reading as reading_module
from activitymon.reports.fast_facts import fast_facts
from activitymon.reports.incident import ReportFacts, Unreadable
from activitymon.reports.reading import facts_of_bytes
from activitymon.reports.typed_facts import typed_facts
from tests.fuzz.test_fuzz_reports import HOSTILE_VALUES, PATHS, _document, _swap
from tests.hostile.conftest import HEADER, ends_within
from tests.reports.conftest import COMPLETE, IOS14, THRASHING
from tests.reports.generated import build_report, format_of, full_facts

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "jetsam-reports"
CHECK = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _agrees(data: bytes) -> ReportFacts | None:
    """What the dictionary path read (``None``: refused); held, with what the typed
    path read, to the full readers' facts."""
    with ends_within():
        fast = fast_facts(data, "x.ips")
        typed = typed_facts(data, "x.ips")
    full = full_facts(data) if fast is not None or typed is not None else None
    if fast is not None:
        assert fast == full, "the dictionary path gave other facts than the full readers"
    if typed is not None:
        assert typed == full, "the typed path gave other facts than the full readers"
    return fast


def _fixture(name: str) -> bytes:
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"third-party fixture {name} is not in ../shared/fixtures")
    return path.read_bytes()


@pytest.mark.parametrize("name", [n for n in COMPLETE if not n.endswith(".log")])
def test_every_complete_jetsam_event_fixture_takes_the_fast_path(name: str) -> None:
    data = _fixture(name)
    fast = _agrees(data)
    assert fast is not None
    assert fast.format == "jetsam-ips"
    assert not fast.partial
    assert typed_facts(data, "x.ips") is not None, "a real report takes the typed path"


def test_the_ios14_fixture_facts_are_the_documented_values() -> None:
    fast = fast_facts(_fixture(IOS14), IOS14)
    assert fast is not None
    # from the file: the two highwater victims, 16 KiB pages, iPhone12,1 on 14.2
    assert fast.device == "iPhone12,1"
    assert fast.os_version == "iPhone OS 14.2 (18B5061e)"
    assert [(v.reason) for v in fast.victims] == ["highwater", "highwater"]
    assert fast.date == "2020-10-15T17:29:58.790000+01:00"


def test_an_elided_report_is_left_to_the_lenient_reader() -> None:
    data = _fixture(THRASHING)
    assert fast_facts(data, "x") is None
    assert typed_facts(data, "x") is None
    result = facts_of_bytes(data, "x")
    assert isinstance(result, ReportFacts)
    assert result.partial


@pytest.mark.parametrize("seed", range(12))
def test_generated_reports_of_every_format_agree(seed: int) -> None:
    rng = random.Random(seed)
    for i in range(10):
        report = build_report(i, rng, format_of(i))
        data = render_report(report).encode()
        fast = _agrees(data)
        assert (fast is not None) == (format_of(i).value.startswith("jetsam"))
        assert (typed_facts(data, "x.ips") is not None) == (format_of(i).value == "jetsam-ips")


@CHECK
@given(
    st.lists(st.tuples(st.sampled_from(PATHS), HOSTILE_VALUES), min_size=1, max_size=4),
    st.booleans(),
    st.booleans(),
)
def test_hostile_values_never_give_other_facts(
    swaps: list[tuple[tuple[Any, ...], Any]], header: bool, compact: bool
) -> None:
    doc = _document()
    for path, value in swaps:
        try:
            _swap(doc, path, value)
        except (KeyError, IndexError, TypeError):
            continue
    try:
        text = json.dumps(doc, indent=None if compact else 2, ensure_ascii=False)
    except ValueError:
        return
    _agrees(((HEADER if header else "") + text).encode("utf-8", "surrogatepass"))


@CHECK
@given(st.integers(1, 2000), st.sampled_from(["extra", "status", "process", "header"]))
def test_deep_values_anywhere_are_left_to_the_full_readers(depth: int, where: str) -> None:
    doc = _document()
    deep: Any = 1
    for _ in range(depth):
        deep = [deep]
    head = json.loads(HEADER)
    {"extra": doc, "status": doc["memoryStatus"], "process": doc["processes"][0], "header": head}[
        where
    ]["deep"] = deep
    try:
        data = (json.dumps(head) + "\n" + json.dumps(doc, indent=2)).encode()
    except RecursionError:
        return
    fast = _agrees(data)
    if depth > 8:
        assert fast is None


@CHECK
@given(st.binary(max_size=300), st.sampled_from([b"{", HEADER.encode() + b"{", b""]))
def test_random_bytes_never_raise(noise: bytes, prefix: bytes) -> None:
    _agrees(prefix + noise)


@pytest.mark.parametrize(
    "value",
    ["1e999", "-1e400", "NaN", "Infinity", "9" * 19, "-" + "9" * 25, "9" * 5000, "1E+309"],
)
def test_numbers_beyond_what_a_device_writes_are_left_to_the_full_readers(value: str) -> None:
    text = json.dumps(_document(), indent=2).replace(
        '"compressorSize": 96635', f'"compressorSize": {value}'
    )
    data = (HEADER + text).encode()
    assert fast_facts(data, "x") is None
    assert typed_facts(data, "x") is None
    full = full_facts(data)
    assert full is not None
    assert full.partial


def test_the_fast_path_is_what_reads_a_sound_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The full readers are not called for a sound JetsamEvent; they are for others."""
    calls: list[str] = []

    def counted(data: bytes, name: str) -> Any:
        calls.append(name)
        return parse_bytes(data, name)

    monkeypatch.setattr(reading_module, "parse_bytes", counted)
    report = build_report(0, random.Random(1), format_of(0))
    assert isinstance(facts_of_bytes(render_report(report).encode(), "sound.ips"), ReportFacts)
    assert calls == []
    assert isinstance(facts_of_bytes(b"", "empty.ips"), Unreadable)
    assert calls == ["empty.ips"]
