"""A report cut inside its process list, read without the lenient scan of the whole
file (``reports/cut_facts.py``): the same facts as the full readers wherever it
answers, and it answers for the cuts files have (inside an entry after the first)."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activitymon.reports import render_report
from activitymon.reports.cut_facts import cut_facts
from activitymon.reports.incident import ReportFacts
from activitymon.reports.reading import facts_of_bytes
from tests.fuzz.test_fuzz_reports import _document
from tests.hostile.conftest import HEADER, ends_within
from tests.reports.generated import build_report, full_facts

CHECK = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _file(doc: dict[str, Any]) -> bytes:
    return (HEADER + json.dumps(doc, indent=2)).encode()


def _same_or_none(data: bytes) -> ReportFacts | None:
    with ends_within():
        cut = cut_facts(data, "x.ips")
    assert cut is None or cut == full_facts(data)
    return cut


def _three_entries() -> dict[str, Any]:
    """The fuzz document with a third entry after Game (a cut inside it keeps Game)."""
    doc = _document()
    doc["processes"].append({"pid": 90, "name": "mediaserverd", "rpages": 700, "priority": 0})
    return doc


def test_a_report_cut_after_its_game_entry_keeps_the_kill() -> None:
    whole = _file(_three_entries())
    at = whole.index(b'"name": "mediaserverd"')  # inside the last entry
    cut = _same_or_none(whole[:at])
    assert cut is not None
    # from the document: Game killed at 3000 pages of 16 KiB, the largest entry
    assert [(v.name, v.reason, v.footprint_bytes) for v in cut.victims] == [
        ("Game", "per-process-limit", 3000 * 16384)
    ]
    assert cut.partial
    assert (cut.device, cut.key, cut.largest_process) == (
        "iPhone12,1",
        "incident:B04A36B1",
        "Game",
    )


def test_the_reader_of_many_files_takes_it() -> None:
    whole = _file(_three_entries())
    at = whole.index(b'"name": "mediaserverd"')
    result = facts_of_bytes(whole[:at], "x.ips")
    assert result == cut_facts(whole[:at], "x.ips")
    assert isinstance(result, ReportFacts)
    assert result.partial


def test_every_cut_of_a_device_report_gives_the_full_readers_facts() -> None:
    """A report as a device writes it (``"key" : value``, one member a line), cut at
    every byte of its process list: the same facts, and an answer for the cuts after
    the first complete entry (but for the few just after an entry's last brace)."""
    data = render_report(build_report(1, random.Random(5), _ips())).encode()
    first_end = data.index(b"\n  },", data.index(b'"processes"')) + len(b"\n  }")
    answered = 0
    for at in range(data.index(b'"processes"'), len(data) - 1):
        if _same_or_none(data[:at]) is not None:
            answered += 1
            assert at >= first_end
    assert answered >= (len(data) - 1 - first_end) * 0.9


def _ips() -> Any:
    from activitymon.model import ReportFormat

    return ReportFormat.JETSAM_IPS


#: what damage to a JSON file is made of
_PIECES = st.sampled_from(
    [b"", b"0", b"9" * 20, b"-", b".", b"e", b"E+999", b'"', b"\\", b"\\u", b"\\ud800",
     b",", b":", b"[", b"]", b"{", b"}", b"null", b"true", b"1.5", b" ", b"\n", b"\t",
     b"\xff", b"\xc3\xa9", b"NaN", b"\x00", b"\r", b'"x":', b'"rpages":', b'"reason":"x",',
     b'{"name":"x","pid":1}', b'{"pageSize":4096}', b'"name":"y",', b'{"a":{"b":1}}',
     b'"processes" : [', b'"product" : "iPad",\n', b"}\n  ]\n}", b"  },\n    {"]
)  # fmt: skip


@CHECK
@given(
    st.integers(0, 2**32),
    st.floats(0.2, 1),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), _PIECES), max_size=4),
)
def test_damage_and_a_cut_never_give_other_facts(
    seed: int, keep: float, edits: list[tuple[float, int, bytes]]
) -> None:
    """A report cut anywhere, then damaged anywhere (mostly in what is left of the
    entry the cut broke): the facts of the full readers, or none."""
    rng = random.Random(seed)
    whole = render_report(build_report(seed % 7, rng, _ips())).encode()
    data = bytearray(whole[: int(keep * len(whole))])
    for where, cut, piece in edits:
        at = int((1 - where * where) * len(data))  # near the end more often
        data[at : at + cut] = piece
    _same_or_none(bytes(data))


@CHECK
@given(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), _PIECES), max_size=4))
def test_damage_to_the_head_never_gives_other_facts(edits: list[tuple[float, int, bytes]]) -> None:
    """Damage before the process list (where the lenient reader reads line by line)."""
    whole = _file(_document())
    head_end = whole.index(b'"processes"') + 20
    data = bytearray(whole[: whole.index(b'"name": "Game"')])
    for where, cut, piece in edits:
        at = int(where * head_end)
        data[at : at + cut] = piece
    _same_or_none(bytes(data))


def _cut_doc(**changes: Any) -> bytes:
    doc = _document()
    doc.update(changes)
    whole = _file(doc)
    return whole[: whole.rindex(b'"name"')]


def test_what_the_lenient_reader_reads_otherwise_is_left_to_it() -> None:
    """Each refusal is a case where the lenient reader recovers something else than
    the text before the cut: left to the full readers."""
    compact = (HEADER + json.dumps(_document())).encode()
    assert cut_facts(compact[: compact.rindex(b'"name"')], "x.ips") is None  # one line
    nameless = _document()
    del nameless["processes"][0]["name"]
    assert cut_facts(_cut_doc(processes=nameless["processes"]), "x.ips") is None
    no_pages = _cut_doc(memoryStatus={"compressorSize": 1})
    assert cut_facts(no_pages, "x.ips") is None
    # an object in the broken entry that the lenient reader takes for a process
    whole = _file(_document())
    tail_object = whole[: whole.rindex(b'"name"')] + b'"x": {"name": "Ghost", "pid": 9},\n'
    assert cut_facts(tail_object, "x.ips") is None
    assert full_facts(tail_object) is not None
    # a key given twice: the lenient reader keeps the first, JSON the last
    twice = whole.replace(b'"product": "iPhone12,1",', b'"product": "A",\n  "product": "B",')
    assert cut_facts(twice[: twice.rindex(b'"name"')], "x.ips") is None
