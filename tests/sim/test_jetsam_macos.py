"""The Mac's exhaustion path (issue 29 item 3: sim/jetsam.py survivors).

xnu-11417.121.6 (Mac), bsd/kern/kern_memorystatus_policy.c · memorystatus_pick_action,
``#else /* !CONFIG_JETSAM */``: "we only kill if the system is unhealthy"
(``if (is_system_healthy) … return MEMORYSTATUS_KILL_NONE``, even with high-water
offenders), then ``if (highwater_remaining) … kMemorystatusKilledHiwat``, then, with
the compressor exhausted and ``memstat_get_idle_proccnt() > 0``, MEMORYSTATUS_KILL_IDLE
with the cause memorystatus_pick_kill_cause gives a compressor shortage
(kMemorystatusKilledVMCompressorSpaceShortage).
"""

from __future__ import annotations

import pytest

from activitymon.model import KillReason
from activitymon.sim import Simulator
from tests.sim.conftest import make_sim


def mac(monkeypatch: pytest.MonkeyPatch, *, healthy: bool) -> Simulator:
    sim = make_sim(profile="Mac")
    jetsam = sim.kernel.jetsam
    monkeypatch.setattr(jetsam, "_macos_unhealthy", lambda: not healthy)
    return sim


def test_a_healthy_mac_kills_nothing_even_with_an_offender(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim = mac(monkeypatch, healthy=True)
    sim.launch("idle", "idle", 20)
    sim.kernel.hwm.add(sim.launch("offender", "foreground", 20))
    assert sim.kernel.jetsam.wanted() is False
    assert sim.kernel.jetsam.choose() is None


def test_an_exhausted_mac_kills_the_offender_first(monkeypatch: pytest.MonkeyPatch) -> None:
    sim = mac(monkeypatch, healthy=False)
    sim.launch("idle", "idle", 20)
    offender = sim.launch("offender", "foreground", 20)
    sim.kernel.hwm.add(offender)
    assert sim.kernel.jetsam.wanted() is True
    choice = sim.kernel.jetsam.choose()
    assert choice is not None
    assert (choice[0].pid, choice[1]) == (offender, KillReason.HIGHWATER)


def test_an_exhausted_mac_then_kills_in_the_idle_band(monkeypatch: pytest.MonkeyPatch) -> None:
    sim = mac(monkeypatch, healthy=False)
    sim.launch("app", "foreground", 400)
    idle = sim.launch("idle", "idle", 20, idle_exit=True)
    for predict in (False, True):
        choice = sim.kernel.jetsam.choose(predict=predict)
        assert choice is not None
        assert (choice[0].pid, choice[1]) == (idle, KillReason.VM_COMPRESSOR_SPACE_SHORTAGE)
    predicted = sim.kernel.jetsam.predict()
    assert predicted is not None
    assert (predicted[0].pid, predicted[1]) == (idle, KillReason.VM_COMPRESSOR_SPACE_SHORTAGE)
