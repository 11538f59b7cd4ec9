"""The report index: a SQLite file in the user's cache folder holding each file's
facts (:class:`ReportFacts` or :class:`Unreadable`), keyed by path, size and
modification time, so a second summary of the same folders reads only what changed.

Where: ``$ACTIVITYMON_CACHE_DIR`` if set (tests point it at a temporary folder);
else ``~/Library/Caches/activitymon`` on macOS; else ``$XDG_CACHE_HOME/activitymon``
or ``~/.cache/activitymon``. A damaged or foreign file is replaced by a new index and
the caller gets a notice (:attr:`ReportIndex.notice`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

from activitymon.reports.discover import FoundFile
from activitymon.reports.incident import FileResult, from_json, to_json

INDEX_NAME = "reports-index.sqlite"
#: bump when the stored facts change shape; an index of another version is rebuilt
SCHEMA_VERSION = 2
CACHE_ENV = "ACTIVITYMON_CACHE_DIR"


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "activitymon"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "activitymon"


#: how long to wait for another activitymon writing the index before going without it
LOCK_TIMEOUT_S = 5.0


class _Unusable(Exception):
    """The file is not an index of this version: replace it."""


class ReportIndex:
    """Open (creating, or rebuilding when damaged) the index at ``path``.

    Raises ``OSError`` when the index cannot be used at all (a folder that cannot be
    created, a file locked or read-only); callers then read every file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / INDEX_NAME
        self.notice: str | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except (_Unusable, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.OperationalError):  # locked, read-only: not damage
                raise OSError(f"cannot open the report index {self.path}: {exc}") from None
            self.notice = _rebuilt(self.path, exc)
            self._remove()
            try:
                self._db = self._open()
            except (_Unusable, sqlite3.DatabaseError) as again:
                raise OSError(f"cannot create the report index {self.path}: {again}") from None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
            if version != SCHEMA_VERSION or "files" not in tables:
                if tables or version:
                    raise _Unusable(f"written by another version ({version}, not {SCHEMA_VERSION})")
                db.execute(
                    "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
                    " mtime_ns INTEGER NOT NULL, facts TEXT NOT NULL)"
                )
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.commit()
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise _Unusable(str(check))
            # a cache: a write cut short by a crash is found by quick_check and rebuilt
            db.execute("PRAGMA synchronous = OFF")
        except BaseException:
            db.close()
            raise
        return db

    def _remove(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def lookup(self, files: Iterable[FoundFile]) -> dict[str, FileResult]:
        """The stored facts of those ``files`` whose size and mtime still match."""
        wanted = {f.path: f for f in files}
        rows: list[tuple[str, str]] = []
        try:
            for path, size, mtime_ns, facts in self._db.execute("SELECT * FROM files"):
                file = wanted.get(path)
                if file is not None and (size, mtime_ns) == (file.size, file.mtime_ns):
                    rows.append((path, facts))
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
            return {}
        return _decode(rows)

    def forget_missing(self, folders: Iterable[str], present: Iterable[str]) -> int:
        """Drop the rows of files under ``folders`` that are no longer there (so the
        index holds what exists); returns how many."""
        keep = set(present)
        gone: list[tuple[str]] = []
        try:
            for folder in folders:
                prefix = os.path.join(folder, "")
                rows = self._db.execute(
                    "SELECT path FROM files WHERE substr(path, 1, ?) = ?", (len(prefix), prefix)
                )
                gone.extend((path,) for (path,) in rows if path not in keep)
            if gone:
                self._db.executemany("DELETE FROM files WHERE path = ?", gone)
                self._db.commit()
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
        return len(gone)

    def store(self, rows: Iterable[tuple[FoundFile, FileResult]]) -> None:
        data = [
            (f.path, f.size, f.mtime_ns, json.dumps(to_json(r), separators=(",", ":")))
            for f, r in rows
        ]
        try:
            self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", data)
            self._db.commit()
        except sqlite3.DatabaseError as exc:
            self._failed(exc)

    def _failed(self, exc: sqlite3.DatabaseError) -> None:
        """Locked or read-only: go on without storing. Damaged: start a new index."""
        if isinstance(exc, sqlite3.OperationalError):
            self.notice = f"the report index {self.path} could not be used ({exc})"
            return
        self.notice = _rebuilt(self.path, exc)
        self._db.close()
        self._remove()
        try:
            self._db = self._open()
        except (_Unusable, sqlite3.DatabaseError):  # go on with an index for this run only
            self._db = sqlite3.connect(":memory:")
            self._db.execute("CREATE TABLE files (path, size, mtime_ns, facts)")

    def close(self) -> None:
        self._db.close()


def _rebuilt(path: Path, exc: Exception) -> str:
    return f"the report index {path} was damaged or out of date ({exc}); rebuilt it"


def _decode(rows: list[tuple[str, str]]) -> dict[str, FileResult]:
    """All rows in one ``json.loads`` (much faster than one call per row); a row that
    does not decode is left out, so its file is read again."""
    try:
        values = json.loads("[" + ",".join(facts for _, facts in rows) + "]")
    except ValueError:
        values = [_loads(facts) for _, facts in rows]
    found: dict[str, FileResult] = {}
    for (path, _), value in zip(rows, values, strict=True):
        try:
            found[path] = from_json(path, value)
        except (TypeError, ValueError):
            continue
    return found


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None
