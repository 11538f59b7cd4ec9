"""A cell whose text its column cuts short ("120 AUDIO_AND_ACC…") shows the whole text
as its tooltip; other cells keep their own tooltip (the model's), if any. An event
filter on a table view's viewport, so the cell painter stays one call per cell."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QTableView, QToolTip

from activitymon.ui.process_cells import PADDING  # the painter's text margin each side


def cut_short(view: QTableView, row: int, column: int, text: str) -> bool:
    """Whether ``text`` is wider than the cell at ``row``, ``column`` has room for."""
    room = view.columnWidth(column) - 2 * PADDING
    return view.fontMetrics().horizontalAdvance(text) > room + 1


class ElidedTooltips(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)

    def tooltip_at(self, row: int, column: int) -> str | None:
        """The whole text of a cut-short cell (with the model's own tooltip where it
        has one), or None: the cell shows its text whole."""
        index = self.view.model().index(row, column)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not cut_short(self.view, row, column, text):
            return None
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        return own if isinstance(own, str) and text in own else text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        index = self.view.indexAt(event.pos())
        if not index.isValid():
            return False
        tip = self.tooltip_at(index.row(), index.column())
        if tip is None:
            return False  # the view answers: the model's tooltip, or none
        QToolTip.showText(event.globalPos(), tip, self.view.viewport())
        return True
