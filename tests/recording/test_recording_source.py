"""A recording as a source: playback, jumps back and forth, events and reports after
a jump, history for the graph, a cut-off file's notice (issue 13 §1)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from activitymon.model import Killed, Position, Snapshot
from activitymon.recording import RecordingWriter, writer
from activitymon.sources import (
    Capability,
    ClockedSource,
    HistoryDraining,
    Seekable,
    SourceError,
    SourceUnavailable,
    capabilities_of,
)
from activitymon.sources.recording import RecordingSource
from activitymon.sources.sim import SimulatorSource


def _record_hog(path: Path, seconds: int = 40) -> list[Snapshot]:
    source = SimulatorSource.open("hog")
    snaps: list[Snapshot] = []
    with RecordingWriter(
        path, source="sim", description=source.describe(), capabilities=source.capabilities
    ) as w:
        for k in range(seconds + 1):
            if k:
                source.advance(1.0)
            snap = source.sample()
            snaps.append(snap)
            w.add(snap, source.drain_events(), source.drain_reports())
    return snaps


@pytest.fixture
def hog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Snapshot]]:
    monkeypatch.setattr(writer, "MAX_DELTAS", 6)  # jumps cross keyframes
    path = tmp_path / "hog.amrec"
    return path, _record_hog(path)


def test_playback_gives_every_recorded_snapshot(hog: tuple[Path, list[Snapshot]]) -> None:
    path, snaps = hog
    source = RecordingSource.open(path)
    assert isinstance(source, ClockedSource)
    assert source.sample() == snaps[0]
    for k in range(1, 41):
        source.advance(1.0)
        assert source.sample() == snaps[k]
    source.advance(5.0)  # past the end: stays on the last sample
    assert source.sample() == snaps[40]
    source.close()


def test_half_steps_move_one_sample_every_second_step(hog: tuple[Path, list[Snapshot]]) -> None:
    path, snaps = hog
    source = RecordingSource.open(path)
    source.advance(0.5)
    assert source.sample().time == 0.0
    source.advance(0.5)
    assert source.sample() == snaps[1]


def test_seeking_back_and_forth(hog: tuple[Path, list[Snapshot]]) -> None:
    path, snaps = hog
    source = RecordingSource.open(path)
    assert isinstance(source, Seekable)
    assert isinstance(source, HistoryDraining)
    for index in (30, 2, 3, 17, 40, 0, 25):
        source.seek(index)
        assert source.index == index
        assert source.position() == Position(index, 41, span=(0.0, 40.0))
        assert source.sample() == snaps[index]
    with pytest.raises(IndexError):
        source.seek(41)
    source.seek_time(12.5)
    assert source.sample() == snaps[12]


def test_events_flow_with_playback_and_restart_after_a_jump(
    hog: tuple[Path, list[Snapshot]],
) -> None:
    path, _ = hog
    source = RecordingSource.open(path)
    played: list[float] = []
    source.sample()
    played += [e.t for e in source.drain_events()]
    for _ in range(40):
        source.advance(1.0)
        source.sample()
        played += [e.t for e in source.drain_events()]
    assert played == sorted(played)
    assert source.drain_events() == []
    source.seek(20)  # back: everything up to the moment, once
    again = source.drain_events()
    assert again
    assert [e.t for e in again] == [t for t in played if t <= 20.0]
    assert source.drain_events() == []
    source.advance(1.0)
    assert all(20.0 < e.t <= 21.0 for e in source.drain_events())


def test_reports_come_with_their_moment(hog: tuple[Path, list[Snapshot]]) -> None:
    path, _ = hog
    source = RecordingSource.open(path)
    assert source.drain_reports() == []
    source.seek(40)
    reports = source.drain_reports()
    assert reports
    kills = [e for e in source.drain_events() if isinstance(e, Killed)]
    for report in reports:  # LowMemory reports keep 16 characters of a name
        assert all(any(k.name.startswith(v.name) for k in kills) for v in report.victims)
    assert source.drain_reports() == []


def test_history_after_a_jump_is_the_samples_before_it(hog: tuple[Path, list[Snapshot]]) -> None:
    path, snaps = hog
    source = RecordingSource.open(path)
    assert source.drain_history() == []  # at the start: a jump with nothing before
    assert source.drain_history() is None
    source.seek(30)
    history = source.drain_history()
    assert history == [replace(s, processes=()) for s in snaps[:30]]
    assert source.drain_history() is None
    source.advance(1.0)
    assert source.drain_history() is None


def test_capabilities_are_the_recorded_ones_without_the_controls(
    hog: tuple[Path, list[Snapshot]],
) -> None:
    path, _ = hog
    source = RecordingSource.open(path)
    assert Capability.BANDS in source.capabilities
    assert Capability.STEERABLE not in capabilities_of(source)
    assert source.describe().startswith("Recording hog.amrec — Simulated iPod touch")
    assert source.drain_notices() == []


def test_what_a_recorded_source_could_do_is_not_read_back(tmp_path: Path) -> None:
    """A file written by an older version lists the controls its source had
    ("simulator", "terminate") and figures no longer named ("events"): a recording
    keeps only what its source knew."""
    path = tmp_path / "old.amrec"
    sim = SimulatorSource.open("hog")
    with RecordingWriter(
        path,
        source="sim",
        description="old",
        capabilities=["bands", "simulator", "terminate", "events", "steerable", "footprint"],
    ) as writer:
        writer.add(sim.sample(), [], [])
    source = RecordingSource.open(path)
    assert source.capabilities == {Capability.BANDS, Capability.FOOTPRINT}
    assert capabilities_of(source) == {Capability.BANDS, Capability.FOOTPRINT, Capability.SEEKABLE}


def test_a_cut_off_recording_says_so_once(tmp_path: Path) -> None:
    path = tmp_path / "cut.amrec"
    source = SimulatorSource.open("hog")
    w = RecordingWriter(path, source="sim", description="hog")
    w.add(source.sample())
    w.flush()  # and never closed, as after a kill …
    w._target.abandon()  # … which takes the writer's lock with it
    recorded = RecordingSource.open(path)
    (notice,) = recorded.drain_notices()
    assert "cut off" in notice
    assert recorded.drain_notices() == []
    w.close()  # while it is open for reading: the file stays in WAL mode, complete
    recorded.close()
    assert RecordingSource.open(path).drain_notices() == []


def test_a_file_that_is_not_a_recording(tmp_path: Path) -> None:
    path = tmp_path / "x.amrec"
    path.write_text("no")
    with pytest.raises(SourceUnavailable, match="not an activitymon recording"):
        RecordingSource.open(path)


def _damage(path: Path, where: str) -> None:
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE samples SET system = x'00ff00ff' WHERE {where}")
    db.close()


def _keyframes(path: Path) -> list[int]:
    import sqlite3

    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT seq FROM samples WHERE keyframe = 1 ORDER BY seq").fetchall()
    db.close()
    return [seq for (seq,) in rows]


def test_a_damaged_start_opens_at_the_next_keyframe_and_says_so(
    hog: tuple[Path, list[Snapshot]],
) -> None:
    """Sample 0 (a keyframe) unreadable: the samples up to the next keyframe cannot be
    rebuilt; the recording opens there, once told, with no history before it."""
    path, snaps = hog
    second = _keyframes(path)[1]
    _damage(path, "seq = 0")
    source = RecordingSource.open(path)
    assert source.sample() == snaps[second]
    assert source.index == second
    assert source.drain_history() == []
    notices = source.drain_notices()
    assert notices == [
        f"hog.amrec: samples 0–{second - 1} (0–{second - 1} s) are damaged and cannot be "
        f"shown; it opens at {second} s"
    ]
    source.advance(1.0)
    assert source.sample() == snaps[second + 1]
    assert source.drain_notices() == []
    source.seek(0)  # asked for by hand: the damage is said, not passed over
    with pytest.raises(SourceError, match="damaged sample"):
        source.sample()
    source.close()


def test_a_recording_with_every_keyframe_damaged_says_so(
    hog: tuple[Path, list[Snapshot]],
) -> None:
    path, _ = hog
    _damage(path, "keyframe = 1")
    source = RecordingSource.open(path)
    with pytest.raises(SourceError, match=r"hog\.amrec: damaged sample"):
        source.sample()
    source.close()
