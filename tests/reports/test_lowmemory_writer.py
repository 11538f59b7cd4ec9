"""The LowMemory text writer line by line (jetsam-report-formats.md §3): the iOS 6.1
layout (no fds column, labels padded to 19 columns, ``**End**``), the iOS 7 one (labels
padded to 41, an fds column), and memory lines the layout has no label for, written so
that they read back as the same keys."""

from __future__ import annotations

from activitymon.model import JetsamReport, ReportFormat, ReportProcess
from activitymon.reports.lowmemory_text import parse_lowmemory
from activitymon.reports.lowmemory_writer import render_lowmemory

IOS6_TABLE = (
    "     Name                    <UUID>                       rpages       recent_max"
    "   [reason]          (state)"
)
IOS7_TABLE = (
    "     Name                    <UUID>                       rpages       recent_max"
    "   fds      [reason]          (state)"
)


def test_the_ios6_layout_pads_a_long_label_with_one_space() -> None:
    report = JetsamReport(
        format=ReportFormat.LOWMEMORY_TEXT,
        page_size=4096,
        page_size_known=False,
        build="iPhone OS 6.1.3 (10B329)",  # no os_version: the build stands in
        product="iPod5,1",
        memory_pages={"free": 922},
        memory_status={"uncompressed": 7},
        largest_process="hog",
        processes=(
            ReportProcess(
                name="hog", rpages=100, lifetime_max=120, reason="vm", states=("frontmost",)
            ),
        ),
    )
    assert render_lowmemory(report).split("\n") == [
        "Hardware Model:      iPod5,1",
        "OS Version:          iPhone OS 6.1.3 (10B329)",
        "",
        "Free pages:        922",
        # longer than the 19 columns: one space, never none or two
        "Uncompressed Pages in Compressor: 7",
        "Largest process:   hog",
        "",
        "Processes",
        IOS6_TABLE,
        "",
        "             hog <00000000000000000000000000000000>          100              120"
        "   [vm]               (frontmost)",
        "**End**",
        "",
    ]


def test_a_report_without_processes_gets_the_ios7_table_and_no_end_line() -> None:
    report = JetsamReport(
        format=ReportFormat.LOWMEMORY_TEXT,
        page_size=16384,
        memory_pages={"free": 5, "Zero fill": 6, "bad_key": 7},
        memory_status={
            "compressorSize": 3,
            "Swapins": 8,
            "flag": True,  # a boolean is no count
            "Foo pages": 4,  # would read back as a page line
            "Date": 5,  # a header label
            "Page Size": 1,  # the report's own page size line says that
            "zone_map": 9,  # not a label of letters, spaces and hyphens
            "text": "x",
        },
    )
    text = render_lowmemory(report)
    assert text.split("\n") == [
        "",
        "Free pages:                              5",
        "Compressor Size:                         3",
        "Page Size:                               16384",
        "Zero fill pages:                         6",
        "Swapins:                                 8",
        "Largest process:",
        "",
        "Processes",
        IOS7_TABLE,
        "",
        "",
    ]
    back = parse_lowmemory(text)
    assert dict(back.memory_pages) == {"free": 5, "Zero fill": 6}
    assert dict(back.memory_status) == {"compressorSize": 3, "Swapins": 8}
    assert (back.page_size, back.page_size_known) == (16384, True)


def test_the_os_version_wins_over_the_build() -> None:
    report = JetsamReport(
        format=ReportFormat.LOWMEMORY_TEXT,
        page_size=4096,
        os_version="iPhone OS 7.0.4 (11B554a)",
        build="iPhone OS 12.4 (16G77)",
        processes=(ReportProcess(name="kbd", rpages=381, lifetime_max=381, fds=200),),
    )
    assert render_lowmemory(report).split("\n")[:2] == [
        "OS Version:          iPhone OS 7.0.4 (11B554a)",
        "",
    ]
