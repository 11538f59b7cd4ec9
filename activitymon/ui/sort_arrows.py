"""Header sort arrows that point the way the rows run: ▼ when the largest (or newest)
is first, ▲ when the smallest is.

Qt draws the opposite (``QHeaderView`` gives a descending sort ``SortUp``, and the
styles draw that as an up arrow): a table sorted newest first showed ▲. A proxy style
on the header alone swaps the two when the arrow is drawn; nothing else on screen goes
through it.
"""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QWidget,
)

_SWAPPED = {
    QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
    QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp,
}


class SortArrowStyle(QProxyStyle):
    """The application's style, with the header's sort arrow turned over."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            turned = QStyleOptionHeader(option)
            turned.sortIndicator = _SWAPPED.get(option.sortIndicator, option.sortIndicator)
            super().drawPrimitive(element, turned, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)


def arrows_point_the_rows_way(header: QHeaderView) -> None:
    """Give ``header`` arrows that point the way its rows are sorted."""
    style = SortArrowStyle()  # proxies the application's style, whatever it becomes
    style.setParent(header)
    header.setStyle(style)
