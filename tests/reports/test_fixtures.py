"""Every real report in the shared folder reads as SOURCES.md describes it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from activitymon.model import ReportFormat
from activitymon.reports import AnalyticsLog, NotAJetsamReport, ReportError, read_report
from tests.reports.conftest import (
    ANALYTICS,
    HIGHWATER,
    IOS14,
    KKBOX,
    PAGESHORTAGE,
    THRASHING,
    VNODE,
)


def test_kkbox_legacy_text(jetsam_fixtures: Path) -> None:
    r = read_report(jetsam_fixtures / KKBOX)
    assert r.format is ReportFormat.LOWMEMORY_TEXT
    assert (r.product, r.os_version) == ("iPad2,5", "iPhone OS 7.0.4 (11B554a)")
    assert r.kernel is not None
    assert r.kernel.endswith("xnu-2423.3.12~1/RELEASE_ARM_S5L8942X")
    assert (r.date, r.time_delta) == ("2015-08-07 11:20:54 +0800", 56)
    # no Page Size line: the documented default, flagged as assumed
    assert (r.page_size, r.page_size_known) == (4096, False)
    assert dict(r.memory_pages) == {
        "free": 922,
        "active": 3697,
        "inactive": 2197,
        "speculative": 7,
        "throttled": 74156,
        "purgeable": 0,
        "wired": 47617,
        "fileBacked": 5424,
        "anonymous": 477,
    }
    assert dict(r.memory_status) == {
        "compressions": 0,
        "decompressions": 0,
        "compressorSize": 0,
        "uncompressed": 0,
    }
    assert len(r.processes) == 43
    assert r.largest_process == "mediaserverd"
    assert r.largest is not None
    assert (r.largest.name, r.largest.rpages) == ("mediaserverd", 25807)
    kkbox = next(p for p in r.processes if p.name == "KKBOX")
    assert r.process_bytes(kkbox) == 22810 * 4096
    assert [(v.name, v.reason) for v in r.victims] == [
        ("MobileMail", "vm-pageshortage"),
        ("tccd", "vm-pageshortage"),
        ("kbd", "vm-pageshortage"),
        ("KKBOX", "vm-pageshortage"),
    ]
    tokens = Counter(s for p in r.processes for s in p.states)
    assert tokens == {"daemon": 40, "resume": 2, "continuous": 1, "frontmost": 1}
    springboard = next(p for p in r.processes if p.name == "SpringBoard")
    assert springboard.states == ()
    assert springboard.reason is None
    assert {"notification_pro", "EscrowSecurityAl", "CommCenterClassi"} <= {
        p.name for p in r.processes
    }
    assert all(p.pid is None and p.priority is None for p in r.processes)
    assert not r.partial


def test_thrashing_excerpt_is_read_partially(jetsam_fixtures: Path) -> None:
    r = read_report(jetsam_fixtures / THRASHING)
    assert r.partial
    assert any("elided" in p for p in r.problems)
    assert r.format is ReportFormat.JETSAM_IPS
    assert r.header == {
        "timestamp": "2016-04-15 23:52:13.13 +0200",
        "bug_type": "298",
        "os_version": "iPhone OS 9.3 (13E234)",
    }
    assert r.incident_id == "A2B3C5FF-8ECC-4E07-BEDA-E847061F396B"  # from the body
    assert r.product == "iPhone8,1"
    assert r.kernel is not None
    assert "xnu-3248.41.4~28/RELEASE_ARM64_S8000" in r.kernel
    assert (r.page_size, r.page_size_known) == (16384, True)
    assert r.memory_pages["free"] == 2290
    assert r.memory_pages["wired"] == 13007
    assert r.memory_status["compressorSize"] == 76679
    assert r.largest_process == "Facebook"
    assert r.gen_counter is None
    [kodi] = r.processes
    assert (kodi.name, kodi.pid, kodi.rpages, kodi.reason) == (
        "KodiMusicRemoteP",
        1518,
        2050,
        "vm-thrashing",
    )
    assert kodi.states == ("frontmost", "resume")
    assert r.victims == (kodi,)


def test_highwater_springboard_is_the_victim(jetsam_fixtures: Path) -> None:
    r = read_report(jetsam_fixtures / HIGHWATER)
    assert (r.product, r.page_size, r.time_delta, r.gen_counter) == ("iPhone7,2", 4096, 73, 1)
    assert r.os_version == "iPhone OS 10.1.1 (14B100)"
    assert len(r.processes) == 134
    assert "zoneMapCap" not in r.memory_status
    assert r.memory_pages["free"] == 6172
    assert r.largest_process == "SpringBoard"
    assert r.largest is not None
    assert (r.largest.name, r.largest.rpages) == ("SpringBoard", 61443)
    [victim] = r.victims
    assert (victim.name, victim.reason, victim.kill_delta, victim.gen_count, victim.states) == (
        "SpringBoard",
        "highwater",
        4232,
        0,
        (),
    )
    assert victim.lifetime_max == 24516  # smaller than rpages: kept as is
    combos = Counter(p.states for p in r.processes)
    assert combos[("daemon", "idle")] == 72
    assert combos[("daemon",)] == 52
    assert all(p.priority is None and p.coalition is not None for p in r.processes)
    spikes = {p.name: p.extra["pageSpike"] for p in r.processes if "pageSpike" in p.extra}
    assert spikes == {"callservicesd": 18, "notifyd": 1}


def test_vnode_limit(jetsam_fixtures: Path) -> None:
    r = read_report(jetsam_fixtures / VNODE)
    assert (r.page_size, len(r.processes), r.largest_process) == (4096, 124, "SpringBoard")
    assert r.kernel is not None
    assert r.kernel.endswith("RELEASE_ARM64_T7000 Hacked")
    assert r.memory_status["largestZone"] == "vm pages array"
    assert r.memory_pages["free"] == 23635
    assert r.memory_pages["purgeable"] == 5137
    [vmd] = r.victims
    assert (vmd.name, vmd.pid, vmd.reason, vmd.rpages, vmd.kill_delta) == (
        "vmd",
        417,
        "vnode-limit",
        452,
        4644,
    )
    assert any(p.name == "Cydia" for p in r.processes)


def test_pageshortage_cascade(jetsam_fixtures: Path) -> None:
    r = read_report(jetsam_fixtures / PAGESHORTAGE)
    assert r.header["ale_flag"] is True
    assert next(iter(r.header)) == "ale_flag"
    assert (r.product, r.page_size, len(r.processes)) == ("iPhone11,6", 16384, 117)
    assert r.memory_pages["wired"] == 161218
    assert r.memory_pages["free"] == 2647
    assert r.largest_process == "backboardd"
    assert r.largest is not None
    assert r.largest.rpages == 131282
    victims = r.victims
    assert len(victims) == 63
    assert Counter(v.reason for v in victims) == {
        "proc-thrashing": 59,
        "vm-pageshortage": 3,
        "per-process-limit": 1,
    }
    deltas = [v.kill_delta or 0 for v in victims]
    assert all(v.kill_delta is not None for v in victims)
    assert deltas == sorted(deltas)  # kill order
    assert (deltas[0], deltas[-1]) == (1888, 3528178)
    apollo = next(v for v in victims if v.name == "Apollo")
    assert (apollo.reason, apollo.rpages, apollo.states) == (
        "vm-pageshortage",
        15365,
        ("frontmost", "resume"),
    )
    backboardd = next(v for v in victims if v.name == "backboardd")
    assert backboardd.reason == "per-process-limit"


def test_ios14_priorities_and_physical_pages(jetsam_fixtures: Path) -> None:
    r = read_report(jetsam_fixtures / IOS14)
    assert r.format is ReportFormat.JETSAM_IPS
    assert (r.product, r.page_size, len(r.processes)) == ("iPhone12,1", 16384, 442)
    assert r.memory_status["zoneMapCap"] == 1472872448
    assert r.largest_process == "AppStore"
    largest = r.largest
    assert largest is not None
    assert largest.name == "AppStore"
    assert largest.rpages == 19619
    assert largest.priority == 0
    assert largest.states == ("suspended",)
    assert largest.physical_pages == {"internal": [8, 19558]}
    assert all(p.priority is not None for p in r.processes)
    assert {p.priority for p in r.processes} <= set(range(22))
    assert [(v.name, v.reason, v.rpages, v.priority, v.kill_delta) for v in r.victims] == [
        ("wifianalyticsd", "highwater", 382, 1, 13595),
        ("dasd", "highwater", 456, 3, 75289),
    ]
    frozen = sum(1 for p in r.processes if "frozen_to_swap_pages" in (p.physical_pages or {}))
    assert frozen == 14


def test_analytics_log_is_refused_with_its_aggregates(jetsam_fixtures: Path) -> None:
    path = jetsam_fixtures / ANALYTICS
    with pytest.raises(AnalyticsLog) as caught:
        read_report(path)
    error = caught.value
    assert isinstance(error, NotAJetsamReport)
    assert isinstance(error, ReportError)
    text = str(error)
    assert text.startswith(str(path) + ": ")
    assert "Analytics log" in text
    assert "not a jetsam report" in text
    assert "\n" not in text
    records = error.jetsam_aggregations
    assert len(records) == 10
    reasons = Counter(m["reason"] for m in records)
    assert set(reasons) == {"highwater", "per-process-limit"}
    assert {m["name"] for m in records if m["reason"] == "per-process-limit"} == {
        "assetsd",
        "coreduetd",
        "duetexpertd",
        "suggestd",
    }
