"""The sampler's side of the inspector: every process's history, which processes are
being inspected, and their memory maps, read from the source in the sampler thread.

:class:`InspectionKeeper` is owned by a :class:`~activitymon.viewmodel.SamplerCore`
(and by ``activitymon inspect``, which drives one): each tick it records every
process (:class:`~activitymon.viewmodel.process_history.ProcessHistories`); for each
inspected pid it reads the memory map while the process lives (a source with the
:class:`~activitymon.sources.MemoryMapReading` ability) and builds an
:class:`~activitymon.viewmodel.inspection.Inspection`. A process that died keeps
its last map and figures: its tombstone.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from activitymon.viewmodel.process_history import ProcessHistories, Track

#: at most this many processes inspected at once (each costs a map read per tick)
MAX_INSPECTED = 16


def no_map_reason(source_name: str) -> str:
    """Why a source gives no memory map, in one line."""
    if source_name == SourceKind.RECORDING:
        return "a recording keeps each process's figures, not its memory map"
    return f"the {source_name} source cannot read a process's memory map"


class InspectionKeeper:
    def __init__(self) -> None:
        self.histories = ProcessHistories()
        #: the pids being inspected, in the order asked
        self.inspected: list[int] = []
        self.last_snapshot: Snapshot | None = None

    def reset(self) -> None:
        """A timeline jumped: what was seen before the jump no longer happened."""
        self.histories.reset()
        self.last_snapshot = None

    def observe(self, snapshot: Snapshot, events: Sequence[Event]) -> None:
        self.histories.observe(snapshot, events)
        self.last_snapshot = snapshot

    def inspect(self, pid: int) -> None:
        if pid in self.inspected:
            return
        self.inspected.append(pid)
        del self.inspected[:-MAX_INSPECTED]

    def stop(self, pid: int) -> None:
        if pid in self.inspected:
            self.inspected.remove(pid)

    def read(self, source: Source) -> tuple[Inspection, ...]:
        """The inspections of the inspected pids now (reading the living ones' maps)."""
        snapshot = self.last_snapshot
        if snapshot is None:
            return ()
        out = []
        for pid in self.inspected:
            track = self.histories.find(pid)
            if track is not None:
                out.append(self.inspection(track, source, snapshot))
        return tuple(out)

    def inspection(self, track: Track, source: Source, snapshot: Snapshot) -> Inspection:
        note: str | None = None
        if not isinstance(source, MemoryMapReading):
            note = no_map_reason(source.name)
        elif track.alive or (track.last_map is None and not track.ended):
            try:
                track.last_map = source.memory_map(track.pid)
                track.last_map_t = snapshot.time
            except ProcessGone:
                if track.last_map is None:
                    note = "the process ended before its map could be read"
            except SourceError as exc:
                note = str(exc)
        return build_inspection(
            track,
            source=source.name,
            t=snapshot.time,
            era=snapshot.era,
            map_note=note,
            limits_known=Capability.LIMITS in source.capabilities,
        )
