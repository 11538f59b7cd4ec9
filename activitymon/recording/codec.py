"""A snapshot as a recording stores it: its system part and its processes by pid, as
the plain data ``snapshot --json`` prints (``model.serialize``), plus what that JSON
leaves out (``band_seq``, ``wall_time``, ``extra``) so that a replayed snapshot equals
the recorded one.

A sample is a *frame*: a keyframe holds everything, a delta holds what changed since
the previous sample — system keys that changed, processes that appeared (whole),
vanished (pids) or changed (pid and the fields that changed), and the order of the
processes when it is not the previous order with newcomers at the end. Frames are
JSON, deflated.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from activitymon.model import ProcessInfo, Snapshot
from activitymon.model.serialize import process_from_dict, process_to_dict, snapshot_to_dict
from activitymon.model.serialize import snapshot_from_dict as _snapshot_from_dict

Data = dict[str, Any]

#: deflate level: 1 is nearly as small as 6 on this JSON and several times faster
_LEVEL = 1


def process_data(proc: ProcessInfo) -> Data:
    data = process_to_dict(proc)
    data["band_seq"] = proc.band_seq
    return data


def system_data(snapshot: Snapshot) -> Data:
    """Everything but the processes."""
    data = snapshot_to_dict(_without_processes(snapshot))
    del data["processes"]
    data["wall_time"] = snapshot.wall_time
    data["extra"] = dict(snapshot.extra)
    return data


def _without_processes(snapshot: Snapshot) -> Snapshot:
    # snapshot_to_dict walks the processes; skip that work for the system part
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
        self._procs: dict[int, ProcessInfo] = {}
        self._data: dict[int, Data] = {}
        self._order: list[int] = []

    def keyframe(self, snapshot: Snapshot) -> Data:
        self._system = system_data(snapshot)
        self._procs = dict(snapshot.by_pid)
        self._data = {p.pid: process_data(p) for p in snapshot.processes}
        self._order = [p.pid for p in snapshot.processes]
        return {"system": self._system, "processes": [self._data[pid] for pid in self._order]}

    def delta(self, snapshot: Snapshot) -> Data:
        system = system_data(snapshot)
        frame: Data = {"system": {k: v for k, v in system.items() if self._system.get(k) != v}}
        old_procs, old_data = self._procs, self._data
        procs = dict(snapshot.by_pid)
        data: dict[int, Data] = {}
        appeared: list[Data] = []
        changed: list[list[Any]] = []
        for pid, proc in procs.items():
            before = old_procs.get(pid)
            if before is None:
                data[pid] = process_data(proc)
                appeared.append(data[pid])
            elif before is proc or before == proc:
                data[pid] = old_data[pid]
            else:
                now, was = process_data(proc), old_data[pid]
                data[pid] = now
                changed.append([pid, {k: v for k, v in now.items() if was.get(k) != v}])
        vanished = [pid for pid in old_procs if pid not in procs]
        order = [p.pid for p in snapshot.processes]
        gone = set(vanished)
        expected = [pid for pid in self._order if pid not in gone] if gone else self._order
        if order != expected + [d["pid"] for d in appeared]:
            frame["order"] = order
        if appeared:
            frame["appeared"] = appeared
        if vanished:
            frame["vanished"] = vanished
        if changed:
            frame["changed"] = changed
        self._system, self._procs, self._data, self._order = system, procs, data, order
        return frame


@dataclass
class FrameState:
    """A snapshot being rebuilt from a keyframe and the deltas after it."""

    system: Data = field(default_factory=dict)
    procs: dict[int, Data] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    #: values already built, by pid; dropped when a process changes
    _built: dict[int, ProcessInfo] = field(default_factory=dict)

    @classmethod
    def from_keyframe(cls, frame: Mapping[str, Any]) -> FrameState:
        procs = {int(p["pid"]): p for p in frame["processes"]}
        return cls(dict(frame["system"]), procs, [int(p["pid"]) for p in frame["processes"]])

    def apply(self, frame: Mapping[str, Any]) -> None:
        """Apply one delta frame. Raises ``KeyError``/``TypeError``/``ValueError`` when
        the frame does not fit (a damaged file)."""
        self.system.update(frame.get("system", {}))
        vanished = frame.get("vanished")
        if vanished:
            for pid in vanished:
                del self.procs[pid]
                self._built.pop(pid, None)
            gone = set(vanished)
            self.order = [pid for pid in self.order if pid not in gone]
        for pid, fields in frame.get("changed", ()):
            self.procs[pid] = {**self.procs[pid], **fields}
            self._built.pop(pid, None)
        for data in frame.get("appeared", ()):
            pid = int(data["pid"])
            self.procs[pid] = data
            self._built.pop(pid, None)
            self.order.append(pid)
        if "order" in frame:
            self.order = [int(pid) for pid in frame["order"]]

    def snapshot(self) -> Snapshot:
        processes = tuple(self._process(pid) for pid in self.order)
        shell = _snapshot_from_dict({**self.system, "processes": []})
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
            built = self._built[pid] = process_from_dict(self.procs[pid])
        return built
