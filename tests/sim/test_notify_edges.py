"""The pressure thread at its edges (``sim/notify.py``).

* xnu-11417.121.6 kern_memorystatus_notify.c: ``VM_PRESSURE_MINIMUM_RSIZE`` 6 MB on
  CONFIG_EMBEDDED, a task is a candidate when ``resident_size >=
  vm_pressure_task_footprint_min``; on macOS ``memorystatus_update_vm_pressure`` kills
  idle-exit processes ``while (… != kVMPressureNormal) && (idle_kill_counter <
  MAX_IDLE_KILLS)``, ``MAX_IDLE_KILLS`` 100, one a second, and only then notifies.
* xnu-2050: one note per process until the level is back to Normal
  (``memorystatus_check_pressure_reset``).
"""

from __future__ import annotations

from activitymon.model import PressureLevel, ProcessState
from tests.sim.conftest import kills, make_sim, notifications

WARN, CRITICAL = PressureLevel.WARN, PressureLevel.CRITICAL
MB = 1 << 20


def test_a_process_of_exactly_6_mb_is_told() -> None:
    sim = make_sim()
    pid = sim.launch("p", "background", 6)
    proc = sim.kernel.procs[pid]
    assert proc.footprint == 6 * MB
    assert sim.kernel.pressure.eligible(proc, WARN)
    sim.kernel.set_pages(proc, proc.pages - 1)  # one page less: not told
    assert not sim.kernel.pressure.eligible(proc, WARN)


def test_a_mac_ends_at_most_100_idle_processes_per_episode() -> None:
    sim = make_sim(profile="Mac")
    for i in range(205):
        sim.launch(f"d{i}", "idle", 1, idle_exit=True)
    sim.simulate_pressure(WARN)
    sim.advance(150)
    assert len(kills(sim.drain_events())) == 100
    sim.simulate_pressure(None)
    sim.advance(10)
    sim.simulate_pressure(WARN)
    sim.advance(150)
    assert len(kills(sim.drain_events())) == 100


def test_a_mac_tells_its_processes_after_the_idle_exits_and_again_at_critical() -> None:
    sim = make_sim(profile="Mac")
    sim.launch("daemon", "idle", 1, idle_exit=True)
    app = sim.launch("app", "foreground", 50, ProcessState.FRONTMOST)
    sim.simulate_pressure(WARN)
    sim.advance(5)
    events = sim.drain_events()
    assert [k.name for k in kills(events)] == ["daemon"]
    assert [(n.pid, n.level) for n in notifications(events)] == [(app, WARN)]
    sim.simulate_pressure(CRITICAL)
    sim.advance(5)
    assert [(n.pid, n.level) for n in notifications(sim.drain_events())] == [(app, CRITICAL)]


def test_ios6_tells_each_process_once_until_normal() -> None:
    sim = make_sim(profile="iPod5,1")
    a = sim.launch("a", "background", 20, ProcessState.BACKGROUND)
    b = sim.launch("b", "background", 20, ProcessState.BACKGROUND)
    sim.simulate_pressure(WARN)
    sim.advance(5)
    told = sorted(n.pid for n in notifications(sim.drain_events()))
    assert told == sorted([a, b])


def test_a_round_goes_on_past_a_process_that_cannot_be_told_any_more() -> None:
    sim = make_sim()
    first = sim.launch("first", "background", 40)
    gone = sim.launch("gone", "background", 30)
    last = sim.launch("last", "background", 20)
    sim.simulate_pressure(WARN)
    sim.advance(0.1)  # the first is told at once, the next 250 ms later
    sim.suspend(gone)
    sim.advance(5)
    told = [n.pid for n in notifications(sim.drain_events()) if n.level is WARN]
    assert first in told
    assert last in told
    assert gone not in told


def test_warnings_go_least_important_first_and_normal_most_important_first() -> None:
    # vm_pressure_select_optimal_candidate_to_notify: rising pressure picks the lowest
    # importance (band) first; "Pressure back to normal" the highest first
    sim = make_sim()
    low = sim.launch("low", "background", 20, ProcessState.BACKGROUND)
    high = sim.launch("high", "foreground", 20, ProcessState.FRONTMOST)
    sim.simulate_pressure(WARN)
    sim.advance(5)
    assert [n.pid for n in notifications(sim.drain_events())] == [low, high]
    sim.simulate_pressure(None)
    sim.advance(10)
    told = [n.pid for n in notifications(sim.drain_events()) if n.level is PressureLevel.NORMAL]
    assert told == [high, low]


def test_a_mac_tells_one_process_every_250_ms() -> None:
    # a Mac has no jetsam thresholds, so no "no delay" point: INTER_NOTIFICATION_DELAY
    sim = make_sim(profile="Mac")
    sim.launch("a", "foreground", 50, ProcessState.FRONTMOST)
    sim.launch("b", "background", 50, ProcessState.BACKGROUND)
    sim.simulate_pressure(WARN)
    sim.advance(5)
    times = [n.t for n in notifications(sim.drain_events())]
    assert len(times) == 2
    assert round(times[1] - times[0], 3) == 0.25


def test_a_mac_busy_ending_idle_processes_keeps_its_pace_through_a_level_change() -> None:
    # memorystatus_update_vm_pressure's loop: delay(1000000) between idle kills; a
    # level change meanwhile does not restart it
    sim = make_sim(profile="Mac")
    for i in range(3):
        sim.launch(f"d{i}", "idle", 1, idle_exit=True)
    sim.simulate_pressure(WARN)
    sim.advance(0.5)
    sim.simulate_pressure(CRITICAL)
    sim.advance(5)
    assert [k.t for k in kills(sim.drain_events())] == [0.0, 1.0, 2.0]
