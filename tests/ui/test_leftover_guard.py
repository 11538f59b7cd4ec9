"""The guard every test runs under (``tests/conftest.py``): a QThread left running or a
QTimer left active is found, named and stopped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThread, QTimer

from tests.conftest import _QtStarts

pytestmark = pytest.mark.gui


def test_guard_finds_and_stops_what_a_test_left(qapp) -> None:
    with _QtStarts() as starts:
        timer = QTimer(qapp)
        timer.setObjectName("forgotten-timer")
        timer.start(60_000)
        thread = QThread()
        thread.setObjectName("forgotten-thread")
        thread.start()
        stopped = QTimer()
        stopped.start(60_000)
        stopped.stop()
    left = starts.leftovers()
    assert left == [
        "QTimer forgotten-timer is still active",
        "QThread forgotten-thread is still running",
    ]
    assert not timer.isActive()
    assert not thread.isRunning()
    timer.deleteLater()


def test_guard_undoes_its_wrapper() -> None:
    before = QTimer.start
    with _QtStarts():
        assert QTimer.start is not before
    assert QTimer.start is before
