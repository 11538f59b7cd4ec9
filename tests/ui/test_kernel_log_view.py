"""The Kernel log tab: the simulated kernel's own lines beside the events, with a
paragraph saying whose they are; priorities, not bands, on the iOS 6 iPod."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from activitymon.model import KernelLogLine
from activitymon.ui.kernel_log_view import KernelLogView
from activitymon.viewmodel.kernel_log import NONE


def _run(window, seconds: int) -> None:
    for _ in range(seconds):
        window.sampler.tick()


def test_the_ipod_logs_its_kills_as_xnu_2050_does(qtbot) -> None:
    from activitymon.sources.sim import SimulatorSource
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.settings import AppSettings

    win = MainWindow(SimulatorSource.open("hog"), 1.0, settings=AppSettings.open(), threaded=False)
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    win.start()
    _run(win, 30)
    win.show_view("kernel-log")
    view = win.kernel_log
    assert win.tabs.currentWidget() is view
    assert "xnu-2050.48.11" in view.intro.text()
    lines = view.text().splitlines()
    assert len(lines) > 10
    assert all(
        re.match(r"^\s*\d+\.\d{3}  memorystatus: jetsam killing pid \d+ \[[^\]]+\] - ", line)
        for line in lines
    )
    # iOS 6 has priorities, not bands
    assert win.tabs.tabText(win.tabs.indexOf(win.bands)) == "Jetsam Priorities"
    band = [c.key for c in win.table.model.columns].index("band")
    assert win.table.model.headerData(band, Qt.Orientation.Horizontal) == "Priority"
    win.close()


def test_the_view_keeps_lines_in_order_and_resets(qtbot) -> None:
    view = KernelLogView()
    qtbot.addWidget(view)
    assert view.intro.text() == NONE
    view.append([KernelLogLine(1.5, "first"), KernelLogLine(2.25, "second")])
    assert view.text().splitlines() == ["    1.500  first", "    2.250  second"]
    view.reset()
    assert view.text() == ""
    assert view.count == 0
