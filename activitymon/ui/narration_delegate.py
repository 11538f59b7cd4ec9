"""How the "What's happening" pane draws a line: its colour square, then its text
wrapped to the pane's width, the row as tall as the wrapped text.

Qt's own item delegate measures a wrapped row at one width and paints it in a narrower
rectangle (the style's text margins), so a long line lost its last words to an
ellipsis above an empty gap (a 1024×640 window). Here one function lays the text out
for both: the height the row asks for is the height its text takes in the rectangle
it is painted in.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

#: room around the text, in pixels
PAD = 3
#: the colour square's side and the gap after it
SQUARE = 8
GAP = 6
TEXT_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
    Qt.TextFlag.TextWordWrap
)

ModelIndex = QModelIndex | QPersistentModelIndex


def text_rect(row: QRect) -> QRect:
    """Where a row's text is drawn: right of its colour square, inside the padding."""
    return row.adjusted(PAD + SQUARE + GAP, PAD, -PAD, -PAD)


def text_height(metrics: QFontMetrics, width: int, text: str) -> int:
    """How tall ``text`` is, wrapped at word boundaries to ``width`` pixels."""
    bound = metrics.boundingRect(QRect(0, 0, max(1, width), 1 << 20), TEXT_FLAGS, text)
    return bound.height()


def row_width(option: QStyleOptionViewItem) -> int:
    """A row's width: the list's visible width less its spacing on both sides."""
    view = option.widget
    if isinstance(view, QListView):
        return max(1, view.viewport().width() - 2 * view.spacing())
    return max(1, option.rect.width())


class NarrationDelegate(QStyledItemDelegate):
    """Draws the pane's lines wrapped whole, at the width of the list they are in (the
    option's widget: the delegate keeps no reference to a view that may go first)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        width = row_width(option)
        inner = text_rect(QRect(0, 0, width, 0)).width()
        height = max(text_height(option.fontMetrics, inner, text), SQUARE)
        return QSize(width, height + 2 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        row: QRect = opt.rect
        # the row's background: alternate colour, hover and selection as the style has them
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        painter.save()
        colour = index.data(Qt.ItemDataRole.DecorationRole)
        metrics: QFontMetrics = opt.fontMetrics
        if isinstance(colour, QColor):
            top = row.top() + PAD + max(0, (metrics.height() - SQUARE) // 2)
            painter.fillRect(QRect(row.left() + PAD, top, SQUARE, SQUARE), colour)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        painter.setFont(opt.font)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.drawText(text_rect(row), TEXT_FLAGS, text)
        painter.restore()
