"""Narration is a function of time: a recording of a live run, jumped to any moment
forward or back, shows the narration the live run showed at that moment — the same
lines, dated as they were, with the figures of their own samples and bursts grown
only as far as they had grown then (issue 24 §2)."""

from __future__ import annotations

from pathlib import Path

from activitymon.sources.recording import RecordingSource
from activitymon.sources.sim import SimulatorSource
from activitymon.ui.main_window import MainWindow
from activitymon.ui.settings import AppSettings
from activitymon.viewmodel import Seek
from tests.ui.conftest import tick

#: sample indexes to jump to: forward, back, forward again, back to the start
JUMPS = (72, 30, 95, 44, 10, 46, 1)


def _told(win: MainWindow) -> list[tuple[str, tuple[str, ...]]]:
    return [(line.text, line.details) for line in win.narration.lines()]


def test_seeking_a_recording_shows_what_the_live_run_told_then(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "demo.amrec"
    live = MainWindow(
        SimulatorSource.open("demo"), 1.0, settings=AppSettings.ephemeral(), threaded=False
    )
    qtbot.addWidget(live)
    live.start()
    tick(live)  # a first tick to record from
    assert live.recorder.start_recording(path)
    told_at: dict[float, list[tuple[str, tuple[str, ...]]]] = {}
    for _ in range(100):
        tick(live)
        assert live.last_snapshot is not None
        told_at[live.last_snapshot.time] = _told(live)
    live.recorder.stop_recording()
    live.close()
    # the run told a story: idle kills, the critical burst, relaunches
    assert sum("processes died" in text for text, _ in told_at[101.0]) >= 2

    played = MainWindow(
        RecordingSource.open(path), 1.0, settings=AppSettings.ephemeral(), threaded=False
    )
    qtbot.addWidget(played)
    played.start()
    tick(played)
    for index in JUMPS:
        played.request(Seek(index))
        now = played.last_snapshot
        assert now is not None
        assert _told(played) == told_at[now.time], f"after a jump to sample {index}"
    played.close()
