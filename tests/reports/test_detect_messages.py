"""What the format detection says about a file, word for word (jetsam-report-formats.md
§2 and §7: the bug_type codes; a damaged body read leniently names the line of the
file where the JSON broke)."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.model import ReportFormat
from activitymon.reports import ReportError, parse_bytes, parse_report, read_report
from activitymon.reports import detect as detect_module
from activitymon.reports.errors import AnalyticsLog, NotAJetsamReport
from tests.reports.conftest import THRASHING


def test_a_damaged_body_names_its_line_in_the_file() -> None:
    text = (
        '{"bug_type":"298"}\n'  # line 1
        "{\n"
        ' "memoryStatus" : {"pageSize" : 4096},\n'
        ' "processes" : [\n'
        '  {"name" : "a", "pid" : 1},\n'  # line 5
        "  ...\n"  # line 6: where the JSON breaks
    )
    report = parse_report(text, "x.ips")
    assert report.problems[0] == "the JSON body is damaged (Expecting value at line 6)"


def test_the_thrashing_excerpt_breaks_at_its_first_elided_line(jetsam_fixtures: Path) -> None:
    # the file's line 31 is the first "..." (line 30 opens the first process entry)
    report = read_report(jetsam_fixtures / THRASHING)
    assert report.problems[0] == (
        "the JSON body is damaged (Expecting property name enclosed in double quotes at line 31)"
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ('{"bug_type":"309"}', "not a jetsam report (bug_type 309, a crash report)"),
        ('{"bug_type":"109"}', "not a jetsam report (bug_type 109, a crash report)"),
        ('{"bug_type":"210"}', "not a jetsam report (bug_type 210, a kernel panic report)"),
        ('{"bug_type":"288"}', "not a jetsam report (bug_type 288, a stackshot report)"),
        ('{"bug_type":288}', "not a jetsam report (bug_type 288, a stackshot report)"),
        (
            '{"bug_type":"123456789012345678901"}',
            "not a jetsam report (bug_type 123456789012345678901)",
        ),
        (
            '{"bug_type":"1234567890123456789012"}',
            "not a jetsam report (bug_type 12345678901234567890…)",
        ),
        ('{"bug_type":"298"}', "JetsamEvent header line but no body (file truncated)"),
    ],
)
def test_a_header_alone_says_what_the_file_is(header: str, message: str) -> None:
    with pytest.raises(ReportError) as caught:
        parse_report(header + "\n", "x.ips")
    assert str(caught.value) == f"x.ips: {message}"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"exception" : {}}', "not a jetsam report (bug_type 309, a crash report)"),
        ("{damaged", "not a jetsam report (bug_type 309, a crash report)"),
    ],
)
def test_another_bug_type_with_a_body_is_not_a_jetsam_report(body: str, message: str) -> None:
    with pytest.raises(NotAJetsamReport) as caught:
        parse_report('{"bug_type":"309"}\n' + body, "x.ips")
    assert str(caught.value) == f"x.ips: {message}"


def test_another_bug_type_with_lowmemory_text_is_read_as_lowmemory() -> None:
    text = (
        '{"bug_type":"198","timestamp":"2015-08-07 11:20:54.00 +0800"}\n'
        "Free pages: 922\n"
        "Largest process:   kbd\n\n"
        "Processes\n"
        "     kbd <be2d64e4aaaabbbbccccddddeeeeffff>  381  381  200  [vm-pageshortage]  (daemon)\n"
    )
    report = parse_report(text, "x.ips")
    assert report.format is ReportFormat.LOWMEMORY_TEXT
    assert (report.bug_type, report.timestamp) == ("198", "2015-08-07 11:20:54.00 +0800")
    assert [(p.name, p.reason) for p in report.processes] == [("kbd", "vm-pageshortage")]


def test_an_analytics_log_counts_its_jetsam_records() -> None:
    text = (
        '{"bug_type":"211","os_version":"iPhone OS 13.2.2 (17B102)"}\n'
        '{"_marker":"<metadata>","version":"1.0"}\n'
        '{"message":{"Count":2,"name":"a"},"name":"JetsamAggregationV2","uuid":"x_1"}\n'
        '{"message":{"Count":1,"name":"b"},"name":"JetsamAggregationV3","uuid":"x_2"}\n'
        '{"message":{},"name":"OtherRecord","uuid":"x_3"}\n'
    )
    with pytest.raises(AnalyticsLog) as caught:
        parse_report(text, "a.ips")
    assert str(caught.value) == (
        "a.ips: an Analytics log (bug_type 211), not a jetsam report: it holds 2 "
        "JetsamAggregation record(s) (daily kill counts) and no memory snapshot"
    )


@pytest.mark.parametrize(
    ("floats", "digits"),
    [
        (["0.066796999999999995"], 17),  # iOS 11+
        (["0.471843", "0.07025000000000001"], 16),  # iOS 10
        (["0.1", "0.066796999999999995"], None),  # neither: the shortest form
        ([], 17),
    ],
)
def test_the_float_style_is_read_from_the_body(floats: list[str], digits: int | None) -> None:
    # Apple's layout: one key per line, a float ending its line
    entries = ",\n".join(
        f'  {{\n    "pid" : {i},\n    "cpuTime" : {x}\n  }}' for i, x in enumerate(floats)
    )
    body = '{\n "memoryStatus" : {"pageSize" : 4096},\n "processes" : [\n' + entries + "\n]\n}\n"
    report = parse_report(body, "x.json")
    assert report.format is ReportFormat.JETSAM_JSON
    assert report.float_digits == digits


def test_text_behind_a_jetsam_event_header_is_a_damaged_jetsam_event() -> None:
    # bug_type 298 promises a JSON body: LowMemory text there is read as damaged JSON
    text = (
        '{"bug_type":"298"}\n'
        "Free pages: 922\n\nProcesses\n"
        "     kbd <be2d64e4aaaabbbbccccddddeeeeffff>  381  381  200  [vm-pageshortage]\n"
    )
    with pytest.raises(ReportError) as caught:
        parse_report(text, "x.ips")
    assert str(caught.value) == (
        "x.ips: truncated or damaged jetsam report: the JSON body is damaged "
        "(Expecting value at line 2); nothing readable"
    )


@pytest.mark.parametrize(
    ("floats", "digits"),
    [
        (["0." + "1" * 38], None),  # 40 characters: read (17 and 16 digits change it)
        (["0." + "1" * 39], 17),  # 41: not a float the writer printed; nothing to go by
        (["1.3e-05"], 16),  # 17 digits: 1.2999999999999999e-05
        (["1.3e-05", "1.5e--5"], 16),  # two signs: no float literal (not read at all)
        (["1.3e-05", "1.5e5x"], 16),  # an exponent of other characters: none either
    ],
)
def test_float_literals_of_3_to_40_characters_decide_the_style(
    floats: list[str], digits: int | None
) -> None:
    entries = ",\n".join(f'  {{\n    "cpuTime" : {x}\n  }}' for x in floats)
    body = '{\n "memoryStatus" : {"pageSize" : 4096},\n "processes" : [\n' + entries + "\n]\n}\n"
    assert parse_report(body, "x.json").float_digits == digits


def test_a_text_of_the_size_limit_is_read_and_one_more_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = '{"memoryStatus" : {"pageSize" : 4096}, "processes" : []}'
    monkeypatch.setattr(detect_module, "MAX_REPORT_BYTES", len(text))
    assert parse_report(text, "x.json").page_size == 4096
    monkeypatch.setattr(detect_module, "MAX_REPORT_BYTES", len(text) - 1)
    with pytest.raises(ReportError, match=r"^x\.json: too large for a jetsam report"):
        parse_report(text, "x.json")


def test_bytes_of_the_size_limit_are_read_and_one_more_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = b'{"memoryStatus" : {"pageSize" : 4096}, "processes" : []}'
    monkeypatch.setattr(detect_module, "MAX_REPORT_BYTES", len(data))
    assert parse_bytes(data, "x.json").page_size == 4096
    monkeypatch.setattr(detect_module, "MAX_REPORT_BYTES", len(data) - 1)
    with pytest.raises(ReportError, match=r"^x\.json: too large for a jetsam report"):
        parse_bytes(data, "x.json")


def test_damaged_json_without_report_content() -> None:
    with pytest.raises(ReportError) as caught:
        parse_report('{"a" : ', "x.json")
    assert str(caught.value) == "x.json: damaged JSON and no jetsam report content found"


def test_an_integer_of_20_digits_is_named_by_its_length() -> None:
    text = '{"bug_type":"298"}\n{"genCounter" : 12345678901234567890, "processes" : []}'
    report = parse_report(text, "x.ips")
    assert report.problems == (
        "no page size in the report; assumed 4096 bytes",
        "extra.genCounter: an integer of 20 digits, out of range",
    )
    assert report.gen_counter is None


def test_a_body_needs_memory_status_or_processes_not_both() -> None:
    bare = parse_report('{"memoryStatus" : {"pageSize" : 4096}}', "x.json")
    assert (bare.format, bare.problems) == (ReportFormat.JETSAM_JSON, ())
    text = '{"bug_type":"298"}\n{"processes" : [{"name" : "a", "pid" : 1}]}'
    ips = parse_report(text, "x.ips")
    assert ips.format is ReportFormat.JETSAM_IPS
    assert [p.name for p in ips.processes] == ["a"]


def test_damaged_json_with_processes_alone_is_no_jetsam_body() -> None:
    # a body is told by "memoryStatus", or "largestProcess" with "processes" (§2 step 6)
    with pytest.raises(ReportError) as caught:
        parse_report('{"processes" : [', "x.json")
    assert str(caught.value) == "x.json: damaged JSON and no jetsam report content found"
