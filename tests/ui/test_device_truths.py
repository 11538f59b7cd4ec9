"""What the window shows on the iOS 6 iPod agrees with the device and with its own
narration (the truth audit): no "0 bytes" compressed on a device without a compressor,
the level named as the narration names it ("Warning", not "Warn"), the 10 % high-water
line the narration speaks of drawn on the graph, and iOS 7–16's raised critical
threshold never labelled an idle threshold."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.conftest import tick


@pytest.fixture
def window_on(qtbot) -> Iterator:
    from activitymon.sources.sim import SimulatorSource
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.settings import AppSettings

    windows = []

    def make(scenario: str):
        win = MainWindow(
            SimulatorSource.open(scenario, seed=0), 1.0, settings=AppSettings.open(),
            threaded=False,
        )  # fmt: skip
        qtbot.addWidget(win)
        win.resize(1280, 820)
        win.show()
        win.start()
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()


def test_the_ipod_shows_no_compressor_and_its_high_water_line(window_on) -> None:
    window = window_on("hog")  # hog.toml: the iPod5,1, xnu-2050
    tick(window, 16)  # the hog scenario turns Warning at 14 s (the narration says so)
    panel = window.memory_panel
    assert panel.values["compressed"].text() == "none"
    assert "no compressor" in panel.values["compressed"].toolTip()
    assert panel.values["level"].text().startswith("● Warning  (")
    graph = window.graph
    assert graph.threshold_names() == ["critical", "highwater", "soft"]
    line = graph.threshold_line("highwater")
    assert line.label.format == "10 % of memory (high-water)"
    assert "13,106 available pages" in line.toolTip()


def test_the_iphone_6s_raised_critical_threshold_is_not_an_idle_threshold(window_on) -> None:
    window = window_on("foreground-vs-suspended")  # the iPhone8,1, xnu-7195
    tick(window, 2)
    graph = window.graph
    assert graph.threshold_names() == ["critical", "raised-critical", "soft"]
    assert graph.threshold_line("raised-critical").label.format == "raised critical threshold"
    tip = graph.threshold_line("raised-critical").toolTip()
    assert "raises its critical threshold by 5 % of memory" in tip
    assert window.memory_panel.values["compressed"].text() != "none"
