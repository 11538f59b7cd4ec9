"""The golden recording (``data/golden.amrec``, written by ``golden.py`` and committed)
decoded field by field, its frames as the format documents them (``recording.codec``,
``recording.schema``), and the writer's keyframe rule checked against the documented
one (issue 29: a keyframe every 120 → 1200 samples and missing columns read as None
went unnoticed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from activitymon.model import (
    Era,
    JetsamThresholds,
    KillReason,
    MemoryLimit,
    MemoryStats,
    PressureLevel,
    ProcessInfo,
    ProcessState,
    Snapshot,
)
from activitymon.recording import Recording, RecordingWriter
from activitymon.recording.codec import FIELDS, FrameState
from activitymon.recording.frame_io import unpack
from tests.recording.golden import GOLDEN, golden_snapshots, write_golden

MB = 1 << 20
THRESHOLDS = JetsamThresholds(soft_pages=1000, idle_pages=2000, critical_pages=500, warn_pages=4000)
LAUNCHD = ProcessInfo(pid=1, name="launchd", footprint_bytes=5 * MB, band=0, band_seq=1)
MAIL = ProcessInfo(pid=33, name="mail", footprint_bytes=30 * MB, band=4, band_seq=2)


def _hog(footprint_mb: int) -> ProcessInfo:
    return ProcessInfo(
        pid=40,
        name="hog",
        footprint_bytes=footprint_mb * MB,
        rss_bytes=90 * MB,
        band=10,
        band_seq=7,
        limit=MemoryLimit(200 * MB, fatal=True),
        states=frozenset({ProcessState.FRONTMOST}),
    )


#: (time, level, free pages, compressor pages, next victim, processes in order)
SAMPLES: list[tuple[float, PressureLevel | None, int, int, Any, tuple[ProcessInfo, ...]]] = [
    (0.0, PressureLevel.NORMAL, 9000, 2250, None, (LAUNCHD, MAIL, _hog(100))),
    (0.5, PressureLevel.WARN, 8000, 2000, None, (LAUNCHD, MAIL, _hog(150))),
    (1.0, None, 7000, 1750, (40, KillReason.PER_PROCESS_LIMIT), (LAUNCHD, _hog(150))),
    (1.5, PressureLevel.NORMAL, 7500, 1875, None, (MAIL, LAUNCHD)),
]


def test_the_golden_recording_decodes_field_by_field() -> None:
    with Recording(GOLDEN) as recording:
        assert recording.sample_count == 4
        assert list(recording.times) == [0.0, 0.5, 1.0, 1.5]
        for seq, (t, level, free, compressor, victim, procs) in enumerate(SAMPLES):
            snap = recording.snapshot(seq)
            assert snap.time == t
            assert snap.level is level
            assert snap.memory == MemoryStats(
                page_size=16384, total_pages=65536, free_pages=free, compressor_pages=compressor
            )
            assert snap.device == "Golden phone"
            assert snap.era is Era.MODERN
            assert snap.thresholds == THRESHOLDS
            assert snap.next_victim == victim
            assert snap.memorystatus_level is None
            assert snap.psi is None
            assert snap.wall_time is None
            assert dict(snap.extra) == {}
            assert snap.processes == procs
        # seeking to a time gives the sample at or before it
        assert recording.snapshot_at(1.2).processes == (LAUNCHD, _hog(150))


#: every process column of a row, in order (the keyframe's "fields")
COLUMNS = [
    "pid", "name", "footprint_bytes", "rss_bytes", "compressed_bytes", "band",
    "requested_band", "active_limit", "inactive_limit", "limit", "states", "cpu_percent",
    "lifetime_max_bytes", "purgeable_bytes", "oom_score_adj", "oom_score", "user",
    "band_seq", "kill_reason", "limit_origin",
]  # fmt: skip
N = None
MAIL_ROW = [33, "mail", 31457280, N, N, 4, N, N, N, N, [], N, N, N, N, N, N, 2, N, N]
#: the process frames: a keyframe's rows, then what changed, vanished and appeared
PROCESS_FRAMES: list[dict[str, Any]] = [
    {
        "fields": COLUMNS,
        "processes": [
            [1, "launchd", 5242880, N, N, 0, N, N, N, N, [], N, N, N, N, N, N, 1, N, N],
            MAIL_ROW,
            [40, "hog", 104857600, 94371840, N, 10, N, N, N, {"bytes": 209715200, "fatal": True},
             ["frontmost"], N, N, N, N, N, N, 7, N, N],
        ],
    },
    {"changed": [[40, {"footprint_bytes": 157286400}]]},
    {"vanished": [33]},
    {"appeared": [MAIL_ROW], "vanished": [40], "at": [0]},
]  # fmt: skip


def _frames(path: Path) -> list[tuple[int, float, int, dict[str, Any], dict[str, Any]]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT seq, t, keyframe, system, processes FROM samples ORDER BY seq")
        return [(seq, t, key, unpack(s), unpack(p)) for seq, t, key, s, p in rows]


def test_the_golden_frames_are_the_documented_format() -> None:
    frames = _frames(GOLDEN)
    assert [(seq, t, key) for seq, t, key, _, _ in frames] == [
        (0, 0.0, 1),
        (1, 0.5, 0),
        (2, 1.0, 0),
        (3, 1.5, 0),
    ]
    assert [processes for *_, processes in frames] == PROCESS_FRAMES
    assert list(FIELDS) == COLUMNS
    key_system = frames[0][3]
    assert key_system["time"] == 0.0
    assert key_system["device"] == "Golden phone"
    assert key_system["era"] == "modern"
    assert key_system["level"] == "normal"
    assert key_system["thresholds"] == {
        "soft_pages": 1000,
        "idle_pages": 2000,
        "critical_pages": 500,
        "warn_pages": 4000,
    }
    assert key_system["memory"]["total_bytes"] == 1073741824
    assert key_system["wall_time"] is None
    assert key_system["extra"] == {}
    # a delta's system frame holds only the keys that changed
    assert sorted(frames[1][3]) == ["level", "memory", "time"]
    assert sorted(frames[2][3]) == ["level", "memory", "next_victim", "time"]
    assert frames[2][3]["next_victim"] == {"pid": 40, "reason": "per-process-limit"}
    assert sorted(frames[3][3]) == ["level", "memory", "next_victim", "time"]


def test_the_writer_writes_the_golden_frames_again(tmp_path: Path) -> None:
    again = tmp_path / "again.amrec"
    write_golden(again)
    assert _frames(again) == _frames(GOLDEN)
    assert len(golden_snapshots()) == 4


# -- the keyframe rule: recording.writer's docstring ---------------------------------------

#: at most this many deltas between keyframes; a keyframe once the deltas since the last
#: one add up to this many times its bytes (the writer's documented rule)
DOCUMENTED_MAX_DELTAS = 120
DOCUMENTED_BYTES_FACTOR = 4


def _write(path: Path, snapshots: list[Snapshot]) -> list[tuple[int, int]]:
    writer = RecordingWriter(path, source="sim", description="keyframes")
    for snapshot in snapshots:
        writer.add(snapshot)
    writer.close()
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT keyframe, length(system) + length(processes) FROM samples ORDER BY seq"
        )
        return [(key, size) for key, size in rows]


def _documented_keyframes(sizes: list[int]) -> list[int]:
    """Which samples the documented rule makes keyframes, given each sample's bytes."""
    keys, since, delta_bytes, key_bytes = [], 0, 0, 0
    for seq, size in enumerate(sizes):
        if (
            seq == 0
            or since >= DOCUMENTED_MAX_DELTAS
            or (delta_bytes >= DOCUMENTED_BYTES_FACTOR * key_bytes)
        ):
            keys.append(seq)
            since, delta_bytes, key_bytes = 0, 0, size
        else:
            since += 1
            delta_bytes += size
    return keys


def _device(t: float, footprints: list[int]) -> Snapshot:
    procs = tuple(
        ProcessInfo(pid=100 + i, name=f"app{i}", footprint_bytes=f, band=10, user="mobile")
        for i, f in enumerate(footprints)
    )
    return Snapshot(time=t, memory=MemoryStats(16384, 65536, free_pages=5000), processes=procs)


def test_a_quiet_device_gets_a_keyframe_after_120_deltas(tmp_path: Path) -> None:
    snaps = [_device(i * 0.5, [10 * MB + 4096 * j for j in range(60)]) for i in range(250)]
    written = _write(tmp_path / "quiet.amrec", snaps)
    keys = [seq for seq, (key, _) in enumerate(written) if key]
    assert keys == [0, 121, 242]  # 120 deltas after each keyframe
    assert keys == _documented_keyframes([size for _, size in written])


def test_a_busy_device_gets_a_keyframe_when_its_deltas_weigh_four_keyframes(
    tmp_path: Path,
) -> None:
    snaps = [
        _device(i * 0.5, [10 * MB + 4096 * (i * 7 + j * 13) for j in range(60)]) for i in range(60)
    ]
    written = _write(tmp_path / "busy.amrec", snaps)
    keys = [seq for seq, (key, _) in enumerate(written) if key]
    assert 2 < len(keys) < 60  # neither rule nor every sample
    assert keys == _documented_keyframes([size for _, size in written])


# -- columns of another writer ----------------------------------------------------------


def test_columns_a_file_lacks_take_the_fields_defaults_not_none() -> None:
    """A keyframe written before ``states`` and ``name`` had columns: its processes
    have no states (an empty set) and an empty name, as ``ProcessInfo`` defaults."""
    older = [f for f in COLUMNS if f not in ("states", "name", "footprint_bytes")]
    row = dict(zip(COLUMNS, MAIL_ROW, strict=True))
    state = FrameState.from_keyframe({}, {"fields": older, "processes": [[row[f] for f in older]]})
    proc = state._process(33)
    assert proc.states == frozenset()
    assert proc.name == ""
    assert proc.footprint_bytes is None
    assert proc.band == 4
    assert proc.band_seq == 2
