"""The ``.amrec`` format: frames rebuild every snapshot exactly, seeking agrees with
playing, and a file cut off by SIGKILL opens up to its last complete sample."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.model import (
    Era,
    JetsamThresholds,
    KillReason,
    MemoryLimit,
    MemoryStats,
    PressureLevel,
    PressureStall,
    ProcessInfo,
    ProcessState,
    Snapshot,
)
from activitymon.recording import Recording, RecordingError, RecordingWriter, writer
from activitymon.recording.codec import FrameEncoder, FrameState
from activitymon.recording.frame_io import pack, unpack

_VARIANTS: tuple[dict[str, object], ...] = (
    {},
    {"name": "hog", "footprint_bytes": 8 << 20, "band": 10, "band_seq": 3},
    {"name": "hog", "footprint_bytes": 16 << 20, "band": 10, "band_seq": 3},
    {"footprint_bytes": None, "rss_bytes": 4096, "cpu_percent": 12.5, "oom_score_adj": -900},
    {"limit": MemoryLimit(50 << 20, fatal=False), "states": frozenset({ProcessState.IDLE})},
    {"states": frozenset({ProcessState.TERMINATED}), "kill_reason": "highwater", "band": 0},
)


_SYSTEMS: tuple[dict[str, object], ...] = (
    {},
    {
        "level": PressureLevel.WARN,
        "memorystatus_level": 12,
        "era": Era.MODERN,
        "thresholds": JetsamThresholds(10, 20, 5, 40),
        "next_victim": (7, KillReason.IDLE_EXIT),
    },
    {"level": PressureLevel.CRITICAL, "memorystatus_level": 3, "era": Era.LEGACY},
    {"psi": PressureStall(1.5, 0.5, 0.25, 1234), "wall_time": 1.7e9, "extra": {"x": 1.0}},
)


@st.composite
def _snapshots(draw: st.DrawFn) -> list[Snapshot]:
    """A run of snapshots whose processes appear, vanish, change and reorder."""
    count = draw(st.integers(1, 8))
    out: list[Snapshot] = []
    for i in range(count):
        pids = draw(st.lists(st.integers(-3, 12), unique=True, max_size=8))
        variants = draw(
            st.lists(st.sampled_from(_VARIANTS), min_size=len(pids), max_size=len(pids))
        )
        procs = tuple(
            ProcessInfo(**{"pid": pid, "name": f"p{pid}", **v})  # type: ignore[arg-type]
            for pid, v in zip(pids, variants, strict=True)
        )
        system = _SYSTEMS[draw(st.integers(0, len(_SYSTEMS) - 1))]
        out.append(
            Snapshot(
                time=float(i) / 2,
                memory=MemoryStats(16384, 1000, free_pages=i * 10, available_pages=900 - i),
                processes=procs,
                device="dev",
                **system,  # type: ignore[arg-type]
            )
        )
    return out


@settings(max_examples=100, deadline=None)
@given(_snapshots())
def test_keyframe_and_deltas_rebuild_every_snapshot(snapshots: list[Snapshot]) -> None:
    encoder = FrameEncoder()
    system, procs = encoder.keyframe(snapshots[0])
    state = FrameState.from_keyframe(unpack(pack(system)), unpack(pack(procs)))
    assert state.snapshot() == snapshots[0]
    for snap in snapshots[1:]:
        system, procs = encoder.delta(snap)
        state.apply(unpack(pack(system)), unpack(pack(procs)))
        assert state.snapshot() == snap


def _sim_snapshots(seconds: int) -> list[Snapshot]:
    from activitymon.sources.sim import SimulatorSource

    source = SimulatorSource.open("demo")
    out = [source.sample()]
    for _ in range(seconds):
        source.advance(1.0)
        out.append(source.sample())
    return out


def test_seeking_anywhere_gives_what_was_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "MAX_DELTAS", 7)  # many keyframes, and runs between them
    snaps = _sim_snapshots(60)
    path = tmp_path / "demo.amrec"
    with RecordingWriter(path, source="sim", description="demo") as w:
        for snap in snaps:
            w.add(snap)
    with Recording(path) as rec:
        assert len(rec._keys) >= 60 // 8
        for seq in (60, 3, 59, 0, 14, 13, 7, 8, 31):  # forward and back, on and off keyframes
            assert rec.snapshot(seq) == snaps[seq]
        assert rec.snapshot_at(30.4) == snaps[30]
        assert rec.snapshot_at(-5) == snaps[0]
        history = rec.system_history(20, 30)
        assert [s.time for s in history] == [s.time for s in snaps[20:31]]
        assert history[-1] == replace(snaps[30], processes=())


def test_a_delta_is_small_when_little_changes() -> None:
    snaps = _sim_snapshots(3)
    encoder = FrameEncoder()
    key = pack(encoder.keyframe(snaps[0])[1])
    delta = pack(encoder.delta(snaps[0])[1])
    assert len(delta) < len(key) / 10


_KILLED_WRITER = """
import sys
from activitymon.sources.sim import SimulatorSource
from activitymon.recording import RecordingWriter
source = SimulatorSource.open("demo")
writer = RecordingWriter(sys.argv[1], source="sim", description=source.describe())
n = 0
while True:
    source.advance(0.5)
    writer.add(source.sample(), source.drain_events(), source.drain_reports())
    n += 1
    if n == 40:
        writer.flush()
        print("40 samples", flush=True)
"""


def test_a_recording_killed_mid_write_opens_up_to_its_last_complete_sample(
    tmp_path: Path,
) -> None:
    path = tmp_path / "killed.amrec"
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "40 samples"
    finally:
        proc.kill()  # SIGKILL, while it keeps writing
        proc.wait()
    with Recording(path) as rec:
        assert not rec.info.complete
        assert rec.info.problem is not None
        assert "cut off" in rec.info.problem
        assert "last complete sample" in rec.info.problem
        assert rec.sample_count >= 40
        last = rec.snapshot(rec.sample_count - 1)
        assert last.time == rec.end == 0.5 * rec.sample_count
        assert last.processes
        assert rec.snapshot_at(10.0).time == 10.0
    # reading it never rewrote it into a finished file
    with Recording(path) as again:
        assert not again.info.complete


def test_a_recording_without_samples_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.amrec"
    RecordingWriter(path, source="sim", description="nothing").close()
    with pytest.raises(RecordingError, match="holds no complete sample"):
        Recording(path)


def test_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.amrec"
    with RecordingWriter(path, source="sim", description="x") as w:
        w.add(_sim_snapshots(0)[0])
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(RecordingError, match="schema version 99; this activitymon reads version 1"):
        Recording(path)


def test_an_sqlite_file_that_is_not_a_recording(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(RecordingError, match="not an activitymon recording"):
        Recording(path)


class _FullDisk:
    """The writer's connection, failing as SQLite does when the disk is full."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def execute(self, sql: str, params: object = ()) -> object:
        if sql.startswith("INSERT"):
            raise sqlite3.OperationalError("database or disk is full")
        return self.db.execute(sql, params)  # type: ignore[arg-type]  # params as given

    def close(self) -> None:
        self.db.close()


def test_a_full_disk_ends_the_recording_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "full.amrec"
    snaps = _sim_snapshots(3)
    w = RecordingWriter(path, source="sim", description="x")
    w.add(snaps[0])
    w.add(snaps[1])
    w.flush()
    w._db = _FullDisk(w._db)  # type: ignore[assignment]  # a stand-in connection
    with pytest.raises(RecordingError, match=r"cannot write \(database or disk is full\)"):
        w.add(snaps[2])
    w._db.close()
    with Recording(path) as rec:
        assert rec.sample_count == 2
        assert rec.snapshot(1) == snaps[1]
        assert not rec.info.complete
        assert rec.info.problem


def test_a_process_row_holds_what_snapshot_json_prints() -> None:
    """Rows keep ``process_to_dict``'s names and encodings (plus ``band_seq``)."""
    from activitymon.model.serialize import process_to_dict
    from activitymon.recording.codec import FIELDS, process_from_row, process_row

    for snap in _sim_snapshots(2):
        for proc in snap.processes:
            row = dict(zip(FIELDS, process_row(proc), strict=True))
            assert row == {**process_to_dict(proc), "band_seq": proc.band_seq}
            assert process_from_row(process_row(proc)) == proc


def test_rows_written_with_other_columns_are_read_by_name() -> None:
    from activitymon.recording.codec import FIELDS, process_row

    proc = ProcessInfo(pid=5, name="old", footprint_bytes=99, band=3)
    older = [f for f in FIELDS if f != "oom_score"]  # as if written before that field
    row = dict(zip(FIELDS, process_row(proc), strict=True))
    frame = {"fields": older, "processes": [[row[f] for f in older]]}
    state = FrameState.from_keyframe({}, frame)
    newcomer = ProcessInfo(pid=6, name="new", footprint_bytes=1)
    new_row = dict(zip(FIELDS, process_row(newcomer), strict=True))
    state.apply({}, {"appeared": [[new_row[f] for f in older]]})
    assert state._process(5) == proc
    assert state._process(6) == newcomer
