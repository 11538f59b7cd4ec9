"""How the process table paints a cell: one Python call per cell, text drawn from a
cache of laid-out texts.

Qt's own delegate asks the model for seven roles per cell (display, alignment, font,
colours, check state, decoration, background): seven calls into Python for each of the
~270 cells a full repaint paints, and the text shaped afresh each time. This delegate
takes the cell's text straight from the model's cache of formatted texts, draws the
row's background (alternate, selected) itself and draws the text as a ``QStaticText``
kept per string (names, bands, states and most figures repeat from tick to tick), so
a repaint with every row changed stays within the bench's 8 ms (bench/bench_gui.py).
Tooltips, What's This and sizes for fitting columns still come from the model through
Qt's delegate.
"""

from __future__ import annotations

from itertools import islice
from math import ceil
from typing import cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFontMetrics, QPainter, QPalette, QPen, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from activitymon.ui.process_model import ProcessTableModel

#: pixels between a cell's edge and its text: what Qt's delegate leaves, and counts in
#: the width it asks for when a column is fitted to its content
PADDING = 3
#: laid-out texts kept (~1.2 KB each; a full repaint draws ~300); past this the older
#: half is dropped
MAX_TEXTS = 512

_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value


#: the view's events after which the cells take its font and colours again
_RESTYLE = frozenset({QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange})


class CellPainter(QStyledItemDelegate):
    """Paints the process table's cells, in the view's font and colours (taken again
    when they change: light / dark)."""

    def __init__(self, model: ProcessTableModel, view: QWidget) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._numeric = [c.numeric for c in model.columns]
        self._texts: dict[str, tuple[QStaticText, int, int]] = {}
        self.restyle()
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() in _RESTYLE:
            self.restyle()
        return False

    def restyle(self) -> None:
        """Take the view's font and colours again (and lay the texts out anew)."""
        self._font = self._view.font()
        self._metrics = QFontMetrics(self._font)
        self._texts.clear()
        palette = self._view.palette()
        self._colours: dict[bool, tuple[QBrush, QPen, QBrush, QPen]] = {}
        for active in (True, False):
            group = QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive
            self._colours[active] = (
                palette.brush(group, QPalette.ColorRole.Highlight),
                QPen(palette.color(group, QPalette.ColorRole.HighlightedText)),
                palette.brush(group, QPalette.ColorRole.AlternateBase),
                QPen(palette.color(group, QPalette.ColorRole.Text)),
            )

    def _static(self, text: str) -> tuple[QStaticText, int, int]:
        """The text laid out, with its width and height (pixels)."""
        laid = self._texts.get(text)
        if laid is None:
            if len(self._texts) >= MAX_TEXTS:  # the older half goes (dicts keep order)
                for old in list(islice(self._texts, MAX_TEXTS // 2)):
                    del self._texts[old]
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=self._font)
            size = static.size()
            laid = (static, ceil(size.width()), ceil(size.height()))
            self._texts[text] = laid
        return laid

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # every call into Qt costs about a microsecond: the rectangle in one call, the
        # state as a number, the text's size kept with it, the position as two ints
        row, col = index.row(), index.column()
        rect = option.rect
        state = option.state.value
        highlight, on_highlight, alternate, pen = self._colours[bool(state & _ACTIVE)]
        if state & _SELECTED:
            painter.fillRect(rect, highlight)
            pen = on_highlight
        elif row % 2:  # the view's alternating rows (it sets them on odd rows)
            painter.fillRect(rect, alternate)
        text = self._model.display_text(row, col)
        if not text:
            return
        x, y, width, height = cast(tuple[int, int, int, int], rect.getRect())  # the stub: object
        static, w, h = self._static(text)
        room = width - 2 * PADDING
        if w > room + 1:  # a fitted column's text fits (sizes rounded either way)
            elided = self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, room))
            static, w, h = self._static(elided)
        left = x + width - PADDING - w if self._numeric[col] else x + PADDING
        painter.setPen(pen)
        painter.drawStaticText(left, y + (height - h) // 2, static)
