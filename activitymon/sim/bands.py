"""Jetsam bands as FIFO queues (§1.4): insertion at the tail, so within a band the
process that entered first is killed first; IDLE_HEAD inserts at the head.

``seq`` numbers record entry order; they are what ``ProcessInfo.band_seq`` shows.

With ``priority_list`` (xnu-2050, iOS 6) the same structure holds the single list of
numeric priorities: the highest priority comes first in kill order, and a process is
inserted before the others of its priority (``memorystatus_add_node``), so the newest
of equals dies first; ``seq`` then counts down, so a lower ``seq`` is still killed
earlier.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from activitymon.sim.process import SimProcess


class BandQueues:
    def __init__(self, *, priority_list: bool = False) -> None:
        self._bands: dict[int, dict[int, SimProcess]] = {}
        self._sorted_keys: list[int] = []
        self._seq = 0
        self._head_seq = 0
        #: xnu-2050: highest first, newest first among equals
        self.priority_list = priority_list

    def _queue(self, band: int) -> dict[int, SimProcess]:
        queue = self._bands.get(band)
        if queue is None:
            queue = self._bands[band] = {}
            self._sorted_keys = sorted(self._bands, reverse=self.priority_list)
        return queue

    def insert(self, proc: SimProcess, band: int, *, head: bool = False) -> None:
        """Append ``proc`` to ``band`` (or put it at the head)."""
        self.remove(proc)
        proc.band = band
        queue = self._queue(band)
        if self.priority_list:
            head = True  # memorystatus_add_node: before the first of equal priority
        if head:
            self._head_seq -= 1
            proc.seq = self._head_seq
            items = list(queue.values())
            queue.clear()
            queue[proc.pid] = proc
            for other in items:
                queue[other.pid] = other
        else:
            self._seq += 1
            proc.seq = self._seq
            queue[proc.pid] = proc

    def remove(self, proc: SimProcess) -> None:
        queue = self._bands.get(proc.band)
        if queue is not None:
            queue.pop(proc.pid, None)

    def band(self, band: int) -> list[SimProcess]:
        return list(self._bands.get(band, {}).values())

    def count(self, band: int) -> int:
        return len(self._bands.get(band, ()))

    def head(self, band: int) -> SimProcess | None:
        for proc in self._bands.get(band, {}).values():
            return proc
        return None

    def in_order(self, max_band: int | None = None) -> Iterator[SimProcess]:
        """Every process in kill order: band 0 head→tail, then band 1, … (on the
        priority list: the highest priority first, newest first among equals)."""
        for band in self._sorted_keys:
            if max_band is not None and not self.priority_list and band > max_band:
                return
            yield from list(self._bands[band].values())

    def first(self, accept: Callable[[SimProcess], bool]) -> SimProcess | None:
        for band in self._sorted_keys:
            for proc in self._bands[band].values():
                if accept(proc):
                    return proc
        return None

    def sort_band(self, band: int, key: Callable[[SimProcess], int]) -> None:
        """Re-sort one band by ``key`` descending (largest first, stable); the band's
        entry numbers are handed out again in the new order."""
        queue = self._bands.get(band)
        if not queue:
            return
        seqs = sorted(p.seq for p in queue.values())
        ordered = sorted(queue.values(), key=lambda p: -key(p))
        queue.clear()
        for proc, seq in zip(ordered, seqs, strict=True):
            proc.seq = seq
            queue[proc.pid] = proc
