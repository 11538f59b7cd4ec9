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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter
from typing import Any

from activitymon.model import MemoryLimit, MemoryStats, ProcessInfo, ProcessState, Snapshot
from activitymon.model.serialize import snapshot_from_dict, snapshot_to_dict
from activitymon.recording.checks import check_shape, checker

Data = dict[str, Any]

#: the columns of a process row: ProcessInfo's fields, in declaration order
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ProcessInfo))
_INDEX = {name: i for i, name in enumerate(FIELDS)}
_values = attrgetter(*FIELDS)
_LIMITS = frozenset({"limit", "active_limit", "inactive_limit"})
#: the most process columns a keyframe may name
MAX_COLUMNS = 256


def _limit_out(limit: MemoryLimit | None) -> Any:
    return None if limit is None else {"bytes": limit.bytes, "fatal": limit.fatal}


def _limit_in(value: Any) -> MemoryLimit | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"bytes", "fatal"}:
        raise ValueError(f"limit: expected {{bytes, fatal}}, got {type(value).__name__}")
    return MemoryLimit(value["bytes"], value["fatal"])  # types checked with the process


def _states_out(states: frozenset[ProcessState]) -> Any:
    return sorted(s.value for s in states)


#: the few state sets a recording holds, built once each (seeking builds thousands)
_STATE_SETS: dict[tuple[str, ...], frozenset[ProcessState]] = {}


def _states_in(value: Any) -> frozenset[ProcessState]:
    if type(value) is not list or len(value) > len(ProcessState):
        raise ValueError(f"states: expected a list of state names, got {type(value).__name__}")
    key = tuple(value)
    found = _STATE_SETS.get(key)
    if found is None:
        found = frozenset(ProcessState(s) for s in key)  # ValueError: an unknown name
        if len(_STATE_SETS) < 4096:
            _STATE_SETS[key] = found
    return found


_check_process = checker(ProcessInfo)
_check_snapshot = checker(Snapshot)

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
    """The process a row holds; ``ValueError`` (naming the field) when a value is not
    of its field's type and range (:mod:`activitymon.recording.checks`)."""
    values = list(row)
    for i, decode in _IN.items():
        if values[i] is not None:
            values[i] = decode(values[i])
    proc = ProcessInfo(*values)
    _check_process(proc)
    return proc


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
        names = frame["fields"]
        if type(names) is not list or len(names) > MAX_COLUMNS:
            raise ValueError(f"a keyframe's fields: expected a list of names, got {names!r:.40}")
        if not all(type(name) is str for name in names) or len(set(names)) != len(names):
            raise ValueError("a keyframe's fields: expected distinct names")
        columns: list[str] | None = names
        if columns == list(FIELDS):
            columns = None
        if type(frame["processes"]) is not list:
            raise ValueError("a keyframe's processes: expected a list of rows")
        rows = [_reorder(columns, row) for row in frame["processes"]]
        pid_at = _INDEX["pid"]
        order = _ints((row[pid_at] for row in rows), "a process's pid")
        by_pid = dict(zip(order, rows, strict=True))
        if len(by_pid) != len(order):
            raise ValueError("a keyframe lists a pid twice")
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
            if type(changes) is not dict:
                raise ValueError(f"a change of process {pid!r:.20}: expected a table")
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
            (pid,) = _ints((row[pid_at],), "a new process's pid")
            self.rows[pid] = row
            self._built.pop(pid, None)
            newcomers.append(pid)
        if "at" in frame:
            self.order = _merge(self.order, newcomers, _ints(frame["at"], "a position"))
        else:
            self.order.extend(newcomers)
        if "order" in frame:
            self.order = _ints(frame["order"], "the order's pid")

    def snapshot(self) -> Snapshot:
        """Raises ``ValueError`` (or ``KeyError`` / ``TypeError``) when the rebuilt
        sample is not one: a value out of its type or range, an order that is not each
        process once."""
        if len(self.order) != len(self.rows) or set(self.order) != self.rows.keys():
            raise ValueError("the order of the processes does not name each of them once")
        return with_processes(
            system_snapshot(self.system), tuple(self._process(pid) for pid in self.order)
        )

    def _process(self, pid: int) -> ProcessInfo:
        built = self._built.get(pid)
        if built is None:
            built = self._built[pid] = process_from_row(self.rows[pid])
        return built


def system_snapshot(system: Mapping[str, Any]) -> Snapshot:
    """A snapshot of the system part alone (no processes): enough for a graph. Raises
    ``ValueError`` (or ``KeyError`` / ``TypeError``) when a value is not of its field's
    type and range."""
    check_shape(system)
    snap = snapshot_from_dict({**system, "processes": []})
    _check_snapshot(snap)
    return snap


def with_processes(shell: Snapshot, processes: tuple[ProcessInfo, ...]) -> Snapshot:
    return replace(shell, processes=processes)


def _ints(values: Iterable[Any], what: str) -> list[int]:
    """``values`` when each is an integer a pid or a position can be (a frame's
    ``order``, ``at`` and pids); else ``ValueError`` naming ``what``."""
    out = list(values)
    for value in out:
        if type(value) is not int or not -(1 << 31) <= value < 1 << 31:
            raise ValueError(f"{what}: expected an integer, got {value!r:.24}")
    return out


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
    if type(row) is not list:
        raise ValueError(f"a process row: expected a list, got {type(row).__name__}")
    if columns is None:
        if len(row) != len(FIELDS):
            raise ValueError(f"a process row of {len(row)} values, expected {len(FIELDS)}")
        return list(row)
    values = dict(zip(columns, row, strict=True))
    return [values.get(name, _DEFAULTS[i]) for i, name in enumerate(FIELDS)]
