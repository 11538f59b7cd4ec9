"""Write a recording: :class:`RecordingWriter` takes one sample at a time.

A keyframe starts the file and follows whenever the deltas since the last keyframe
add up to :data:`DELTA_BYTES_PER_KEYFRAME` times the bytes that keyframe took, or
after :data:`MAX_DELTAS` samples: seeking then decodes one keyframe and a bounded run
of deltas, and keyframes cost at most a fifth of the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from activitymon import __version__
from activitymon.model import (
    Event,
    JetsamReport,
    KernelFacts,
    Snapshot,
    event_to_dict,
    facts_to_dict,
)
from activitymon.output_files import holder_of
from activitymon.recording.codec import FrameEncoder
from activitymon.recording.database import Database
from activitymon.recording.frame_io import pack
from activitymon.recording.schema import DDL, SCHEMA_VERSION, RecordingError
from activitymon.recording.target import RecordingWriteError, Target, refuse_special
from activitymon.reports import render_report

#: at most this many deltas between keyframes
MAX_DELTAS = 120
#: a keyframe once the deltas since the last one take this many times its bytes
DELTA_BYTES_PER_KEYFRAME = 4
#: samples written faster than this (a clocked source running flat out) share one
#: commit; a kill loses at most this much wall time of them
COMMIT_EVERY_S = 0.25


def check_output(path: Path, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse to write over an input of this run or anything that is not a regular
    file (a device, a named pipe, a socket, a folder), even with ``force``; over an
    existing file that is not a recording unless ``force``; onto a file another
    program is writing. Raises :class:`RecordingError`."""
    for source in inputs:
        try:
            if path.exists() and path.samefile(source):
                raise RecordingError(f"{path}: is an input of this run; give another file")
        except OSError:
            continue
    refuse_special(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise RecordingError(f"{path}: folder {folder} does not exist")
    holder = holder_of(path)
    if holder is not None:
        raise RecordingWriteError(
            f"{path}: another program is writing it ({holder}); wait for it to finish, "
            "or choose another file"
        )
    if not path.exists() or force:
        return
    if not is_recording(path):
        raise RecordingError(
            f"{path}: exists and is not a recording; not overwriting it (use --force)"
        )


def is_recording(path: Path) -> bool:
    """Whether an existing file is an activitymon recording (read as untrusted input;
    an empty file counts, so that ``record`` may fill one the shell made)."""
    try:
        if path.stat().st_size == 0:
            return True
        Database(path).close()
    except (OSError, RecordingError):
        return False
    return True


class RecordingWriter:
    """Append samples to a new ``.amrec`` file. Not thread-safe: one thread writes."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        source: str,
        description: str,
        device: str = "",
        capabilities: Iterable[str] = (),
        interval: float | None = None,
        scenario: str | None = None,
        seed: int | None = None,
        facts: KernelFacts | None = None,
        command: str = "",
    ) -> None:
        self.path = Path(path)
        self._target = Target(self.path, command)
        try:
            self._db = sqlite3.connect(
                self._target.file, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(DDL)
        except sqlite3.Error as exc:
            self._target.abandon()
            raise RecordingWriteError(f"{self.path}: cannot create the recording: {exc}") from None
        self._encoder = FrameEncoder()
        self._seq = 0
        self._since_key = 0
        self._delta_bytes = 0
        self._key_bytes = 0
        self._closed = False
        self._in_transaction = False
        self._committed_at = 0.0
        self._device = device
        self.bytes_written = 0
        self.keyframes = 0
        self.first_time: float | None = None
        self.last_time: float | None = None
        meta: dict[str, Any] = {
            "source": source,
            "description": description,
            "device": device,
            "capabilities": sorted(capabilities),
            "interval": interval,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "scenario": scenario,
            "seed": seed,
            "app_version": __version__,
        }
        if facts is not None:
            meta["kernel_facts"] = facts_to_dict(facts)
        self._transaction(
            [("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))]
            + [
                ("INSERT INTO meta VALUES (?, ?)", (key, json.dumps(value)))
                for key, value in meta.items()
            ]
        )

    @property
    def samples(self) -> int:
        return self._seq

    @property
    def duration(self) -> float:
        if self.first_time is None or self.last_time is None:
            return 0.0
        return self.last_time - self.first_time

    def file_size(self) -> int:
        """Bytes on disk now: the database and its write-ahead log."""
        total = 0
        for name in (self._target.file, Path(f"{self._target.file}-wal")):
            with contextlib.suppress(OSError):
                total += name.stat().st_size
        return total

    def add(
        self,
        snapshot: Snapshot,
        events: Sequence[Event] = (),
        reports: Sequence[JetsamReport] = (),
    ) -> None:
        """Append one sample with the events and reports that came with it, as one
        transaction. Raises :class:`RecordingError` (disk full, file gone …); the
        samples before stay readable."""
        if self._closed:
            raise RecordingError(f"{self.path}: the recording is closed")
        is_key = self._seq == 0 or self._wants_keyframe()
        system, procs = (
            self._encoder.keyframe(snapshot) if is_key else self._encoder.delta(snapshot)
        )
        system_blob, procs_blob = pack(system), pack(procs)
        size = len(system_blob) + len(procs_blob)
        seq = self._seq
        statements: list[tuple[str, tuple[Any, ...]]] = [
            (
                "INSERT INTO samples VALUES (?, ?, ?, ?, ?)",
                (seq, snapshot.time, int(is_key), system_blob, procs_blob),
            )
        ]
        if seq == 0 and not self._device and snapshot.device:
            statements.append(
                ("UPDATE meta SET value = ? WHERE key = 'device'", (json.dumps(snapshot.device),))
            )
        for event in events:
            data = event_to_dict(event)
            statements.append(
                (
                    "INSERT INTO events (seq, t, kind, data) VALUES (?, ?, ?, ?)",
                    (seq, event.t, data["kind"], json.dumps(data, separators=(",", ":"))),
                )
            )
        for report in reports:
            statements.append(
                (
                    "INSERT INTO reports (seq, t, format, text) VALUES (?, ?, ?, ?)",
                    (seq, snapshot.time, report.format.value, render_report(report).encode()),
                )
            )
        self._write(statements)
        if seq == 0:
            self.flush()  # a file holds its first sample at once
        self._seq += 1
        self.bytes_written += size
        if is_key:
            self.keyframes += 1
            self._since_key, self._delta_bytes, self._key_bytes = 0, 0, size
        else:
            self._since_key += 1
            self._delta_bytes += size
        if self.first_time is None:
            self.first_time = snapshot.time
        self.last_time = snapshot.time

    def _wants_keyframe(self) -> bool:
        return (
            self._since_key >= MAX_DELTAS
            or self._delta_bytes >= DELTA_BYTES_PER_KEYFRAME * self._key_bytes
        )

    def _transaction(self, statements: Sequence[tuple[str, tuple[Any, ...]]]) -> None:
        self._write(statements)
        self.flush()

    def _write(self, statements: Sequence[tuple[str, tuple[Any, ...]]]) -> None:
        """Run the statements in the open transaction (opening one); commit when the
        last commit is :data:`COMMIT_EVERY_S` old."""
        try:
            if not self._in_transaction:
                self._db.execute("BEGIN")
                self._in_transaction = True
            for sql, params in statements:
                self._db.execute(sql, params)
            if time.monotonic() - self._committed_at >= COMMIT_EVERY_S:
                self._commit()
        except sqlite3.Error as exc:
            self._fail(exc)

    def flush(self) -> None:
        """Commit what was added: it survives a crash from now on."""
        try:
            self._commit()
        except sqlite3.Error as exc:
            self._fail(exc)

    def _commit(self) -> None:
        if self._in_transaction:
            self._db.execute("COMMIT")
            self._in_transaction = False
        self._committed_at = time.monotonic()

    def _fail(self, exc: sqlite3.Error) -> None:
        if self._in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            self._in_transaction = False
        self._closed = True
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        raise RecordingWriteError(
            f"{self.path}: cannot write ({exc}); {self._target.abandon()}"
        ) from None

    def close(self) -> None:
        """Mark the file complete and fold the write-ahead log into it (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._commit()
            closed = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('closed', ?)", (json.dumps(closed),)
            )
            with contextlib.suppress(sqlite3.OperationalError):  # a reader holds it open
                self._db.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            raise RecordingWriteError(
                f"{self.path}: cannot finish the recording ({exc}); {self._target.abandon()}"
            ) from None
        self._db.close()
        self._target.finish()

    def __enter__(self) -> RecordingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
