"""The simulator's controls as a user meets them: one plain Play / Pause, Step on its
own key (never the arrow keys of the table), the hog's band kept by name from device
to device, no selection carried into a new simulation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from activitymon.model import Era
from tests.ui.conftest import tick

pytestmark = pytest.mark.gui


def test_play_pause_is_one_plain_action_saying_what_a_click_does(window) -> None:
    play = window.sim_toolbar.play_action
    in_menu = [a for a in window.menus.simulator.actions() if a.objectName() == "sim-play"]
    assert in_menu == [play]
    assert not play.isCheckable()  # no "✓ Pause" while the clock runs
    assert play.text() == "Pause"
    play.trigger()
    assert play.text() == "Play"
    assert window.sampler.clock.paused
    play.trigger()
    assert play.text() == "Pause"
    assert not window.sampler.clock.paused


def test_the_right_arrow_in_the_table_moves_in_the_table_not_the_clock(window, qtbot) -> None:
    window.set_playing(False)
    tick(window, 2)
    table = window.table
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index(0, 0))
    t0 = window.last_snapshot.time
    qtbot.keyClick(table.view, Qt.Key.Key_Right)
    assert window.last_snapshot.time == t0
    assert table.view.currentIndex().column() == 1  # the arrow moved the cell instead
    qtbot.keyClick(table.view, Qt.Key.Key_Period)  # Step's own key works from there
    assert window.last_snapshot.time == pytest.approx(t0 + window.interval)


def test_the_hog_band_is_kept_by_name_across_scales(window) -> None:
    bar = window.sim_toolbar
    bar.set_era(Era.MODERN)
    box = bar.hog_band_box
    box.setCurrentIndex(box.findData(30))
    box.activated.emit(box.currentIndex())  # what choosing it with the mouse does
    bar.set_era(Era.LEGACY)
    assert box.currentText() == "3 BACKGROUND"
    bar.set_era(Era.MODERN)
    assert box.currentText() == "30 BACKGROUND"
    box.setCurrentIndex(box.findData(75))
    box.activated.emit(box.currentIndex())
    bar.set_era(Era.LEGACY)  # iOS 7–15 have no freezer band: the foreground app
    assert box.currentText() == "10 FOREGROUND"
    bar.set_era(Era.MODERN)
    assert box.currentText() == "75 FREEZER"


def test_an_ios6_device_then_an_iphone_11_keeps_the_foreground_band(window) -> None:
    bar = window.sim_toolbar
    bar.set_era(Era.LEGACY)
    assert bar.hog_band_box.currentText() == "10 FOREGROUND"
    bar.set_era(Era.MODERN)  # 10 is IDLE_DEFERRED on this scale
    assert bar.hog_band_box.currentText() == "100 FOREGROUND"


def test_a_new_simulation_starts_with_nothing_selected(window) -> None:
    tick(window, 2)
    pid = next(p.pid for p in window.last_snapshot.processes if p.name == "SpringBoard")
    assert window.table.select_pid(pid)
    assert window.bands.canvas.selected_pid == pid
    window.sim_toolbar.restart_action.trigger()
    window.sampler.start()
    tick(window)
    assert window.table.selected_pid() is None
    assert window.table.view.selectionModel().selectedRows() == []
    assert window.bands.canvas.selected_pid is None
