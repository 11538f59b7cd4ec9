"""A snapshot: everything one sample of a source saw, as one immutable value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from activitymon.model.bands import Era
from activitymon.model.events import KillReason
from activitymon.model.levels import PressureLevel
from activitymon.model.memory import JetsamThresholds, MemoryStats, PressureStall, StallThresholds
from activitymon.model.process import ProcessInfo


@dataclass(frozen=True)
class Snapshot:
    """One sample. ``time`` is in seconds on the source's clock (simulated seconds for
    the simulator, seconds since the source opened for live sources)."""

    time: float
    memory: MemoryStats
    processes: tuple[ProcessInfo, ...]
    level: PressureLevel | None = None
    #: ``kern.memorystatus_level``: percentage of memory available, 0–100
    memorystatus_level: int | None = None
    #: scale on which ``ProcessInfo.band`` is read; ``None`` where there are no bands
    era: Era | None = None
    thresholds: JetsamThresholds | None = None
    psi: PressureStall | None = None
    #: what the snapshot is of: "iPhone12,1 (simulated)", "this Mac", a host name …
    device: str = ""
    #: the next process jetsam would kill and the reason, where the source knows it
    next_victim: tuple[int, KillReason] | None = None
    wall_time: float | None = None
    extra: Mapping[str, float] = field(default_factory=dict)
    #: the PSI thresholds the level uses, where the level comes from PSI (Linux)
    stall_thresholds: StallThresholds | None = None

    @cached_property
    def by_pid(self) -> Mapping[int, ProcessInfo]:
        return {p.pid: p for p in self.processes}
