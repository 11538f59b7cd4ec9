"""Every process's story since it was first seen: its figures over time, its events
and the narration lines about it, kept by the sampler so that an inspector opened
late still shows the whole life, and a process that died keeps its last state.

:class:`ProcessHistories` takes every tick's snapshot and events (``observe``). Per
process it keeps a :class:`Track`: a point each time its footprint, RSS, compressed
size, band, state or applied limit changes (a step, so a quiet process costs one
point), its events, and the narrator's lines about it. Bounded: at most
:data:`MAX_POINTS` points per process (the older half thinned when full, keeping
every other point), :data:`MAX_EVENTS` events, and the tracks of the last
:data:`MAX_ENDED` processes that ended. Qt-free; only the thread that owns the
sampler calls it.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from activitymon.model import Event, Exited, Killed, ProcessInfo, ProcessState, Snapshot
from activitymon.model.regions import MemoryMap
from activitymon.teaching.narration_line import NarrationLine
from activitymon.teaching.narrator import Narrator

MAX_POINTS = 2000
MAX_EVENTS = 500
MAX_LINES = 200
MAX_ENDED = 256

#: the one state a process is shown in, most telling first
STATE_ORDER = (
    ProcessState.TERMINATED,
    ProcessState.ZOMBIE,
    ProcessState.FRONTMOST,
    ProcessState.BACKGROUND,
    ProcessState.SUSPENDED,
    ProcessState.DAEMON,
    ProcessState.IDLE,
    ProcessState.RUNNING,
    ProcessState.SLEEPING,
    ProcessState.STOPPED,
)


def main_state(states: frozenset[ProcessState]) -> str | None:
    """The state a process is in, by :data:`STATE_ORDER` (``None`` without one)."""
    for state in STATE_ORDER:
        if state in states:
            return state.value
    return min((s.value for s in states), default=None)


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """A process's figures from ``t`` until the next point."""

    t: float
    footprint_bytes: int | None
    rss_bytes: int | None
    compressed_bytes: int | None
    band: int | None
    state: str | None
    #: the limit that applied (active or inactive), for the limit lines' steps
    limit_bytes: int | None
    #: the states beside the main one (dirty, highwater …), for the steps
    flags: tuple[str, ...] = ()


def point_of(t: float, p: ProcessInfo) -> HistoryPoint:
    state = main_state(p.states)
    return HistoryPoint(
        t=t,
        footprint_bytes=p.footprint_bytes,
        rss_bytes=p.rss_bytes,
        compressed_bytes=p.compressed_bytes,
        band=p.band,
        state=state,
        limit_bytes=None if p.limit is None else p.limit.bytes,
        flags=tuple(sorted(s.value for s in p.states if s.value != state)),
    )


def _at_death(proc: ProcessInfo, kill: Killed) -> ProcessInfo:
    """The process as its kill recorded it (the kill may come between two samples)."""
    footprint = proc.footprint_bytes if kill.footprint_bytes is None else kill.footprint_bytes
    peak = proc.lifetime_max_bytes
    if peak is not None and footprint is not None:
        peak = max(peak, footprint)  # the allocation that killed it was its peak
    return dataclasses.replace(
        proc,
        footprint_bytes=footprint,
        lifetime_max_bytes=peak,
        band=proc.band if kill.band is None else kill.band,
        states=proc.states | {ProcessState.TERMINATED},
        kill_reason=proc.kill_reason or kill.reason.value,
    )


def _same(a: HistoryPoint, b: HistoryPoint) -> bool:
    return (
        a.footprint_bytes == b.footprint_bytes
        and a.rss_bytes == b.rss_bytes
        and a.compressed_bytes == b.compressed_bytes
        and a.band == b.band
        and a.state == b.state
        and a.limit_bytes == b.limit_bytes
        and a.flags == b.flags
    )


@dataclass
class Track:
    """One process's life as the sampler saw it."""

    pid: int
    name: str
    first_seen: float
    last_seen: float
    last: ProcessInfo
    points: list[HistoryPoint] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    lines: list[NarrationLine] = field(default_factory=list)
    #: how it ended: its kill, its exit, or ``None`` while alive (or gone unexplained)
    end: Killed | Exited | None = None
    #: no longer listed by the source
    ended: bool = False
    #: the last memory map read while it lived (kept for the tombstone), and when
    last_map: MemoryMap | None = None
    last_map_t: float | None = None

    @property
    def alive(self) -> bool:
        return (
            not self.ended
            and self.end is None
            and not (self.last.states & {ProcessState.TERMINATED, ProcessState.ZOMBIE})
        )

    def add_point(self, point: HistoryPoint) -> None:
        if self.points and _same(self.points[-1], point):
            return
        self.points.append(point)
        if len(self.points) > MAX_POINTS:
            half = len(self.points) // 2
            self.points[:half] = self.points[:half:2]

    def add_event(self, event: Event) -> None:
        self.events.append(event)
        if len(self.events) > MAX_EVENTS:
            del self.events[: len(self.events) - MAX_EVENTS]

    def add_line(self, line: NarrationLine) -> None:
        self.lines.append(line)
        if len(self.lines) > MAX_LINES:
            del self.lines[: len(self.lines) - MAX_LINES]


class ProcessHistories:
    """The tracks of the living processes and of the last :data:`MAX_ENDED` that
    ended, fed one tick at a time."""

    def __init__(self, narrator: Narrator | None = None) -> None:
        self.narrator = narrator or Narrator()
        self.reset()

    def reset(self) -> None:
        """Forget everything (a new source, or a timeline that jumped)."""
        self.living: dict[int, Track] = {}
        self.ended: OrderedDict[tuple[int, float], Track] = OrderedDict()
        self.now = 0.0
        #: the processes of the last tick observed (the same tuple again: nothing new)
        self._processes: tuple[ProcessInfo, ...] | None = None
        self.narrator.reset()

    def observe(self, snapshot: Snapshot, events: Sequence[Event]) -> None:
        t = snapshot.time
        self.now = t
        if snapshot.processes is self._processes:
            # the same processes as the last tick (a live source between two scans of
            # its processes, #26): every track was seen again, no point is new
            for kept in self.living.values():
                kept.last_seen = t
            self._events_and_lines(snapshot, events)
            return
        self._processes = snapshot.processes
        seen: set[int] = set()
        for proc in snapshot.processes:
            seen.add(proc.pid)
            track = self.living.get(proc.pid)
            if track is not None and track.name != proc.name:
                self._end(track)  # the pid was reused (a live source between samples)
                track = None
            if track is None:
                track = Track(proc.pid, proc.name, t, t, proc)
                self.living[proc.pid] = track
            track.last_seen = t
            if track.last is proc and track.points:
                continue  # the source kept the same value: nothing changed
            track.last = proc
            track.add_point(point_of(t, proc))
        self._events_and_lines(snapshot, events)
        # a victim may stay listed (a replayed report, a zombie): its track stays
        # living, with its end set, until it is no longer listed
        for pid in [pid for pid, track in self.living.items() if pid not in seen]:
            self._end(self.living[pid])

    def _events_and_lines(self, snapshot: Snapshot, events: Sequence[Event]) -> None:
        for event in events:
            pid = getattr(event, "pid", None)
            track = self.living.get(pid) if isinstance(pid, int) else None
            if track is None:
                continue
            track.add_event(event)
            if isinstance(event, Killed | Exited):
                track.end = event
            if isinstance(event, Killed):
                track.last = _at_death(track.last, event)
                track.add_point(point_of(event.t, track.last))
        for line in self.narrator.narrate(snapshot, events):
            track = self.living.get(line.pid) if line.pid is not None else None
            if track is not None:
                track.add_line(line)

    def _end(self, track: Track) -> None:
        self.living.pop(track.pid, None)
        track.ended = True
        self.ended[(track.pid, track.first_seen)] = track
        while len(self.ended) > MAX_ENDED:
            self.ended.popitem(last=False)

    def find(self, pid: int) -> Track | None:
        """The living process with ``pid``, else the latest that ended."""
        track = self.living.get(pid)
        if track is not None:
            return track
        for (ended_pid, _), ended in reversed(self.ended.items()):
            if ended_pid == pid:
                return ended
        return None

    def find_name(self, name: str) -> Track | None:
        """The most recently started living process called ``name``; else the one that
        ended last."""
        living = [t for t in self.living.values() if t.name == name]
        if living:
            return max(living, key=lambda t: (t.first_seen, t.pid))
        for ended in reversed(self.ended.values()):
            if ended.name == name:
                return ended
        return None
