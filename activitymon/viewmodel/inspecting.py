"""The sampler's side of the inspector: every process's history, which processes are
being inspected, and their memory maps, read from the source in the sampler thread.

:class:`InspectionKeeper` is owned by a :class:`~activitymon.viewmodel.SamplerCore`
(and by ``activitymon inspect``, which drives one): each tick it records every
process (:class:`~activitymon.viewmodel.process_history.ProcessHistories`); for each
inspected pid it builds an :class:`~activitymon.viewmodel.inspection.Inspection`
from the process's figures now and its memory map (a source with the
:class:`~activitymon.sources.MemoryMapReading` ability), read while the process lives
at the bounded rate :mod:`~activitymon.viewmodel.map_schedule` decides — not on every
tick — and at once when asked (:meth:`InspectionKeeper.refresh`). A process that died
keeps its last map and figures: its tombstone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from activitymon.model import Event, Snapshot
from activitymon.sources import (
    Capability,
    MemoryMapReading,
    ProcessGone,
    Source,
    SourceError,
    SourceKind,
)
from activitymon.viewmodel.inspection import Inspection, build_inspection
from activitymon.viewmodel.map_schedule import MapSchedule
from activitymon.viewmodel.process_history import ProcessHistories, Track

#: at most this many processes inspected at once (each costs a map read now and then)
MAX_INSPECTED = 16


def no_map_reason(source_name: str) -> str:
    """Why a source gives no memory map, in one line."""
    if source_name == SourceKind.RECORDING:
        return "a recording keeps each process's figures, not its memory map"
    return f"the {source_name} source cannot read a process's memory map"


class InspectionKeeper:
    """``clock`` is the wall clock the map reads are spaced on (seconds)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.histories = ProcessHistories()
        #: the pids being inspected, in the order asked
        self.inspected: list[int] = []
        self.last_snapshot: Snapshot | None = None
        self._clock = clock
        #: each inspected process's map reads, by pid (with the track's first sighting:
        #: a new process with an old pid starts afresh)
        self._schedules: dict[int, tuple[float, MapSchedule]] = {}
        #: how many maps were read (what the tests count)
        self.map_reads = 0

    def reset(self) -> None:
        """A timeline jumped: what was seen before the jump no longer happened."""
        self.histories.reset()
        self.last_snapshot = None
        self._schedules.clear()

    def observe(self, snapshot: Snapshot, events: Sequence[Event]) -> None:
        self.histories.observe(snapshot, events)
        self.last_snapshot = snapshot

    def inspect(self, pid: int) -> None:
        if pid in self.inspected:
            return
        self.inspected.append(pid)
        for dropped in self.inspected[:-MAX_INSPECTED]:
            self._schedules.pop(dropped, None)
        del self.inspected[:-MAX_INSPECTED]

    def stop(self, pid: int) -> None:
        if pid in self.inspected:
            self.inspected.remove(pid)
        self._schedules.pop(pid, None)

    def refresh(self, pid: int) -> None:
        """Read ``pid``'s map on the next :meth:`read`, whenever it was read last."""
        found = self._schedules.get(pid)
        if found is not None:
            found[1].asked = True

    def refresh_all(self) -> None:
        """Read every inspected map on the next :meth:`read` (a timeline moved to
        another moment: a report replay's map is what that report holds)."""
        for _, schedule in self._schedules.values():
            schedule.asked = True

    def read(self, source: Source, *, fresh: bool = False) -> tuple[Inspection, ...]:
        """The inspections of the inspected pids now. A living process's map is read
        when its schedule says so (``fresh``: now, whatever it says)."""
        snapshot = self.last_snapshot
        if snapshot is None:
            return ()
        out = []
        for pid in self.inspected:
            track = self.histories.find(pid)
            if track is not None:
                out.append(self.inspection(track, source, snapshot, fresh=fresh))
        return tuple(out)

    def _schedule(self, track: Track) -> MapSchedule:
        found = self._schedules.get(track.pid)
        if found is None or found[0] != track.first_seen:
            found = self._schedules[track.pid] = (track.first_seen, MapSchedule())
        return found[1]

    def inspection(
        self, track: Track, source: Source, snapshot: Snapshot, *, fresh: bool = False
    ) -> Inspection:
        schedule = self._schedule(track)
        now = self._clock()
        if not isinstance(source, MemoryMapReading):
            schedule.note = no_map_reason(source.name)
        elif (track.alive or (track.last_map is None and not track.ended)) and (
            fresh or schedule.due(now, track.last)
        ):
            schedule.note = None
            try:
                track.last_map = source.memory_map(track.pid)
                track.last_map_t = snapshot.time
            except ProcessGone:
                if track.last_map is None:
                    schedule.note = "the process ended before its map could be read"
            except SourceError as exc:
                schedule.note = str(exc)
            self.map_reads += 1
            finished = self._clock()
            schedule.done(now, finished, track.last)
            now = finished
        return build_inspection(
            track,
            source=source.name,
            t=snapshot.time,
            era=snapshot.era,
            map_note=schedule.note,
            map_age_s=schedule.age(now) if track.last_map is not None else None,
            limits_known=Capability.LIMITS in source.capabilities,
        )
