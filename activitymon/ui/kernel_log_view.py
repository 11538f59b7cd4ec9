"""The Kernel log tab, beside the events: the lines the watched kernel itself wrote
about memory, with a paragraph saying whose lines they are (``viewmodel.kernel_log``)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from activitymon.model import KernelLogLine
from activitymon.viewmodel.kernel_log import NONE, format_line

#: lines kept (the oldest go first): a long run stays light
MAX_LINES = 5000
EMPTY = "Nothing logged yet: the kernel writes a line when it kills a process."


class KernelLogView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(NONE)
        self.intro.setWordWrap(True)
        self.intro.setContentsMargins(6, 4, 6, 2)
        self.lines = QPlainTextEdit()
        self.lines.setReadOnly(True)
        self.lines.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.lines.setMaximumBlockCount(MAX_LINES)
        self.lines.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.lines.setPlaceholderText(EMPTY)
        self.lines.setWhatsThis(
            "Each line is one the kernel wrote, as it wrote it; the first column is the "
            "time on this source's clock."
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.lines, 1)
        self.count = 0

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)

    def append(self, lines: Sequence[KernelLogLine]) -> None:
        if not lines:
            return
        self.lines.appendPlainText("\n".join(format_line(line) for line in lines))
        self.count += len(lines)

    def text(self) -> str:
        return self.lines.toPlainText()

    def reset(self) -> None:
        self.lines.clear()
        self.count = 0
