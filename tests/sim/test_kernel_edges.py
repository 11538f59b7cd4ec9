"""The kernel's footprint changes at their edges (sim/kernel.py · set_pages).

* xnu-2050.48.11 osfmk/vm/vm_pageout.c · vm_pageout_scan: when the scan finds no page
  to free it calls ``memorystatus_kill_top_proc_from_VM`` — whatever the size of the
  request that brought it there, so one page granted while the scan is stuck is enough.
* The simulator's own background activity (``churn``): a footprint moves by at most
  3 % around the size it was last given, never wandering away from it.
"""

from __future__ import annotations

from activitymon.model import KillReason
from tests.sim.conftest import kills, make_sim

# memorystatus_delta = 5 × 131,072 / 100 pages on the iPod (512 MB); critical 1 ×
CRITICAL = 6_553


def test_one_page_granted_while_the_scan_is_stuck_sets_off_its_kill() -> None:
    sim = make_sim(profile="iPod5,1")
    k = sim.kernel
    first = sim.launch("first", 16, 4, "suspended")  # the head of the priority list
    grower = k.procs[sim.launch("grower", -110, 10)]
    vm = k.vm
    # large steps to a page or two short of the free target with the file cache near
    # its floor, then a page at a time
    while vm.free > vm.p.free_target_pages + 300 or vm.file > vm.filecache_min() + 300:
        k.set_pages(grower, grower.pages + 256)
        assert kills(sim.drain_events()) == []
    found = []
    for _ in range(2_000):
        assert k.set_pages(grower, grower.pages + 1) == 1
        found = kills(sim.drain_events())
        if found:
            break
    assert [(x.pid, x.reason) for x in found] == [(first, KillReason.VM_PAGESHORTAGE)]
    assert sim.available_pages > CRITICAL  # the jetsam thread saw nothing to do


def test_background_activity_keeps_a_footprint_within_3_percent_of_its_size() -> None:
    sim = make_sim(seed=7)
    pid = sim.launch("steady", "background", 100)
    proc = sim.kernel.procs[pid]
    size = proc.pages
    moved = set()
    for _ in range(600):
        sim.advance(1)
        assert size * 0.97 - 1 <= proc.pages <= size * 1.03 + 1
        moved.add(proc.pages)
    assert len(moved) > 100  # it did move, every second
