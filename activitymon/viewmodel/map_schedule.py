"""When the inspector reads an inspected process's memory map again.

A map read is the costliest thing the sampler does for one process: a Linux process
with 5,000 regions takes ~300 ms of ``/proc/PID/smaps`` parsing (``bench/bench_smaps.py``),
a Mac walks every region through Mach calls. So the map is not read on every tick:
the figures, the history and the story follow every tick, the map is read

* when the inspection starts (there is none yet), and when the user asks
  (:class:`~activitymon.viewmodel.commands.RefreshMap`: the Memory Map tab's Refresh
  button, or that tab coming into view with an old map);
* again once :data:`MAP_PERIOD_S` seconds have passed *and* the process's figures moved
  since the read (a process whose figures stand still keeps its map);
* sooner — after :data:`MIN_SPACING_S` — when its footprint or resident size moved by
  :data:`CHANGE_FRACTION` or more (a growing app's map catches up within a second or
  two);
* at the latest after :data:`MAX_AGE_S` (a file mapped but not touched changes the map
  without moving any figure).

Whatever the reason, a read that took ``c`` seconds is followed by at least
``COST_FACTOR × c`` seconds without one (a read that costs 300 ms waits 6 s), so map
reads never take more than about 1/:data:`COST_FACTOR` of the sampler's time.
Times are the sampler's wall clock (``time.monotonic`` unless a test gives another),
not the source's: a simulator at 60× costs as much per real second as at 1×.
Qt-free; owned by :class:`~activitymon.viewmodel.inspecting.InspectionKeeper`.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import ProcessInfo

#: the map is read again at most this often while the figures move (wall seconds)
MAP_PERIOD_S = 5.0
#: a big move of the figures may bring a read forward, but not closer than this
MIN_SPACING_S = 1.0
#: a move of footprint or RSS by this fraction (of the figure at the read) is big
CHANGE_FRACTION = 0.10
#: a map is never older than this while the process lives, moving or not
MAX_AGE_S = 30.0
#: after a read of ``c`` seconds, at least ``COST_FACTOR × c`` seconds without one
COST_FACTOR = 20.0


def _moved(before: int | None, now: int | None) -> float:
    """How far a figure moved, as a fraction of where it was (any move from or to
    unknown, or from 0, counts as a whole one)."""
    if before == now:
        return 0.0
    if before is None or now is None or before <= 0:
        return 1.0
    return abs(now - before) / before


@dataclass
class MapSchedule:
    """One inspected process's map reads: when the last one was, what it cost, the
    figures it was read at, and whether the user asked for a fresh one."""

    #: the wall clock at the last read (``None``: not read yet)
    read_at: float | None = None
    #: seconds the last read took
    cost: float = 0.0
    footprint_bytes: int | None = None
    rss_bytes: int | None = None
    #: the user asked for a read now (Refresh)
    asked: bool = False
    #: why the last read gave no map (kept while no read is due), else ``None``
    note: str | None = None

    def age(self, now: float) -> float | None:
        """Wall seconds since the last read, ``None`` before the first."""
        return None if self.read_at is None else max(0.0, now - self.read_at)

    def moved(self, proc: ProcessInfo) -> float:
        """How far the process's footprint or RSS moved since the read (a fraction)."""
        return max(
            _moved(self.footprint_bytes, proc.footprint_bytes),
            _moved(self.rss_bytes, proc.rss_bytes),
        )

    def due(self, now: float, proc: ProcessInfo) -> bool:
        """Whether the map should be read on this tick."""
        age = self.age(now)
        if age is None or self.asked:
            return True
        spacing = max(MIN_SPACING_S, COST_FACTOR * self.cost)
        if age < spacing:
            return False
        if age >= MAX_AGE_S:
            return True
        moved = self.moved(proc)
        return moved >= CHANGE_FRACTION or (moved > 0 and age >= MAP_PERIOD_S)

    def done(self, started: float, finished: float, proc: ProcessInfo) -> None:
        """A read ran from ``started`` to ``finished`` (wall clock) with ``proc``'s
        figures as they were."""
        self.read_at = finished
        self.cost = max(0.0, finished - started)
        self.footprint_bytes = proc.footprint_bytes
        self.rss_bytes = proc.rss_bytes
        self.asked = False
