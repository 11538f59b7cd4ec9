"""The process table at 1024 px (#26 leftover: State and Lifetime max were reached
only by scrolling sideways): the default columns fit the table, the less essential
ones hidden until there is room and still offered by the header's menu; a text cut
short by its column shows whole in its tooltip; a column choice the user made
stands."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from activitymon.viewmodel.columns import column_index
from tests.ui.conftest import tick

pytestmark = pytest.mark.gui


def _window(qtbot, size: tuple[int, int], settings=None):
    from activitymon.sources.sim import SimulatorSource
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.settings import AppSettings

    win = MainWindow(
        SimulatorSource.open("demo", seed=0), 1.0, settings=settings or AppSettings.open(),
        threaded=False,
    )  # fmt: skip
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    win.start()
    win.show_view("table")
    tick(win, 25)  # the hog runs: Game and iMovie in the foreground and background
    QApplication.processEvents()
    return win


def test_the_default_columns_fit_1024_px_with_state_in_view(qtbot) -> None:
    from activitymon.ui.settings import AppSettings

    settings = AppSettings.open()
    win = _window(qtbot, (1024, 640), settings)
    view = win.table.view
    header = view.horizontalHeader()
    shown = win.table.visible_columns()
    assert "state" in shown
    assert "lifetime_max" not in shown
    assert "rss" not in shown
    assert {"pid", "name", "footprint", "band", "active_limit", "headroom"} <= set(shown)
    assert header.length() <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    state = column_index("state")
    right = header.sectionViewportPosition(state) + header.sectionSize(state)
    assert right <= view.viewport().width()
    # the states are read whole, not cut
    texts = [win.table.model.index(r, state).data() for r in range(win.table.model.rowCount())]
    widest = max(view.fontMetrics().horizontalAdvance(t) for t in texts)
    assert header.sectionSize(state) >= widest
    # the hidden ones are offered again by the header's menu, unticked
    menu = win.table.column_menu()
    lifetime = next(a for a in menu.actions() if a.objectName() == "column-lifetime_max")
    assert lifetime.isEnabled()
    assert not lifetime.isChecked()
    lifetime.setChecked(True)
    assert "lifetime_max" in win.table.visible_columns()
    # an automatic choice is not remembered as the user's; the user's one is
    win.close()
    assert "lifetime_max" not in (settings.hidden_columns("sim") or [])


def test_at_1440_px_every_default_column_is_shown(qtbot) -> None:
    win = _window(qtbot, (1440, 900))
    shown = win.table.visible_columns()
    assert {"lifetime_max", "rss", "inactive_limit", "compressed", "state"} <= set(shown)
    view = win.table.view
    assert view.horizontalHeader().length() <= view.viewport().width()


def test_the_users_column_choice_stands_at_1024_px(qtbot) -> None:
    from activitymon.ui.settings import AppSettings

    settings = AppSettings.open()
    settings.set_hidden_columns("sim", [])  # the user showed every column
    win = _window(qtbot, (1024, 640), settings)
    assert {"lifetime_max", "rss", "state"} <= set(win.table.visible_columns())


def test_a_cut_short_band_shows_whole_in_its_tooltip(qtbot) -> None:
    win = _window(qtbot, (1024, 640))
    view, model = win.table.view, win.table.model
    band = column_index("band")
    view.horizontalHeader().resizeSection(band, 120)  # narrowed, as by a drag
    rows = {model.index(r, band).data(): r for r in range(model.rowCount())}
    long_row, short_row = rows["120 AUDIO_AND_ACCESSORY"], rows["0 IDLE"]
    tips = win.table.elided_tooltips
    assert tips.tooltip_at(long_row, band) == "120 AUDIO_AND_ACCESSORY"
    assert tips.tooltip_at(short_row, band) is None
    # through the view, as a hover asks for it
    view.scrollTo(model.index(long_row, band))
    rect = view.visualRect(model.index(long_row, band))
    event = QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())
    )
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.text() == "120 AUDIO_AND_ACCESSORY"
    QToolTip.hideText()
