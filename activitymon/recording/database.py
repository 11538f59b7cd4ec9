"""Open a recording's SQLite database as untrusted input.

A recording is a database anyone can write, and SQLite executes what a database
holds: a view named ``meta`` runs its query (an endless recursive one hangs the
reader; one that builds a huge string takes gigabytes), a generated column computes,
a companion file (``-wal``, ``-journal``) that is a named pipe blocks ``open``. So
:class:`Database`:

* refuses the file, and its ``-wal``, ``-shm`` and ``-journal`` companions, unless each
  is a regular file (or absent), before SQLite opens anything;
* opens read-only (``mode=ro``; ``immutable`` when there is no write-ahead log to
  read, so nothing is created beside the file), with ``query_only``,
  ``trusted_schema=OFF``, ``cell_size_check`` and memory mapping off, limits on the
  length of any value and of any SQL text, no attached databases;
* checks the schema against the tables and columns a recording has *before any
  query*: a view, a trigger, a virtual table or a generated column is refused, never
  run;
* runs every query under a budget (a progress handler counting steps and time).

Errors become one line naming the file: what SQLite said, in words a user can act
on (a write-ahead log missing or unreadable and how to get it back, a lock held by
another program).
"""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from activitymon.inputs import InputError, check_regular, head
from activitymon.model.text import shortened
from activitymon.recording.schema import RecordingError, looks_like_recording

#: the columns of each table, as the writer makes them (schema version 1)
TABLES: dict[str, tuple[str, ...]] = {
    "schema_version": ("version",),
    "meta": ("key", "value"),
    "samples": ("seq", "t", "keyframe", "system", "processes"),
    "events": ("id", "seq", "t", "kind", "data"),
    "reports": ("id", "seq", "t", "format", "text"),
}
#: no string or blob read may be longer (a frame, a report, a meta value)
MAX_VALUE_BYTES = 64 << 20
MAX_SQL_BYTES = 100_000
#: a recording has 12 schema entries; a file with more than this is not one
MAX_SCHEMA_ENTRIES = 200
#: each query's budget: wall time and virtual-machine steps (a 24-hour recording's
#: largest query, its time index, takes a small fraction of either)
QUERY_SECONDS = 10.0
QUERY_STEPS = 2_000_000_000
_STEPS_PER_CALL = 10_000
#: how long to wait for another program's lock before saying it is locked
BUSY_TIMEOUT_S = 1.0
_COMPANIONS = ("-wal", "-shm", "-journal")


class Budget:
    """The progress handler: interrupts a query past its time or step budget."""

    def __init__(self, seconds: float | None = None, steps: int | None = None) -> None:
        self.seconds = QUERY_SECONDS if seconds is None else seconds
        self.calls_allowed = (QUERY_STEPS if steps is None else steps) // _STEPS_PER_CALL
        self.start()

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds
        self.calls = 0
        self.spent = False

    def __call__(self) -> int:
        self.calls += 1
        if self.calls > self.calls_allowed or time.monotonic() > self.deadline:
            self.spent = True
            return 1  # interrupt
        return 0


def _uri(path: Path, immutable: bool) -> str:
    quoted = urllib.parse.quote(os.fsencode(os.path.abspath(path)), safe="/")
    return f"file:{quoted}?mode=ro" + ("&immutable=1" if immutable else "")


class Database:
    """An open recording database; :meth:`query` and :meth:`rows` run under the budget.
    Raises :class:`RecordingError` (one line naming the file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.budget = Budget()
        self._cursors: set[sqlite3.Cursor] = set()
        self.wal_mode, self.wal_present = self._check_files()
        #: a write-ahead-log file whose log is gone: what it holds may be missing
        self.log_missing = self.wal_mode and not self.wal_present
        try:
            self.db = sqlite3.connect(
                _uri(path, immutable=self.log_missing),
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise self.error(exc) from None
        try:
            self._defend()
            self._check_schema()
        except sqlite3.Error as exc:
            self.db.close()
            raise self.error(exc) from None
        except RecordingError:
            self.db.close()
            raise

    # -- before SQLite opens anything ---------------------------------------------------------
    def _check_files(self) -> tuple[bool, bool]:
        """(the file says it is in WAL mode, its ``-wal`` file is there)."""
        name = self.name
        try:
            check_regular(self.path, "recording")
            first = head(self.path, 100)
        except InputError as exc:
            raise RecordingError(f"{name}: {exc}") from None
        if not looks_like_recording(first):
            raise RecordingError(f"{name}: not an activitymon recording (not an SQLite file)")
        wal_mode = len(first) >= 20 and 2 in (first[18], first[19])
        wal_present = False
        for suffix in _COMPANIONS:
            companion = Path(f"{self.path}{suffix}")
            if not os.path.lexists(companion):
                continue
            try:
                check_regular(companion, "file SQLite wrote")
            except InputError as exc:
                raise RecordingError(
                    f"{name}: its {suffix} file {exc}; remove it, or move it aside"
                ) from None
            if suffix == "-wal":
                wal_present = True
                if not os.access(companion, os.R_OK):
                    raise RecordingError(
                        f"{name}: its write-ahead log ({companion.name}) cannot be read "
                        "(permission denied), and the samples are in it; make it readable"
                    )
        return wal_mode, wal_present

    def _defend(self) -> None:
        db = self.db
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        db.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
        db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        db.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 100)
        db.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, 100)
        db.setlimit(sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 1)
        for pragma in (
            "query_only = ON",
            "trusted_schema = OFF",
            "cell_size_check = ON",
            "mmap_size = 0",
        ):
            db.execute(f"PRAGMA {pragma}")
        db.set_progress_handler(self.budget, _STEPS_PER_CALL)

    def _check_schema(self) -> None:
        """Every schema entry is a table or index a recording has: a view, a trigger, a
        virtual table or a generated column is refused before anything reads it."""
        name = self.name
        self.budget.start()
        entries = self.db.execute(
            "SELECT type, name, tbl_name, substr(sql, 1, 40) FROM sqlite_master LIMIT ?",
            (MAX_SCHEMA_ENTRIES + 1,),
        ).fetchall()
        if len(entries) > MAX_SCHEMA_ENTRIES:
            raise RecordingError(
                f"{name}: not an activitymon recording (more than {MAX_SCHEMA_ENTRIES} "
                "tables and indexes)"
            )
        tables: set[str] = set()
        for kind, entry, _table, sql in entries:
            shown = shortened(str(entry), 40)
            if kind in ("view", "trigger"):
                raise RecordingError(
                    f"{name}: holds a {kind} ({shown}), which no recording has; "
                    "not read (it could run any query)"
                )
            if kind == "table":
                if isinstance(sql, str) and sql.upper().startswith("CREATE VIRTUAL"):
                    raise RecordingError(
                        f"{name}: holds a virtual table ({shown}), which no recording has"
                    )
                tables.add(str(entry))
        if "schema_version" not in tables:
            if self.log_missing:
                raise RecordingError(self.log_missing_text())
            raise RecordingError(f"{name}: not an activitymon recording (no schema_version)")
        for table, columns in TABLES.items():
            if table not in tables:
                raise RecordingError(f"{name}: damaged recording (no {table} table)")
            info = self.db.execute(f'PRAGMA table_xinfo("{table}")').fetchall()
            found = tuple(str(row[1]) for row in info)
            if found != columns or any(row[6] for row in info):
                raise RecordingError(
                    f"{name}: damaged recording (its {table} table has columns "
                    f"{shortened(', '.join(found), 80)}, not {', '.join(columns)})"
                )

    def log_missing_text(self) -> str:
        wal = f"{self.path.name}-wal"
        return (
            f"{self.name}: its write-ahead log ({wal}) is missing, and the samples are in it: "
            f"copy the -wal file beside it (from where the recording was made)"
        )

    # -- queries ------------------------------------------------------------------------------
    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """All rows of one query, under the budget. Raises ``sqlite3.Error``."""
        self.budget.start()
        return self.db.execute(sql, params).fetchall()

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[Any]:
        """The rows of one query one at a time (the budget counts from the start). A
        query left part way is closed with the generator, or at :meth:`close`."""
        self.budget.start()
        cursor = self.db.execute(sql, params)
        self._cursors.add(cursor)
        try:
            yield from cursor
        finally:
            self._cursors.discard(cursor)
            cursor.close()

    def error(self, exc: sqlite3.Error, what: str = "not a readable recording") -> RecordingError:
        """One line for an SQLite error, in words a user can act on."""
        name = self.name
        code = getattr(exc, "sqlite_errorname", "")
        if self.budget.spent or code == "SQLITE_INTERRUPT":
            return RecordingError(
                f"{name}: {what}: a query ran past its budget ({QUERY_SECONDS:g} s); "
                "the file is damaged or made to hang its reader"
            )
        if code.startswith("SQLITE_BUSY") or code.startswith("SQLITE_LOCKED"):
            return RecordingError(
                f"{name}: locked by another program (SQLite: {exc}); close it there, or "
                "copy the file (with its -wal file, if any) and open the copy"
            )
        if code.startswith("SQLITE_CANTOPEN") and self.wal_present:
            return RecordingError(
                f"{name}: cannot read its write-ahead log ({self.path.name}-wal): SQLite "
                f"must create {self.path.name}-shm beside it and cannot (a read-only "
                "folder?); copy the recording with its -wal file to a writable folder"
            )
        if code == "SQLITE_TOOBIG":
            return RecordingError(
                f"{name}: {what}: a value larger than {MAX_VALUE_BYTES >> 20} MiB, "
                "which no recording holds"
            )
        return RecordingError(f"{name}: {what} (SQLite: {exc})")

    def close(self) -> None:
        """Close every query left part way (so no read lock outlives the file), then
        the connection."""
        for cursor in list(self._cursors):
            cursor.close()
        self._cursors.clear()
        self.db.close()
