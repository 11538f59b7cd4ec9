"""Read a recording: seek to any moment, step forward, list events and reports.

A recording is untrusted input: it is opened through
:class:`~activitymon.recording.database.Database` (read-only, SQLite's defences, the
schema checked before any query, every query under a budget), its frames are inflated
within bounds, and every value is checked against its field's type and range
(:mod:`activitymon.recording.checks`) before it leaves this module. A file that fails
is refused in one line naming it; a file cut off by a crash, a kill or a full disk
opens up to its last complete sample, and one still being written shows what is
committed; :attr:`RecordingInfo.problem` says which, in one line.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from activitymon.model import Event, JetsamReport, Snapshot, event_from_dict
from activitymon.model.text import shortened
from activitymon.output_files import holder_of
from activitymon.recording.checks import MAX_SECONDS, checker
from activitymon.recording.codec import FrameState, system_snapshot
from activitymon.recording.database import Database
from activitymon.recording.frame_io import MAX_PROCESS_FRAME, MAX_SYSTEM_FRAME, unpack
from activitymon.recording.meta import RecordingInfo, read_info
from activitymon.recording.schema import RecordingError
from activitymon.reports import ReportError, parse_bytes

__all__ = ["Recording", "RecordingInfo", "build_snapshot"]

#: more samples than a week at 20 per second: not a recording activitymon wrote
MAX_SAMPLES = 12_096_000
#: after a jump, at most this many events up to the moment (the latest ones)
MAX_EVENTS = 100_000
MAX_EVENT_CHARS = 65_536
#: what a damaged frame may raise while it is applied or built
FRAME_ERRORS = (KeyError, TypeError, ValueError, IndexError, RecursionError, OverflowError)
Frames = tuple[dict[str, Any], dict[str, Any]]


class Recording:
    """An open ``.amrec`` file. Raises :class:`RecordingError` with one line."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._store = Database(self.path)
        try:
            self.info = read_info(self._store)
            self._times, self._keys, damage = self._read_index()
        except sqlite3.Error as exc:
            self._store.close()
            raise self._store.error(exc) from None
        except RecordingError:
            self._store.close()
            raise
        if not self._times:
            self._store.close()
            if damage:
                raise RecordingError(f"{self.path}: damaged recording ({damage})")
            raise RecordingError(f"{self.path}: the recording holds no complete sample")
        self.info = replace(self.info, problem=self._problem(damage))

    def _read_index(self) -> tuple[list[float], list[int], str | None]:
        """Times of every sample (seq = position), the keyframes' seqs, and what ended
        the readable part early (a gap, a time that is not a number or goes back, a
        damaged page): what comes before it is whole."""
        found: list[tuple[Any, Any]] = []
        damage = None
        try:
            # from the index on t alone (it holds seq): never a walk over the frames
            for row in self._time_index():
                found.append(row)
                if len(found) > MAX_SAMPLES:
                    raise RecordingError(
                        f"{self.path}: holds more than {MAX_SAMPLES:,} samples, "
                        "more than any recording activitymon writes"
                    )
        except sqlite3.DatabaseError as exc:
            if self._store.budget.spent:
                raise
            damage = f"SQLite: {exc}"  # keep the samples read so far
        times: list[float] = []
        for seq, t in sorted(found, key=_seq_order):
            if type(seq) is not int or seq != len(times):
                damage = damage or f"sample {len(times)} is missing"
                break
            if type(t) not in (int, float) or not -MAX_SECONDS <= t <= MAX_SECONDS:
                damage = f"sample {seq}: its time is {_shown(t)}, not a number of seconds"
                break
            if times and t < times[-1]:
                damage = f"sample {seq}: its time goes back ({t:g} s after {times[-1]:g} s)"
                break
            times.append(float(t))
        keys = [
            seq
            for (seq,) in self._store.query(
                "SELECT seq FROM samples WHERE keyframe = 1 AND seq < ? ORDER BY seq",
                (len(times),),
            )
        ]
        if times and (not keys or keys[0] != 0):
            raise RecordingError(f"{self.path}: damaged recording (no keyframe at the start)")
        return times, keys, damage

    def _time_index(self) -> Iterator[tuple[Any, Any]]:
        """(seq, t) of every sample: from the index on t (never a walk over the
        frames), or from the table where a rebuilt file lost that index."""
        has_index = self._store.query(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'samples_t'"
        )[0][0]
        if has_index:
            return self._store.rows("SELECT seq, t FROM samples INDEXED BY samples_t")
        return self._store.rows("SELECT seq, t FROM samples")

    def _problem(self, damage: str | None) -> str | None:
        """One line on what is not whole: still being written, cut off, damaged part
        way, or a write-ahead log that is missing."""
        name = self.path.name
        end = f"t = {self._times[-1]:g} s"
        parts: list[str] = []
        if damage is not None:
            parts.append(
                f"{name}: damaged part way ({damage}); it shows the {len(self._times)} "
                f"samples before, up to {end}"
            )
        if not self.info.complete:
            holder = holder_of(self.path)
            if holder is not None:
                parts.append(
                    f"{name}: still being written ({holder}); it shows the "
                    f"{len(self._times)} samples committed so far, up to {end}"
                )
            elif damage is None:
                parts.append(
                    f"{name}: the recording was cut off (not closed cleanly); it ends at "
                    f"its last complete sample, {end}"
                )
            if self._store.log_missing:
                parts.append(
                    f"its write-ahead log ({name}-wal) is missing, so later samples may be "
                    "in it: copy the -wal file beside it"
                )
        return "; ".join(parts) or None

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
        if math.isnan(t):
            return 0
        return max(0, bisect.bisect_right(self._times, t + 1e-9) - 1)

    def keyframe_before(self, seq: int) -> int:
        return self._keys[max(0, bisect.bisect_right(self._keys, seq) - 1)]

    def keyframe_after(self, seq: int) -> int | None:
        """The first keyframe after sample ``seq`` (``None`` past the last one): where
        a reader can start again after a damaged sample."""
        at = bisect.bisect_right(self._keys, seq)
        return self._keys[at] if at < len(self._keys) else None

    def iter_frames(self, first: int, last: int) -> Iterator[Frames]:
        """The system and process frames of samples ``first..last`` inclusive, decoded
        one at a time. Raises :class:`RecordingError`."""
        for system, procs in self._rows("system, processes", first, last):
            try:
                yield unpack(system, MAX_SYSTEM_FRAME), unpack(procs, MAX_PROCESS_FRAME)
            except ValueError as exc:
                raise RecordingError(f"{self.path}: damaged sample near {first}: {exc}") from None

    def frames(self, first: int, last: int) -> list[Frames]:
        """:meth:`iter_frames` as a list."""
        return list(self.iter_frames(first, last))

    def _rows(self, columns: str, first: int, last: int) -> Iterator[tuple[Any, ...]]:
        expected = first
        try:
            for seq, *values in self._store.rows(
                f"SELECT seq, {columns} FROM samples WHERE seq BETWEEN ? AND ? ORDER BY seq",
                (first, last),
            ):
                if seq != expected:
                    break
                expected += 1
                yield tuple(values)
        except sqlite3.Error as exc:
            raise self._store.error(exc, f"damaged sample near {first}") from None
        if expected != last + 1:
            raise RecordingError(f"{self.path}: samples {first}–{last} are missing")

    def state_at_seq(self, seq: int) -> FrameState:
        """The rebuilt state of sample ``seq``: its keyframe and the deltas after it."""
        state: FrameState | None = None
        try:
            for system, procs in self.iter_frames(self.keyframe_before(seq), seq):
                if state is None:
                    state = FrameState.from_keyframe(system, procs)
                else:
                    state.apply(system, procs)
        except FRAME_ERRORS as exc:
            raise RecordingError(f"{self.path}: damaged sample {seq}: {damage_text(exc)}") from None
        assert state is not None  # iter_frames gave the keyframe or raised
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
                system.update(unpack(blob, MAX_SYSTEM_FRAME))
                if seq >= first:
                    out.append(system_snapshot(system))
        except FRAME_ERRORS as exc:
            raise RecordingError(f"{self.path}: damaged sample: {damage_text(exc)}") from None
        return out

    def snapshot_at(self, t: float) -> Snapshot:
        """The snapshot of the last sample at or before ``t`` on the recorded clock."""
        return self.snapshot(self.seq_at(t))

    def snapshot(self, seq: int) -> Snapshot:
        return build_snapshot(self, self.state_at_seq(seq))

    # -- what happened between samples ----------------------------------------------------
    def events(self, after_seq: int, upto_seq: int) -> list[Event]:
        """Events drained with samples ``after_seq+1 .. upto_seq``, in order (the
        latest :data:`MAX_EVENTS` of them). An event that is not one (damaged, or
        written by a newer version) is passed over."""
        try:
            rows = self._store.query(
                "SELECT data FROM events WHERE seq > ? AND seq <= ? ORDER BY id DESC LIMIT ?",
                (after_seq, upto_seq, MAX_EVENTS),
            )
        except sqlite3.Error as exc:
            raise self._store.error(exc, "damaged events") from None
        out: list[Event] = []
        for (data,) in reversed(rows):
            event = _event(data)
            if event is not None:
                out.append(event)
        return out

    def reports(self, after_seq: int, upto_seq: int) -> list[JetsamReport]:
        """Reports written with samples ``after_seq+1 .. upto_seq``, in order."""
        out: list[JetsamReport] = []
        try:
            rows = self._store.rows(
                "SELECT id, text FROM reports WHERE seq > ? AND seq <= ? ORDER BY id",
                (after_seq, upto_seq),
            )
            for row_id, text in rows:
                if type(text) not in (bytes, str):
                    continue
                data = text if type(text) is bytes else text.encode("utf-8", "surrogateescape")
                try:
                    out.append(parse_bytes(data, f"{self.path.name}#report{row_id}"))
                except ReportError:
                    continue
        except sqlite3.Error as exc:
            raise self._store.error(exc, "damaged reports") from None
        return out

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Recording:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _seq_order(row: tuple[Any, ...]) -> int:
    """Rows by seq; a seq that is not an integer (a rebuilt table) sorts last."""
    return row[0] if type(row[0]) is int else MAX_SAMPLES + 1


def _strict_constant(word: str) -> Any:
    raise ValueError(f"{word} is not JSON")


def _event(data: Any) -> Event | None:
    """The event a row holds, checked; ``None`` when it is not one."""
    if type(data) not in (str, bytes) or len(data) > MAX_EVENT_CHARS:
        return None
    try:
        raw = json.loads(data, parse_constant=_strict_constant)
        if not isinstance(raw, dict):
            return None
        event = event_from_dict(raw)
        kind: type = type(event)
        checker(kind)(event)
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    return event


def _shown(value: Any) -> str:
    if value is None:
        return "missing"
    return shortened(repr(value), 24)


def damage_text(exc: BaseException) -> str:
    """A damaged value's message: the text of a ``ValueError`` (which names the
    field), the kind and key of anything else."""
    if isinstance(exc, RecursionError):
        return "nested too deep"
    if isinstance(exc, OverflowError):
        return "a number too large for its field"
    if isinstance(exc, ValueError):
        return shortened(str(exc), 200)
    if isinstance(exc, KeyError):
        return f"it names {shortened(str(exc), 40)}, which the sample does not hold"
    return f"{type(exc).__name__}: {shortened(str(exc), 60)}"


def build_snapshot(recording: Recording, state: FrameState) -> Snapshot:
    try:
        return state.snapshot()
    except FRAME_ERRORS as exc:
        raise RecordingError(f"{recording.path}: damaged sample: {damage_text(exc)}") from None
