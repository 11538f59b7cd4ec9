"""Files the desktop hands to a running app: on macOS, Finder's "Open With", a
double click on an ``.ips`` / ``.synced`` report and a drop on the Dock icon arrive
as :class:`QFileOpenEvent` on the application (not as command-line arguments), also
when they started the app. (On Linux the desktop entry's ``%F`` passes them as
arguments, which ``activitymon REPORT …`` replays already.)

:class:`FileOpenRelay` is an application event filter: it collects the paths of
one burst of events (Finder sends one event per file) and hands them to the
window's ``open_reports`` together, once a window is attached; paths that arrive
before the window exists wait for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent


class ReportOpener(Protocol):
    def open_reports(self, paths: Sequence[str]) -> bool: ...


class FileOpenRelay(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: list[str] = []
        self.window: ReportOpener | None = None
        #: installed as the application's event filter (macOS)
        self.filtering = False
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self.flush)

    def attach(self, window: ReportOpener) -> None:
        self.window = window
        if self.pending:
            self._flush.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file()
            if path:
                self.pending.append(path)
                if self.window is not None:
                    self._flush.start()
            return True
        return super().eventFilter(watched, event)

    def flush(self) -> None:
        if self.window is None or not self.pending:
            return
        paths, self.pending = self.pending, []
        self.window.open_reports(paths)
