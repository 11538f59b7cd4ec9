"""Who is told again when the level comes back (sim/notify.py, ``notify_clears_other_level``).

bsd/kern/kern_memorystatus.c · memorystatus_update_vm_pressure: at xnu-2422.1.72 (the
``!CONFIG_JETSAM`` loop a Mac runs), xnu-2782.1.97 and xnu-3247.1.106 a note at Warning
is ``is_knote_registered_modify_task_pressure_bits(kn_max, NOTE_MEMORYSTATUS_PRESSURE_WARN,
task, kVMPressureCritical, kVMPressureWarning)`` — it clears the task's Critical mark —
and a note at Critical clears its Warning mark; there is no resting period and no
``memorystatus_klist_reset_all_for_level`` yet, so a process whose mark was not cleared
is not told again. From xnu-3789.1.32 ``pressure_level_to_clear`` is 0 and the 25 s
resting period resets the marks instead.

A Mac on xnu-2423: a scenario's ``era = "macos"`` on the iPad mini's profile.
"""

from __future__ import annotations

from activitymon.model import PressureLevel
from activitymon.sim import Simulator
from tests.sim.conftest import make_sim, notifications

WARN, CRITICAL = PressureLevel.WARN, PressureLevel.CRITICAL


def told(sim: Simulator, level: PressureLevel, seconds: float) -> list[int]:
    sim.simulate_pressure(level)
    sim.advance(seconds)
    return [n.pid for n in notifications(sim.drain_events()) if n.level is level]


def test_a_note_at_critical_clears_the_warning_mark_before_3789() -> None:
    sim = make_sim(profile="iPad2,5", extra_device='era = "macos"\nram_mb = 8192')
    assert sim.kernel.rules.notify_clears_other_level
    a = sim.launch("a", "background", 40)
    b = sim.launch("b", "background", 20)
    assert sorted(told(sim, WARN, 5)) == [a, b]
    sim.free(b, 15)  # 5 MB: under VM_PRESSURE_MINIMUM_RSIZE (10 MB), not told at Critical
    assert told(sim, CRITICAL, 5) == [a]
    sim.allocate(b, 15)
    # back at Warning (a drop waits 5 s): a's Warning mark was cleared, b's was not
    assert told(sim, WARN, 10) == [a]
    # b was never told at Critical; a's Critical mark went with its Warning note
    assert sorted(told(sim, CRITICAL, 5)) == [a, b]


def test_from_3789_no_mark_is_cleared_by_the_other_level() -> None:
    sim = make_sim(profile="Mac")  # xnu-11417
    assert not sim.kernel.rules.notify_clears_other_level
    a = sim.launch("a", "background", 40)
    assert told(sim, WARN, 5) == [a]
    assert told(sim, CRITICAL, 5) == [a]
    assert told(sim, WARN, 10) == []  # inside the 25 s resting period


def test_a_process_told_only_at_critical_hears_of_normal() -> None:
    """kern_memorystatus_notify.c (xnu-11417.121.6) · memorystatus_update_vm_pressure:
    a Normal note goes to every knote told of Warning or Critical
    (vm_pressure_select_optimal_candidate_to_notify, ``task_has_been_notified``)."""
    sim = make_sim(profile="Mac")
    a = sim.launch("a", "background", 40)
    assert told(sim, CRITICAL, 5) == [a]
    assert told(sim, PressureLevel.NORMAL, 10) == [a]


def test_a_new_round_at_the_same_level_goes_lowest_band_first() -> None:
    """After the 25 s rest a Warning round starts afresh at the level of the last round;
    it is no fall, so the least important process is told first (``level_snapshot >=
    memorystatus_vm_pressure_level`` sorts as on the way up)."""
    sim = make_sim(profile="Mac")
    low = sim.launch("low", 20, 40)
    high = sim.launch("high", 40, 40)
    assert told(sim, WARN, 30) == [low, high]
    sim.simulate_pressure(None)
    sim.advance(1)  # back up before the 5 s a drop must last: no Normal round
    assert told(sim, WARN, 5) == [low, high]
