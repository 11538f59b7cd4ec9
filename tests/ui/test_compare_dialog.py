"""Simulator → Compare…: both runs in the background with progress and Cancel, drawn
on one time axis; a form that writes the --what-if text; a dialog that fits 1024 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer

from activitymon.sources.sim import SimulatorSource
from activitymon.ui import source_menu
from activitymon.ui.compare_dialog import CompareDialog
from activitymon.viewmodel.sim_sources import SimChoice
from tests.ui.conftest import tick

#: a generous bound for one run of the demo's two minutes (not a speed target)
WAIT_MS = 120_000


@pytest.fixture
def dialog(qtbot) -> Iterator[CompareDialog]:
    d = CompareDialog(SimChoice("demo", None, 0), None, processes=False)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.summary is not None, timeout=WAIT_MS)
    yield d
    d.close()


def _run(qtbot, d: CompareDialog):
    with qtbot.waitSignal(d.compared, timeout=WAIT_MS) as got:
        assert d.run()
    return got.args[0]


def test_the_event_loop_keeps_turning_during_a_compare_of_a_simulated_hour(qtbot) -> None:
    d = CompareDialog(SimChoice("demo", None, 0), 3600.0, processes=False)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.summary is not None, timeout=WAIT_MS)
    turns = [0]
    timer = QTimer()
    timer.timeout.connect(lambda: turns.__setitem__(0, turns[0] + 1))
    timer.start(0)
    try:
        comparison = _run(qtbot, d)
    finally:
        timer.stop()
    assert comparison is not None
    assert comparison.a.until == 3600.0
    # a GUI thread blocked for the whole hour would turn once or twice
    assert turns[0] >= 20
    d.close()


def test_the_placeholder_example_runs_in_the_default_scenario(qtbot, dialog) -> None:
    assert dialog.what_if.text() == ""
    assert dialog.what_if.placeholderText() == 'process.Game.on_warning="free 50%"'
    comparison = _run(qtbot, dialog)
    assert comparison is not None
    # the demo's Game frees half its memory when warned: it is killed in A only
    assert "Game" in comparison.only_a
    assert dialog.view.comparison is comparison
    assert dialog.kills.rowCount() == len(comparison.a.kills) + len(comparison.b.kills)
    assert "fewer kills than A" in dialog.message.text()


def test_the_form_writes_the_what_if_text(dialog) -> None:
    dialog.process.setCurrentText("Safari")
    dialog.on_warning.setCurrentText("free 25%")
    dialog.limit.setValue(300)
    dialog.device.setCurrentText("iPhone10,3")
    assert dialog.what_if.text() == (
        'process.Safari.on_warning="free 25%"; process.Safari.limit_mb=300; '
        'device.profile="iPhone10,3"'
    )


def test_cancel_stops_both_runs(qtbot) -> None:
    d = CompareDialog(SimChoice("demo", None, 0), 24 * 3600.0, processes=False)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.summary is not None, timeout=WAIT_MS)
    with qtbot.waitSignal(d.compared, timeout=WAIT_MS) as got:
        d.run()
        assert d.cancel_button.isEnabled()
        d.cancel()
    assert got.args[0] is None
    assert "Stopped" in d.message.text()
    assert d.run_button.isEnabled()
    d.close()


def test_an_error_wraps_and_never_widens_the_dialog(qtbot, dialog) -> None:
    dialog.resize(1000, 600)
    width = dialog.width()
    dialog.what_if.setText("process.nobody.band=3; " + "x" * 400)
    assert _run(qtbot, dialog) is None
    assert "no process named" in dialog.message.text() or "expected" in dialog.message.text()
    assert dialog.width() == width
    assert dialog.message.wordWrap()


def test_the_dialog_fits_a_1024_by_640_screen(dialog) -> None:
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1000
    assert hint.height() <= 600


def test_another_scenario_as_b(qtbot, dialog) -> None:
    dialog.mode.setCurrentIndex(1)
    dialog.other.setCurrentText("hog")
    assert not dialog.what_if.isEnabled()
    comparison = _run(qtbot, dialog)
    assert comparison is not None
    assert comparison.b.label == "B: hog"


def test_simulator_compare_opens_on_the_windows_run(qtbot, window) -> None:
    window.attach_source(SimulatorSource.open("hog"), start=True)
    tick(window, 5)
    names = [a.objectName() for a in window.menus.simulator.actions()]
    assert "sim-compare" in names
    d = source_menu.compare_dialog(window, window)
    qtbot.addWidget(d)
    assert d.now == 5.0
    assert d.choice.scenario == "hog"
    qtbot.waitUntil(lambda: d.summary is not None, timeout=WAIT_MS)
    assert d.summary is not None
    assert d.summary.name == "hog"
    d.close()


def test_a_new_simulator_is_built_off_the_gui_thread(qtbot, sim_source) -> None:
    """Restart, another device, Open Scenario…: the scenario is read in a worker; the
    commands sent meanwhile go to the new simulator."""
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.settings import AppSettings
    from activitymon.viewmodel import SetPaused

    win = MainWindow(sim_source, 1.0, settings=AppSettings.ephemeral(), threaded=True)
    qtbot.addWidget(win)
    generation = win.generation
    assert win.replace_simulator(SimChoice("hog", None, 3))
    assert win.generation == generation  # not yet: the old source goes on meanwhile
    win.request(SetPaused(True))
    qtbot.waitUntil(lambda: win.generation == generation + 1, timeout=WAIT_MS)
    assert (win.sim_choice.scenario, win.sim_choice.seed) == ("hog", 3)
    qtbot.waitUntil(lambda: win.last_tick is not None, timeout=WAIT_MS)
    assert win.last_tick is not None
    qtbot.waitUntil(lambda: win.last_tick.clock.paused, timeout=WAIT_MS)
    # a scenario that cannot be read: said in the status bar, the source goes on
    assert win.replace_simulator(SimChoice("/nonexistent/none.toml", None, None))
    qtbot.waitUntil(lambda: "none.toml" in win.statusBar().currentMessage(), timeout=WAIT_MS)
    assert win.generation == generation + 1
    win.close()


def test_the_time_axis_labels_share_one_format() -> None:
    from activitymon.ui.compare_view import axis_label

    # two minutes: 0:00 0:30 1:00 1:30 2:00, not "0.0 s, 30.0 s, 1:00"
    assert [axis_label(t, 120.0) for t in (0, 30, 60, 90, 120)] == [
        "0:00",
        "0:30",
        "1:00",
        "1:30",
        "2:00",
    ]
    assert [axis_label(t, 40.0) for t in (0, 10, 40)] == ["0 s", "10 s", "40 s"]
    assert axis_label(5400, 7200.0) == "1:30:00"
