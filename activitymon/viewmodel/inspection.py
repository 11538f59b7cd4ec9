"""One process inspected: a frozen, Qt-free value the sampler builds and sends in a
tick, shown by the inspector window and printed by ``activitymon inspect``.

An :class:`Inspection` holds the process's figures now (or at its death), its limits
and headroom, its history since first seen (:mod:`process_history`), its memory map
(:class:`~activitymon.model.regions.MemoryMap`, read by the source off the GUI
thread), its events and the narration lines about it, and its jetsam properties,
each with the glossary term that explains it. :func:`inspection_to_dict` is the
``inspect --json`` contract (issue 25): sizes in bytes, ``null`` where the source
cannot know.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from activitymon.model import Era, Event, Exited, Killed, ProcessInfo, ProcessState, band_label
from activitymon.model.events import event_to_dict
from activitymon.model.headroom import headroom_bytes, os_proc_available_memory
from activitymon.model.regions import MemoryMap, MemoryRegion, RegionSummary, total_of
from activitymon.teaching.narration_line import NarrationLine
from activitymon.units import format_bytes
from activitymon.viewmodel.process_history import HistoryPoint, Track, main_state


@dataclass(frozen=True, slots=True)
class Property:
    """One jetsam property: what it is, its value in words, the term explaining it."""

    name: str
    value: str
    term: str


@dataclass(frozen=True)
class Inspection:
    pid: int
    name: str
    #: ``Source.name``: "sim", "linux", "macos", "replay" …
    source: str
    #: the source's time now (seconds on its clock)
    t: float
    alive: bool
    #: the process as last seen (at its death, for a tombstone)
    process: ProcessInfo
    era: Era | None
    first_seen: float
    last_seen: float
    history: tuple[HistoryPoint, ...]
    events: tuple[Event, ...]
    lines: tuple[NarrationLine, ...]
    #: its kill or exit, once it ended
    end: Killed | Exited | None
    #: the memory map (the last one read while it lived, for a tombstone)
    memory_map: MemoryMap | None
    #: when ``memory_map`` was read (the source's clock)
    map_t: float | None
    #: why there is no map, or why it is old (one line)
    map_note: str | None
    properties: tuple[Property, ...]
    #: the source knows limits (a report records none: its headroom is unknown, not
    #: "no limit")
    limits_known: bool = True
    #: wall seconds since ``memory_map`` was read (the map is read now and then, not
    #: every tick: ``map_schedule.py``); ``None`` without a map
    map_age_s: float | None = None

    @property
    def regions(self) -> tuple[MemoryRegion, ...]:
        return () if self.memory_map is None else self.memory_map.regions

    @property
    def summary(self) -> tuple[RegionSummary, ...]:
        return () if self.memory_map is None else self.memory_map.summary

    @property
    def total(self) -> RegionSummary:
        return total_of(self.regions)

    @property
    def state(self) -> str | None:
        return main_state(self.process.states)

    @property
    def rss_bytes(self) -> int | None:
        """The source's RSS; else what the memory map says is resident."""
        if self.process.rss_bytes is not None:
            return self.process.rss_bytes
        return self.total.resident_bytes if self.regions else None

    @property
    def virtual_bytes(self) -> int | None:
        return self.total.virtual_bytes if self.regions else None

    @property
    def headroom_bytes(self) -> int | None:
        """The applied limit − footprint (negative: over a soft limit); ``None``
        without a limit (``model/headroom.py``, the one function for it)."""
        return headroom_bytes(self.process)

    @property
    def available_bytes(self) -> int | None:
        """What ``os_proc_available_memory()`` would return to it: the headroom
        floored at 0."""
        return os_proc_available_memory(self.process)

    @property
    def warning_bytes(self) -> int | None:
        """80 % of the applied limit: where an Apple kernel warns the process
        (``PHYS_FOOTPRINT_WARNING_LEVEL``). ``None`` without a limit, and on a kernel
        without jetsam bands (Linux sends a process no such warning)."""
        limit = self.process.limit
        if limit is None or self.era is None:
            return None
        return limit.bytes * 80 // 100


def _limit_text(proc: ProcessInfo, which: str) -> str:
    limit = proc.active_limit if which == "active" else proc.inactive_limit
    if limit is None:
        return "none"
    kind = "fatal" if limit.fatal else "soft (high-water mark)"
    return f"{limit.bytes / (1 << 20):,.0f} MB, {kind}"


def properties_of(proc: ProcessInfo, era: Era | None) -> tuple[Property, ...]:
    """Its jetsam properties (or, on Linux, the OOM killer's), each with its term."""
    out: list[Property] = []
    if proc.band is not None:
        text = band_label(proc.band, era) if era is not None else str(proc.band)
        out.append(Property("priority (band)", text, "band"))
        if proc.requested_band is not None and proc.requested_band != proc.band:
            requested = (
                band_label(proc.requested_band, era)
                if era is not None
                else str(proc.requested_band)
            )
            out.append(Property("requested band", requested, "band"))
    if proc.active_limit is not None or proc.inactive_limit is not None:
        out.append(Property("active limit", _limit_text(proc, "active"), "active-limit"))
        out.append(Property("inactive limit", _limit_text(proc, "inactive"), "inactive-limit"))
    if proc.limit is not None:
        term = "fatal-limit" if proc.limit.fatal else "soft-limit"
        kind = "fatal: crossing it kills at once" if proc.limit.fatal else "soft: crossing it marks"
        out.append(Property("applied limit", kind, term))
    states = proc.states
    if ProcessState.TRACKED in states or ProcessState.DIRTY in states:
        dirty = "dirty (work in progress)" if ProcessState.DIRTY in states else "clean"
        out.append(Property("dirty tracking", f"tracked, {dirty}", "dirty-tracking"))
    elif era is not None:
        out.append(Property("dirty tracking", "not tracked", "dirty-tracking"))
    if era is not None:
        idle = "yes" if ProcessState.IDLE_EXIT in states else "no"
        out.append(Property("may idle-exit", idle, "idle-exit"))
    if ProcessState.HIGHWATER in states:
        out.append(
            Property("over its soft limit", "yes: a high-water candidate", "high-water-mark")
        )
    if proc.lifetime_max_bytes is not None:
        out.append(Property("lifetime peak", format_bytes(proc.lifetime_max_bytes), "lifetime-max"))
    if proc.purgeable_bytes is not None:
        out.append(Property("purgeable held", format_bytes(proc.purgeable_bytes), "purgeable"))
    if proc.oom_score_adj is not None:
        out.append(Property("oom_score_adj", str(proc.oom_score_adj), "oom_score_adj"))
    if proc.oom_score is not None:
        out.append(Property("oom_score", str(proc.oom_score), "oom_score"))
    if proc.kill_reason is not None:
        out.append(Property("killed because", proc.kill_reason, "kill-reason"))
    return tuple(out)


def build_inspection(
    track: Track,
    *,
    source: str,
    t: float,
    era: Era | None,
    map_note: str | None = None,
    map_age_s: float | None = None,
    limits_known: bool = True,
) -> Inspection:
    """The inspection of ``track`` now (its last map, if any, is in the track)."""
    proc = track.last
    note = map_note
    if not track.alive and track.last_map is not None and track.last_map.regions and not note:
        when = track.last_map_t if track.last_map_t is not None else track.last_seen
        note = f"the process has ended: its map as last read, at {when:.1f} s"
    return Inspection(
        pid=track.pid,
        name=track.name,
        source=source,
        t=t,
        alive=track.alive,
        process=proc,
        era=era,
        first_seen=track.first_seen,
        last_seen=track.last_seen,
        history=tuple(track.points),
        events=tuple(track.events),
        lines=tuple(track.lines),
        end=track.end,
        memory_map=track.last_map,
        map_t=track.last_map_t,
        map_note=note,
        properties=properties_of(proc, era),
        limits_known=limits_known,
        map_age_s=map_age_s,
    )


# -- the JSON contract -----------------------------------------------------------------


def _region(r: MemoryRegion) -> dict[str, Any]:
    return {
        "start": r.start,
        "end": r.end,
        "type": r.type,
        "path": r.path,
        "protection": r.protection,
        "share_mode": r.share_mode,
        "virtual_bytes": r.virtual_bytes,
        "resident_bytes": r.resident_bytes,
        "dirty_bytes": r.dirty_bytes,
        "swapped_bytes": r.swapped_bytes,
        "private_bytes": r.private_bytes,
        "shared_bytes": r.shared_bytes,
        "purgeable": r.purgeable,
    }


def _summary(row: RegionSummary) -> dict[str, Any]:
    return {
        "type": row.type,
        "count": row.count,
        "virtual_bytes": row.virtual_bytes,
        "resident_bytes": row.resident_bytes,
        "dirty_bytes": row.dirty_bytes,
        "swapped_bytes": row.swapped_bytes,
    }


def _point(p: HistoryPoint) -> dict[str, Any]:
    return {
        "t": round(p.t, 6),
        "footprint_bytes": p.footprint_bytes,
        "rss_bytes": p.rss_bytes,
        "compressed_bytes": p.compressed_bytes,
        "band": p.band,
        "state": p.state,
        "limit_bytes": p.limit_bytes,
        "flags": list(p.flags),
    }


def inspection_to_dict(i: Inspection) -> dict[str, Any]:
    """``activitymon inspect --json`` (issue 25's contract, extended)."""
    proc = i.process
    active, inactive = proc.active_limit, proc.inactive_limit
    m = i.memory_map
    total = i.total
    return {
        "pid": i.pid,
        "name": i.name,
        "source": i.source,
        "t": round(i.t, 6),
        "footprint_bytes": proc.footprint_bytes,
        "rss_bytes": i.rss_bytes,
        "compressed_bytes": proc.compressed_bytes,
        "virtual_bytes": i.virtual_bytes,
        "limits": {
            "active_bytes": None if active is None else active.bytes,
            "inactive_bytes": None if inactive is None else inactive.bytes,
            "active_fatal": None if active is None else active.fatal,
            "inactive_fatal": None if inactive is None else inactive.fatal,
            "headroom_bytes": i.headroom_bytes,
            "os_proc_available_memory_bytes": i.available_bytes,
            "applied_bytes": None if proc.limit is None else proc.limit.bytes,
            "warning_bytes": i.warning_bytes,
        },
        "band": proc.band,
        "state": i.state,
        "states": sorted(s.value for s in proc.states),
        "alive": i.alive,
        "first_seen": round(i.first_seen, 6),
        "last_seen": round(i.last_seen, 6),
        "end": None if i.end is None else event_to_dict(i.end),
        "regions": [_region(r) for r in i.regions],
        "summary": [_summary(row) for row in i.summary],
        "total": _summary(total) if m is not None else None,
        "formula": {
            "virtual_bytes": total.virtual_bytes if i.regions else None,
            "resident_bytes": total.resident_bytes if i.regions else None,
            "lazy_bytes": _lazy(i.regions) if i.regions else None,
            "swapped_bytes": total.swapped_bytes if i.regions else None,
        },
        "footprint_parts": []
        if m is None
        else [
            {"name": p.name, "bytes": p.bytes, "counted": p.counted, "term": p.term}
            for p in m.parts
        ],
        "memory_map": None
        if m is None
        else {
            "origin": m.origin,
            "complete": m.complete,
            "problem": m.problem,
            "notes": list(m.notes),
            "read_at": i.map_t,
            "read_age_s": None if i.map_age_s is None else round(i.map_age_s, 3),
            "rollup": dict(m.rollup),
        },
        "map_note": i.map_note,
        "history": [_point(p) for p in i.history],
        "events": [event_to_dict(e) for e in i.events],
        "narration": [
            {"t": round(line.t, 6), "text": line.text, "term": line.term} for line in i.lines
        ],
        "properties": [{"name": p.name, "value": p.value, "term": p.term} for p in i.properties],
    }


def _lazy(regions: tuple[MemoryRegion, ...]) -> int | None:
    values = [r.lazy_bytes for r in regions]
    known = [v for v in values if v is not None]
    return sum(known) if known else None
