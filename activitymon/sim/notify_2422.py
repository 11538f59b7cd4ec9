"""xnu-2422's own pressure notes (iOS 7; ``rules.notify_foreground_and_largest``).

Before the level-based rounds (xnu-2782 →, ``notify.py``), an iOS 7 kernel told
processes of pressure along two paths, both through ``memorystatus_update_vm_pressure``
(``bsd/kern/kern_memorystatus.c``, xnu-2422.1.72):

* **the jetsam thread** ends every run with ``memorystatus_update_vm_pressure(TRUE)``:
  while the level (from the suspended count) is not Normal and
  ``memorystatus_available_pages`` is lower than at the last such note
  (``memorystatus_last_foreground_pressure_pages``, reset when the level returns to
  Normal), every registered process in FOREGROUND or FOREGROUND_SUPPORT
  (``memorystatus_is_foreground_locked``) gets a note
  (``vm_find_pressure_foreground_candidates``, ``bsd/kern/vm_pressure.c``) — no size
  test, whatever it was told before. The thread runs when the published count changes
  (``memorystatus_pages_update``), so the foreground app hears of each step down.
* **the pageout path** (``vm_pressure_thread`` → ``consider_vm_pressure_events`` →
  ``memorystatus_update_vm_pressure(FALSE)``) tells one process per wake: among the
  registered processes whose knote is still on the active list and not suspended,
  frozen or exiting (``memorystatus_bg_pressure_eligible``), the one with the largest
  resident size in whole MB, at least ``VM_PRESSURE_MINIMUM_RSIZE`` (10 MB); the first
  in list order wins a tie, and the list is built by inserting at its head (the newest
  registration first) (``vm_find_pressure_candidate``). Its knote moves to the dormant
  list, and on a ``CONFIG_JETSAM`` kernel nothing moves it back
  (``vm_reset_active_list`` is called only without jetsam): a process hears from this
  path once. A foreground note moves the knote to the dormant list too — so the
  function's other test, not told in the last ``VM_PRESSURE_NOTIFY_WAIT_PERIOD``
  (10,000 ms), never decides anything here (it would for a second knote of the same
  process, which the simulator does not model). Every process counts as registered:
  from xnu-2422 daemons listen through libdispatch (``rules.daemons_listen``).

How often the pageout path wakes is not settled by source: ``vm_pressure_response``
wakes the pressure thread whenever the level it computes changes while the scan cleans
pages, and on iOS 7 that level and the suspended-count level overwrite each other. The
simulator runs it on every level change and then every ``INTER_NOTIFICATION_DELAY``
(250 ms, an estimate, as for xnu-2050) while the level is not Normal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from activitymon.model import PressureLevel
from activitymon.sim.process import SimProcess
from activitymon.sim.xnu import MB

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel

#: ``JETSAM_PRIORITY_FOREGROUND_SUPPORT`` and ``JETSAM_PRIORITY_FOREGROUND``
#: (bsd/sys/kern_memorystatus.h, xnu-2422.1.72), on the legacy scale
FOREGROUND_BANDS = (9, 10)


class ForegroundAndLargest:
    """The two paths of xnu-2422."""

    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel
        self.min_mb = kernel.rules.min_notify_mb
        scale = kernel.era.scale
        self.foreground = frozenset(band * scale for band in FOREGROUND_BANDS)
        #: ``memorystatus_last_foreground_pressure_pages`` (``None``: ``(unsigned int)-1``)
        self.last_foreground_pages: int | None = None
        #: the published count the jetsam thread last ran with
        self.seen_pages: int | None = None

    def pages_published(self) -> None:
        """The published count changed: ``memorystatus_pages_update`` wakes the jetsam
        thread, which ends its run with the foreground check."""
        if self.k.available != self.seen_pages:
            self.seen_pages = self.k.available
            self.jetsam_thread_ran()

    def jetsam_thread_ran(self) -> None:
        """The end of a run of the jetsam thread (a wake, or a kill pass):
        ``memorystatus_update_vm_pressure(TRUE)``."""
        k = self.k
        avail = k.available
        if k.level is PressureLevel.NORMAL:
            self.last_foreground_pages = None
            return
        last = self.last_foreground_pages
        if last is not None and avail >= last:
            if avail > last:
                self.last_foreground_pages = avail
            return
        self.last_foreground_pages = avail
        told = [p for p in k.procs.values() if p.alive and p.band in self.foreground]
        told.sort(key=lambda p: -p.spawn_seq)  # the knote list: newest registration first
        for proc in told:
            self._tell(proc, k.level)

    def pageout_note(self) -> None:
        """One wake of the pressure thread from the pageout path:
        ``vm_find_pressure_candidate``."""
        k = self.k
        floor = self.min_mb * MB  # resident_size / (1024 * 1024) >= VM_PRESSURE_MINIMUM_RSIZE
        eligible = [
            p
            for p in k.procs.values()
            if p.alive and not p.pressure_dormant and not p.suspended and p.footprint >= floor
        ]
        # the largest in whole MB (resident_size > resident_max); on a tie the first in
        # the knote list, the newest registration
        best = max(eligible, key=lambda p: (p.footprint // MB, p.spawn_seq), default=None)
        if best is not None:
            self._tell(best, k.level)

    def _tell(self, proc: SimProcess, level: PressureLevel) -> None:
        proc.pressure_dormant = True
        self.k.warn_process(proc, level)
