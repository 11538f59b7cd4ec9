"""A snapshot as a recording stores it.

The system part is the ``snapshot --json`` object (``model.serialize``) without its
processes, plus what that JSON leaves out (``wall_time``, ``extra``). A process is a
row of the values ``process_to_dict`` gives, under the same names and in the same
encodings (limits as ``{"bytes", "fatal"}``, states as sorted names), plus
``band_seq``; :data:`FIELDS` names the columns and every keyframe carries them, so a
later version can add fields.

A sample is two *frames*, stored apart so that a graph's history reads only the
first: the system frame (a keyframe's whole system part, or the keys that changed
since the previous sample) and the process frame (a keyframe's rows, or a delta:
processes that appeared (whole rows), vanished (pids) or changed (pid and
``{field: value}`` for the fields that changed), where the newcomers stand when not
at the end (``at``), and the whole order only when it changed otherwise). Frames are
JSON, deflated.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter
from typing import Any

from activitymon.model import MemoryLimit, MemoryStats, ProcessInfo, ProcessState, Snapshot
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


#: the few state sets a recording holds, built once each (seeking builds thousands)
_STATE_SETS: dict[tuple[str, ...], frozenset[ProcessState]] = {}


def _states_in(value: Any) -> frozenset[ProcessState]:
    key = tuple(value)
    found = _STATE_SETS.get(key)
    if found is None:
        found = _STATE_SETS[key] = frozenset(ProcessState(s) for s in key)
    return found


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
        if values[i] is not None:
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
    data = snapshot_to_dict(replace(snapshot, processes=()))
    del data["processes"]
    # every MemoryStats field, also those the printed JSON leaves out
    data["memory"] |= {f.name: getattr(snapshot.memory, f.name) for f in fields(MemoryStats)}
    data["wall_time"] = snapshot.wall_time
    data["extra"] = dict(snapshot.extra)
    return data


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

    def keyframe(self, snapshot: Snapshot) -> tuple[Data, Data]:
        """The system frame and the process frame of a keyframe."""
        self._system = system_data(snapshot)
        self._procs = snapshot.by_pid
        self._order = [p.pid for p in snapshot.processes]
        rows = [process_row(p) for p in snapshot.processes]
        return self._system, {"fields": FIELDS, "processes": rows}

    def delta(self, snapshot: Snapshot) -> tuple[Data, Data]:
        """The system frame and the process frame of a delta."""
        system = system_data(snapshot)
        system_changes = {k: v for k, v in system.items() if self._system.get(k) != v}
        frame: Data = {}
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
        newcomers = [row[pid_at] for row in appeared]
        if order != expected + newcomers:
            at = _positions(order, newcomers)
            if _merge(expected, newcomers, at) == order:
                frame["at"] = at
            else:
                frame["order"] = order
        if appeared:
            frame["appeared"] = appeared
        if vanished:
            frame["vanished"] = vanished
        if changed:
            frame["changed"] = changed
        self._system, self._procs, self._order = system, procs, order
        return system_changes, frame


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
    def from_keyframe(cls, system: Mapping[str, Any], frame: Mapping[str, Any]) -> FrameState:
        columns: list[str] | None = list(frame["fields"])
        if columns == list(FIELDS):
            columns = None
        rows = [_reorder(columns, row) for row in frame["processes"]]
        pid_at = _INDEX["pid"]
        by_pid = {int(row[pid_at]): row for row in rows}
        order = [int(row[pid_at]) for row in rows]
        return cls(dict(system), by_pid, order, columns)

    def apply(self, system: Mapping[str, Any], frame: Mapping[str, Any]) -> None:
        """Apply one delta. Raises ``KeyError``/``TypeError``/``ValueError`` or
        ``IndexError`` when the frame does not fit (a damaged file)."""
        self.system.update(system)
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
        newcomers: list[int] = []
        for appeared in frame.get("appeared", ()):
            row = _reorder(self.columns, appeared)
            pid = int(row[pid_at])
            self.rows[pid] = row
            self._built.pop(pid, None)
            newcomers.append(pid)
        if "at" in frame:
            self.order = _merge(self.order, newcomers, [int(i) for i in frame["at"]])
        else:
            self.order.extend(newcomers)
        if "order" in frame:
            self.order = [int(pid) for pid in frame["order"]]

    def snapshot(self) -> Snapshot:
        return with_processes(
            system_snapshot(self.system), tuple(self._process(pid) for pid in self.order)
        )

    def _process(self, pid: int) -> ProcessInfo:
        built = self._built.get(pid)
        if built is None:
            built = self._built[pid] = process_from_row(self.rows[pid])
        return built


def system_snapshot(system: Mapping[str, Any]) -> Snapshot:
    """A snapshot of the system part alone (no processes): enough for a graph."""
    return snapshot_from_dict({**system, "processes": []})


def with_processes(shell: Snapshot, processes: tuple[ProcessInfo, ...]) -> Snapshot:
    return replace(shell, processes=processes)


def _positions(order: list[int], newcomers: list[int]) -> list[int]:
    """Where each newcomer stands in ``order``."""
    wanted = set(newcomers)
    found = {pid: i for i, pid in enumerate(order) if pid in wanted}
    return [found[pid] for pid in newcomers]


def _merge(kept: list[int], newcomers: list[int], at: list[int]) -> list[int]:
    """``kept`` with each newcomer inserted at its final position (ascending)."""
    out = list(kept)
    for pid, index in sorted(zip(newcomers, at, strict=True), key=lambda item: item[1]):
        out.insert(index, pid)
    return out


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
