"""Building hostile recordings for the tests: a small valid recording of the simulator
(keyframes every third sample), and mutations of a copy made with the standard
library from the documented layout (``recording/schema.py``): a value of any type in
any field, huge and non-finite numbers, frames that are text, garbage or bombs, times
that are not numbers, views, triggers, truncations."""

from __future__ import annotations

import json
import math
import shutil
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from activitymon.model import Snapshot
from activitymon.recording import RecordingWriter, writer
from activitymon.recording.codec import FIELDS
from activitymon.sources.sim import SimulatorSource

#: keyframes at 0, 3, 6 (a short MAX_DELTAS), so a damaged keyframe spoils its third
SAMPLES = 9
KEY_EVERY = 3

#: values no field of a recording holds
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "abc",
            "",
            "\x1b[2J",
            None,
            True,
            -1,
            -(10**12),
            10**19,
            10**400,
            1e308,
            -1e308,
            float("inf"),
            float("nan"),
            [],
            [1, 2],
            {},
            {"bytes": "x", "fatal": 1},
            {"a": [1, {"b": None}]},
        ]
    ),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
)


def build_valid(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Snapshot]:
    """A recording of the ``hog`` scenario, one sample a second, with its events and
    reports; returns the snapshots written."""
    monkeypatch.setattr(writer, "MAX_DELTAS", KEY_EVERY - 1)
    source = SimulatorSource.open("hog")
    snapshots: list[Snapshot] = []
    with RecordingWriter(path, source="sim", description="hog", interval=1.0) as out:
        for _ in range(SAMPLES):
            snap = source.sample()
            out.add(snap, source.drain_events(), source.drain_reports())
            snapshots.append(snap)
            source.advance(1.0)
    source.close()
    return snapshots


def _frame(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob))


def pack_raw(value: Any) -> bytes:
    """A frame as the writer deflates it, of any JSON value (NaN and huge numbers too)."""
    return zlib.compress(json.dumps(value).encode())


@dataclass(frozen=True)
class Mutation:
    """One change to a recording; ``touches`` the samples whose reading it may change
    (``None``: any of them, or the file as a whole)."""

    label: str
    apply: Callable[[sqlite3.Connection], object]
    touches: frozenset[int] | None


def _group(key: int) -> frozenset[int]:
    return frozenset(range(key, min(key + KEY_EVERY, SAMPLES)))


def _rewrite(db: sqlite3.Connection, seq: int, column: str, change: Callable[[Any], Any]) -> None:
    """Change one decoded frame (nothing, when an earlier mutation left none to decode)."""
    row = db.execute(f"SELECT {column} FROM samples WHERE seq = ?", (seq,)).fetchone()
    try:
        frame = change(_frame(row[0]))
    except (
        TypeError,
        ValueError,
        KeyError,
        IndexError,
        AttributeError,
        RecursionError,
        zlib.error,
    ):
        return
    db.execute(f"UPDATE samples SET {column} = ? WHERE seq = ?", (pack_raw(frame), seq))


@st.composite
def row_field(draw: st.DrawFn) -> Mutation:
    """A value of a process row of a keyframe."""
    key = draw(st.sampled_from(range(0, SAMPLES, KEY_EVERY)))
    name = draw(st.sampled_from(FIELDS))
    value = draw(HOSTILE)
    row = draw(st.integers(0, 40))

    def change(frame: dict[str, Any]) -> dict[str, Any]:
        rows = frame["processes"]
        rows[row % len(rows)][frame["fields"].index(name)] = value
        return frame

    return Mutation(
        f"keyframe {key} row {row} {name}={value!r:.30}",
        lambda db: _rewrite(db, key, "processes", change),
        _group(key),
    )


SYSTEM_KEYS = (
    "time",
    "memory",
    "level",
    "memorystatus_level",
    "era",
    "thresholds",
    "psi",
    "device",
    "next_victim",
    "wall_time",
    "extra",
)
MEMORY_KEYS = ("page_size", "total_pages", "free_pages", "wired_pages", "swap_used_bytes")


@st.composite
def system_value(draw: st.DrawFn) -> Mutation:
    """A value of a sample's system part (a key of it, or of its memory)."""
    seq = draw(st.integers(0, SAMPLES - 1))
    inner = draw(st.booleans())
    key = draw(st.sampled_from(MEMORY_KEYS if inner else SYSTEM_KEYS))
    value = draw(HOSTILE)

    def change(frame: dict[str, Any]) -> dict[str, Any]:
        if inner:
            if isinstance(frame.get("memory"), dict):
                frame["memory"][key] = value
        else:
            frame[key] = value
        return frame

    # a delta carries the value on to the samples after it, up to the next keyframe
    key_after = (seq // KEY_EVERY + 1) * KEY_EVERY
    return Mutation(
        f"sample {seq} system {'memory.' if inner else ''}{key}={value!r:.30}",
        lambda db: _rewrite(db, seq, "system", change),
        frozenset(range(seq, min(key_after, SAMPLES))),
    )


DELTA_KEYS = ("vanished", "changed", "appeared", "at", "order")


@st.composite
def delta_frame(draw: st.DrawFn) -> Mutation:
    """A delta's process frame, replaced by one of hostile parts."""
    seq = draw(st.sampled_from([s for s in range(SAMPLES) if s % KEY_EVERY]))
    frame = draw(st.dictionaries(st.sampled_from(DELTA_KEYS), HOSTILE, max_size=3))
    blob = pack_raw(frame)
    key_after = (seq // KEY_EVERY + 1) * KEY_EVERY
    return Mutation(
        f"delta {seq} = {frame!r:.60}",
        lambda db: db.execute("UPDATE samples SET processes = ? WHERE seq = ?", (blob, seq)),
        frozenset(range(seq, min(key_after, SAMPLES))),
    )


def _bomb(size: int) -> bytes:
    return zlib.compress(b'{"x":"' + b" " * size + b'"}', 9)


#: columns as SQLite stores them, with values no writer stores (built once: the bombs
#: take a moment)
STORED: list[tuple[str, Any]] = [
    ("t", "soon"),
    ("t", None),
    ("t", 9e999),
    ("t", -1e308),
    ("t", 10**18),
    ("keyframe", 0),
    ("keyframe", "yes"),
    ("system", "{}"),
    ("system", b"garbage"),
    ("system", pack_raw([1, 2])),
    ("system", zlib.compress(b"[" * 100_000)),
    ("system", _bomb(8 << 20)),
    ("processes", _bomb(64 << 20)),
    ("processes", zlib.compress(b'{"fields":' + b"9" * 5000 + b"}")),
    ("processes", zlib.compress(b'{"fields": NaN}')),
    ("processes", zlib.compress(b"\xff\xfe")),
    ("processes", pack_raw({"x": 1})[:-3]),
]


@st.composite
def stored_value(draw: st.DrawFn) -> Mutation:
    """A column of the samples, meta or schema_version table, as SQLite stores it."""
    seq = draw(st.integers(0, SAMPLES - 1))
    column, value = draw(st.sampled_from(STORED))
    if column == "t" and value is None:
        # NOT NULL: rebuild the table as a careless tool would, without constraints
        def apply(db: sqlite3.Connection) -> None:
            db.executescript(
                "CREATE TABLE s2 (seq, t, keyframe, system, processes);"
                "INSERT INTO s2 SELECT * FROM samples; DROP TABLE samples;"
                "ALTER TABLE s2 RENAME TO samples;"
            )
            db.execute("UPDATE samples SET t = NULL WHERE seq = ?", (seq,))

        return Mutation(f"sample {seq} t NULL (table rebuilt)", apply, None)
    touches = None if column in ("t", "keyframe") else frozenset(range(seq, SAMPLES))
    return Mutation(
        f"sample {seq} {column}={value!r:.30}",
        lambda db: db.execute(f"UPDATE samples SET {column} = ? WHERE seq = ?", (value, seq)),
        touches,
    )


@st.composite
def file_level(draw: st.DrawFn) -> Mutation:
    """The recording's own tables: meta values, the schema version, missing rows."""
    choice = draw(
        st.sampled_from(
            [
                ("meta", "interval"),
                ("meta", "source"),
                ("meta", "capabilities"),
                ("meta", "kernel_facts"),
                ("meta", "closed"),
                ("version", None),
                ("delete", None),
            ]
        )
    )
    value = draw(HOSTILE)
    if choice[0] == "meta":
        text = json.dumps(value) if draw(st.booleans()) else str(value)
        return Mutation(
            f"meta {choice[1]}={text:.30}",
            lambda db: db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (choice[1], text)),
            frozenset(),
        )
    if choice[0] == "version":
        return Mutation(
            f"schema_version={value!r:.30}",
            lambda db: db.execute("UPDATE schema_version SET version = ?", (_storable(value),)),
            None,
        )
    seq = draw(st.integers(0, SAMPLES - 1))
    return Mutation(
        f"sample {seq} deleted",
        lambda db: db.execute("DELETE FROM samples WHERE seq = ?", (seq,)),
        None,
    )


def _storable(value: Any) -> Any:
    """A value SQLite keeps in a NOT NULL column (NULL and NaN, which it stores as NULL,
    become text)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    if isinstance(value, bool | str | float):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    return json.dumps(value)


MUTATIONS = st.one_of(row_field(), system_value(), delta_frame(), stored_value(), file_level())


def mutated_copy(valid: Path, folder: Path, mutations: list[Mutation]) -> Path:
    path = folder / "hostile.amrec"
    shutil.copyfile(valid, path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")  # a scratch copy: no fsync per example
    db.execute("PRAGMA journal_mode=MEMORY")
    try:
        for mutation in mutations:
            mutation.apply(db)
        db.commit()
    finally:
        db.close()
    return path
