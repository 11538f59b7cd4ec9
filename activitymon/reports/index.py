"""The report index: a SQLite file in the user's cache folder holding each file's
facts (:class:`ReportFacts` or :class:`Unreadable`), keyed by the file's resolved
path (its bytes, so names that are not UTF-8 work) and used while its size,
modification time and inode match, so a second summary of the same folders, however
they are spelled, reads only what changed.

Where: ``$ACTIVITYMON_CACHE_DIR`` if set (tests point it at a temporary folder);
else ``~/Library/Caches/activitymon`` on macOS; else ``$XDG_CACHE_HOME/activitymon``
or ``~/.cache/activitymon``.

The index is a cache, and its file may have been damaged or crafted by anyone who
could write there. It is opened with SQLite's defences (``trusted_schema`` off, cell
size checks, length limits); its schema must be exactly the one this version writes
(a view, a trigger or any other object fails the check before any query, so nothing
of it ever runs); ``quick_check`` must pass; and every statement runs under a budget
(a progress handler). An index failing any of these is set aside (renamed
``….damaged``) and rebuilt, with a notice (:attr:`ReportIndex.notice`); a row that
does not decode to facts is ignored (its file is read again and the row replaced).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from activitymon.reports.discover import FoundFile
from activitymon.reports.incident import FileResult
from activitymon.reports.rows import decode_rows as decode_texts

INDEX_NAME = "reports-index.sqlite"
#: bump when the stored facts change shape; an index of another version is rebuilt
SCHEMA_VERSION = 5
CACHE_ENV = "ACTIVITYMON_CACHE_DIR"
TABLE_SQL = (
    "CREATE TABLE files (key BLOB PRIMARY KEY, size INTEGER NOT NULL,"
    " mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, facts TEXT NOT NULL) WITHOUT ROWID"
)
#: how long to wait for another activitymon writing the index before going without it
LOCK_TIMEOUT_S = 5.0
#: the longest any one statement may run (a sound index answers in milliseconds)
QUERY_BUDGET_S = 5.0
#: the progress handler's period, in SQLite virtual-machine steps
_STEPS = 2_000
#: the longest value (a row's facts, a key) and statement the index holds
MAX_VALUE_BYTES = 1 << 20
MAX_SQL_BYTES = 100_000
_SIDE_FILES = ("-journal", "-wal", "-shm")


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "activitymon"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "activitymon"


class _Unusable(Exception):
    """The file is not a sound index of this version: set it aside."""


class _OverBudget(Exception):
    pass


def key_bytes(key: str) -> bytes:
    """A path as stored: its bytes on disk (``surrogateescape`` gives them back)."""
    return os.fsencode(key)


class ReportIndex:
    """Open (creating, or setting aside and rebuilding when unsound) the index at
    ``path``.

    Raises ``OSError`` when the index cannot be used at all (a folder that cannot be
    created, a file locked or read-only); callers then read every file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / INDEX_NAME
        self.notice: str | None = None
        self._deadline = 0.0
        self._over_budget = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except (_Unusable, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.OperationalError) and not self._over_budget:
                # locked or read-only: not damage
                raise OSError(f"cannot open the report index {self.path}: {exc}") from None
            self._set_aside(exc)
            try:
                self._db = self._open()
            except (_Unusable, sqlite3.DatabaseError) as again:
                raise OSError(f"cannot create the report index {self.path}: {again}") from None

    # ------------------------------------------------------------------ opening

    def _open(self) -> sqlite3.Connection:
        _refuse_special_files(self.path)
        db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S)
        try:
            _defend(db)
            self._over_budget = False
            db.set_progress_handler(self._check_budget, _STEPS)
            with self._budget():
                _check_schema(db)
                check = db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise _Unusable(f"integrity check: {check[0] if check else 'no answer'}")
            # a cache: a write cut short by a crash is found by quick_check and rebuilt
            db.execute("PRAGMA synchronous = OFF")
        except _OverBudget:
            db.close()
            raise _Unusable(f"a query ran past its {QUERY_BUDGET_S:g} s budget") from None
        except BaseException:
            db.close()
            raise
        return db

    def _check_budget(self) -> int:
        if time.monotonic() > self._deadline:
            self._over_budget = True
            return 1  # SQLite stops the statement: OperationalError "interrupted"
        return 0

    def _budget(self) -> _Budget:
        return _Budget(self)

    def _set_aside(self, exc: BaseException) -> None:
        """Move the unsound index out of the way (``….damaged``, replacing an older
        one) with its side files, so that a new one can be made; say so."""
        aside = self.path.with_name(self.path.name + ".damaged")
        try:
            if aside.is_dir() and not aside.is_symlink():
                aside = self.path.with_name(f"{self.path.name}.damaged-{time.time_ns()}")
            os.replace(self.path, aside)
            where = f"set aside as {aside.name}"
        except FileNotFoundError:
            where = "replaced"
        except OSError as move:
            raise OSError(f"cannot set aside the report index {self.path}: {move}") from None
        for suffix in _SIDE_FILES:
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        self.notice = (
            f"the report index {self.path} was unusable ({_one_line(exc)}); {where}, rebuilt it"
        )

    # ------------------------------------------------------------------ queries

    def lookup(
        self, files: Iterable[FoundFile], folders: Iterable[str] = ()
    ) -> dict[str, FileResult]:
        """The stored facts of those ``files`` whose size, mtime and inode still match,
        by key, each carrying the file's shown ``path``. ``folders`` (resolved) are
        the named folders: their rows are read in one range each."""
        return decode_rows(self.lookup_rows(files, folders))

    def lookup_rows(
        self,
        files: Iterable[FoundFile],
        folders: Iterable[str] = (),
        *,
        forget_missing: bool = False,
    ) -> list[tuple[FoundFile, str]]:
        """As :meth:`lookup`, the facts still as stored (JSON text, decoded by
        :func:`decode_rows`): what is known can be told before it is decoded. With
        ``forget_missing``, the rows under ``folders`` of files not among ``files``
        are dropped as :meth:`forget_missing` drops them, from the same reading."""
        wanted = {key_bytes(f.key): f for f in files}
        rows: list[tuple[FoundFile, str]] = []
        gone: list[tuple[object]] = []
        try:
            with self._budget():
                for row in self._rows(wanted, folders):
                    key, size, mtime_ns, inode, facts = row
                    file = wanted.get(key) if isinstance(key, bytes) else None
                    if file is None:
                        gone.append((key,))  # only a folder's range gives another key
                    elif isinstance(facts, str) and (size, mtime_ns, inode) == (
                        file.size,
                        file.mtime_ns,
                        file.inode,
                    ):
                        rows.append((file, facts))
                if forget_missing and gone:
                    self._db.executemany("DELETE FROM files WHERE key = ?", gone)
                    self._db.commit()
        except (sqlite3.DatabaseError, _OverBudget) as exc:
            self._failed(exc)
            return []
        return rows

    def _rows(
        self, wanted: dict[bytes, FoundFile], folders: Iterable[str]
    ) -> Iterator[tuple[object, ...]]:
        columns = "SELECT key, size, mtime_ns, inode, facts FROM files"
        ranges = [_range(folder) for folder in folders]
        for low, high in ranges:
            yield from self._db.execute(f"{columns} WHERE key >= ? AND key < ?", (low, high))
        for key in wanted:
            if not any(low <= key < high for low, high in ranges):
                yield from self._db.execute(f"{columns} WHERE key = ?", (key,))

    def forget_missing(self, folders: Iterable[str], present: Iterable[str]) -> int:
        """Drop the rows of files under ``folders`` (resolved) that are no longer there
        (so the index holds what exists); returns how many."""
        keep = {key_bytes(k) for k in present}
        gone: list[tuple[bytes]] = []
        try:
            with self._budget():
                for folder in folders:
                    rows = self._db.execute(
                        "SELECT key FROM files WHERE key >= ? AND key < ?", _range(folder)
                    )
                    gone.extend((key,) for (key,) in rows if key not in keep)
                if gone:
                    self._db.executemany("DELETE FROM files WHERE key = ?", gone)
                    self._db.commit()
        except (sqlite3.DatabaseError, _OverBudget) as exc:
            self._failed(exc)
        return len(gone)

    def store(self, rows: Iterable[tuple[FoundFile, str]]) -> None:
        """Keep each file's row (its facts as :func:`activitymon.reports.rows.row_text`
        wrote them)."""
        data = []
        for f, facts in rows:
            key = key_bytes(f.key)
            if len(facts) < MAX_VALUE_BYTES and len(key) < MAX_VALUE_BYTES:
                data.append((key, f.size, f.mtime_ns, f.inode, facts))
        try:
            with self._budget():
                self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", data)
                self._db.commit()
        except (sqlite3.DatabaseError, _OverBudget) as exc:
            self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        """Locked or read-only: go on without storing. Unsound (damaged, over budget):
        set it aside and start a new index."""
        if isinstance(exc, sqlite3.OperationalError) and not self._over_budget:
            self.notice = f"the report index {self.path} could not be used ({_one_line(exc)})"
            return
        self._db.close()
        try:
            self._set_aside(exc)
            self._db = self._open()
        except (_Unusable, sqlite3.DatabaseError, OSError) as again:
            # go on with an index for this run only
            self.notice = (
                f"the report index {self.path} was unusable ({_one_line(again)}); not kept"
            )
            self._db = sqlite3.connect(":memory:")
            self._db.execute(TABLE_SQL)

    def close(self) -> None:
        self._db.close()


class _Budget:
    """``with index._budget():`` the statements inside must end before the deadline."""

    def __init__(self, index: ReportIndex) -> None:
        self.index = index

    def __enter__(self) -> None:
        self.index._deadline = time.monotonic() + QUERY_BUDGET_S

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if self.index._over_budget and isinstance(exc, sqlite3.OperationalError):
            raise _OverBudget() from exc


def _range(folder: str) -> tuple[bytes, bytes]:
    """Keys under ``folder``: from ``folder/`` up to ``folder0`` (``0`` follows ``/``)."""
    prefix = key_bytes(os.path.join(folder, ""))
    return prefix, prefix[:-1] + b"0"


def _refuse_special_files(path: Path) -> None:
    """Only a regular file (or nothing) is opened as the index and its side files: a
    FIFO there would block, a link could point at anyone's file."""
    for name in (str(path), *(str(path) + s for s in _SIDE_FILES)):
        try:
            mode = os.lstat(name).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            raise _Unusable(f"{os.path.basename(name)} is not a regular file")


def _defend(db: sqlite3.Connection) -> None:
    """SQLite's own defences for a file of unknown origin (before any other query)."""
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    db.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
    db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "mmap_size = 0"):
        db.execute(f"PRAGMA {pragma}")


def _check_schema(db: sqlite3.Connection) -> None:
    """Exactly our table, or nothing (a new file: create it). Reading the schema runs
    nothing in it; anything else there (a view, a trigger, an index, another table
    or column) is refused before any query touches it."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    objects = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    if not objects and not version:
        db.execute(TABLE_SQL)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.commit()
        return
    if version != SCHEMA_VERSION:
        raise _Unusable(f"written by another version ({version}, not {SCHEMA_VERSION})")
    if objects != [("table", "files", "files", TABLE_SQL)]:
        kinds = sorted({f"{kind} {name!r}" for kind, name, _, _ in objects})
        raise _Unusable("unexpected schema: " + ", ".join(kinds[:4]))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def decode_rows(rows: list[tuple[FoundFile, str]]) -> dict[str, FileResult]:
    """The facts of the rows, by key, decoded a batch at a time; a row that does not
    decode is left out, so its file is read again."""
    results = decode_texts([f.path for f, _ in rows], [facts for _, facts in rows])
    return {
        file.key: result
        for (file, _), result in zip(rows, results, strict=True)
        if result is not None
    }
