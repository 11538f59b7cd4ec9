"""The reports browser's Qt-free half: filter, row values, chart data, status line."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from activitymon.reports.incident import ReportFacts, Unreadable, Victim
from activitymon.units import MISSING
from activitymon.viewmodel.reports_browser import (
    TOP_PROCESSES,
    BrowserFilter,
    chart_data,
    row_texts,
    row_tooltip,
    sort_values,
    status_text,
)

MB = 1024 * 1024


def _facts(
    day: str,
    victims: tuple[Victim, ...],
    device: str = "iPhone12,1",
    key: str | None = None,
) -> ReportFacts:
    return ReportFacts(
        path=f"/r/{day}-{device}",
        key=key or f"incident:{day}{device}",
        format="jetsam-ips",
        date=f"{day}T10:00:00+02:00",
        device=device,
        os_version="iPhone OS 17.1 (21B80)",
        largest_process="Game",
        largest_bytes=1536 * MB,
        victims=victims,
        partial=False,
    )


FB_LIMIT = Victim("Facebook", "per-process-limit", 1400 * MB, "100 FOREGROUND")
KBD = Victim("kbd", "highwater", 30 * MB, "0 IDLE")
CUT = Victim("com.apple.WebKit.WebContent"[:16], "vm-pageshortage", None, None)


def test_dates_show_their_offset_and_sort_by_the_moment() -> None:
    """Two reports of one moment, from devices six hours apart: each shows its own
    local time with its offset, and they sort as the same instant."""
    east = _facts("2024-03-01", (KBD,))._replace(date="2024-03-01T14:00:00+06:00")
    west = _facts("2024-03-01", (KBD,))._replace(date="2024-03-01T08:00:00+00:00")
    assert row_texts(east)[0] == "2024-03-01 14:00 +06:00"
    assert row_texts(west)[0] == "2024-03-01 08:00 +00:00"
    assert sort_values(east)[0] == sort_values(west)[0]


def test_row_texts_and_sort_values() -> None:
    f = _facts("2024-03-01", (FB_LIMIT, KBD))
    assert row_texts(f) == (
        "2024-03-01 10:00 +02:00",  # the device's local time, with its offset
        "iPhone12,1",
        "iPhone OS 17.1 (21B80)",
        "Game (1.50 GB)",
        "Facebook (per-process-limit), kbd (highwater)",
    )
    assert sort_values(f) == (
        datetime(2024, 3, 1, 8, 0, tzinfo=UTC).timestamp(),
        "iPhone12,1",
        "iPhone OS 17.1 (21B80)",
        1536 * MB,
        2,
    )
    bare = f._replace(date=None, device=None, largest_process=None, victims=())
    assert row_texts(bare)[:2] == (MISSING, MISSING)
    assert row_texts(bare)[3:] == (MISSING, "none")


def test_filter_by_process_reason_device_and_date() -> None:
    a = _facts("2024-03-01", (FB_LIMIT, KBD))
    b = _facts("2024-03-05", (KBD,), device="iPad13,4")
    c = _facts("2024-03-09", (CUT,))
    assert BrowserFilter(process="Facebook").accepts(a)
    assert not BrowserFilter(process="Facebook").accepts(b)
    assert BrowserFilter(process="com.apple.WebKit.WebContent").accepts(c)  # cut to 16
    assert not BrowserFilter(process="Facebook", reason="highwater").accepts(a)
    assert BrowserFilter(process="kbd", reason="highwater").accepts(a)
    assert [f.device for f in (a, b, c) if BrowserFilter(device="iPad13,4").accepts(f)] == [
        "iPad13,4"
    ]
    since = BrowserFilter(since=datetime(2024, 3, 5, tzinfo=UTC))
    assert [since.accepts(f) for f in (a, b, c)] == [False, True, True]
    assert not since.accepts(a._replace(date=None))
    assert not BrowserFilter().active


def test_chart_data_counts_the_kills_the_filter_keeps() -> None:
    reports = [
        _facts("2024-03-01", (FB_LIMIT, KBD)),
        _facts("2024-03-01", (KBD,), device="iPad13,4"),
        _facts("2024-03-02", (FB_LIMIT._replace(footprint_bytes=1000 * MB), CUT)),
    ]
    data = chart_data(reports)
    assert data.reasons == {"highwater": 2, "per-process-limit": 2, "vm-pageshortage": 1}
    assert data.days == {"2024-03-01": 3, "2024-03-02": 2}
    assert data.footprints == {"Facebook": [1400 * MB, 1000 * MB], "kbd": [30 * MB, 30 * MB]}
    assert data.medians() == {"Facebook": 1000 * MB, "kbd": 30 * MB}  # nearest rank
    only = chart_data(reports, BrowserFilter(reason="highwater"))
    assert only.reasons == {"highwater": 2}
    assert list(only.footprints) == ["kbd"]
    bars = data.day_bars()
    assert bars.title == "Kills per day"
    assert bars.heights == (3, 2)
    assert [text for _, text in bars.ticks] == ["Mar 01", "Mar 01", "Mar 02", "Mar 02", "Mar 02"]
    assert bars.ticks[0][0] == bars.xs[0]
    assert bars.ticks[-1][0] == bars.xs[-1]


def test_chart_shows_the_most_killed_processes() -> None:
    victims = tuple(Victim(f"p{n:02d}", "highwater", MB, None) for n in range(20))
    data = chart_data([_facts("2024-03-01", victims), _facts("2024-03-02", victims[:3])])
    assert len(data.footprints) == TOP_PROCESSES
    assert list(data.footprints)[:3] == ["p00", "p01", "p02"]


def test_status_line_counts_and_names_bad_files() -> None:
    good = [_facts("2024-03-01", (FB_LIMIT, KBD))]
    bad = [Unreadable(f"/r/bad{n}.ips", "empty file") for n in range(25)]
    text, tip = status_text(
        reports=1,
        duplicates=1,
        unreadable=bad,
        skipped=[Unreadable("/r/x.json", "JSON, but not a jetsam report", jetsam=False)],
        visible=good,
        flt=BrowserFilter(process="kbd"),
        reading=False,
    )
    assert text == (
        "1 report · 1 duplicate file counted once · 25 unreadable · 1 file of another kind"
        " — showing 1 with 1 kill"
    )
    assert tip.splitlines()[0] == "/r/bad0.ips: empty file"
    assert tip.splitlines()[-1] == "… 6 more"


def test_a_file_name_that_is_not_utf8_is_shown_with_its_bytes() -> None:
    name = os.fsdecode(b"/r/caf\xe9.ips")
    f = _facts("2024-03-01", (KBD,))._replace(path=name)
    assert row_tooltip(f).startswith("/r/caf\\xe9.ips\n")
    _text, tip = status_text(
        reports=0,
        duplicates=0,
        unreadable=[Unreadable(name, "empty file")],
        skipped=[],
        visible=[],
        flt=BrowserFilter(),
        reading=False,
    )
    assert tip == "/r/caf\\xe9.ips: empty file"
