"""Aging (§1.6) and sustained pressure (§4.6), issue 3 §8; macOS idle exit (§1.9), §6."""

from __future__ import annotations

import pytest

from activitymon.model import KillReason, PressureLevel, ProcessState
from activitymon.sim import Simulator
from tests.sim.conftest import kills, make_sim


def band_at(sim: Simulator, pid: int, t: float) -> int | None:
    sim.run_until(t)
    return sim.snapshot().by_pid[pid].band


@pytest.mark.parametrize(("relaunch", "seconds"), [("low", 2), ("medium", 5), ("high", 10)])
def test_modern_daemon_ages_in_band_10_by_relaunch_likelihood(relaunch: str, seconds: int) -> None:
    sim = make_sim()
    pid = sim.launch("d", "important", 5, idle_exit=True, relaunch=relaunch)
    sim.set_band(pid, "idle")
    assert band_at(sim, pid, seconds - 0.1) == 10
    assert band_at(sim, pid, seconds + 0.1) == 0


def test_modern_app_ages_2_s_in_band_20_when_suspended() -> None:
    sim = make_sim()
    pid = sim.launch("app", "foreground", 50, ProcessState.FRONTMOST)
    sim.suspend(pid)
    assert band_at(sim, pid, 1.9) == 20
    assert band_at(sim, pid, 2.1) == 0


def test_dirty_daemon_keeps_extending_its_deadline() -> None:
    sim = make_sim()
    pid = sim.launch("d", "important", 5, idle_exit=True, dirty=True)
    sim.set_band(pid, 0)
    assert band_at(sim, pid, 30) == 10


def test_untracked_daemon_and_requests_for_low_bands_go_straight_to_idle() -> None:
    sim = make_sim()
    plain = sim.launch("plain", "important", 5)
    sim.set_band(plain, 15)  # §1.3: unentitled 1..20 → 0
    assert band_at(sim, plain, 0.01) == 0


def test_legacy_aging_daemons_10_s_in_band_1_apps_straight_to_0_xnu2423() -> None:
    sim = make_sim(profile="iPad2,5")
    daemon = sim.launch("d", "important", 5, idle_exit=True)
    app = sim.launch("app", "foreground", 50, ProcessState.FRONTMOST)
    sim.set_band(daemon, "idle")
    sim.suspend(app)
    assert band_at(sim, app, 0.01) == 0
    assert band_at(sim, daemon, 9.9) == 1
    assert band_at(sim, daemon, 10.1) == 0


@pytest.mark.parametrize(("relaunch", "seconds"), [("low", 2.0), ("medium", 5.0), ("high", 10.0)])
def test_sysprocs_reclaimed_first_aging_in_band_1_xnu7195(relaunch: str, seconds: float) -> None:
    sim = make_sim(profile="iPhone8,1")
    daemon = sim.launch("d", "important", 5, idle_exit=True, relaunch=relaunch)
    sim.set_band(daemon, "idle")
    assert band_at(sim, daemon, seconds - 0.1) == 1
    assert band_at(sim, daemon, seconds + 0.1) == 0


def test_sysprocs_reclaimed_first_apps_2_s_in_band_2_xnu7195() -> None:
    sim = make_sim(profile="iPhone8,1")
    app = sim.launch("app", "foreground", 50, ProcessState.FRONTMOST)
    sim.suspend(app)
    assert band_at(sim, app, 1.9) == 2
    assert band_at(sim, app, 2.1) == 0


def test_macos_has_no_aging() -> None:
    sim = make_sim(profile="Mac")
    daemon = sim.launch("d", "important", 5, idle_exit=True)
    sim.set_band(daemon, "idle")
    assert band_at(sim, daemon, 0.01) == 0


def test_sustained_pressure_kills_idle_processes_after_600_s() -> None:
    sim = make_sim()
    idle = [sim.launch(f"idle{i}", "idle", 10) for i in range(3)]
    sim.launch("busy", "background", 10)
    sim.simulate_pressure(PressureLevel.WARN)
    sim.advance(599.9)
    assert not kills(sim.drain_events())
    sim.advance(10)
    found = kills(sim.drain_events())
    assert [k.pid for k in found] == idle
    assert {k.reason for k in found} == {KillReason.SUSTAINED_MEMORY_PRESSURE}
    assert [round(k.t - found[0].t, 3) for k in found] == [0.0, 0.5, 1.0]


def test_returning_to_normal_cancels_the_sustained_pressure_timer() -> None:
    sim = make_sim()
    sim.launch("idle", "idle", 10)
    sim.simulate_pressure(PressureLevel.WARN)
    sim.advance(500)
    sim.simulate_pressure(None)
    sim.advance(1)
    sim.simulate_pressure(PressureLevel.WARN)
    sim.advance(500)
    assert not kills(sim.drain_events())


def test_legacy_era_has_no_sustained_pressure_kills() -> None:
    sim = make_sim(profile="iPhone8,1")
    sim.launch("idle", "idle", 10)
    sim.simulate_pressure(PressureLevel.WARN)
    sim.advance(700)
    assert not kills(sim.drain_events())


def test_macos_idle_exit_kills_clean_daemons_one_per_second_never_dirty() -> None:
    sim = make_sim(profile="Mac")
    clean = [sim.launch(f"clean{i}", "idle", 20, idle_exit=True) for i in range(3)]
    dirty = sim.launch("dirty", "idle", 20, idle_exit=True, dirty=True)
    plain = sim.launch("plain", "idle", 20)  # cannot idle-exit
    sim.simulate_pressure(PressureLevel.WARN)
    sim.advance(10)
    found = kills(sim.drain_events())
    assert [k.pid for k in found] == clean
    assert [k.t for k in found] == [0.0, 1.0, 2.0]
    assert {k.reason for k in found} == {KillReason.IDLE_EXIT}
    alive = sim.snapshot().by_pid
    assert dirty in alive
    assert plain in alive


def test_macos_never_kills_for_page_shortage() -> None:
    sim = make_sim(profile="Mac", population=True)
    hog = sim.launch("hog", "foreground", 100, ProcessState.FRONTMOST)
    sim.grow(hog, rate_mb_per_s=200)
    sim.advance(60)
    reasons = {k.reason for k in kills(sim.drain_events())}
    assert KillReason.VM_PAGESHORTAGE not in reasons
    assert KillReason.IDLE_EXIT in reasons
    assert sim.snapshot().next_victim is None or sim.snapshot().next_victim[1] != "vm-pageshortage"  # type: ignore[index]
