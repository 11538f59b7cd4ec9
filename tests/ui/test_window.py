"""The window's desktop manners: views, shortcuts, menus, simulator-only controls."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence

from tests.ui.conftest import tick


def _shortcuts(window) -> dict[str, str]:
    """Key → the action it triggers (a disabled action's key does nothing)."""
    out = {}
    for action in window.findChildren(QAction):
        if not action.isEnabled():
            continue
        for seq in action.shortcuts():
            out[seq.toString(QKeySequence.SequenceFormat.PortableText)] = action.objectName()
    return out


def test_common_actions_have_shortcuts(window):
    keys = _shortcuts(window)
    for key, name in {
        "Space": "sim-play",
        ".": "sim-step",
        "Ctrl+F": "filter",
        "Ctrl+Q": "quit",
        "Ctrl+1": "view-overview",
        "Ctrl+2": "view-bands",
        "Ctrl+3": "view-events",
        "Ctrl+4": "view-table",
        "Ctrl+,": "preferences",
        "Ctrl+O": "open-scenario",
    }.items():
        assert keys.get(key) == name, key


@pytest.mark.parametrize(
    ("view", "tab", "table_shown"),
    [
        ("overview", 0, True),
        ("graph", 0, False),
        ("bands", 1, True),
        ("events", 2, False),
    ],
)
def test_views_put_their_part_forward(window, view, tab, table_shown):
    tick(window, 2)
    window.show_view(view)
    assert window.tabs.currentIndex() == tab
    top, bottom = window.splitter.sizes()
    assert (bottom > 0) == table_shown
    assert top > 0


def test_table_view_gives_the_table_the_window(window):
    window.show_view("table")
    top, bottom = window.splitter.sizes()
    assert top == 0
    assert bottom > 0
    with pytest.raises(ValueError, match="unknown view"):
        window.show_view("pie chart")


def test_view_shortcut_switches_tab(window):
    action = next(a for a in window.findChildren(QAction) if a.objectName() == "view-bands")
    action.trigger()
    assert window.tabs.currentWidget() is window.bands


def test_simulator_menu_and_toolbar_only_for_the_simulator(window):
    assert window.sim_toolbar.isVisibleTo(window)
    assert window.menus.simulator.menuAction().isVisible()


def test_page_classes_toggle_from_the_menu(window):
    tick(window)
    window.menus.page_classes.setChecked(True)
    assert window.graph.current_view() == "Page classes"
    window.graph.show_view(0)
    assert not window.menus.page_classes.isChecked()


def test_dark_and_light_palettes(qapp):
    from activitymon.ui.theme import follow_color_scheme, is_dark

    follow_color_scheme(qapp, "dark")
    try:
        assert is_dark()
    finally:
        follow_color_scheme(qapp, "light")
    assert not is_dark()


def test_a_sources_one_time_notices_reach_the_status_bar(qtbot):
    from activitymon.sim import Simulator, load_scenario
    from activitymon.sources.sim import SimulatorSource
    from activitymon.ui.main_window import MainWindow

    class NoticingSource(SimulatorSource):
        """A simulator that also gives one notice, as the macOS source does."""

        def __init__(self) -> None:
            super().__init__(Simulator.from_scenario(load_scenario("demo"), seed=0))
            self.notices = ["bands and limits need root: memorystatus_control refused (EPERM)"]

        def drain_notices(self) -> list[str]:
            notices, self.notices = self.notices, []
            return notices

    win = MainWindow(NoticingSource(), 1.0, threaded=False)
    qtbot.addWidget(win)
    win.start()
    assert "need root" in win.statusBar().currentMessage()
    win.close()


def test_the_hog_band_stays_foreground_when_the_era_changes(qtbot):
    from activitymon.model import Era
    from activitymon.ui.sim_controls import SimulatorToolbar

    bar = SimulatorToolbar()
    qtbot.addWidget(bar)
    bar.set_era(Era.MODERN)
    assert bar.hog_band_box.currentData() == 100
    bar.set_era(Era.LEGACY)
    assert bar.hog_band_box.currentData() == 10
