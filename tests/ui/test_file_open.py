"""Files Finder opens with the app (QFileOpenEvent) reach the window's replay."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import pytest
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from activitymon.ui.app import file_open_relay
from activitymon.ui.file_open import FileOpenRelay

pytestmark = pytest.mark.gui


class Recorder:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def open_reports(self, paths: Sequence[str]) -> bool:
        self.calls.append(list(paths))
        return True


def test_a_burst_of_file_open_events_becomes_one_replay(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    relay = file_open_relay(app, filter_events=True)  # as on macOS
    assert file_open_relay(app) is relay  # one per application
    assert relay.filtering
    window = Recorder()
    relay.attach(window)
    try:
        for name in ("/r/JetsamEvent-1.ips", "/r/JetsamEvent-2.ips.synced"):
            assert QApplication.sendEvent(app, QFileOpenEvent(name))
        qtbot.waitUntil(lambda: window.calls != [], timeout=2000)
        assert window.calls == [["/r/JetsamEvent-1.ips", "/r/JetsamEvent-2.ips.synced"]]
    finally:
        relay.window = None


def test_files_opened_before_the_window_exists_wait_for_it(qtbot: QtBot) -> None:
    relay = FileOpenRelay()
    assert relay.eventFilter(relay, QFileOpenEvent("/r/LowMemory-2013-11-03-001623.plist"))
    window = Recorder()
    relay.attach(window)
    qtbot.waitUntil(lambda: window.calls != [], timeout=2000)
    assert window.calls == [["/r/LowMemory-2013-11-03-001623.plist"]]
    relay.deleteLater()


def test_the_relay_filters_events_only_where_the_desktop_sends_them() -> None:
    """An application event filter sees every event of the app: on Linux (files come
    as arguments) none is installed (#16)."""
    from activitymon.ui import app as app_module

    on_macos = sys.platform == "darwin"
    assert app_module.FILE_OPEN_EVENTS is on_macos
