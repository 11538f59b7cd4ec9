"""The process table's filter box: free text and ``key:value`` tokens
(``viewmodel/process_filter.py``), completed word by word, listed in its tooltip; a
token that cannot be read is named on a line under the box."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from activitymon.model import Era, PressureLevel, ProcessInfo
from activitymon.ui.theme import level_text_colour
from activitymon.viewmodel.process_filter import filter_help, vocabulary

PLACEHOLDER = "Filter: name, pid or band:0 state:suspended limit:>80% …  (Ctrl+F)"
#: nothing in the vocabulary contains it: no popup while no word is being typed
_NO_WORD = "\x00"


class TokenCompleter(QCompleter):
    """Completes the last word of the line, keeping the words before it."""

    def __init__(self, edit: QLineEdit) -> None:
        self._model = QStringListModel()
        super().__init__(self._model, edit)
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(12)

    def set_words(self, words: list[str]) -> None:
        if words != self._model.stringList():
            self._model.setStringList(words)

    def words(self) -> list[str]:
        return self._model.stringList()

    def splitPath(self, path: str) -> list[str]:
        if not path or path[-1].isspace():
            return [_NO_WORD]
        return [path.rsplit(maxsplit=1)[-1]]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen = str(index.data())
        text = self._edit.text()
        stripped = text.rstrip()
        head = stripped[: len(stripped) - len(stripped.split()[-1])] if stripped.split() else ""
        return head + chosen + ("" if chosen.endswith(":") else " ")


class FilterBox(QWidget):
    """The line edit (``edit``) and, when a token cannot be read, a line saying why."""

    text_changed = Signal(str)

    def __init__(
        self,
        processes: Callable[[], Iterable[ProcessInfo]],
        era: Callable[[], Era | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._processes = processes
        self._era = era
        self.edit = QLineEdit()
        self.edit.setObjectName("process-filter")
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(filter_help())
        self.completer = TokenCompleter(self.edit)
        self.edit.setCompleter(self.completer)
        self.edit.textEdited.connect(self._refresh_words)
        self.edit.textChanged.connect(self.text_changed)
        self.problem = QLabel()
        self.problem.setObjectName("filter-problem")
        self.problem.setVisible(False)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setContentsMargins(4, 0, 4, 2)
        #: the line edit's row: a caller adds what belongs beside it (a count)
        self.row = QHBoxLayout()
        self.row.addWidget(self.edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self.row)
        layout.addWidget(self.problem)

    def _refresh_words(self, _text: str = "") -> None:
        self.completer.set_words(vocabulary(self._processes(), self._era()))

    def show_problems(self, problems: tuple[str, ...]) -> None:
        """Name what could not be read (left out of the filter), or hide the line."""
        if problems:
            palette = self.problem.palette()
            colour = level_text_colour(PressureLevel.CRITICAL)
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            self.problem.setPalette(palette)
            self.problem.setText("ignored: " + "; ".join(problems))
        self.problem.setVisible(bool(problems))
