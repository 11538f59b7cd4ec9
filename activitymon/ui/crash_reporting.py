"""Unexpected errors in the window: logged, and said once in a dialog that shows where
the log is.

:func:`crash_reporting` is what ``run_app`` wraps the event loop in: it routes Qt's
messages and every uncaught Python exception (from the GUI thread, the sampler thread
or a Python thread) to the log of :mod:`activitymon.applog`, and an
:class:`ErrorReporter` turns each into a non-modal dialog in the GUI thread. While a
dialog is open, further errors are counted in it instead of stacking up new ones.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QtMsgType,
    QUrl,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from activitymon.applog import CrashHooks

qt_log = logging.getLogger("activitymon.qt")

#: the offscreen platform says it lacks window-system features; nobody needs that
_NOISE = ("This plugin does not support",)
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's warnings into the log (and onto stderr, as Qt prints them by default)."""
    if message.startswith(_NOISE):
        return
    level = _LEVELS.get(kind, logging.WARNING)
    where = f" ({context.file}:{context.line})" if context.file else ""
    qt_log.log(level, "%s%s", message, where)
    if level >= logging.WARNING:
        print(message, file=sys.stderr)


class ErrorReporter(QObject):
    """Shows unexpected errors; :attr:`error` may be emitted from any thread."""

    error = Signal(str)

    def __init__(self, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.parent_widget = parent
        self.dialog: QMessageBox | None = None
        self.count = 0
        self.error.connect(self.show_error)

    @Slot(str)
    def show_error(self, summary: str) -> None:
        self.count += 1
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setText(self._headline())
            return
        self.count = 1
        dialog = QMessageBox(self.parent_widget)
        dialog.setIcon(QMessageBox.Icon.Critical)
        dialog.setWindowTitle("Unexpected error")
        dialog.setText(self._headline())
        where = (
            f"The full report is in the log:\n{self.log_path}"
            if self.log_path is not None
            else "The log could not be written; the report went to the terminal (stderr)."
        )
        dialog.setInformativeText(f"{summary}\n\n{where}")
        if self.log_path is not None:
            folder = self.log_path.parent
            button = dialog.addButton("Open Log Folder", QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
            )
        dialog.addButton(QMessageBox.StandardButton.Close)
        dialog.setModal(False)
        self.dialog = dialog
        dialog.open()

    def _headline(self) -> str:
        more = f" ({self.count} errors so far)" if self.count > 1 else ""
        return f"activitymon ran into an unexpected error and carried on{more}."


@contextmanager
def crash_reporting(
    log_path: Path | None, parent: QWidget | None = None
) -> Iterator[ErrorReporter]:
    """Route Qt messages and uncaught exceptions to the log and to an
    :class:`ErrorReporter` until the block ends; then restore what was there."""
    reporter = ErrorReporter(log_path, parent)
    previous = qInstallMessageHandler(qt_message_handler)
    try:
        with CrashHooks(on_error=reporter.error.emit):
            yield reporter
    finally:
        qInstallMessageHandler(previous)
