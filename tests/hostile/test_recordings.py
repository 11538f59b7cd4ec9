"""Recordings as untrusted input (issue 30 items 1, 3 and 6): a hostile recording is
refused in one line naming the file, or read correctly — never a traceback, a signal
or a hang; SQL in a file never runs; the window never sees an unchecked value; a
missing, unreadable or locked write-ahead log, and a recording still being written,
say exactly that."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activitymon.model import Snapshot
from activitymon.recording import Recording, RecordingError, RecordingWriter
from activitymon.sources import SourceError
from activitymon.sources.recording import RecordingSource
from tests.hostile.conftest import ends_within
from tests.hostile.recordings import (
    MUTATIONS,
    SAMPLES,
    Mutation,
    build_valid,
    mutated_copy,
    pack_raw,
)


class ValidRecording(tuple[Path, list[Snapshot]]):
    """(path, the snapshots written); shown by its path alone in a failing example."""

    def __repr__(self) -> str:
        return f"ValidRecording({self[0]})"


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> ValidRecording:
    path = tmp_path_factory.mktemp("valid") / "valid.amrec"
    with pytest.MonkeyPatch.context() as patch:
        snapshots = build_valid(path, patch)
    return ValidRecording((path, snapshots))


def _one_line(exc: Exception, path: Path) -> None:
    text = str(exc)
    assert "\n" not in text, text
    assert path.name in text, text
    assert len(text) < 600, text


def _plain(value: Any, where: str = "") -> None:
    """Every number a value holds is finite and fits 64 bits; every text is bounded
    (what a Qt view can take). Independent of the reader's own checks."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        assert -(2**63) <= value < 2**63, where
    elif isinstance(value, float):
        assert math.isfinite(value), where
    elif isinstance(value, str):
        assert len(value) <= 65_536, where
    elif isinstance(value, tuple | list | frozenset):
        for item in value:
            _plain(item, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            _plain(key, where)
            _plain(item, f"{where}.{key}")
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _plain(getattr(value, f.name), f"{where}.{f.name}")


def _check_snapshot(snap: Snapshot) -> None:
    _plain(snap, "snapshot")
    assert isinstance(snap.time, int | float)
    assert isinstance(snap.memory.page_size, int)
    assert snap.memory.page_size > 0
    for proc in snap.processes:
        assert type(proc.pid) is int
        assert isinstance(proc.name, str)
        for figure in (proc.footprint_bytes, proc.rss_bytes, proc.lifetime_max_bytes):
            assert figure is None or (isinstance(figure, int) and figure >= 0)
    pids = [p.pid for p in snap.processes]
    assert len(pids) == len(set(pids))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(MUTATIONS, min_size=1, max_size=3),
    st.sampled_from([None, None, None, 0.2, 0.6, 0.97]),
)
def test_a_hostile_recording_is_refused_in_one_line_or_read_correctly(
    valid: ValidRecording, tmp_path: Path, mutations: list[Mutation], cut: float | None
) -> None:
    source, originals = valid
    path = mutated_copy(source, tmp_path, mutations)
    if cut is not None:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * cut)])
    whole = cut is None and all(m.touches is not None for m in mutations)
    touched: set[int] = set()
    for mutation in mutations:
        touched |= mutation.touches or set()
    with ends_within(60):
        try:
            recording = Recording(path)
        except RecordingError as exc:
            _one_line(exc, path)
            return
        with recording:
            if whole:
                assert recording.sample_count == SAMPLES
            for seq in range(recording.sample_count):
                snap = _read(recording, seq, path)
                if snap is None:  # refused: only a sample the mutations reach may be
                    assert not whole or seq in touched, seq
                    continue
                _check_snapshot(snap)
                if whole and seq not in touched:
                    assert snap == originals[seq]
            for call in (
                lambda: recording.system_history(0, recording.sample_count - 1),
                lambda: recording.events(-1, recording.sample_count - 1),
                lambda: recording.reports(-1, recording.sample_count - 1),
            ):
                try:
                    _plain(call(), "read")
                except RecordingError as exc:
                    _one_line(exc, path)


def _read(recording: Recording, seq: int, path: Path) -> Snapshot | None:
    """Sample ``seq``, or ``None`` when it is refused in one line."""
    try:
        return recording.snapshot(seq)
    except RecordingError as exc:
        _one_line(exc, path)
        return None


def test_the_valid_recording_reads_back_whole(valid: ValidRecording) -> None:
    path, originals = valid
    with Recording(path) as recording:
        assert recording.info.complete
        assert recording.info.problem is None
        assert [recording.snapshot(s) for s in range(SAMPLES)] == originals


# -- the window's segfault: a footprint that is text ----------------------------------------


def _footprint_text(valid: ValidRecording, folder: Path) -> Path:
    source, _ = valid

    def apply(db: sqlite3.Connection) -> None:
        for seq, blob in db.execute("SELECT seq, processes FROM samples WHERE keyframe = 1"):
            import json
            import zlib

            frame = json.loads(zlib.decompress(blob))
            at = frame["fields"].index("footprint_bytes")
            for row in frame["processes"]:
                row[at] = "abc"
            db.execute("UPDATE samples SET processes = ? WHERE seq = ?", (pack_raw(frame), seq))

    return mutated_copy(source, folder, [Mutation("footprint text", apply, None)])


def test_a_text_footprint_never_reaches_the_window(valid: ValidRecording, tmp_path: Path) -> None:
    path = _footprint_text(valid, tmp_path)
    source = RecordingSource.open(path)
    with pytest.raises(SourceError) as info:
        source.sample()
    assert "footprint_bytes: expected an integer" in str(info.value)
    assert "'abc'" in str(info.value)
    source.close()


def test_the_window_shows_a_text_footprint_recording_without_crashing(
    valid: ValidRecording, tmp_path: Path
) -> None:
    """Before: two ``TypeError`` tracebacks, then ``Segmentation fault`` (exit 139)."""
    path = _footprint_text(valid, tmp_path)
    shot = tmp_path / "shot.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "activitymon",
            "--screenshot",
            str(shot),
            "--quit-after",
            "2",
            "--view",
            "table",
            str(path),
        ],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "Traceback" not in err, err
    assert shot.exists()


# -- SQL inside a file never runs -----------------------------------------------------------

_RECURSIVE = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (
            [
                "DROP TABLE meta",
                f"CREATE VIEW meta AS {_RECURSIVE} SELECT 'k' || x AS key, '1' AS value FROM c",
            ],
            "holds a view (meta), which no recording has",
        ),
        (
            [
                "DROP TABLE meta",
                "CREATE VIEW meta AS SELECT 'source' AS key, "
                "printf('%.*c', 900000000, 'x') AS value",
            ],
            "holds a view (meta)",
        ),
        (
            [
                "ALTER TABLE samples RENAME TO s0",
                f"CREATE VIEW samples AS {_RECURSIVE} "
                "SELECT x AS seq, x AS t, 1 AS keyframe, NULL AS system, NULL AS processes FROM c",
            ],
            "holds a view (samples)",
        ),
        (
            ["CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM samples; END"],
            "holds a trigger (t)",
        ),
        (
            [
                "DROP TABLE meta",
                "CREATE TABLE meta (key TEXT, v TEXT, "
                "value TEXT AS (printf('%.*c', 900000000, 'x')))",
                "INSERT INTO meta (key, v) VALUES ('source', '1')",
            ],
            "its meta table has columns key, v, value, not key, value",
        ),
    ],
    ids=["endless-view", "huge-string-view", "samples-view", "trigger", "generated-column"],
)
def test_sql_in_a_recording_is_refused_before_it_runs(
    valid: ValidRecording, tmp_path: Path, statements: list[str], message: str
) -> None:
    """In a subprocess with a time bound: before the fix, each of these hung the reader
    or took gigabytes."""
    source, _ = valid

    def apply(db: sqlite3.Connection) -> None:
        for sql in statements:
            db.execute(sql)

    path = mutated_copy(source, tmp_path, [Mutation("sql", apply, None)])
    done = subprocess.run(
        [sys.executable, "-m", "activitymon", "snapshot", "--recording", str(path)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.count("\n") == 1, err
    assert message in err, err


_BUDGET = """
import sys
from pathlib import Path
from activitymon.recording import database
database.QUERY_SECONDS = 0.5
store = database.Database(Path(sys.argv[1]))
try:
    store.query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                "SELECT count(*) FROM c")
except Exception as exc:
    print(type(exc).__name__, store.error(exc))
"""


def test_every_query_runs_under_a_budget(valid: ValidRecording) -> None:
    path, _ = valid
    done = subprocess.run(
        [sys.executable, "-c", _BUDGET, str(path)], capture_output=True, timeout=60, check=False
    )
    out = done.stdout.decode()
    # without the budget the endless query never returns (the time bound above fails)
    assert out.startswith("OperationalError "), (out, done.stderr.decode())
    assert "a query ran past its budget (0.5 s)" in out


@pytest.mark.parametrize("size", [1 << 30, 64 << 20])
def test_a_deflate_bomb_is_refused_before_it_is_inflated(size: int) -> None:
    import zlib

    from activitymon.recording.frame_io import MAX_PROCESS_FRAME, unpack

    squeeze = zlib.compressobj(9)
    parts = [squeeze.compress(b'{"x":"')]
    chunk = b" " * (1 << 20)
    parts += [squeeze.compress(chunk) for _ in range(size >> 20)]
    parts.append(squeeze.compress(b'"}') + squeeze.flush())
    blob = b"".join(parts)
    with pytest.raises(ValueError, match=r"a deflate bomb|larger than the 4,096 KiB") as info:
        unpack(blob, MAX_PROCESS_FRAME)
    assert "\n" not in str(info.value)


# -- files that are not files, and honest states --------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link", "directory", "socket"])
def test_a_recording_that_is_not_a_file_is_refused_before_open(tmp_path: Path, kind: str) -> None:
    import socket

    path = tmp_path / "x.amrec"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero-link":
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    expected = {
        "fifo": "is a named pipe (FIFO), not a recording",
        "dev-zero-link": "is a character device, not a recording",
        "directory": "is a directory, not a recording",
        "socket": "is a socket, not a recording",
    }[kind]
    with ends_within(), pytest.raises(RecordingError, match=re.escape(expected)):
        Recording(path)


def test_a_companion_that_is_a_fifo_is_refused(valid: ValidRecording, tmp_path: Path) -> None:
    source, _ = valid
    path = mutated_copy(source, tmp_path, [])
    os.mkfifo(f"{path}-journal")
    with ends_within(), pytest.raises(RecordingError, match=r"its -journal file is a named pipe"):
        Recording(path)


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
os._exit(0)  # as a killed writer: every sample is still in the -wal file
"""


@pytest.fixture
def in_wal(valid: ValidRecording, tmp_path: Path) -> Path:
    source, _ = valid
    path = tmp_path / "cut.amrec"
    subprocess.run([sys.executable, "-c", _IN_WAL, str(source), str(path)], check=True)
    Path(f"{path}-shm").unlink(missing_ok=True)
    assert Path(f"{path}-wal").stat().st_size > 0
    return path


def test_a_recording_in_its_write_ahead_log_reads_as_cut_off(in_wal: Path) -> None:
    with Recording(in_wal) as recording:
        assert recording.sample_count == SAMPLES
        assert recording.info.problem is not None
        assert "cut off" in recording.info.problem


def test_a_missing_write_ahead_log_says_how_to_get_it_back(in_wal: Path, tmp_path: Path) -> None:
    """Before: "not an activitymon recording (no schema_version)"."""
    copy = tmp_path / "copied" / "cut.amrec"
    copy.parent.mkdir()
    copy.write_bytes(in_wal.read_bytes())
    with pytest.raises(RecordingError) as info:
        Recording(copy)
    assert "its write-ahead log (cut.amrec-wal) is missing" in str(info.value)
    assert "copy the -wal file beside it" in str(info.value)
    assert sorted(p.name for p in copy.parent.iterdir()) == ["cut.amrec"]  # nothing made


def test_an_unreadable_write_ahead_log_says_so(in_wal: Path) -> None:
    wal = Path(f"{in_wal}-wal")
    wal.chmod(0)
    try:
        if os.access(wal, os.R_OK):
            pytest.skip("this user reads files whatever their mode (root)")
        with pytest.raises(RecordingError, match=r"its write-ahead log \(cut.amrec-wal\) cannot"):
            Recording(in_wal)
    finally:
        wal.chmod(0o644)


_LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
"""


def test_a_recording_locked_by_another_program_says_so(
    valid: ValidRecording, tmp_path: Path
) -> None:
    source, _ = valid
    path = mutated_copy(source, tmp_path, [])
    locker = subprocess.Popen(
        [sys.executable, "-c", _LOCKER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert locker.stdout is not None
        assert locker.stdout.readline().strip() == b"locked"
        with ends_within(), pytest.raises(RecordingError) as info:
            Recording(path)
    finally:
        locker.communicate(b"\n", timeout=30)
    assert "locked by another program" in str(info.value)
    assert "copy the file" in str(info.value)


def test_a_recording_still_being_written_says_so_and_shows_what_is_committed(
    tmp_path: Path,
) -> None:
    from activitymon.sources.sim import SimulatorSource

    path = tmp_path / "live.amrec"
    source = SimulatorSource.open("hog")
    with RecordingWriter(path, source="sim", description="hog") as writer:
        for _ in range(3):
            writer.add(source.sample())
            source.advance(1.0)
        writer.flush()
        with Recording(path) as recording:
            problem = recording.info.problem
            assert recording.sample_count == 3
        assert problem is not None
        assert "still being written" in problem
        assert f"pid {os.getpid()}" in problem
        assert "3 samples committed so far" in problem
    source.close()
    with Recording(path) as recording:  # closed now: whole, no problem
        assert recording.info.problem is None


def test_a_cut_off_notice_escapes_the_file_name(
    valid: ValidRecording, tmp_path: Path, run_cli: Any
) -> None:
    source, _ = valid
    path = tmp_path / "\x1b]0;owned\x07\x1b[2J.amrec"
    path.write_bytes(source.read_bytes())
    db = sqlite3.connect(path)
    db.execute("DELETE FROM meta WHERE key = 'closed'")
    db.commit()
    db.close()
    status, _out, err = run_cli("snapshot", "--recording", str(path))
    assert status == 0
    assert "cut off" in err
    assert "\x1b" not in err
    assert "\x07" not in err
    assert "\\x1b]0;owned\\x07" in err


def test_a_non_utf8_file_name_reads(valid: ValidRecording, tmp_path: Path, run_cli: Any) -> None:
    source, _ = valid
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9-\xff.amrec")
    path = Path(os.fsdecode(raw))
    path.write_bytes(source.read_bytes())
    with Recording(path) as recording:
        assert recording.sample_count == SAMPLES
    status, out, err = run_cli("snapshot", "--recording", str(path), "--json")
    assert status == 0, err
    assert '"processes"' in out


def test_every_field_a_recording_holds_is_checked() -> None:
    """A field added to a model value later is checked from its annotation; one whose
    annotation gives no check must be named here (the processes: each row is checked
    as it is built)."""
    from activitymon.model import MemoryStats, ProcessInfo
    from activitymon.model.events import EVENT_TYPES
    from activitymon.recording.checks import unchecked_fields

    assert unchecked_fields(ProcessInfo) == []
    assert unchecked_fields(MemoryStats) == []
    assert unchecked_fields(Snapshot) == ["processes"]
    for kind, cls in EVENT_TYPES.items():
        assert unchecked_fields(cls) == [], kind
