"""Preferences and window state are kept in QSettings (redirected to a temporary file
by the conftest), and applied to the running window."""

from __future__ import annotations

import pytest

from activitymon.ui.preferences import PreferencesDialog
from activitymon.ui.settings import AppSettings
from activitymon.units import UnitSystem


def test_preferences_are_persisted(qtbot, private_settings):
    dialog = PreferencesDialog(AppSettings.open())
    qtbot.addWidget(dialog)
    dialog.interval.setValue(2.5)
    dialog.history.setCurrentIndex(dialog.history.findData(3600.0))
    dialog.units.setCurrentIndex(dialog.units.findData(UnitSystem.DECIMAL.value))
    dialog.save()
    assert private_settings.exists()
    again = AppSettings.open()
    assert again.interval == pytest.approx(2.5)
    assert again.history_seconds == pytest.approx(3600.0)
    assert again.units is UnitSystem.DECIMAL


def test_bad_stored_values_fall_back_to_defaults(private_settings):
    s = AppSettings.open()
    s.set_value("sampling/interval", "fast")
    s.set_value("graph/history_seconds", 10**9)
    s.set_value("display/units", "furlongs")
    assert s.interval == 1.0
    assert s.history_seconds == 900.0
    assert s.units is UnitSystem.BINARY


def test_window_applies_preferences(window):
    window.settings.interval = 2.0
    window.settings.history_seconds = 60.0
    window.settings.units = UnitSystem.DECIMAL
    window.apply_preferences()
    assert window.sampler.clock.interval == 2.0
    assert window.graph.history.capacity == 31
    assert window.table.model._context.units is UnitSystem.DECIMAL
    window.sampler.tick()
    total = window.last_snapshot.memory.total_bytes  # the demo's iPhone: 4 GiB = 4.29 GB
    assert window.memory_panel.values["physical"].text() == f"{total / 1e9:.2f} GB"


def test_window_geometry_is_restored(qtbot, sim_source):
    from activitymon.sources.sim import SimulatorSource
    from activitymon.ui.main_window import MainWindow

    first = MainWindow(sim_source, 1.0, settings=AppSettings.open(), threaded=False)
    qtbot.addWidget(first)
    first.resize(720, 520)  # inside the offscreen screen (800×600)
    first.show()
    size = (first.width(), first.height())
    first.close()
    second = MainWindow(SimulatorSource.open(), 1.0, settings=AppSettings.open(), threaded=False)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == size
    assert size[1] == 520
    second.close()


def test_screenshots_use_settings_that_are_never_written(private_settings):
    s = AppSettings.ephemeral()
    s.interval = 5.0
    s.sync()
    assert s.interval == 5.0
    assert not private_settings.exists()


def test_history_chosen_in_the_graph_is_remembered(window):
    box = window.graph.history_box
    box.setCurrentIndex(box.findData(3600.0))
    assert AppSettings.open().history_seconds == pytest.approx(3600.0)
    assert window.graph.history.capacity == 3601
