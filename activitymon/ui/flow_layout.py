"""A layout that places its items left to right and wraps them onto more lines when
the width runs out (Qt has none built in): the graph's bar and key at 1024 px.

An item that itself wraps (``hasHeightForWidth``, a nested flow) takes the rest of the
line, or a line of its own, and the height its width needs.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6, line_spacing: int = 2):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing

    # -- QLayout --------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All items on one line."""
        margins = self.contentsMargins()
        shown = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height) + QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        """The widest single item: everything else wraps."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- placing --------------------------------------------------------------------------
    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place (or only measure) the items in ``rect``, each line's items centred on
        it; the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        right = area.x() + area.width()
        lines: list[list[tuple[QLayoutItem, int, int]]] = [[]]
        x = area.x()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            width = min(hint.width(), area.width())
            if lines[-1] and x + width > right:  # wrap
                lines.append([])
                x = area.x()
            if item.hasHeightForWidth():
                width = min(hint.width(), right - x)
                height = item.heightForWidth(width)
            else:
                height = hint.height()
            lines[-1].append((item, width, height))
            x += width + self._spacing
        y = area.y()
        for line in lines:
            line_height = max((h for _, _, h in line), default=0)
            x = area.x()
            for item, width, height in line:
                if move:
                    top = y + (line_height - height) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, height)))
                x += width + self._spacing
            y += line_height + self._line_spacing
        return max(0, y - self._line_spacing - rect.y()) + margins.bottom()


class FlowWidget(QWidget):
    """A widget laid out by a :class:`FlowLayout` whose minimum height is what its
    lines take at its present width: the layouts and splitters above it keep room for
    a wrapped line (Qt's minimum sizes otherwise ignore height-for-width)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=spacing)
        self.flow.setContentsMargins(0, 0, 0, 0)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        old = event.oldSize().width()
        if old <= 0 or self.heightForWidth(old) != self.heightForWidth(event.size().width()):
            self.updateGeometry()  # a line more or less: the parents make room again
