"""Recordings in the window (issue 13 §1, §3): the scrubber drives every view to any
moment, forward and back; File → Record writes what the window shows; the ways back
to a simulation or this machine; the filter and shortcuts across sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from activitymon.model import Killed
from activitymon.recording import Recording, RecordingWriter
from activitymon.sources import SourceKind
from activitymon.sources.recording import RecordingSource
from activitymon.sources.sim import SimulatorSource
from activitymon.ui import source_menu
from activitymon.ui.main_window import MainWindow
from activitymon.ui.settings import AppSettings
from activitymon.viewmodel import Seek, SetPaused
from tests.ui.conftest import tick


@pytest.fixture
def hog_recording(tmp_path: Path) -> Path:
    path = tmp_path / "hog.amrec"
    source = SimulatorSource.open("hog")
    with RecordingWriter(
        path,
        source="sim",
        description=source.describe(),
        capabilities=[c.value for c in source.capabilities],
    ) as w:
        for k in range(41):
            if k:
                source.advance(1.0)
            w.add(source.sample(), source.drain_events(), source.drain_reports())
    return path


@pytest.fixture
def replay_window(qtbot, hog_recording: Path) -> Iterator[MainWindow]:
    win = MainWindow(
        RecordingSource.open(hog_recording), 1.0, settings=AppSettings.open(), threaded=False
    )
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    win.start()
    yield win
    win.close()


def _graph_times(win: MainWindow) -> list[float]:
    return [float(t) for t in win.graph.history.time.view()]


def _event_times(win: MainWindow) -> list[float]:
    model = win.events.model
    events = [model.event_at(row) for row in range(model.rowCount())]
    return [e.t for e in events if e is not None]


def test_the_scrubber_shows_for_a_recording_and_not_the_report_toolbar(
    replay_window: MainWindow,
) -> None:
    win = replay_window
    assert win.timeline.scrubber.isVisible()
    assert not win.replay_toolbar.isVisible()
    assert not win.sim_toolbar.isVisible()
    assert win.timeline.scrubber.count == 41
    assert "0.0 s of 40.0 s" in win.timeline.scrubber.where.text()


def test_seeking_forward_then_back_resets_every_view(replay_window: MainWindow) -> None:
    win = replay_window
    win.request(Seek(30))
    assert win.last_snapshot is not None
    assert win.last_snapshot.time == 30.0
    assert _graph_times(win) == [float(t) for t in range(31)]  # the past, refilled
    kills_by_30 = [t for t in _event_times(win) if t <= 30.0]
    assert kills_by_30 == _event_times(win)
    assert any(isinstance(win.events.model.event_at(r), Killed) for r in range(len(kills_by_30)))
    assert win.timeline.scrubber.slider.value() == 30
    assert "30.0 s of 40.0 s" in win.timeline.scrubber.where.text()

    win.request(Seek(5))  # back: nothing from after 5 s may remain anywhere
    assert win.last_snapshot.time == 5.0
    assert _graph_times(win) == [float(t) for t in range(6)]
    assert all(t <= 5.0 for t in _event_times(win))
    shown = {p.pid for lane in win.bands.canvas.lanes for p in lane.processes}
    assert shown == {p.pid for p in win.last_snapshot.processes if p.band is not None}
    assert win.table.model.rowCount() == len(win.last_snapshot.processes)


def test_stepping_forward_plays_on_without_a_reset(replay_window: MainWindow) -> None:
    win = replay_window
    win.request(Seek(10))
    before = len(_event_times(win))
    win.timeline.scrubber.forward_action.trigger()
    assert win.last_snapshot is not None
    assert win.last_snapshot.time == 11.0
    assert _graph_times(win) == [float(t) for t in range(12)]
    assert len(_event_times(win)) >= before


def test_play_moves_the_recording_with_the_clock(replay_window: MainWindow) -> None:
    win = replay_window
    win.request(SetPaused(False))
    tick(win, 3)
    assert win.last_snapshot is not None
    assert win.last_snapshot.time == 3.0
    assert _graph_times(win) == [0.0, 1.0, 2.0, 3.0]


def test_record_writes_what_the_window_shows(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "shown.amrec"
    assert window.recorder.start_recording(out)
    assert window.recorder.record_action.isChecked()
    shown = []
    for _ in range(5):
        tick(window)
        shown.append(window.last_snapshot)
    assert "● REC" in window.recorder.status.text()
    window.recorder.record_action.setChecked(False)  # the menu toggle stops it
    assert window.recorder.writer is None
    with Recording(out) as rec:
        assert rec.info.complete
        assert rec.sample_count == 5
        assert [rec.snapshot(i) for i in range(5)] == shown


def test_changing_the_source_stops_a_recording(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "shown.amrec"
    assert window.recorder.start_recording(out)
    tick(window, 2)
    window.attach_source(SimulatorSource.open("hog"), start=True)
    tick(window)
    assert window.recorder.writer is None
    assert not window.recorder.record_action.isChecked()
    with Recording(out) as rec:
        assert rec.info.complete


def test_a_recording_is_not_recorded_again(replay_window: MainWindow, tmp_path: Path) -> None:
    assert not replay_window.recorder.start_recording(tmp_path / "again.amrec")
    assert replay_window.recorder.writer is None


def test_new_simulation_and_watch_this_machine_lead_back(
    replay_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = replay_window
    names = [a.objectName() for a in win.menus.file.actions()]
    for name in ("new-simulation", "watch-machine", "open-recording", "record"):
        assert name in names
    assert names.index("open-report") < names.index("new-simulation")
    from activitymon.viewmodel.sim_sources import SimChoice

    assert win.replace_simulator(SimChoice("hog", None, None))
    tick(win)
    assert win.last_tick is not None
    assert win.last_tick.kind is SourceKind.SIMULATOR
    assert win.sim_toolbar.isVisible()
    assert not win.timeline.scrubber.isVisible()
    monkeypatch.setattr(source_menu, "open_source", lambda name: SimulatorSource.open("demo"))
    source_menu.watch_this_machine(win)
    assert win.last_tick is not None
    assert win.last_tick.generation == win.generation


def test_the_filter_is_cleared_when_the_source_changes(window: MainWindow) -> None:
    window.table.filter_edit.setText("SpringBoard")
    window.attach_source(SimulatorSource.open("hog"), start=True)
    assert window.table.filter_edit.text() == ""


def _enabled_shortcuts(win: MainWindow) -> Counter[str]:
    seen: Counter[str] = Counter()
    for action in win.findChildren(QAction):
        if not action.isEnabled():
            continue
        for key in action.shortcuts():
            if not key.isEmpty():
                seen[key.toString()] += 1
    return seen


@pytest.mark.parametrize("kind", ["recording", "sim"])
def test_no_shortcut_means_two_things(
    kind: str, replay_window: MainWindow, window: MainWindow
) -> None:
    win = replay_window if kind == "recording" else window
    doubled = {key: n for key, n in _enabled_shortcuts(win).items() if n > 1}
    assert doubled == {}
