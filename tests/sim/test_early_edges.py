"""The first kernels' published count and suspended-count level at their edges
(sim/early.py), read in bsd/kern/kern_memorystatus.c at xnu-2050.48.11:

* ``memorystatus_update``: ``if ((pages_avail < memorystatus_available_pages_critical) ||
  (pages_avail >= (memorystatus_available_pages + memorystatus_delta)) ||
  (memorystatus_available_pages >= (pages_avail + memorystatus_delta)))`` the new value
  is published, otherwise the old one stays;
* ``memorystatus_get_pressure_locked``: ``memorystatus_available_pages >
  memorystatus_available_pages_pressure`` → Normal; ``memorystatus_suspended_count >
  MEMORYSTATUS_SUSPENDED_THRESHOLD`` (4, bsd/sys/kern_memorystatus.h) → Normal; ``> 0``
  → Warning; otherwise Urgent (shown as Critical).

The iPod's numbers: memorystatus_delta = 5 × 131,072 / 100 = 6,553 pages; critical
1 × delta = 6,553; pressure 3 × delta = 19,659.
"""

from __future__ import annotations

import pytest

from activitymon.model import KillReason, PressureLevel
from activitymon.sim import Simulator
from activitymon.sim.early import Published, pageout_stuck, published_pages, suspended_level
from activitymon.sim.process import SimProcess
from tests.sim.conftest import kills, make_sim

DELTA = CRITICAL = 6_553
PRESSURE = 19_659


@pytest.mark.parametrize(
    ("previous", "real", "published"),
    [
        (30_000, 6_552, 6_552),  # below critical: always
        (6_600, 6_553, 6_600),  # at critical, a move under delta: kept
        (30_000, 36_553, 36_553),  # up by exactly delta
        (30_000, 36_552, 30_000),  # up by one page less
        (30_000, 23_447, 23_447),  # down by exactly delta
        (30_000, 23_448, 30_000),  # down by one page less
        (30_000, 30_000, 30_000),
    ],
)
def test_the_published_count_moves_below_critical_or_by_a_whole_delta(
    previous: int, real: int, published: int
) -> None:
    assert published_pages(previous, real, CRITICAL, DELTA) == published


def test_the_ipods_published_count_keeps_its_value_until_a_delta_step() -> None:
    published = Published(131_072, 30_000)
    assert published.delta == 6_553
    assert published.update(24_000, CRITICAL) == 30_000
    assert published.value == 30_000
    assert published.update(23_447, CRITICAL) == 23_447
    assert published.update(6_552, CRITICAL) == 6_552


@pytest.mark.parametrize(
    ("published", "suspended", "level"),
    [
        (PRESSURE + 1, 0, PressureLevel.NORMAL),  # above the pressure threshold
        (PRESSURE, 0, PressureLevel.CRITICAL),  # at it: Urgent, shown as Critical
        (PRESSURE, 5, PressureLevel.NORMAL),  # more than 4 suspended
        (PRESSURE, 4, PressureLevel.WARN),
        (PRESSURE, 1, PressureLevel.WARN),
        (0, 0, PressureLevel.CRITICAL),
    ],
)
def test_the_level_comes_from_the_suspended_count_below_the_pressure_threshold(
    published: int, suspended: int, level: PressureLevel
) -> None:
    assert suspended_level(published, PRESSURE, suspended) is level


def stuck_ipod(tiny: int) -> tuple[Simulator, SimProcess]:
    """An iPod whose free pages are exactly at ``vm_page_free_target`` with the file cache
    at its floor, the published count still far above critical; ``tiny`` one-page-ish
    suspended processes at the head of the list."""
    sim = make_sim(profile="iPod5,1")
    k = sim.kernel
    for i in range(tiny):
        sim.launch(f"t{i}", 16, 0.004, "suspended")
    grower = k.procs[sim.launch("grower", -110, 10)]
    vm = k.vm
    while vm.free > vm.p.free_target_pages + 300 or vm.file > vm.filecache_min() + 300:
        k.set_pages(grower, grower.pages + 256)
    while vm.file > vm.filecache_min() or vm.free > vm.p.free_target_pages:
        k.set_pages(grower, grower.pages + 1)
    assert kills(sim.drain_events()) == []
    assert (vm.free, vm.p.free_target_pages) == (1_653, 1_653)
    return sim, grower


def test_the_scan_is_not_stuck_with_free_pages_at_the_target() -> None:
    """vm_pageout_scan (osfmk/vm/vm_pageout.c, xnu-2050.48.11) is done once
    ``vm_page_free_count + local_freed >= vm_page_free_target``."""
    sim, grower = stuck_ipod(1)
    assert not pageout_stuck(sim.kernel)
    sim.kernel.set_pages(grower, grower.pages + 1)
    assert [k.name for k in kills(sim.drain_events())] == ["t0"]


def test_one_allocation_sets_off_at_most_32_kills_by_the_scan() -> None:
    """The simulator's own bound (docs/SIMULATOR.md): XNU asks for one victim each time
    ``vm_pageout_inactive_external_forced_reactivate_limit`` runs out, the simulator at
    most 32 for one allocation, newest first among equals."""
    sim, grower = stuck_ipod(40)
    sim.kernel.set_pages(grower, grower.pages + 120)
    found = kills(sim.drain_events())
    assert [k.name for k in found] == [f"t{i}" for i in range(39, 7, -1)]
    assert {k.reason for k in found} == {KillReason.VM_PAGESHORTAGE}
    assert pageout_stuck(sim.kernel)  # still stuck: the next allocation goes on
    assert sim.available_pages > CRITICAL
