"""A Mac before xnu-2782: one idle exit with each note (``idle_exit_per_note``).

xnu-2422.1.72, bsd/kern/kern_memorystatus.c, ``#if !CONFIG_JETSAM``:

* ``memorystatus_update_vm_pressure(boolean_t target_best_process)`` loops ``while (1)``:
  it tells the best registered client (``vm_pressure_select_optimal_candidate_to_notify``);
  when there is none left and ``level_snapshot != kVMPressureNormal`` it jumps to
  ``try_dispatch_vm_clients``; there, ``if (level_snapshot != kVMPressureNormal)``, it calls
  ``memorystatus_idle_exit_from_VM()`` ("Targets one process per invocation"), and returns
  ``KERN_FAILURE`` once ``kn_max == NULL``; otherwise ``delay(INTER_NOTIFICATION_DELAY)``,
  ``#define INTER_NOTIFICATION_DELAY (250000) /* .25 second */``. The pressure thread
  calls it with ``FALSE`` (bsd/kern/vm_pressure.c · vm_dispatch_memory_pressure) when
  vm_pageout.c · vm_pressure_response changes the level.
* ``kill_idle_exit_proc``: the first process of the idle band (``No need to look beyond
  the idle band``) whose dirty state is ``P_DIRTY_ALLOW_IDLE_EXIT`` alone (clean, not
  terminated) is killed with ``kMemorystatusKilledIdleExit``.

No one-second loop and no ``MAX_IDLE_KILLS``: those arrive with xnu-2782.1.97.

A Mac on xnu-2422 is a scenario's ``[device] era = "macos"`` on the iPad mini's
xnu-2423 profile (xnu-2050 has no Mac era: it keeps its priority list).
"""

from __future__ import annotations

from activitymon.model import Era, KillReason, PressureLevel, ProcessState
from activitymon.sim import Simulator
from activitymon.sim.rules import rules_for
from tests.sim.conftest import kills, make_sim, notifications

WARN, CRITICAL = PressureLevel.WARN, PressureLevel.CRITICAL


def mac_2423() -> Simulator:
    sim = make_sim(profile="iPad2,5", extra_device='era = "macos"\nram_mb = 8192')
    assert (sim.kernel.era, sim.kernel.rules.xnu) == (Era.MACOS, 2423)
    return sim


def test_the_release_table_says_one_idle_exit_per_note_on_a_mac_before_2782() -> None:
    assert rules_for(2422, Era.MACOS).idle_exit_per_note is True
    assert rules_for(2781, Era.MACOS).idle_exit_per_note is True
    assert rules_for(2782, Era.MACOS).idle_exit_per_note is False
    assert rules_for(2782, Era.MACOS).idle_exit_before_notes is True
    assert rules_for(2422, Era.MACOS).idle_exit_before_notes is False
    assert rules_for(2423, Era.LEGACY).idle_exit_per_note is False  # CONFIG_JETSAM


def test_each_note_brings_one_idle_exit_and_one_more_when_no_one_is_left() -> None:
    sim = mac_2423()
    daemons = [sim.launch(f"d{i}", "idle", 1, idle_exit=True) for i in range(6)]
    background = sim.launch("bg", "background", 30)
    app = sim.launch("app", "foreground", 50, ProcessState.FRONTMOST)
    sim.simulate_pressure(WARN)
    sim.advance(10)
    events = sim.drain_events()
    # rising: the lowest band first; a note, then its idle exit, 0.25 s apart
    assert [(n.t, n.pid) for n in notifications(events)] == [(0.0, background), (0.25, app)]
    assert [(k.t, k.pid, k.reason) for k in kills(events)] == [
        (0.0, daemons[0], KillReason.IDLE_EXIT),
        (0.25, daemons[1], KillReason.IDLE_EXIT),
        (0.5, daemons[2], KillReason.IDLE_EXIT),
    ]
    order = [
        (type(e).__name__, e.pid) for e in events if e in notifications(events) + kills(events)
    ]
    assert order[:2] == [("Notified", background), ("Killed", daemons[0])]


def test_with_no_one_to_tell_one_idle_exit_per_level_change() -> None:
    sim = mac_2423()
    daemons = [sim.launch(f"d{i}", "idle", 1, idle_exit=True) for i in range(4)]
    sim.simulate_pressure(WARN)
    sim.advance(10)
    assert [(k.t, k.pid) for k in kills(sim.drain_events())] == [(0.0, daemons[0])]
    sim.simulate_pressure(CRITICAL)
    sim.advance(10)
    assert [(k.t, k.pid) for k in kills(sim.drain_events())] == [(10.0, daemons[1])]


def test_back_at_normal_no_idle_exit() -> None:
    sim = mac_2423()
    sim.launch("app", "foreground", 50, ProcessState.FRONTMOST)
    first = [sim.launch(f"d{i}", "idle", 1, idle_exit=True) for i in range(2)]
    sim.simulate_pressure(WARN)
    sim.advance(10)
    # the note's, and the end of the round's
    assert [k.pid for k in kills(sim.drain_events())] == first
    daemon = sim.launch("d2", "idle", 1, idle_exit=True)
    sim.simulate_pressure(None)
    sim.advance(30)
    assert kills(sim.drain_events()) == []
    assert sim.kernel.procs[daemon].alive


def test_never_a_dirty_process_nor_one_without_idle_exit_nor_outside_the_idle_band() -> None:
    sim = mac_2423()
    sim.launch("dirty", "idle", 1, idle_exit=True, dirty=True)
    sim.launch("plain", "idle", 1)
    sim.launch("busy", "background", 1, idle_exit=True)
    clean = sim.launch("clean", "idle", 1, idle_exit=True)
    sim.simulate_pressure(WARN)
    sim.advance(10)
    assert [k.pid for k in kills(sim.drain_events())] == [clean]


def test_more_than_100_in_one_round_no_max_idle_kills_yet() -> None:
    sim = mac_2423()
    daemons = [sim.launch(f"d{i}", "idle", 1, idle_exit=True) for i in range(130)]
    for i in range(110):
        sim.launch(f"app{i}", "background", 11)  # ≥ VM_PRESSURE_MINIMUM_RSIZE (10 MB)
    sim.simulate_pressure(WARN)
    sim.advance(60)
    killed = kills(sim.drain_events())
    assert len(killed) == 111  # 110 notes and the end of the round
    assert [k.pid for k in killed] == daemons[:111]
    assert killed[-1].t == 27.5  # 110 × 0.25 s
