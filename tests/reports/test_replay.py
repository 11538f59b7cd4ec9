"""The replay source: a report's moment as snapshots, victims and kill events."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.model import Era, Killed, KillReason, ProcessState
from activitymon.sources import ClockedSource, SourceUnavailable, open_source
from activitymon.sources.base import Capability
from activitymon.sources.replay import open_replay_source
from tests.reports.conftest import ANALYTICS, HIGHWATER, IOS14, KKBOX, PAGESHORTAGE, THRASHING


def test_ios14_snapshot(jetsam_fixtures: Path) -> None:
    source = open_replay_source([str(jetsam_fixtures / IOS14)])
    assert isinstance(source, ClockedSource)
    assert source.name == "replay"
    assert {
        Capability.REPLAY,
        Capability.FOOTPRINT,
        Capability.BANDS,
        Capability.LIFETIME_MAX,
    } <= source.capabilities
    snap = source.sample()
    assert snap.device == "iPhone12,1 — iPhone OS 14.2 (18B5061e)"
    assert snap.era is Era.LEGACY
    assert len(snap.processes) == 442
    store = next(p for p in snap.processes if p.name == "AppStore")
    assert store.footprint_bytes == 19619 * 16384
    assert store.band == 0
    assert store.states == frozenset({ProcessState.SUSPENDED})
    assert store.compressed_bytes == 19558 * 16384
    assert store.lifetime_max_bytes is not None
    mem = snap.memory
    assert mem.page_size == 16384
    assert mem.free_pages == 5142
    assert mem.wired_pages == 49236
    assert mem.compressor_pages == 96635
    # free + active + inactive + speculative + throttled + wired + compressor
    assert mem.total_pages == 5142 + 45459 + 40671 + 3793 + 0 + 49236 + 96635
    victims = [p for p in snap.processes if p.has(ProcessState.TERMINATED)]
    assert sorted(p.name for p in victims) == ["dasd", "wifianalyticsd"]
    events = source.drain_events()
    assert events == [
        Killed(0.0, 2527, "wifianalyticsd", KillReason.HIGHWATER, 1, 382 * 16384),
        Killed(0.0, 2303, "dasd", KillReason.HIGHWATER, 3, 456 * 16384),
    ]
    source.sample()
    assert source.drain_events() == []  # only on the first sample of a report


def test_legacy_text_gets_stand_in_pids(jetsam_fixtures: Path) -> None:
    source = open_replay_source([str(jetsam_fixtures / KKBOX)])
    snap = source.sample()
    pids = [p.pid for p in snap.processes]
    assert pids == [-(i + 1) for i in range(43)]
    kkbox = next(p for p in snap.processes if p.name == "KKBOX")
    assert kkbox.footprint_bytes == 22810 * 4096
    assert kkbox.band is None
    assert ProcessState.FRONTMOST in kkbox.states
    assert ProcessState.TERMINATED in kkbox.states
    kills = source.drain_events()
    assert [(e.name, e.reason) for e in kills if isinstance(e, Killed)] == [
        ("MobileMail", KillReason.VM_PAGESHORTAGE),
        ("tccd", KillReason.VM_PAGESHORTAGE),
        ("kbd", KillReason.VM_PAGESHORTAGE),
        ("KKBOX", KillReason.VM_PAGESHORTAGE),
    ]


def test_old_reason_names_map_onto_todays(jetsam_fixtures: Path) -> None:
    source = open_replay_source([str(jetsam_fixtures / THRASHING)])
    source.sample()
    [kill] = source.drain_events()
    assert isinstance(kill, Killed)
    assert (kill.name, kill.reason, kill.pid) == (
        "KodiMusicRemoteP",
        KillReason.PROC_THRASHING,
        1518,
    )


def test_timeline_in_date_order_and_bad_files_skipped(jetsam_fixtures: Path) -> None:
    paths = [
        jetsam_fixtures / IOS14,  # 2020
        jetsam_fixtures / ANALYTICS,  # not a report
        jetsam_fixtures / HIGHWATER,  # 2017
        jetsam_fixtures / PAGESHORTAGE,  # 2019
    ]
    source = open_replay_source([str(p) for p in paths])
    assert source.report_count == 3
    assert len(source.errors) == 1
    assert source.errors[0].startswith(str(jetsam_fixtures / ANALYTICS))
    products = []
    times = []
    for _ in range(3):
        snap = source.sample()
        products.append(source.current_report.product)
        times.append(snap.time)
        source.advance(1.0)
    assert products == ["iPhone7,2", "iPhone11,6", "iPhone12,1"]
    assert times[0] == 0.0
    assert times == sorted(times)
    assert source.index == 2  # stays on the last
    source.advance(5.0)
    assert source.index == 2
    source.seek(0)
    assert source.current_report.product == "iPhone7,2"
    with pytest.raises(IndexError):
        source.seek(3)
    assert "report 1 of 3" in source.describe()


def test_each_report_emits_its_kills_once(jetsam_fixtures: Path) -> None:
    source = open_replay_source([str(jetsam_fixtures / HIGHWATER), str(jetsam_fixtures / IOS14)])
    source.sample()
    first = source.drain_events()
    source.advance(1.0)
    source.sample()
    second = source.drain_events()
    source.seek(0)
    source.sample()
    assert [e.name for e in first if isinstance(e, Killed)] == ["SpringBoard"]
    assert [e.name for e in second if isinstance(e, Killed)] == ["wifianalyticsd", "dasd"]
    assert source.drain_events() == []


def test_modern_scale(data: Path) -> None:
    source = open_replay_source([str(data / "jetsam-body-modern.json")])
    snap = source.sample()
    assert snap.era is Era.MODERN
    assert {p.name: p.band for p in snap.processes} == {
        "kernel_task": 999,
        "HandMadeGame": 100,
        "idled": 0,
    }
    kills = [e for e in source.drain_events() if isinstance(e, Killed)]
    assert [(k.name, k.reason) for k in kills] == [
        ("idled", KillReason.IDLE_EXIT),
        ("HandMadeGame", KillReason.PER_PROCESS_LIMIT),
    ]


def test_nothing_readable(jetsam_fixtures: Path, tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable, match="Analytics log"):
        open_replay_source([str(jetsam_fixtures / ANALYTICS), str(tmp_path / "gone.ips")])
    with pytest.raises(SourceUnavailable, match="no report"):
        open_replay_source([])


def test_open_source_dispatches_to_replay(jetsam_fixtures: Path) -> None:
    source = open_source("auto", reports=[str(jetsam_fixtures / HIGHWATER)])
    assert source.name == "replay"
    assert source.sample().device.startswith("iPhone7,2")
    source.close()


def test_a_pid_listed_twice_shows_once(data: Path) -> None:
    import dataclasses

    from activitymon.reports import read_report
    from activitymon.sources.replay import ReplaySource

    report = read_report(data / "jetsam-body-modern.json")
    older = dataclasses.replace(report.processes[1], reason=None, gen_count=1, rpages=5)
    doubled = dataclasses.replace(report, processes=(*report.processes, older))
    snap = ReplaySource([("doubled", doubled)]).sample()
    assert [p.pid for p in snap.processes] == [0, 812, 90]
    game = snap.by_pid[812]
    assert game.footprint_bytes == 3000 * 16384  # the killed entry, not the older one
