"""Report replay: a toolbar that steps through a timeline of reports, and opening
reports (File → Open Report…, drag-and-drop, ``activitymon FILE``).

A replay source is a clocked, seekable source whose time moves only when asked, so
the sampler runs it paused and the toolbar seeks (previous, next, first, last) by
sending a ``Seek`` command; it shows the position each tick carries.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from activitymon.model import Position
from activitymon.sources import Source, SourceError
from activitymon.sources.replay import open_replay_source

REPORT_FILTER = "Jetsam reports (*.ips *.synced *.crash *.log *.plist *.json *.txt);;All files (*)"


class ReplayToolbar(QToolBar):
    """◀ Previous · Report i of n · Next ▶ (Page Up / Page Down; Ctrl+Home and Ctrl+End
    for the first and last, since End alone follows the graph's newest sample)."""

    seek_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Replay", parent)
        self.setObjectName("replay-toolbar")
        self.index = 0
        self.count = 1
        self.first_action = self._add("« First", "Ctrl+Home", lambda: self._seek(0))
        self.prev_action = self._add("◀ Previous", "PgUp", lambda: self._seek(self.index - 1))
        self.position = QLabel()
        self.position.setObjectName("replay-position")
        self.addWidget(self.position)
        self.next_action = self._add("Next ▶", "PgDown", lambda: self._seek(self.index + 1))
        self.last_action = self._add("Last »", "Ctrl+End", lambda: self._seek(self.count - 1))
        self.set_position(0, 1, "")

    def _add(self, text: str, key: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _seek(self, index: int) -> None:
        if 0 <= index < self.count and index != self.index:
            self.seek_requested.emit(index)

    def set_position(self, index: int, count: int, label: str) -> None:
        self.index, self.count = index, count
        self.position.setText(f"  Report {index + 1} of {count}  {label}  ")
        self.first_action.setEnabled(index > 0)
        self.prev_action.setEnabled(index > 0)
        self.next_action.setEnabled(index + 1 < count)
        self.last_action.setEnabled(index + 1 < count)

    def follow(self, position: Position) -> None:
        """Show where the replay stands (the position a tick carries); a recording's
        position (it has a time span) is the scrubber's, not this bar's."""
        if position.span is not None:
            return
        self.set_position(position.index, position.count, position.label)


def open_reports(paths: Sequence[str]) -> tuple[Source, list[str]]:
    """A replay source for the readable files and one line per unreadable one;
    raises :class:`SourceError` when none can be read."""
    source = open_replay_source(list(paths))
    return source, list(source.errors)


def local_files(mime: QMimeData) -> list[str]:
    """Local files in a drag (URLs of other schemes are ignored)."""
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]


class ReportOpener:
    """What ``activitymon PATH…``, a drop on the window or the Dock icon, and File →
    Open Report… hand over: files replayed in the window (the unreadable ones named),
    folders opened in a reports browser."""

    def __init__(
        self,
        parent: QWidget,
        *,
        attach: Callable[[Source], None],
        say: Callable[[str], None],
        not_opened: Callable[[Sequence[str]], None],
    ) -> None:
        self.parent, self.attach, self.say, self.not_opened = parent, attach, say, not_opened

    def open(self, paths: Sequence[str]) -> bool:
        """``True`` when something was opened (a browser, or a replay of the readable
        files); ``False`` when nothing could be."""
        folders = [p for p in paths if os.path.isdir(p)]
        if folders:
            # imported on first use: the browser, its charts and the index (#16)
            from activitymon.ui.reports_browser import show_reports_browser

            show_reports_browser(self.parent, folders, self.open)
        files = [p for p in paths if p not in folders]
        if not files:
            return bool(folders)
        try:
            source, errors = open_reports(files)
        except SourceError as exc:
            self.say(str(exc))
            self.not_opened([str(exc)])
            return False
        self.attach(source)
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            self.say(f"skipped {errors[0]}{more}")
        return True
