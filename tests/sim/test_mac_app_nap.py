"""A Mac app in band 0, as App Nap puts one (xnu-11417.121.6, the Mac profile's tag):
``bsd/kern/kern_memorystatus.c`` · ``memorystatus_update_priority_for_appnap`` moves a
suppressed app to JETSAM_PRIORITY_IDLE (0) on ``!CONFIG_JETSAM`` kernels. There it is
not told of pressure (``kern_memorystatus_notify.c`` · ``memorystatus_bg_pressure_eligible``:
an effective priority below JETSAM_PRIORITY_BACKGROUND_OPPORTUNISTIC, 20, is not
eligible) and not killed for it unless clean and idle-exit-capable
(``memorystatus_kill_top_process``: ``!CONFIG_JETSAM`` skips an idle-band process whose
dirty bits are not exactly P_DIRTY_ALLOW_IDLE_EXIT). An awake app in band 100 is told.
docs/SIMULATOR.md, "A Mac's apps in the background"."""

from __future__ import annotations

from activitymon.model import Killed, PressureLevel, ProcessState
from tests.sim.conftest import make_sim, notifications


def test_a_napping_app_in_band_0_is_neither_told_nor_killed_an_awake_one_is_told() -> None:
    sim = make_sim(profile="Mac")
    napping = sim.launch("Pages", "idle", 300, ProcessState.BACKGROUND)
    awake = sim.launch("Keynote", "foreground", 300, ProcessState.BACKGROUND)
    clean_idle = sim.launch("cloudd", "idle", 40, idle_exit=True)
    sim.simulate_pressure(PressureLevel.CRITICAL)
    sim.advance(20)
    events = sim.drain_events()
    told = {n.pid for n in notifications(events)}
    killed = {e.pid for e in events if isinstance(e, Killed)}
    assert awake in told
    assert napping not in told
    assert napping not in killed
    assert sim.kernel.procs[napping].band == 0  # JETSAM_PRIORITY_IDLE
    assert clean_idle in killed  # the idle band's clean idle-exit daemon goes
