"""The JetsamEvent JSON reader and writer at their edges (jetsam-report-formats.md §4):
a known key of another type is kept aside and named, an entry that is no object is
skipped and counted, a page size must be a positive integer, and a built report is
written in the key order of the iOS 10–14 reports (body, memoryStatus, memoryPages,
process entries), with its header line."""

from __future__ import annotations

from activitymon.reports import parse_report, render_report


def test_an_entry_is_written_back_with_the_keys_it_had() -> None:
    # no name and no states: none invented; a name and states of another type: kept
    text = (
        '{\n  "processes" : [\n  {\n    "pid" : 5,\n    "rpages" : 1\n  },\n'
        '  {\n    "name" : 7,\n    "states" : "idle",\n    "pid" : 6\n  }\n]\n}\n'
    )
    report = parse_report(text, "x.json")
    assert [(p.name, p.states) for p in report.processes] == [("", ()), ("", ())]
    assert render_report(report) == text
