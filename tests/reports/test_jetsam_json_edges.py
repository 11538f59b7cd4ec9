# ruff: noqa: E501  (the header line is one line, as devices write it)
"""The JetsamEvent JSON reader and writer at their edges (jetsam-report-formats.md §4):
a known key of another type is kept aside and named, an entry that is no object is
skipped and counted, a page size must be a positive integer, and a built report is
written in the key order of the iOS 10–14 reports (body, memoryStatus, memoryPages,
process entries), with its header line."""

from __future__ import annotations

from activitymon.model import JetsamReport, ReportFormat, ReportProcess
from activitymon.reports import parse_report, render_report

BUILT_IOS14 = """\
{"bug_type":"298","timestamp":"2020-10-15 17:29:58.79 +0100","os_version":"iPhone OS 14.2 (18B5061e)","incident_id":"B04A36B1"}
{
  "product" : "iPhone12,1",
  "incident" : "B04A36B1",
  "memoryStatus" : {
  "compressorSize" : 7,
  "zoneMapCap" : 1,
  "pageSize" : 16384,
  "memoryPages" : {
    "active" : 5,
    "free" : 3
  }
},
  "largestProcess" : "hog",
  "processes" : [
  {
    "states" : [
      "frontmost"
    ],
    "rpages" : 100,
    "priority" : 10,
    "reason" : "highwater",
    "pid" : 7,
    "name" : "hog",
    "cpuTime" : 0.066796999999999995
  }
]
}
"""


def test_a_built_report_is_written_in_the_devices_key_order() -> None:
    report = JetsamReport(
        format=ReportFormat.JETSAM_IPS,
        page_size=16384,
        timestamp="2020-10-15 17:29:58.79 +0100",
        os_version="iPhone OS 14.2 (18B5061e)",
        incident_id="B04A36B1",
        product="iPhone12,1",
        largest_process="hog",
        memory_pages={"free": 3, "active": 5},
        memory_status={"zoneMapCap": 1, "compressorSize": 7},
        processes=(
            ReportProcess(
                name="hog",
                pid=7,
                rpages=100,
                states=("frontmost",),
                reason="highwater",
                priority=10,
                cpu_time=0.066796999999999995,
            ),
        ),
    )
    assert render_report(report) == BUILT_IOS14
    assert render_report(parse_report(BUILT_IOS14)) == BUILT_IOS14


def test_known_keys_of_another_type_are_kept_aside_and_named() -> None:
    text = (
        '{"memoryStatus" : {"pageSize" : 0, "memoryPages" : {"free" : "x", "wired" : true}},'
        ' "processes" : [1, {"name" : "a", "pid" : true}, "x"]}'
    )
    report = parse_report(text, "x.json")
    assert report.problems == (
        "memoryPages.free is not a page count",
        "memoryPages.wired is not a page count",
        "no page size in the report; assumed 4096 bytes",
        "2 process entries are not objects and were skipped",
        "memoryStatus.pageSize: expected a positive integer, got a number",
        "processes[0] (a).pid: expected an integer, got a boolean",
    )
    assert (report.page_size, report.page_size_known) == (4096, False)
    assert dict(report.memory_status) == {"pageSize": 0}
    [a] = report.processes
    assert (a.name, a.pid, dict(a.extra)) == ("a", None, {"pid": True})


def test_a_page_size_of_1_is_taken_as_written_and_then_refused() -> None:
    report = parse_report('{"memoryStatus" : {"pageSize" : 1}, "processes" : []}', "x.json")
    assert report.problems == (
        "page size 1 is not a power of two from 512 to 1048576; assumed 4096 bytes",
    )
    assert "pageSize" not in report.memory_status


def test_memory_status_and_processes_of_another_type_are_kept_aside() -> None:
    report = parse_report('{"memoryStatus" : [], "processes" : {}}', "x.json")
    assert report.problems == (
        "memoryStatus is not an object",
        "no page size in the report; assumed 4096 bytes",
        "processes is not a list",
    )
    assert dict(report.extra) == {"memoryStatus": [], "processes": {}}
    assert report.processes == ()


def test_an_entry_is_written_back_with_the_keys_it_had() -> None:
    # no name and no states: none invented; a name and states of another type: kept
    text = (
        '{\n  "processes" : [\n  {\n    "pid" : 5,\n    "rpages" : 1\n  },\n'
        '  {\n    "name" : 7,\n    "states" : "idle",\n    "pid" : 6\n  }\n]\n}\n'
    )
    report = parse_report(text, "x.json")
    assert [(p.name, p.states) for p in report.processes] == [("", ()), ("", ())]
    assert render_report(report) == text


def test_an_empty_built_report_has_its_memory_status_and_processes() -> None:
    report = JetsamReport(format=ReportFormat.JETSAM_JSON, page_size=4096, page_size_known=False)
    # an empty object or array is written "{", a blank line, "}" (§4.1)
    assert render_report(report) == (
        '{\n  "memoryStatus" : {\n  "memoryPages" : {\n\n  }\n},\n  "processes" : [\n\n]\n}\n'
    )


def test_an_object_in_memory_status_other_than_memory_pages_stays_there() -> None:
    text = '{"memoryStatus" : {"pageSize" : 4096, "zones" : {"a" : 1}}, "processes" : []}'
    report = parse_report(text, "x.json")
    assert dict(report.memory_status) == {"zones": {"a": 1}}
    assert dict(report.memory_pages) == {}


def test_the_keys_after_states_of_another_type_are_read() -> None:
    text = '{"processes" : [{"name" : "a", "states" : ["idle", 2], "pid" : 5, "rpages" : 9}]}'
    [a] = parse_report(text, "x.json").processes
    assert (a.pid, a.rpages, a.states, dict(a.extra)) == (5, 9, (), {"states": ["idle", 2]})


def test_a_body_is_written_back_without_keys_it_did_not_have() -> None:
    for text in (
        '{\n  "memoryStatus" : {\n  "pageSize" : 4096\n}\n}\n',  # no memoryPages, no processes
        '{\n  "processes" : [\n\n]\n}\n',  # no memoryStatus; an empty list kept
    ):
        assert render_report(parse_report(text, "x.json")) == text
