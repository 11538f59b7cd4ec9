"""The project's own hand-written reports: the formats no real fixture covers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from activitymon.model import Era, ReportFormat
from activitymon.reports import parse_report, read_report, report_era


def test_lowmemory_plist(data: Path) -> None:
    r = read_report(data / "LowMemory-2013-05-02-093000.plist")
    assert r.format is ReportFormat.LOWMEMORY_PLIST
    assert (r.bug_type, r.product, r.os_version) == ("198", "iPhone4,1", "iPhone OS 6.1.3 (10B329)")
    assert (r.page_size, r.page_size_known) == (4096, False)
    assert [(p.name, p.rpages, p.lifetime_max, p.fds) for p in r.processes] == [
        ("HandMadeApp", 40000, 41000, 200),
        ("SpringBoard", 8000, 8100, 200),
        ("configd", 300, 310, 50),
    ]
    [victim] = r.victims
    assert (victim.reason, victim.states) == ("per-process-limit", ("frontmost",))


def test_ios8_text_layout(data: Path) -> None:
    r = read_report(data / "LowMemory-ios8-qa1894-style.txt")
    assert r.format is ReportFormat.LOWMEMORY_TEXT
    assert (r.page_size, r.page_size_known) == (16384, True)
    assert r.largest_process == "WatchKit Catalog WatchKit Extension"
    watch, backboardd = r.processes
    assert watch.name == "WatchKit Catalog WatchKit Extension"  # spaces, not cut
    assert (watch.cpu_time, watch.rpages, watch.purgeable, watch.lifetime_max, watch.fds) == (
        0.248,
        4255,
        0,
        5597,
        50,
    )
    assert watch.extra["recent_max"] is None  # "-" is missing, not 0
    assert watch.reason == "per-process-limit"
    assert backboardd.extra["recent_max"] == 2900
    assert backboardd.states == ("daemon",)
    assert r.time_delta == 120
    assert not r.partial


def test_bare_modern_body(data: Path) -> None:
    r = read_report(data / "jetsam-body-modern.json")
    assert r.format is ReportFormat.JETSAM_JSON
    assert r.header == {}
    assert r.bug_type is None
    assert r.extra["bug_type"] == "298"
    assert report_era(r) is Era.MODERN
    assert [v.name for v in r.victims] == ["idled", "HandMadeGame"]
    game = r.victims[1]
    assert game.extra == {"freeze_skip_reason:": "none"}
    assert r.largest is not None
    assert r.largest.name == "kernel_task"


def test_iphone_os_3_table_and_jettisoned_state() -> None:
    text = (
        "Incident Identifier: X\nHardware Model:      iPhone2,1\n"
        "OS Version:          iPhone OS 3.1\n"
        "Date:                2010-06-07 10:00:00 -0700\n\n"
        "Free pages:        300\nWired pages:       9000\nPurgeable pages:   0\n"
        "Largest process:   MobileSafari\n\nProcesses\n"
        "         Name                 UUID                    Count resident pages\n"
        "  MobileSafari <0123456789abcdef0123456789abcdef>     9500 (jettisoned) (active)\n"
        "   SpringBoard <fedcba9876543210fedcba9876543210>     3000 (frontmost)\n"
    )
    r = parse_report(text, "old.log")
    assert [(p.name, p.rpages, p.states) for p in r.processes] == [
        ("MobileSafari", 9500, ("jettisoned", "active")),
        ("SpringBoard", 3000, ("frontmost",)),
    ]
    assert r.victims == ()  # jettisoned is a state there, not a reason
    assert r.memory_pages == {"free": 300, "wired": 9000, "purgeable": 0}


def test_legacy_text_after_an_ips_header_line(jetsam_fixtures: Path) -> None:
    from activitymon.reports import render_report, report_file_name

    body = (jetsam_fixtures / "kkbox_LowMemory-2015-08-07-112054.log").read_text()
    header = '{"bug_type":"198","timestamp":"2015-08-07 11:20:54.00 +0800"}'
    r = parse_report(header + "\n" + body, "LowMemory.ips")
    assert r.format is ReportFormat.LOWMEMORY_TEXT
    assert (r.bug_type, r.timestamp) == ("198", "2015-08-07 11:20:54.00 +0800")
    assert len(r.processes) == 43
    assert render_report(r) == header + "\n" + body
    assert report_file_name(r) == "LowMemory-2015-08-07-112054.ips"


def test_minimal_built_report_summarises() -> None:
    from activitymon.model import JetsamReport
    from activitymon.reports import format_summary, render_report, summarize

    bare = JetsamReport(format=ReportFormat.JETSAM_IPS, page_size=16384)
    data = summarize(bare)
    assert data["largest_process"] is None
    assert data["processes"] == []
    assert "unknown device" in format_summary(bare)
    again = parse_report(render_report(bare), "bare.ips")
    # an .ips file always says what it is: the writer adds bug_type 298
    assert again == dataclasses.replace(bare, bug_type="298", header={"bug_type": "298"})
