"""Sustained pressure is armed only by a move away from Normal.

xnu-11417.121.6 bsd/kern/kern_memorystatus_notify.c · memorystatus_update_vm_pressure:
``else if (memorystatus_should_kill_on_sustained_pressure && memorystatus_vm_pressure_level
!= kVMPressureNormal && prev_level_snapshot == kVMPressureNormal)`` enters the handler
``memorystatus_kill_on_sustained_pressure_window_s`` (60 * 10 s) later; a move from
Warning to Critical arms nothing, even once the handler has given up.
"""

from __future__ import annotations

from activitymon.model import Event, KillReason, PressureLevel
from tests.sim.conftest import kills, make_sim


def sustained(events: list[Event]) -> list[float]:
    return [k.t for k in kills(events) if k.reason is KillReason.SUSTAINED_MEMORY_PRESSURE]


def test_warning_to_critical_after_the_handler_gave_up_arms_no_new_window() -> None:
    sim = make_sim(profile="iPhone12,1")
    sim.launch("idle", "idle", 5)
    sim.simulate_pressure(PressureLevel.WARN)
    sim.advance(700)
    assert sustained(sim.drain_events()) == [600.0]
    sim.launch("later", "idle", 5)
    sim.simulate_pressure(PressureLevel.CRITICAL)  # Warning → Critical at 700 s
    sim.advance(700)
    assert sustained(sim.drain_events()) == []
    sim.simulate_pressure(None)
    sim.advance(10)
    sim.simulate_pressure(PressureLevel.WARN)  # Normal → Warning at 1,410 s
    sim.advance(610)
    assert sustained(sim.drain_events()) == [2010.0]
