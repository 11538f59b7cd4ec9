"""GUI test set-up: settings redirected into a temporary folder (never the user's),
and a main window on the demo simulator driven tick by tick (no thread)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from activitymon.ui.settings import SETTINGS_ENV


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "activitymon-settings.ini"
    monkeypatch.setenv(SETTINGS_ENV, str(path))
    return path


@pytest.fixture(autouse=True)
def _destroy_closed_widgets(qapp) -> Iterator[None]:
    """After each test, really delete the widgets pytest-qt closed (deleteLater is
    otherwise only honoured by the next test's event loop, which then frees a whole
    window's snapshots in the middle of whatever that test measures)."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture
def sim_source():
    from activitymon.sources.sim import SimulatorSource

    return SimulatorSource.open(None, seed=0)


@pytest.fixture
def window(qtbot, sim_source) -> Iterator:
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.settings import AppSettings

    win = MainWindow(sim_source, 1.0, settings=AppSettings.open(), threaded=False)
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    win.start()
    yield win
    win.close()


@pytest.fixture
def window_on_scenario(qtbot) -> Iterator:
    """``make(scenario, size)``: a window on a built-in scenario (seed 0), shown at
    ``size`` (1280×820 unless told)."""
    from activitymon.sources.sim import SimulatorSource
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.settings import AppSettings

    windows = []

    def make(scenario: str, size: tuple[int, int] = (1280, 820)):
        win = MainWindow(
            SimulatorSource.open(scenario, seed=0), 1.0, settings=AppSettings.open(),
            threaded=False,
        )  # fmt: skip
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        win.start()
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()


def tick(window, n: int = 1) -> None:
    for _ in range(n):
        window.sampler.tick()


def tick_until(window, predicate, limit: int = 600) -> list:
    """Tick until ``predicate(events)`` holds for one tick's events; return those events."""
    got: list = []

    def keep(tick) -> None:
        got[:] = tick.events

    window.tick_applied.connect(keep)
    try:
        for _ in range(limit):
            window.sampler.tick()
            if predicate(got):
                return list(got)
    finally:
        window.tick_applied.disconnect(keep)
    raise AssertionError("condition not reached")
