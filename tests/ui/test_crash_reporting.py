"""Unexpected errors in the window: logged, and shown once in a dialog naming the log."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QMessageBox, QWidget

from activitymon import applog
from activitymon.ui.crash_reporting import ErrorReporter, crash_reporting

pytestmark = pytest.mark.gui


@pytest.fixture
def log_file(tmp_path: Path):
    handlers = list(applog.log.handlers)
    for handler in handlers:
        applog.log.removeHandler(handler)
    path = applog.setup_logging(tmp_path)
    yield path
    for handler in list(applog.log.handlers):
        applog.log.removeHandler(handler)
        handler.close()
    for handler in handlers:
        applog.log.addHandler(handler)


def test_dialog_names_the_log_and_counts_repeats(qtbot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    reporter = ErrorReporter(tmp_path / "activitymon.log", parent)
    reporter.show_error("ValueError: bad value")
    dialog = reporter.dialog
    assert isinstance(dialog, QMessageBox)
    assert dialog.isVisible()
    assert "ValueError: bad value" in dialog.informativeText()
    assert str(tmp_path / "activitymon.log") in dialog.informativeText()
    assert [b.text() for b in dialog.buttons()].count("Open Log Folder") == 1
    reporter.show_error("ValueError: again")
    assert reporter.dialog is dialog  # no second dialog stacked on the first
    assert "2 errors so far" in dialog.text()
    dialog.close()


def test_an_error_in_a_slot_reaches_the_log_and_the_dialog(qtbot, log_file: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def boom() -> None:
        raise ZeroDivisionError("lane width")

    with crash_reporting(log_file, parent) as reporter:
        QTimer.singleShot(0, boom)
        qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=5000)
    assert reporter.dialog is not None
    assert "ZeroDivisionError: lane width" in reporter.dialog.informativeText()
    reporter.dialog.close()
    assert "ZeroDivisionError: lane width" in log_file.read_text()


def test_an_error_in_another_thread_is_shown_in_the_gui_thread(qtbot, log_file: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    with crash_reporting(log_file, parent) as reporter:
        thread = threading.Thread(target=lambda: 1 / 0, name="worker")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=5000)
        assert reporter.dialog is not None
        assert reporter.dialog.thread() is parent.thread()
        reporter.dialog.close()


def test_qt_messages_go_to_the_log(log_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with crash_reporting(log_file):
        qWarning("a Qt warning for the log")
    for handler in applog.log.handlers:
        handler.flush()
    assert "WARNING [MainThread] activitymon.qt: a Qt warning for the log" in log_file.read_text()
    assert "a Qt warning for the log" in capsys.readouterr().err
