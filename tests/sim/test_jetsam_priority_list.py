"""iOS 6's high-water walk (issue 29 item 3: sim/jetsam.py survivors).

xnu-2050.48.11 (iPod5,1), bsd/kern/kern_memorystatus.c · memorystatus_kill_hiwat_proc:
the walk goes from the list's head and skips every process at or under its high-water
mark (``skip = (pages <= hiwat)``), so the victim is the first offender, not the head.
"""

from __future__ import annotations

from activitymon.model import KillReason
from tests.sim.conftest import make_sim


def test_the_high_water_walk_passes_over_processes_under_their_mark() -> None:
    sim = make_sim(profile="iPod5,1")
    k = sim.kernel
    offender = sim.launch("offender", "background", 20)
    sim.launch("newer", "background", 20)  # the list's head: the newest of its band
    assert [p.name for p in k.bands.in_order()][:2] == ["newer", "offender"]
    k.procs[offender].hwm = True
    k.hwm.add(offender)
    predicted = k.jetsam.predict()
    assert predicted is not None
    assert (predicted[0].pid, predicted[1]) == (offender, KillReason.HIGHWATER)
