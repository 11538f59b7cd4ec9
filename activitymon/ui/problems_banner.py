"""A banner above the views that says what could not be read, until dismissed.

Two kinds of message, each dismissed on its own:

* files given on the command line or dropped on the window that could not be opened,
  each with why (``fifo.ips: is a named pipe (FIFO), not a report file``);
* the problems of the report on show when it is partial or damaged (cut short, values
  out of range, wrong types, duplicate pids), so a damaged report is never shown as
  if it were whole. Dismissing it hides it for that report only.

Text is shown as plain text (never rich text) and with control characters escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from activitymon.model import Position
from activitymon.reports.sanity import damage
from activitymon.sources import Source
from activitymon.sources.replay import ReplaySource
from activitymon.terminal import clean

#: lines listed before "… and N more"
MAX_LINES = 6


def _listing(lines: Sequence[str]) -> str:
    shown = [f"• {clean(line)}" for line in lines[:MAX_LINES]]
    if len(lines) > MAX_LINES:
        shown.append(f"… and {len(lines) - MAX_LINES} more")
    return "\n".join(shown)


class Notice(QFrame):
    """One message: a title, a list of lines and a Dismiss button."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"#{object_name} {{ background: palette(tool-tip-base); "
            "border: 1px solid #c9a227; border-radius: 3px; }"
        )
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(self.hide)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.details)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addLayout(text, 1)
        row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_lines(self, title: str, lines: Sequence[str]) -> None:
        self.title.setText(clean(title))
        self.details.setText(_listing(lines))
        self.show()


class ProblemsBanner(QWidget):
    """The window's notices about unreadable files and damaged reports."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.files = Notice("unreadableFiles", self)
        self.report = Notice("reportProblems", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.files)
        layout.addWidget(self.report)
        self._epoch = 0
        self._report_shown: tuple[int, int] | None = None
        self.report.dismiss_button.clicked.connect(self._report_dismissed)
        self._dismissed: set[tuple[int, int]] = set()

    def files_not_opened(self, errors: Sequence[str]) -> None:
        """Name the files that could not be opened (stays until dismissed)."""
        if not errors:
            return
        count = len(errors)
        title = (
            "1 file could not be opened:" if count == 1 else f"{count} files could not be opened:"
        )
        self.files.show_lines(title, errors)

    def attached(self, source: Source) -> None:
        """A new source: forget the last one's report; name the files a replay of the
        command line's or a drop's files could not open (read before the sampler
        thread owns the source)."""
        self._epoch += 1
        self._report_shown = None
        self.report.hide()
        if isinstance(source, ReplaySource) and source.errors:
            self.files_not_opened(source.errors)

    def show_position(self, position: Position | None) -> None:
        """Show the problems of the report a tick's timeline position shows, if it is
        partial or damaged and was not dismissed."""
        report = None if position is None else position.report
        if position is None or report is None:
            self.report.hide()
            self._report_shown = None
            return
        key = (self._epoch, position.index)
        if key == self._report_shown:
            return
        self._report_shown = key
        problems = damage(report)
        if not (report.partial or problems) or key in self._dismissed:
            self.report.hide()
            return
        what = "is partial" if report.partial else "has problems"
        where = f"report {position.index + 1} of {position.count}: " if position.count > 1 else ""
        moment = report.date or report.timestamp or "undated"
        self.report.show_lines(
            f"This report {what}; what is shown may be incomplete or wrong ({where}"
            f"{report.product or 'unknown device'}, {moment})",
            problems or list(report.problems),
        )

    def _report_dismissed(self) -> None:
        if self._report_shown is not None:
            self._dismissed.add(self._report_shown)
