"""Each device runs the rules of the XNU release its profile claims (issue 11 §1).

Every test is named after the rule and the release whose code it follows
(``docs/SIMULATOR.md`` cites the file and function at each tag). A "squeeze" fills
memory in small steps and stops at the first kill, so the kill time is the time of the
allocation that crossed the release's threshold, and the available pages just before it
are known exactly. Victims are suspended apps or growing processes, which the
simulator's background churn leaves alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from activitymon.model import Killed, KillReason, LevelChanged, PressureLevel, ProcessState
from activitymon.sim import Simulator
from tests.sim.conftest import kills, make_sim

#: a binary fraction, so simulated times stay exact
STEP_S = 0.125


@dataclass(frozen=True)
class Squeeze:
    #: the growth tick at which the first kill happened
    t: float
    #: available pages before that tick (the tick takes at most ``step_pages`` of them);
    #: on xnu-2050 / 2422, which publish the count in steps, the real count
    before: int
    #: the count as the kernel published it before that tick
    published_before: int
    step_pages: int
    kills: list[Killed]


def squeeze(sim: Simulator, pid: int, *, step_mb: float = 2.0, limit_s: float = 600) -> Squeeze:
    """Grow ``pid`` by ``step_mb`` every ``STEP_S`` until something is killed."""
    sim.drain_events()
    sim.grow(pid, rate_mb_per_s=step_mb / STEP_S, chunk_mb=step_mb)
    step_pages = -(-int(step_mb * (1 << 20)) // sim.profile.page_size)
    k = sim.kernel
    while sim.now < limit_s:
        published = sim.available_pages
        before = k.vm.available_ios if k.rules.published_in_steps else published
        sim.advance(STEP_S)
        found = kills(sim.drain_events())
        if found:
            return Squeeze(sim.now, before, published, step_pages, found)
    raise AssertionError("nothing was killed")


def thresholds(sim: Simulator) -> tuple[int, int, int]:
    th = sim.thresholds
    assert th is not None
    return th.critical_pages, th.idle_pages, th.soft_pages


# -- which limit applies (§3.3) ---------------------------------------------------------


def backgrounded_app(profile: str) -> tuple[Simulator, int]:
    sim = make_sim(profile=profile)
    pid = sim.launch(
        "app", "foreground", 100, ProcessState.FRONTMOST, limit_mb=300, inactive_limit_mb=50
    )
    sim.advance(1)
    sim.background(pid)  # t = 1: band BACKGROUND, below FOREGROUND
    sim.advance(0.5)
    assert pid in sim.snapshot().by_pid  # not killed by the band change itself
    sim.drain_events()
    sim.allocate(pid, 1)  # t = 1.5: the next allocation
    sim.advance(0.25)
    return sim, pid


def test_inactive_limit_below_foreground_xnu7195() -> None:
    sim, pid = backgrounded_app("iPhone8,1")
    assert [(k.t, k.pid, k.reason) for k in kills(sim.drain_events())] == [
        (1.5, pid, KillReason.PER_PROCESS_LIMIT)
    ]


def test_a_limit_is_only_a_high_water_mark_xnu2423() -> None:
    """xnu-2422.1.72 memorystatus_on_ledger_footprint_exceeded: a process with its own
    limit is not killed when it crosses it (only one without a limit, at the system-wide
    task limit); it becomes a high-water candidate for the critical loop. Fatal limits
    arrive in xnu-2782 (P_MEMSTAT_FATAL_MEMLIMIT)."""
    sim, pid = backgrounded_app("iPad2,5")
    assert not kills(sim.drain_events())
    info = sim.snapshot().by_pid[pid]
    assert ProcessState.HIGHWATER in info.states
    assert info.limit is not None
    assert info.limit.fatal is False


def test_inactive_limit_below_foreground_xnu8796() -> None:
    sim, pid = backgrounded_app("iPhone10,3")
    assert [(k.t, k.pid, k.reason) for k in kills(sim.drain_events())] == [
        (1.5, pid, KillReason.PER_PROCESS_LIMIT)
    ]


def test_background_app_with_an_assertion_keeps_its_active_limit_xnu11417() -> None:
    sim, pid = backgrounded_app("iPhone12,1")
    assert not kills(sim.drain_events())
    info = sim.snapshot().by_pid[pid]
    assert info.limit is not None
    assert info.limit.bytes == 300 << 20


def test_dirty_tracked_daemon_is_active_only_while_dirty_xnu8796() -> None:
    sim = make_sim(profile="iPhone10,3")
    clean = sim.launch("clean", "important", 40, limit_mb=100, inactive_limit_mb=30, idle_exit=True)
    dirty = sim.launch("dirty", "important", 40, limit_mb=100, inactive_limit_mb=30, dirty=True)
    # band IMPORTANT is above FOREGROUND, yet the clean tracked daemon is inactive
    assert [k.pid for k in kills(sim.drain_events())] == [clean]
    assert dirty in sim.snapshot().by_pid


# -- how the idle band dies -------------------------------------------------------------


def idle_and_filler(profile: str) -> tuple[Simulator, int, int]:
    sim = make_sim(profile=profile)
    idle = sim.launch("idled", "idle", 20, ProcessState.SUSPENDED)
    filler = sim.launch("filler", "critical", 10, graphics_percent=100)
    return sim, idle, filler


@pytest.mark.parametrize("profile", ["iPhone8,1", "iPhone10,3"])
def test_idle_band_dies_as_vm_pageshortage_at_critical_plus_5_percent_xnu7195_xnu8796(
    profile: str,
) -> None:
    sim, idle, filler = idle_and_filler(profile)
    critical, raised, _ = thresholds(sim)
    assert raised == critical + sim.profile.total_pages * 5 // 100
    result = squeeze(sim, filler)
    assert [(k.t, k.pid, k.reason) for k in result.kills] == [
        (result.t, idle, KillReason.VM_PAGESHORTAGE)
    ]
    assert result.before > raised  # not before this tick …
    assert result.before - result.step_pages > critical  # … and above critical


def test_idle_band_dies_as_idle_exit_below_the_idle_threshold_xnu11417() -> None:
    sim, idle, filler = idle_and_filler("iPhone12,1")
    critical, idle_pages, _ = thresholds(sim)
    result = squeeze(sim, filler)
    assert [(k.t, k.pid, k.reason) for k in result.kills] == [
        (result.t, idle, KillReason.IDLE_EXIT)
    ]
    assert result.before >= idle_pages
    assert result.before - result.step_pages >= critical


def test_idle_band_dies_only_at_critical_without_an_offset_xnu2107() -> None:
    sim, idle, filler = idle_and_filler("iPod5,1")
    critical, raised, _ = thresholds(sim)
    assert raised == critical
    result = squeeze(sim, filler, step_mb=0.5)
    assert [(k.t, k.pid, k.reason) for k in result.kills] == [
        (result.t, idle, KillReason.VM_PAGESHORTAGE)
    ]
    # it died well below where a 5 % idle offset would have put it (critical + 6,553)
    assert result.before - result.step_pages < critical + 6_553


# -- high-water kills -----------------------------------------------------------------


def hwm_daemon(profile: str, purgeable_mb: float = 0) -> tuple[Simulator, int, int]:
    sim = make_sim(profile=profile)
    daemon = sim.launch(
        "hwmd",
        "important",
        12,
        ProcessState.SUSPENDED,
        limit_mb=10,
        limit_fatal=False,
        purgeable_mb=purgeable_mb,
    )
    filler = sim.launch("filler", "critical", 10, graphics_percent=100)
    assert sim.snapshot().by_pid[daemon].footprint_bytes == 12 << 20
    return sim, daemon, filler


def test_highwater_kills_only_at_or_below_critical_xnu2423() -> None:
    sim, daemon, filler = hwm_daemon("iPad2,5")
    critical, _, _ = thresholds(sim)
    result = squeeze(sim, filler, step_mb=0.5)
    assert [(k.t, k.pid, k.reason) for k in result.kills] == [
        (result.t, daemon, KillReason.HIGHWATER)
    ]
    assert result.before > critical >= result.before - result.step_pages


def test_highwater_kills_from_the_soft_threshold_xnu7195() -> None:
    sim, daemon, filler = hwm_daemon("iPhone8,1")
    critical, _, soft = thresholds(sim)
    result = squeeze(sim, filler)
    assert [(k.t, k.pid, k.reason) for k in result.kills] == [
        (result.t, daemon, KillReason.HIGHWATER)
    ]
    assert result.before > soft
    assert result.before - result.step_pages > critical


def test_highwater_kills_from_10_percent_xnu2107() -> None:
    sim, daemon, filler = hwm_daemon("iPod5,1")
    critical, _, _ = thresholds(sim)
    result = squeeze(sim, filler, step_mb=0.5)
    assert [(k.t, k.pid, k.reason) for k in result.kills] == [
        (result.t, daemon, KillReason.HIGHWATER)
    ]
    # xnu-2050.48.11 memorystatus_update_levels_locked: highwater = (HIGHWATER_PERCENT
    # 10 / DELTA_PERCENT 5) × memorystatus_delta, delta = 5 × 131,072 pages / 100 = 6,553;
    # memorystatus_jetsam_thread compares it with the published count
    assert sim.profile.total_pages == 131_072
    assert result.published_before > 13_106
    assert result.before - result.step_pages <= 13_106
    assert result.before - result.step_pages > critical
    assert result.before - result.step_pages > critical


# -- purge before kill -----------------------------------------------------------------


def purgeable_idle_app(profile: str, purgeable_mb: float) -> tuple[Simulator, int, int]:
    sim = make_sim(profile=profile)
    idle = sim.launch("cache", "idle", 20, ProcessState.SUSPENDED, purgeable_mb=purgeable_mb)
    filler = sim.launch("filler", "critical", 10, graphics_percent=100)
    return sim, idle, filler


def test_purge_before_kill_spares_the_victim_while_purging_suffices_xnu7195() -> None:
    sim, idle, filler = purgeable_idle_app("iPhone8,1", 300)
    _, raised, soft = thresholds(sim)
    sim.grow(filler, rate_mb_per_s=16, chunk_mb=2)
    before = sim.available_pages
    while sim.snapshot().by_pid[idle].purgeable_bytes:
        before = sim.available_pages
        sim.advance(STEP_S)
        assert not kills(sim.drain_events())
    # the jetsam thread chose it at the raised critical threshold, purged its 300 MB,
    # and that brought available pages back above soft: it lives
    assert before > raised
    assert sim.available_pages >= soft
    assert idle in sim.snapshot().by_pid
    result = squeeze(sim, filler)
    assert [(k.pid, k.reason) for k in result.kills] == [(idle, KillReason.VM_PAGESHORTAGE)]


def test_no_purge_before_kill_xnu2423() -> None:
    sim, idle, filler = purgeable_idle_app("iPad2,5", 30)
    result = squeeze(sim, filler, step_mb=0.5)
    assert [(k.t, k.pid, k.reason) for k in result.kills] == [
        (result.t, idle, KillReason.VM_PAGESHORTAGE)
    ]
    assert idle not in sim.snapshot().by_pid


# -- the compressor and Critical ---------------------------------------------------------


@pytest.mark.parametrize("profile", ["iPhone12,1", "iPhone17,1"])
def test_a_fast_hog_drives_the_level_to_critical_before_it_dies_xnu11417(profile: str) -> None:
    sim = make_sim(profile=profile, population=True)
    hog = sim.launch("hog", "foreground", 10, ProcessState.FRONTMOST)
    sim.grow(hog, rate_mb_per_s=300)
    sim.advance(120)
    events = sim.drain_events()
    critical = next(
        e for e in events if isinstance(e, LevelChanged) and e.level is PressureLevel.CRITICAL
    )
    hog_killed = next(e for e in kills(events) if e.pid == hog)
    assert critical.t < hog_killed.t
    # the level came from the compressor, not from a forced level
    th = sim.thresholds
    assert th is not None
    assert critical.available_pages is not None
    assert critical.available_pages > th.critical_pages


@pytest.mark.parametrize("profile", ["iPod5,1", "iPad2,5"])
def test_without_a_compressor_the_hog_sits_on_the_throttled_queue_xnu2107_xnu2423(
    profile: str,
) -> None:
    sim = make_sim(profile=profile, population=True)
    hog = sim.launch("hog", "foreground", 4, ProcessState.FRONTMOST)
    sim.allocate(hog, 150)
    memory = sim.snapshot().memory
    hog_pages = (154 << 20) // memory.page_size
    assert memory.compressor_pages == 0
    assert memory.throttled_pages is not None
    assert memory.throttled_pages >= hog_pages
