"""What the first jetsam kernels did that later ones do not (xnu-2050 for iOS 6, and
xnu-2422 for iOS 7 where the rule table says so).

* **Published available pages** (``rules.published_in_steps``): the kernel keeps its
  own ``memorystatus_available_pages`` and changes it only when the real count is below
  the critical threshold or has moved by ``memorystatus_delta`` (5 % of memory) since
  the last value (xnu-2050 ``memorystatus_update``, xnu-2422
  ``memorystatus_pages_update``). The jetsam thread, the level and
  ``memorystatus_level`` read that value, so a pass keeps killing until a whole step
  was freed.
* **The level from suspended processes** (``rules.level_from_suspended``): above the
  pressure threshold Normal; below it Normal with more than 4 suspended processes,
  Warning with 1–4, Urgent (shown as Critical) with none (xnu-2050
  ``memorystatus_get_pressure_locked``, xnu-2422 ``memorystatus_update_pressure_locked``).
* **Kills by the pageout scan** (``rules.vm_path_kills``, no pager): when the scan can
  free nothing more it asks jetsam for the next victim itself (xnu-2050
  ``vm_pageout_scan`` → ``memorystatus_kill_top_proc_from_VM``, flag
  ``kMemorystatusFlagsKilledVM``, the article's ``[vm]``). Those kills are marked in the
  snapshot but send no note: the report waits for the jetsam thread's next kill.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from activitymon.model import KillReason, PressureLevel
from activitymon.sim.xnu import delta_pages

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel
    from activitymon.sim.process import SimProcess

#: xnu-2050 / 2422 ``MEMORYSTATUS_SUSPENDED_THRESHOLD`` (bsd/sys/kern_memorystatus.h)
SUSPENDED_THRESHOLD = 4
#: a stuck pageout scan asks for at most this many victims for one allocation
MAX_PAGEOUT_KILLS = 32


def published_pages(previous: int, real: int, critical: int, delta: int) -> int:
    """``memorystatus_update``: the new published value (the real one below critical or
    after a move of at least ``delta``; otherwise the previous one)."""
    if real < critical or real >= previous + delta or previous >= real + delta:
        return real
    return previous


def suspended_level(published: int, pressure: int, suspended: int) -> PressureLevel:
    """``memorystatus_get_pressure_locked``: Urgent (no suspended process left to kill
    cheaply) is shown as Critical."""
    if published > pressure or suspended > SUSPENDED_THRESHOLD:
        return PressureLevel.NORMAL
    return PressureLevel.WARN if suspended > 0 else PressureLevel.CRITICAL


class Published:
    """The kernel's own ``memorystatus_available_pages`` where it moves in steps."""

    def __init__(self, total_pages: int, real: int) -> None:
        self.delta = delta_pages(total_pages)
        self.value = real

    def update(self, real: int, critical: int) -> int:
        self.value = published_pages(self.value, real, critical, self.delta)
        return self.value


def pageout_stuck(k: Kernel) -> bool:
    """The scan cannot refill the free list: free pages below the free target with the
    file cache at its floor, and no compressor or pager to take anonymous pages."""
    vm = k.vm
    return (
        not vm.p.compressor and vm.free < vm.p.free_target_pages and vm.file <= vm.filecache_min()
    )


def pageout_kills(k: Kernel, allocating: SimProcess) -> None:
    """Kill from the head of the kill order while the scan is stuck and the jetsam
    thread, reading the published value, sees nothing to do (the allocating process
    too, if it is next)."""
    for _ in range(MAX_PAGEOUT_KILLS):
        if not pageout_stuck(k) or k.jetsam.wanted():
            return
        victim = next(iter(k.bands.in_order()), None)
        if victim is None:
            return
        k.kill(victim, KillReason.VM_PAGESHORTAGE, from_pageout=True)
        if victim is allocating:
            return
