"""Each rule of ``reports/cut_facts.py`` at its edge, on the fuzz document cut inside
its last entry (Game's, after its pid): on one side the full readers' facts, on the
other no answer (the full readers decide) — bytes written here, bounds as the module
states them (a broken entry of 64 KiB, eight closing braces tried, nesting within
``MAX_NESTING`` = 100 with the report's object and its process list around the
entry, 8 MiB a file)."""

from __future__ import annotations

import json

from activitymon.reports.cut_facts import cut_facts
from activitymon.reports.incident import ReportFacts
from tests.fuzz.test_fuzz_reports import _document
from tests.hostile.conftest import HEADER
from tests.reports.generated import full_facts
from tests.reports.test_cut_path import _file

WHOLE = _file(_document())
#: cut inside Game's entry, which so far reads ``{\n      "pid": 812,\n      ``
CUT = WHOLE[: WHOLE.rindex(b'"name": "Game"')]


def _answered(data: bytes) -> ReportFacts:
    cut = cut_facts(data, "x.ips")
    assert cut is not None
    assert cut == full_facts(data)
    assert cut.partial
    return cut


def _cut_without(*keys: str) -> bytes:
    """The cut document with these members taken out of its first entry (proc)."""
    doc = _document()
    for key in keys:
        del doc["processes"][0][key]
    whole = _file(doc)
    return whole[: whole.rindex(b'"name": "Game"')]


def test_an_entry_with_a_pid_or_rpages_is_one_the_lenient_reader_keeps() -> None:
    _answered(_cut_without("rpages"))  # a name and a pid
    _answered(_cut_without("pid"))  # a name and rpages
    # neither: the lenient reader does not keep it
    assert cut_facts(_cut_without("rpages", "pid"), "x.ips") is None


def test_a_report_without_memory_status_is_answered() -> None:
    doc = _document()
    del doc["memoryStatus"]
    whole = _file(doc)
    _answered(whole[: whole.rindex(b'"name": "Game"')])


def test_the_last_entry_is_looked_for_eight_closing_braces_back() -> None:
    """Seven objects closed in the broken entry: the eighth ``}`` from the end is
    proc's, found; with eight, proc's is the ninth, not tried."""
    seven = CUT + b"".join(b'"o%d": {"k": 1},\n      ' % i for i in range(7)) + b'"z": 1'
    _answered(seven)
    eight = CUT + b"".join(b'"o%d": {"k": 1},\n      ' % i for i in range(8)) + b'"z": 1'
    assert cut_facts(eight, "x.ips") is None
    assert full_facts(eight) == _answered(seven)  # the same report, left to the full readers


def test_a_broken_entry_of_64_kib_is_read_and_one_byte_more_is_left() -> None:
    assert CUT.endswith(b'    {\n      "pid": 812,\n      ')  # 26 bytes from "{"
    at_bound = CUT + b'"reason": "' + b"x" * (64 * 1024 - 26 - 11)
    _answered(at_bound)
    over = at_bound + b"x"
    assert cut_facts(over, "x.ips") is None
    assert full_facts(over) == full_facts(at_bound)


def test_nesting_up_to_the_bound_is_read_and_beyond_it_is_left() -> None:
    """The report's object, the process list, Game's entry, then 97 objects opened in
    it: 100 levels (read); 98 objects: 101 (the full readers refuse it too)."""
    _answered(CUT + b'"x": ' + b'{"a": ' * 97 + b"1")
    deeper = CUT + b'"x": ' + b'{"a": ' * 98 + b"1"
    assert cut_facts(deeper, "x.ips") is None
    assert full_facts(deeper) is None


def test_an_object_in_the_broken_entry_the_lenient_reader_keeps_is_left_to_it() -> None:
    """A process entry or a ``memoryStatus`` inside Game's entry (followed by a member,
    so its ``}`` is not taken for the last entry's): the lenient reader keeps it."""
    ghost = CUT + b'"x": {"name": "Ghost", "pid": 9},\n      "y": 1,\n'
    assert cut_facts(ghost, "x.ips") is None
    assert full_facts(ghost) is not None
    status = CUT + b'"x": {"pageSize": 4096},\n      "y": 1,\n'
    assert cut_facts(status, "x.ips") is None
    assert full_facts(status) is not None
    neither = CUT + b'"x": {"a": 1},\n      "y": 1,\n'
    _answered(neither)


def test_a_broken_entry_that_closes_is_left_to_the_full_readers() -> None:
    """Game's entry closed (without a name), then the process list, then a member the
    head does not have: the lenient reader reads it at the top (the device)."""
    doc = _document()
    del doc["product"]
    whole = _file(doc)
    closed = (
        whole[: whole.rindex(b'"name": "Game"')] + b'"z": 1\n    }\n  ],\n  "product": "iPad9,9"\n'
    )
    assert cut_facts(closed, "x.ips") is None
    full = full_facts(closed)
    assert full is not None
    assert full.device == "iPad9,9"


def test_a_cut_just_after_an_entry_is_answered() -> None:
    """Cut after proc's closing brace, its comma, or the blank before Game's entry."""
    after_proc = CUT[: CUT.rindex(b"}") + 1]
    assert after_proc.endswith(b'"name": "proc"\n    }')
    for rest in (b"", b",", b",\n    "):
        _answered(after_proc + rest)
    # after it anything else (here the list's closing bracket) is left to the full readers
    assert cut_facts(after_proc + b"]", "x.ips") is None
    assert cut_facts(after_proc + b"x", "x.ips") is None


def test_a_file_of_8_mib_is_read_and_one_byte_more_is_left() -> None:
    """Spaces after proc's entry (inside the process list) make the file 8 MiB."""
    at = CUT.rindex(b"{")
    pad = 8 * 1024 * 1024 - len(CUT)
    at_bound = CUT[:at] + b" " * pad + CUT[at:]
    assert len(at_bound) == 8 * 1024 * 1024
    _answered(at_bound)
    over = CUT[:at] + b" " * (pad + 1) + CUT[at:]
    assert cut_facts(over, "x.ips") is None


def test_the_header_line_and_the_bytes_are_held_to_what_a_device_writes() -> None:
    _answered(CUT)
    assert cut_facts(b" " + CUT, "x.ips") is None  # not starting with "{"
    assert cut_facts(CUT.replace(b"\n", b"\r\n"), "x.ips") is None
    assert cut_facts(CUT + b'"x": "\x00"', "x.ips") is None
    assert cut_facts(CUT.replace(b"\n", b" "), "x.ips") is None  # no line at all
    assert cut_facts(CUT + b'"x": "\xff"', "x.ips") is None  # not UTF-8
    assert HEADER.startswith("{")
    compact_head = (HEADER + json.dumps(_document())).encode()
    assert cut_facts(compact_head[: compact_head.rindex(b'"name"')], "x.ips") is None
