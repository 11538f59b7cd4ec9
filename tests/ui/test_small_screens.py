"""The window at 1024×640: a lesson fits (the narration under the lesson's text below
1280 px, beside it from there up), and the memory figures wrap instead of widening the
window."""

from __future__ import annotations

import pytest

from activitymon.teaching.lessons import find_lesson
from activitymon.ui.lesson_controller import start_lesson
from activitymon.ui.side_panel import WIDE_WINDOW
from tests.ui.conftest import tick

pytestmark = pytest.mark.gui


def test_a_lesson_fits_1024x640_with_the_narration_under_its_text(window, qapp) -> None:
    window.resize(1024, 640)
    qapp.processEvents()
    controller = start_lesson(window, find_lesson("pressure-and-warnings"))
    assert controller is not None
    tick(window, 3)
    qapp.processEvents()
    assert window.minimumSizeHint().width() <= 1024
    assert window.width() == 1024
    panel = window.side_panel
    assert panel.narration_in_panel
    assert window.narration.isVisibleTo(window)
    # under the lesson's text, in the lesson's dock, as wide as the panel
    assert panel.stack is not None
    assert panel.stack.indexOf(window.narration) == 1
    assert window.narration.width() >= 280
    # the views keep the rest of the width
    assert window.tabs.width() >= 1024 - controller.dock.width() - 30

    window.resize(1440, 900)
    qapp.processEvents()
    assert window.width() >= WIDE_WINDOW
    assert not panel.narration_in_panel  # back beside the views
    assert window.narration.isVisibleTo(window)
    window.resize(1024, 640)
    qapp.processEvents()
    assert panel.narration_in_panel

    controller.stop()
    qapp.processEvents()
    assert not panel.narration_in_panel  # home again when the lesson ends
    assert window.narration.parentWidget().objectName() == "narration-column"
    assert window.narration.parentWidget().isVisibleTo(window)


def test_the_memory_figures_wrap_rather_than_widen_the_window(window, qapp) -> None:
    tick(window)
    panel = window.memory_panel
    assert panel.minimumSizeHint().width() < 300  # one figure, not eight side by side
    window.resize(1024, 640)
    qapp.processEvents()
    values = list(panel.values.values())
    for value in values:
        assert value.isVisibleTo(window)
        right = value.mapTo(window, value.rect().topRight()).x()
        assert right <= window.width()


def test_the_band_views_header_stays_in_place_while_the_lanes_scroll(window, qapp) -> None:
    window.resize(1024, 640)
    window.show_view("bands")
    tick(window, 30)
    qapp.processEvents()
    bands = window.bands
    bar = bands.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0, "the demo's lanes are taller than the view"
    top = bands.header.mapTo(window, bands.header.rect().topLeft())
    bar.setValue(bar.maximum())
    qapp.processEvents()
    assert bands.header.isVisibleTo(window)
    assert bands.header.mapTo(window, bands.header.rect().topLeft()) == top
    assert bands.header.header_line.startswith("Next victim")
    # the header is not part of what scrolls
    assert not bands.scroll_area.widget().isAncestorOf(bands.header)
