"""Read a recording: seek to any moment, step forward, list events and reports.

A file cut off by a crash, a kill or a full disk opens up to its last complete
sample; :attr:`RecordingInfo.problem` says so in one line.
"""

from __future__ import annotations

import bisect
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from activitymon.model import (
    Event,
    JetsamReport,
    KernelFacts,
    Snapshot,
    event_from_dict,
    facts_from_dict,
)
from activitymon.recording.codec import FrameState, system_snapshot, unpack
from activitymon.recording.schema import SCHEMA_VERSION, RecordingError, looks_like_recording
from activitymon.reports import ReportError, parse_bytes


@dataclass(frozen=True)
class RecordingInfo:
    """What a recording says about itself."""

    source: str
    description: str
    device: str
    capabilities: frozenset[str]
    interval: float | None
    created: str
    scenario: str | None
    seed: int | None
    #: False when the writer never closed the file (crash, kill, full disk)
    complete: bool
    #: one line for the user when the file is incomplete or damaged, else ``None``
    problem: str | None = None
    #: what the recorded kernel does about memory (files of older versions: ``None``)
    facts: KernelFacts | None = None


def _connect(path: Path) -> sqlite3.Connection:
    """Open read-only; a file left in WAL mode by a crash is read with its log (SQLite
    replays the committed part), never rewritten."""
    uri = f"file:{path.resolve().as_posix()}?mode=ro"
    db = sqlite3.connect(uri, uri=True, check_same_thread=False)
    db.execute("PRAGMA query_only=1")
    return db


class Recording:
    """An open ``.amrec`` file. Raises :class:`RecordingError` with one line."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        name = str(self.path)
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(16)
        except IsADirectoryError:
            raise RecordingError(f"{name}: is a directory, not a recording") from None
        except OSError as exc:
            raise RecordingError(f"{name}: {exc.strerror or exc}") from None
        if not looks_like_recording(head):
            raise RecordingError(f"{name}: not an activitymon recording (not an SQLite file)")
        try:
            self._db = _connect(self.path)
            self.info = self._read_info()
            self._times, self._keys = self._read_index()
        except sqlite3.Error as exc:
            raise RecordingError(f"{name}: not a readable recording ({exc})") from None
        if not self._times:
            raise RecordingError(f"{name}: the recording holds no complete sample")

    def _read_info(self) -> RecordingInfo:
        name = str(self.path)
        try:
            row = self._db.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.OperationalError:
            raise RecordingError(
                f"{name}: not an activitymon recording (no schema_version)"
            ) from None
        if row is None or row[0] != SCHEMA_VERSION:
            found = "none" if row is None else row[0]
            raise RecordingError(
                f"{name}: schema version {found}; this activitymon reads version {SCHEMA_VERSION}"
            )
        meta: dict[str, Any] = {}
        for key, value in self._db.execute("SELECT key, value FROM meta"):
            try:
                meta[key] = json.loads(value)
            except ValueError:
                meta[key] = None
        complete = "closed" in meta
        interval, seed = meta.get("interval"), meta.get("seed")
        return RecordingInfo(
            source=str(meta.get("source") or "unknown"),
            description=str(meta.get("description") or ""),
            device=str(meta.get("device") or ""),
            capabilities=frozenset(str(c) for c in meta.get("capabilities") or ()),
            interval=float(interval) if isinstance(interval, int | float) else None,
            created=str(meta.get("created") or ""),
            scenario=meta.get("scenario") if isinstance(meta.get("scenario"), str) else None,
            seed=seed if isinstance(seed, int) else None,
            complete=complete,
            facts=facts_from_dict(meta.get("kernel_facts")),
        )

    def _read_index(self) -> tuple[list[float], list[int]]:
        """Times of every sample (seq = position) and the keyframes' seqs. Stops at the
        first gap or damaged row: what comes before it is whole."""
        times: list[float] = []
        try:
            # from the index on t alone (it holds seq): never a walk over the frames
            rows = self._db.execute("SELECT seq, t FROM samples INDEXED BY samples_t ORDER BY t")
            for seq, t in sorted(rows):
                if seq != len(times):
                    break
                times.append(float(t))
        except sqlite3.DatabaseError:
            pass  # a damaged page: keep the samples read so far
        keys = [
            seq
            for (seq,) in self._db.execute(
                "SELECT seq FROM samples WHERE keyframe = 1 AND seq < ? ORDER BY seq",
                (len(times),),
            )
        ]
        if times and (not keys or keys[0] != 0):
            raise RecordingError(f"{self.path}: damaged recording (no keyframe at the start)")
        if not self.info.complete:
            end = f"t = {times[-1]:g} s" if times else "its start"
            self.info = _with_problem(
                self.info,
                f"{self.path.name}: the recording was cut off (not closed cleanly); "
                f"it ends at its last complete sample, {end}",
            )
        return times, keys

    # -- the timeline ---------------------------------------------------------------------
    @property
    def sample_count(self) -> int:
        return len(self._times)

    @property
    def start(self) -> float:
        return self._times[0]

    @property
    def end(self) -> float:
        return self._times[-1]

    @property
    def times(self) -> Sequence[float]:
        """The time of each sample, by seq."""
        return self._times

    def seq_at(self, t: float) -> int:
        """The last sample at or before ``t`` (the first sample when ``t`` is earlier)."""
        return max(0, bisect.bisect_right(self._times, t + 1e-9) - 1)

    def keyframe_before(self, seq: int) -> int:
        return self._keys[max(0, bisect.bisect_right(self._keys, seq) - 1)]

    def frames(self, first: int, last: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """The system and process frames of samples ``first..last`` inclusive, decoded.
        Raises :class:`RecordingError`."""
        rows = self._rows("system, processes", first, last)
        try:
            return [(unpack(system), unpack(procs)) for system, procs in rows]
        except ValueError as exc:
            raise RecordingError(f"{self.path}: damaged sample near {first}: {exc}") from None

    def _rows(self, columns: str, first: int, last: int) -> list[Any]:
        try:
            rows = self._db.execute(
                f"SELECT {columns} FROM samples WHERE seq BETWEEN ? AND ? ORDER BY seq",
                (first, last),
            ).fetchall()
        except sqlite3.Error as exc:
            raise RecordingError(f"{self.path}: damaged sample near {first}: {exc}") from None
        if len(rows) != last - first + 1:
            raise RecordingError(f"{self.path}: samples {first}–{last} are missing")
        return rows

    def state_at_seq(self, seq: int) -> FrameState:
        """The rebuilt state of sample ``seq``: its keyframe and the deltas after it."""
        base = self.keyframe_before(seq)
        frames = self.frames(base, seq)
        try:
            state = FrameState.from_keyframe(*frames[0])
            for system, procs in frames[1:]:
                state.apply(system, procs)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise RecordingError(f"{self.path}: damaged sample {seq}: {exc!r}") from None
        return state

    def system_history(self, first: int, last: int) -> list[Snapshot]:
        """Snapshots of samples ``first..last`` without their processes (what a graph
        draws), read from the system frames alone."""
        if last < first:
            return []
        base = self.keyframe_before(first)
        out: list[Snapshot] = []
        system: dict[str, Any] = {}
        try:
            for seq, (blob,) in enumerate(self._rows("system", base, last), start=base):
                system.update(unpack(blob))
                if seq >= first:
                    out.append(system_snapshot(system))
        except (KeyError, TypeError, ValueError) as exc:
            raise RecordingError(f"{self.path}: damaged sample: {exc!r}") from None
        return out

    def snapshot_at(self, t: float) -> Snapshot:
        """The snapshot of the last sample at or before ``t`` on the recorded clock."""
        return self.snapshot(self.seq_at(t))

    def snapshot(self, seq: int) -> Snapshot:
        return build_snapshot(self, self.state_at_seq(seq))

    # -- what happened between samples ----------------------------------------------------
    def events(self, after_seq: int, upto_seq: int) -> list[Event]:
        """Events drained with samples ``after_seq+1 .. upto_seq``, in order."""
        out: list[Event] = []
        try:
            rows = self._db.execute(
                "SELECT data FROM events WHERE seq > ? AND seq <= ? ORDER BY id",
                (after_seq, upto_seq),
            ).fetchall()
        except sqlite3.Error as exc:
            raise RecordingError(f"{self.path}: damaged events: {exc}") from None
        for (data,) in rows:
            try:
                out.append(event_from_dict(json.loads(data)))
            except (ValueError, KeyError, TypeError):
                continue  # an event a newer version wrote: skip it
        return out

    def reports(self, after_seq: int, upto_seq: int) -> list[JetsamReport]:
        """Reports written with samples ``after_seq+1 .. upto_seq``, in order."""
        out: list[JetsamReport] = []
        try:
            rows = self._db.execute(
                "SELECT id, text FROM reports WHERE seq > ? AND seq <= ? ORDER BY id",
                (after_seq, upto_seq),
            ).fetchall()
        except sqlite3.Error as exc:
            raise RecordingError(f"{self.path}: damaged reports: {exc}") from None
        for row_id, text in rows:
            try:
                out.append(parse_bytes(bytes(text), f"{self.path.name}#report{row_id}"))
            except ReportError:
                continue
        return out

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Recording:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_snapshot(recording: Recording, state: FrameState) -> Snapshot:
    try:
        return state.snapshot()
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordingError(f"{recording.path}: damaged sample: {exc!r}") from None


def _with_problem(info: RecordingInfo, problem: str) -> RecordingInfo:
    return replace(info, problem=problem)
