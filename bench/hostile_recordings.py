"""Hostile ``.amrec`` recordings for ``hostile_corpus.py``: a valid recording, then
copies damaged or crafted one way each (wrong types, huge and non-finite numbers,
views, triggers, bombs, truncations, files in write-ahead-log states).

Built with the standard library only (``sqlite3``, ``zlib``, ``json``) from the
documented file layout (``recording/schema.py``), so the same corpus runs against any
version of activitymon.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Data = dict[str, Any]
Mutation = Callable[[sqlite3.Connection], None]


def _frame(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob))


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, separators=(",", ":")).encode())


def _pack_raw(text: str) -> bytes:
    return zlib.compress(text.encode())


def _rewrite(column: str, change: Callable[[Any], Any], keyframes_only: bool = True) -> Mutation:
    """Change the decoded ``column`` frame of every (key)frame."""

    def apply(db: sqlite3.Connection) -> None:
        where = " WHERE keyframe = 1" if keyframes_only else ""
        rows = db.execute(f"SELECT seq, {column} FROM samples{where}").fetchall()
        for seq, blob in rows:
            value = change(_frame(blob))
            data = value if isinstance(value, bytes | str) else _pack(value)
            db.execute(f"UPDATE samples SET {column} = ? WHERE seq = ?", (data, seq))

    return apply


def _rows(change: Callable[[Data, list[Any]], None]) -> Mutation:
    """Change every process row of every keyframe (``change(frame, row)``)."""

    def per_frame(frame: Data) -> Data:
        for row in frame["processes"]:
            change(frame, row)
        return frame

    return _rewrite("processes", per_frame)


def _field(name: str, value: Any) -> Mutation:
    def set_field(frame: Data, row: list[Any]) -> None:
        row[frame["fields"].index(name)] = value

    return _rows(set_field)


def _system(key: str, value: Any) -> Mutation:
    """Set ``key`` of the system part in every frame (a delta's too: it would carry
    the true value over the keyframe's otherwise)."""

    def change(frame: Data) -> Data:
        frame[key] = value
        return frame

    return _rewrite("system", change, keyframes_only=False)


def _memory(key: str, value: Any) -> Mutation:
    def change(frame: Data) -> Data:
        if isinstance(frame.get("memory"), dict):
            frame["memory"][key] = value
        return frame

    return _rewrite("system", change, keyframes_only=False)


def _sql(*statements: str, params: tuple[Any, ...] = ()) -> Mutation:
    def apply(db: sqlite3.Connection) -> None:
        for sql in statements:
            db.execute(sql, params if "?" in sql else ())

    return apply


def _delta(change: Data) -> Mutation:
    """Replace the process frame of sample 1 (a delta) by ``change``."""
    return _sql("UPDATE samples SET processes = ? WHERE seq = 1", params=(_pack(change),))


def _bomb(size: int) -> bytes:
    """A deflated JSON object of ``size`` bytes (a string of spaces), built in chunks."""
    squeeze = zlib.compressobj(9)
    out = [squeeze.compress(b'{"x":"')]
    chunk = b" " * (1 << 20)
    for _ in range(size >> 20):
        out.append(squeeze.compress(chunk))
    out.append(squeeze.compress(b'"}'))
    out.append(squeeze.flush())
    return b"".join(out)


def _retable(table: str, columns: str) -> Mutation:
    """Rebuild ``table`` without its constraints (so NULLs and text fit anywhere)."""
    return _sql(
        f"CREATE TABLE {table}_new ({columns})",
        f"INSERT INTO {table}_new SELECT * FROM {table}",
        f"DROP TABLE {table}",
        f"ALTER TABLE {table}_new RENAME TO {table}",
    )


_LOOSE_SAMPLES = "seq, t, keyframe, system, processes"
_RECURSIVE = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"


def mutations() -> Iterator[tuple[str, Mutation, bool]]:
    """(name, mutation, opened in the window too?)"""
    yield "ok", _sql(), True
    yield "footprint-text", _field("footprint_bytes", "abc"), True
    yield "footprint-400-digits", _field("footprint_bytes", 10**400), True
    yield "footprint-infinity", _field("footprint_bytes", float("inf")), True
    yield "footprint-nan", _field("footprint_bytes", float("nan")), False
    yield "footprint-1e308", _field("footprint_bytes", 1e308), True
    yield "footprint-negative", _field("footprint_bytes", -5), False
    yield "footprint-list", _field("footprint_bytes", [1, 2]), False
    yield "rss-object", _field("rss_bytes", {"a": 1}), True
    yield "name-number", _field("name", 7), True
    yield "name-escape", _field("name", "\x1b[2J\x1b]0;owned\x07evil"), False
    yield "name-huge", _field("name", "n" * 5_000_000), False
    yield "pid-text", _field("pid", "x"), True
    yield "pid-huge", _field("pid", 10**30), False
    yield "pid-duplicate", _field("pid", 1), True
    yield "band-huge", _field("band", 10**20), True
    yield "states-unknown", _field("states", ["zombie"]), False
    yield "states-text", _field("states", "frontmost"), False
    yield "limit-list", _field("limit", [1, 2]), True
    yield "limit-bytes-text", _field("limit", {"bytes": "x", "fatal": True}), False
    yield "cpu-infinity", _field("cpu_percent", float("inf")), False
    yield "row-short", _rows(lambda f, row: row.pop()), False
    yield "processes-object", _rewrite("processes", lambda f: {**f, "processes": {"a": 1}}), False
    yield "fields-number", _rewrite("processes", lambda f: {**f, "fields": 5}), False
    yield "time-text", _system("time", "soon"), True
    yield "time-infinity", _system("time", float("inf")), False
    yield "memory-missing", _system("memory", None), False
    yield "memory-list", _system("memory", [1, 2]), False
    yield "page-size-zero", _memory("page_size", 0), True
    yield "page-size-text", _memory("page_size", "16k"), False
    yield "total-pages-400-digits", _memory("total_pages", 10**400), True
    yield "free-pages-negative", _memory("free_pages", -(10**12)), True
    yield "level-unknown", _system("level", "apocalyptic"), False
    yield "era-unknown", _system("era", 42), False
    yield "thresholds-list", _system("thresholds", [1]), False
    yield "psi-text", _system("psi", "high"), False
    yield "extra-text", _system("extra", {"a": "b"}), False
    yield "next-victim-text", _system("next_victim", "me"), False
    yield "memorystatus-level-huge", _system("memorystatus_level", 10**25), False
    yield (
        "frames-deep",
        _sql("UPDATE samples SET system = ?", params=(_pack_raw("[" * 200_000),)),
        True,
    )
    yield "frames-text", _sql("UPDATE samples SET system = CAST('{}' AS TEXT)"), True
    yield (
        "frames-not-deflated",
        _sql("UPDATE samples SET processes = CAST('{\"a\":1}' AS BLOB)"),
        False,
    )
    yield "frames-garbage", _sql("UPDATE samples SET processes = randomblob(300)"), False
    yield "frames-list", _sql("UPDATE samples SET system = ?", params=(_pack([1, 2]),)), False
    yield (
        "frames-huge-int",
        _sql("UPDATE samples SET system = ?", params=(_pack_raw('{"time":' + "9" * 5000 + "}"),)),
        False,
    )
    yield (
        "frames-infinity",
        _sql("UPDATE samples SET system = ?", params=(_pack_raw('{"time":Infinity}'),)),
        False,
    )
    yield (
        "bomb-system",
        _sql("UPDATE samples SET system = ? WHERE seq = 0", params=(_bomb(1 << 30),)),
        True,
    )
    yield (
        "bomb-processes",
        _sql("UPDATE samples SET processes = ? WHERE seq = 0", params=(_bomb(1 << 30),)),
        False,
    )
    yield "delta-vanished-unknown", _delta({"vanished": [999_999]}), False
    yield "delta-order-text", _delta({"order": ["x"]}), False
    yield "delta-at-huge", _delta({"appeared": [], "at": [10**400]}), False
    yield "delta-changed-text", _delta({"changed": [[1, {"footprint_bytes": "abc"}]]}), True
    yield "delta-changed-list", _delta({"changed": [[1, [1, 2]]]}), False
    yield "delta-appeared-short", _delta({"appeared": [[1, "x"]]}), False
    yield "delta-not-object", _delta([1]), False  # type: ignore[arg-type]  # a wrong frame on purpose
    yield "t-null", _retable("samples", _LOOSE_SAMPLES), False
    yield "t-text", _sql("UPDATE samples SET t = 'soon' WHERE seq = 2"), True
    yield "t-infinity", _sql("UPDATE samples SET t = 9e999 WHERE seq = 2"), False
    yield "t-huge", _sql("UPDATE samples SET t = 1e308 WHERE seq > 3"), True
    yield "t-backwards", _sql("UPDATE samples SET t = 100 - t"), False
    yield "keyframe-missing", _sql("UPDATE samples SET keyframe = 0"), False
    yield "seq-gap", _sql("DELETE FROM samples WHERE seq = 3"), False
    yield "seq-negative", _sql("UPDATE samples SET seq = -seq - 1"), False
    yield "no-samples", _sql("DELETE FROM samples"), False
    yield "schema-version-text", _sql("UPDATE schema_version SET version = 'one'"), False
    yield (
        "schema-version-huge",
        _sql("UPDATE schema_version SET version = 9223372036854775807"),
        False,
    )
    yield "schema-version-missing", _sql("DROP TABLE schema_version"), False
    yield (
        "meta-deep",
        _sql("UPDATE meta SET value = ? WHERE key = 'source'", params=("[" * 100_000,)),
        True,
    )
    yield (
        "meta-huge-int",
        _sql("UPDATE meta SET value = ? WHERE key = 'interval'", params=("9" * 5000,)),
        False,
    )
    yield (
        "meta-interval-infinity",
        _sql("UPDATE meta SET value = 'Infinity' WHERE key = 'interval'"),
        True,
    )
    yield (
        "meta-capabilities-object",
        _sql("UPDATE meta SET value = '{\"a\":1}' WHERE key = 'capabilities'"),
        False,
    )
    yield "meta-device-list", _sql("UPDATE meta SET value = '[1,2]' WHERE key = 'device'"), False
    yield (
        "meta-view-endless",
        _sql(
            "DROP TABLE meta",
            f"CREATE VIEW meta AS {_RECURSIVE} SELECT 'k' || x AS key, '1' AS value FROM c",
        ),
        True,
    )
    yield (
        "meta-view-huge-string",
        _sql(
            "DROP TABLE meta",
            "CREATE VIEW meta AS SELECT 'source' AS key, printf('%.*c', 900000000, 'x') AS value",
        ),
        True,
    )
    yield (
        "samples-view-endless",
        _sql(
            "ALTER TABLE samples RENAME TO s0",
            f"CREATE VIEW samples AS {_RECURSIVE} SELECT x AS seq, x AS t, 1 AS keyframe, "
            "NULL AS system, NULL AS processes FROM c",
        ),
        False,
    )
    yield (
        "trigger",
        _sql("CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM samples; END"),
        False,
    )
    yield (
        "generated-column",
        _sql(
            "DROP TABLE meta",
            "CREATE TABLE meta (key TEXT, v TEXT, value TEXT AS (printf('%.*c', 900000000, 'x')))",
            "INSERT INTO meta (key, v) VALUES ('source', '1')",
        ),
        False,
    )
    yield (
        "events-garbage",
        _sql(
            "INSERT INTO events (seq, t, kind, data) VALUES (1, 1, 'kill', '[[[[[')",
            "INSERT INTO events (seq, t, kind, data) VALUES (1, 1, 'kill', ?)",
            params=("[" * 100_000,),
        ),
        True,
    )
    yield (
        "events-huge-int",
        _sql("UPDATE events SET data = ?", params=('{"t":' + "9" * 5000 + ',"kind":"kill"}',)),
        False,
    )
    yield (
        "events-wrong-types",
        _sql('UPDATE events SET data = \'{"t":"x","kind":[1],"pid":{}}\''),
        True,
    )
    yield "reports-garbage", _sql("UPDATE reports SET text = randomblob(5000)"), False
    yield "reports-text-null", _retable("reports", "id, seq, t, format, text"), False


def make_valid(path: Path, exe: list[str]) -> None:
    """A clean recording of the ``hog`` scenario: 16 samples, events, a report."""
    subprocess.run(
        [*exe, "record", str(path), "--scenario", "hog", "--until", "15"],
        check=True,
        capture_output=True,
        timeout=120,
    )


def damaged(valid: Path, folder: Path) -> Iterator[tuple[str, Path, bool]]:
    """(name, recording, for the window too?) for every mutation and truncation."""
    for name, mutate, window in mutations():
        path = folder / f"{name}.amrec"
        shutil.copyfile(valid, path)
        db = sqlite3.connect(path)
        try:
            if name == "t-null":
                mutate(db)
                db.execute("UPDATE samples SET t = NULL WHERE seq = 2")
            elif name == "reports-text-null":
                mutate(db)
                db.execute("UPDATE reports SET text = NULL")
            else:
                mutate(db)
            db.commit()
        finally:
            db.close()
        yield name, path, window
    data = valid.read_bytes()
    for fraction in (0.02, 0.1, 0.5, 0.9, 0.99):
        path = folder / f"truncated-{fraction}.amrec"
        path.write_bytes(data[: int(len(data) * fraction)])
        yield f"truncated-{fraction}", path, fraction == 0.5
    zeroed = bytearray(data)
    zeroed[4096 * 3 : 4096 * 5] = bytes(8192)
    path = folder / "zeroed-pages.amrec"
    path.write_bytes(bytes(zeroed))
    yield "zeroed-pages", path, True


_IN_WAL = """
import os, sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
db = sqlite3.connect(dst, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("ATTACH ? AS src", (src,))
for (sql,) in db.execute(
    "SELECT sql FROM src.sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC"
).fetchall():
    db.execute(sql)
db.execute("BEGIN")
for table in ("schema_version", "meta", "samples", "events", "reports"):
    db.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
db.execute("DELETE FROM main.meta WHERE key = 'closed'")
db.execute("COMMIT")
db.execute("DETACH src")
os._exit(0)  # as a killed writer: the log is never folded into the file
"""


def in_wal(valid: Path, path: Path) -> None:
    """``path``: the recording cut off while in WAL mode, every sample still in its
    ``-wal`` file (the database file holds the header alone)."""
    subprocess.run([sys.executable, "-c", _IN_WAL, str(valid), str(path)], check=True)
    Path(f"{path}-shm").unlink(missing_ok=True)


def hold_lock(path: Path) -> list[str]:
    """argv of a process that holds an exclusive lock on ``path`` for a minute."""
    code = (
        "import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA locking_mode=EXCLUSIVE')\n"
        "db.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    return [sys.executable, "-c", code, str(path)]


def special_names(valid: Path, folder: Path) -> Iterator[tuple[str, Path]]:
    """A cut-off recording under names with escapes, a line break, non-UTF-8 bytes."""
    for label, name in (
        ("escape-name", "\x1b[2J\x1b]0;owned\x07.amrec"),
        ("newline-name", "line\nforged: yes.amrec"),
        ("bidi-name", "\u202eceram.amrec"),
    ):
        path = folder / name
        _cut_off_copy(valid, path)
        yield label, path
    raw = os.path.join(os.fsencode(folder), b"caf\xe9-\xff.amrec")
    path = Path(os.fsdecode(raw))
    _cut_off_copy(valid, path)
    yield "non-utf8-name", path


def _cut_off_copy(valid: Path, path: Path) -> None:
    shutil.copyfile(valid, path)
    db = sqlite3.connect(path)
    db.execute("DELETE FROM meta WHERE key = 'closed'")
    db.commit()
    db.close()
