"""The ``.amrec`` file: one SQLite database (stdlib ``sqlite3``).

Tables (schema version 1):

``schema_version(version)``
    one row; a reader refuses a version it does not know.
``meta(key, value)``
    JSON values: ``source``, ``description``, ``device``, ``capabilities``,
    ``interval``, ``created`` (wall-clock ISO time), ``scenario``, ``seed``,
    ``app_version``, ``kernel_facts`` (``model.facts_to_dict``; optional);
    ``closed`` (wall-clock ISO time) only once the writer closed the
    file cleanly — a file without it was cut off (crash, kill, full disk).
``samples(seq, t, keyframe, system, processes)``
    one row per sample, ``seq`` 0, 1, 2 … in recording order, ``t`` the snapshot's
    time on the source's clock, ``system`` and ``processes`` its two deflated JSON
    frames, whole (``keyframe`` = 1) or changes against the previous sample
    (``recording.codec``). Indexed by ``t``.
``events(id, seq, t, kind, data)``
    the events drained with sample ``seq`` (``model.event_to_dict`` JSON). Indexed by
    ``t`` and ``seq``.
``reports(id, seq, t, format, text)``
    the jetsam reports the source wrote, in their own file format
    (``reports.render_report``), read back with ``reports.parse_bytes``.

Each sample, with its events and reports, is one transaction: a file cut off at any
moment holds whole samples only. The writer keeps the database in WAL mode while it
writes and switches it back to a single file (``journal_mode=DELETE``) on close.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
SUFFIX = ".amrec"
#: the first 16 bytes of every SQLite 3 database file
SQLITE_MAGIC = b"SQLite format 3\x00"

DDL = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE samples (
    seq INTEGER PRIMARY KEY,
    t REAL NOT NULL,
    keyframe INTEGER NOT NULL,
    system BLOB NOT NULL,
    processes BLOB NOT NULL
);
CREATE INDEX samples_t ON samples (t);
CREATE INDEX samples_keyframes ON samples (keyframe, seq);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    t REAL NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX events_t ON events (t);
CREATE INDEX events_seq ON events (seq);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    t REAL NOT NULL,
    format TEXT NOT NULL,
    text BLOB NOT NULL
);
CREATE INDEX reports_t ON reports (t);
CREATE INDEX reports_seq ON reports (seq);
"""


class RecordingError(Exception):
    """A recording cannot be written or read; the message is one line naming the file."""


def looks_like_recording(head: bytes) -> bool:
    """Whether a file's first bytes are an SQLite database (a recording, or was one)."""
    return head.startswith(SQLITE_MAGIC)
