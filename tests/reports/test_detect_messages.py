"""What the format detection says about a file, word for word (jetsam-report-formats.md
§2 and §7: the bug_type codes; a damaged body read leniently names the line of the
file where the JSON broke)."""

from __future__ import annotations

from pathlib import Path

from activitymon.reports import parse_report, read_report
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
