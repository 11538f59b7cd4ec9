"""A snapshot as a recording stores it.

The system part is the ``snapshot --json`` object (``model.serialize``) without its
processes, plus what that JSON leaves out (``wall_time``, ``extra``). A process is a
row of the values ``process_to_dict`` gives, under the same names and in the same
encodings (limits as ``{"bytes", "fatal"}``, states as sorted names), plus
``band_seq``; :data:`FIELDS` names the columns and every keyframe carries them, so a
later version can add fields.

A sample is a *frame*: a keyframe holds everything; a delta holds what changed since
the previous sample — system keys that changed, processes that appeared (whole
rows), vanished (pids) or changed (pid and ``{field: value}`` for the fields that
changed), and the order of the processes when it is not the previous order with the
newcomers at the end. Frames are JSON, deflated.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from activitymon.model import MemoryLimit, ProcessInfo, ProcessState, Snapshot
from activitymon.model.serialize import snapshot_from_dict, snapshot_to_dict

Data = dict[str, Any]

#: the columns of a process row: ProcessInfo's fields, in declaration order
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ProcessInfo))
_INDEX = {name: i for i, name in enumerate(FIELDS)}
_values = attrgetter(*FIELDS)
_LIMITS = frozenset({"limit", "active_limit", "inactive_limit"})
#: deflate level: 1 is nearly as small as 6 on this JSON and several times faster
_LEVEL = 1


def _limit_out(limit: MemoryLimit | None) -> Any:
    return None if limit is None else {"bytes": limit.bytes, "fatal": limit.fatal}


def _limit_in(value: Any) -> MemoryLimit | None:
    return None if value is None else MemoryLimit(int(value["bytes"]), bool(value["fatal"]))


def _states_out(states: frozenset[ProcessState]) -> Any:
    return sorted(s.value for s in states)


def _states_in(value: Any) -> frozenset[ProcessState]:
    return frozenset(ProcessState(s) for s in value)


_OUT: dict[int, Callable[[Any], Any]] = {_INDEX[n]: _limit_out for n in _LIMITS}
_OUT[_INDEX["states"]] = _states_out
_IN: dict[int, Callable[[Any], Any]] = {_INDEX[n]: _limit_in for n in _LIMITS}
_IN[_INDEX["states"]] = _states_in


def process_row(proc: ProcessInfo) -> list[Any]:
    """The process's values in :data:`FIELDS` order, encoded as ``process_to_dict``."""
    row = list(_values(proc))
    for i, encode in _OUT.items():
        row[i] = encode(row[i])
    return row


def process_from_row(row: Sequence[Any]) -> ProcessInfo:
    values = list(row)
    for i, decode in _IN.items():
        values[i] = decode(values[i])
    return ProcessInfo(*values)


def changed_fields(before: ProcessInfo, now: ProcessInfo) -> dict[str, Any]:
    """``{field: encoded new value}`` for the fields that differ (empty: none)."""
    old, new = _values(before), _values(now)
    if old == new:
        return {}
    return {
        FIELDS[i]: (b if i not in _OUT else _OUT[i](b))
        for i, (a, b) in enumerate(zip(old, new, strict=True))
        if a != b
    }


def system_data(snapshot: Snapshot) -> Data:
    """Everything but the processes."""
    data = snapshot_to_dict(_without_processes(snapshot))
    del data["processes"]
    data["wall_time"] = snapshot.wall_time
    data["extra"] = dict(snapshot.extra)
    return data


def _without_processes(snapshot: Snapshot) -> Snapshot:
    return Snapshot(
        time=snapshot.time,
        memory=snapshot.memory,
        processes=(),
        level=snapshot.level,
        memorystatus_level=snapshot.memorystatus_level,
        era=snapshot.era,
        thresholds=snapshot.thresholds,
        psi=snapshot.psi,
        device=snapshot.device,
        next_victim=snapshot.next_victim,
        wall_time=snapshot.wall_time,
        extra=snapshot.extra,
    )


def pack(frame: Data) -> bytes:
    return zlib.compress(json.dumps(frame, separators=(",", ":")).encode(), _LEVEL)


def unpack(blob: bytes) -> Data:
    """Raises ``ValueError`` for a damaged frame."""
    try:
        data = json.loads(zlib.decompress(blob))
    except (zlib.error, UnicodeDecodeError) as exc:
        raise ValueError(f"damaged frame ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError("damaged frame (not an object)")
    return data


class FrameEncoder:
    """Turns successive snapshots into frames; remembers the previous one."""

    def __init__(self) -> None:
        self._system: Data = {}
        self._procs: Mapping[int, ProcessInfo] = {}
        self._order: list[int] = []

    def keyframe(self, snapshot: Snapshot) -> Data:
        self._system = system_data(snapshot)
        self._procs = snapshot.by_pid
        self._order = [p.pid for p in snapshot.processes]
        return {
            "system": self._system,
            "fields": FIELDS,
            "processes": [process_row(p) for p in snapshot.processes],
        }

    def delta(self, snapshot: Snapshot) -> Data:
        system = system_data(snapshot)
        frame: Data = {"system": {k: v for k, v in system.items() if self._system.get(k) != v}}
        old = self._procs
        procs = snapshot.by_pid
        appeared: list[list[Any]] = []
        changed: list[list[Any]] = []
        for proc in snapshot.processes:
            before = old.get(proc.pid)
            if before is None:
                appeared.append(process_row(proc))
            elif before is not proc:
                changes = changed_fields(before, proc)
                if changes:
                    changed.append([proc.pid, changes])
        vanished = [pid for pid in old if pid not in procs]
        order = [p.pid for p in snapshot.processes]
        gone = set(vanished)
        expected = [pid for pid in self._order if pid not in gone] if gone else self._order
        pid_at = _INDEX["pid"]
        if order != expected + [row[pid_at] for row in appeared]:
            frame["order"] = order
        if appeared:
            frame["appeared"] = appeared
        if vanished:
            frame["vanished"] = vanished
        if changed:
            frame["changed"] = changed
        self._system, self._procs, self._order = system, procs, order
        return frame


@dataclass
class FrameState:
    """A snapshot being rebuilt from a keyframe and the deltas after it: rows by pid,
    in :data:`FIELDS` order whatever order the file used."""

    system: Data = field(default_factory=dict)
    rows: dict[int, list[Any]] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    #: the file's columns when they are not ours (an older or newer writer)
    columns: list[str] | None = None
    #: values already built, by pid; dropped when a process changes
    _built: dict[int, ProcessInfo] = field(default_factory=dict)

    @classmethod
    def from_keyframe(cls, frame: Mapping[str, Any]) -> FrameState:
        columns: list[str] | None = list(frame["fields"])
        if columns == list(FIELDS):
            columns = None
        rows = [_reorder(columns, row) for row in frame["processes"]]
        pid_at = _INDEX["pid"]
        by_pid = {int(row[pid_at]): row for row in rows}
        order = [int(row[pid_at]) for row in rows]
        return cls(dict(frame["system"]), by_pid, order, columns)

    def apply(self, frame: Mapping[str, Any]) -> None:
        """Apply one delta frame. Raises ``KeyError``/``TypeError``/``ValueError`` or
        ``IndexError`` when the frame does not fit (a damaged file)."""
        self.system.update(frame.get("system", {}))
        vanished = frame.get("vanished")
        if vanished:
            for pid in vanished:
                del self.rows[pid]
                self._built.pop(pid, None)
            gone = set(vanished)
            self.order = [pid for pid in self.order if pid not in gone]
        for pid, changes in frame.get("changed", ()):
            row = self.rows[pid] = list(self.rows[pid])
            for name, value in changes.items():
                index = _INDEX.get(name)
                if index is not None:
                    row[index] = value
            self._built.pop(pid, None)
        pid_at = _INDEX["pid"]
        for appeared in frame.get("appeared", ()):
            row = _reorder(self.columns, appeared)
            pid = int(row[pid_at])
            self.rows[pid] = row
            self._built.pop(pid, None)
            self.order.append(pid)
        if "order" in frame:
            self.order = [int(pid) for pid in frame["order"]]

    def snapshot(self) -> Snapshot:
        processes = tuple(self._process(pid) for pid in self.order)
        shell = snapshot_from_dict({**self.system, "processes": []})
        return Snapshot(
            time=shell.time,
            memory=shell.memory,
            processes=processes,
            level=shell.level,
            memorystatus_level=shell.memorystatus_level,
            era=shell.era,
            thresholds=shell.thresholds,
            psi=shell.psi,
            device=shell.device,
            next_victim=shell.next_victim,
            wall_time=shell.wall_time,
            extra=shell.extra,
        )

    def _process(self, pid: int) -> ProcessInfo:
        built = self._built.get(pid)
        if built is None:
            built = self._built[pid] = process_from_row(self.rows[pid])
        return built


_DEFAULTS = process_row(ProcessInfo(pid=0, name=""))


def _reorder(columns: list[str] | None, row: Sequence[Any]) -> list[Any]:
    """A row in our columns; one written with others is mapped by name (columns it
    lacks take their defaults)."""
    if columns is None:
        if len(row) != len(FIELDS):
            raise ValueError(f"a process row of {len(row)} values, expected {len(FIELDS)}")
        return list(row)
    values = dict(zip(columns, row, strict=True))
    return [values.get(name, _DEFAULTS[i]) for i, name in enumerate(FIELDS)]
