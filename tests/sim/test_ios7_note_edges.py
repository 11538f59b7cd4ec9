"""iOS 7's two note paths at their edges (sim/notify_2422.py), on the iPad mini
(xnu-2423), read at xnu-2422.1.72:

* bsd/sys/kern_memorystatus.h: ``JETSAM_PRIORITY_FOREGROUND_SUPPORT`` 9,
  ``JETSAM_PRIORITY_FOREGROUND`` 10; kern_memorystatus.c ·
  ``memorystatus_is_foreground_locked``: effective priority FOREGROUND or
  FOREGROUND_SUPPORT.
* kern_memorystatus.c · ``memorystatus_update_vm_pressure(TRUE)``: ``if
  (memorystatus_available_pages != memorystatus_last_foreground_pressure_pages) { if
  (… < …) warn = TRUE; memorystatus_last_foreground_pressure_pages =
  memorystatus_available_pages; }`` — the mark follows the count up as well as down.
* bsd/kern/vm_pressure.c · ``vm_find_pressure_foreground_candidates``: every
  foreground knote of the list, in list order (``vm_knote_register`` inserts at the
  head: the newest registration first).
* vm_pressure.c · ``vm_find_pressure_candidate``: ``resident_size = resident_size /
  (1024 * 1024)``; ``if (resident_size >= VM_PRESSURE_MINIMUM_RSIZE)`` (10) ``{ if
  (resident_size > resident_max) …`` with ``resident_max = 0``: the largest whole MB,
  the first in the list on a tie; a smaller process is passed over, not the end of the
  walk.
"""

from __future__ import annotations

from activitymon.model import Notified, PressureLevel
from activitymon.sim import Simulator
from tests.sim.conftest import make_sim

MB = 1 << 20
WARN = PressureLevel.WARN


def warned_ipad(extra: str = "") -> Simulator:
    sim = make_sim(profile="iPad2,5", extra_device=extra)
    assert sim.kernel.rules.notify_foreground_and_largest
    return sim


def told(sim: Simulator) -> list[int]:
    return [e.pid for e in sim.drain_events() if isinstance(e, Notified)]


def foreground_run(sim: Simulator) -> list[int]:
    early = sim.kernel.pressure.early
    assert early is not None
    sim.drain_events()
    early.jetsam_thread_ran()
    return told(sim)


def test_foreground_notes_go_to_bands_9_and_10_only() -> None:
    sim = warned_ipad()
    pids = {band: sim.launch(f"b{band}", band, 1) for band in (8, 9, 10, 11)}
    sim.kernel.force_level(WARN)
    assert sorted(foreground_run(sim)) == [pids[9], pids[10]]


def test_foreground_notes_on_the_modern_scale_go_to_bands_90_and_100() -> None:
    sim = warned_ipad('era = "modern"')
    pids = {band: sim.launch(f"b{band}", band, 1) for band in (80, 90, 100, 110)}
    sim.kernel.force_level(WARN)
    assert sorted(foreground_run(sim)) == [pids[90], pids[100]]


def test_foreground_notes_go_newest_registration_first() -> None:
    sim = warned_ipad()
    older = sim.launch("older", 10, 1)
    newer = sim.launch("newer", 9, 1)
    sim.kernel.force_level(WARN)
    assert foreground_run(sim) == [newer, older]


def test_the_same_count_again_tells_no_one() -> None:
    sim = warned_ipad()
    app = sim.launch("app", 10, 1)
    sim.kernel.force_level(WARN)
    assert foreground_run(sim) == [app]
    assert foreground_run(sim) == []


def test_the_mark_follows_the_count_up_so_a_smaller_drop_tells_again() -> None:
    sim = warned_ipad()
    app = sim.launch("app", 10, 1)
    filler = sim.launch("filler", 3, 200)
    k = sim.kernel
    k.force_level(WARN)
    assert foreground_run(sim) == [app]
    proc = k.procs[filler]
    k.set_pages(proc, proc.pages // 4)  # the count rises: no note, the mark goes up
    assert told(sim) == []
    k.set_pages(proc, proc.pages * 2)  # a drop, still above where the app was told
    assert told(sim) == [app]


def pageout(sim: Simulator) -> list[int]:
    early = sim.kernel.pressure.early
    assert early is not None
    sim.drain_events()
    early.pageout_note()
    return told(sim)


def test_the_pageout_path_tells_a_process_of_exactly_10_mb_and_none_under() -> None:
    sim = warned_ipad()
    small = sim.launch("small", 3, 10)
    assert sim.kernel.procs[small].footprint == 10 * MB
    sim.kernel.set_pages(sim.kernel.procs[small], sim.kernel.procs[small].pages - 1)
    sim.kernel.force_level(WARN)
    assert pageout(sim) == []
    sim.kernel.set_pages(sim.kernel.procs[small], sim.kernel.procs[small].pages + 1)
    assert pageout(sim) == [small]


def test_the_pageout_path_passes_over_a_small_process_to_a_larger_one() -> None:
    sim = warned_ipad()
    sim.launch("small", 3, 5)  # first in the walk
    large = sim.launch("large", 3, 40)
    sim.kernel.force_level(WARN)
    assert pageout(sim) == [large]


def test_a_tie_in_whole_mb_goes_to_the_newest_registration() -> None:
    sim = warned_ipad()
    older = sim.launch("older", 3, 20.9)  # 20 MB in whole MB
    newer = sim.launch("newer", 3, 20.2)  # 20 MB too, registered later: first in list
    sim.kernel.force_level(WARN)
    assert pageout(sim) == [newer]
    assert pageout(sim) == [older]  # the newer knote is dormant now
    assert pageout(sim) == []
