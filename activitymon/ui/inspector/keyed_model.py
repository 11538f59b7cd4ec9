"""A flat table of keyed rows that follows a new list by diffs (the inspector's region
table and region summary).

Each update removes the rows whose key is gone, replaces the others in place
(``dataChanged`` only where a value changed), appends new keys, then puts rows in
sorted order with a layout change that keeps persistent indexes (selection and
scroll stay on their region). It sorts on numbers, in Python; texts are formatted only
for the cells shown. It never resets.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from activitymon.ui.table_models import ModelIndex, TitledTableModel

Row = TypeVar("Row")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
#: how a column sorts: a number (``None`` sorts last) or a text
SortKey = Callable[[Any], float | str | None]


class KeyedRowsModel(TitledTableModel, Generic[Row]):
    def __init__(
        self,
        headers: tuple[str, ...],
        *,
        key: Callable[[Row], Hashable],
        cells: Callable[[Row], tuple[str, ...]],
        sort_keys: tuple[SortKey, ...],
        numeric: frozenset[int],
        tooltips: tuple[str, ...] = (),
        pinned_last: Callable[[Row], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(headers, parent)
        self._key = key
        self._cells = cells
        self._sort_keys = sort_keys
        self._numeric = numeric
        self._tooltips = tooltips
        self._pinned_last = pinned_last
        self._rows: list[Row] = []
        self._texts: dict[Hashable, tuple[str, ...]] = {}
        self._sort_column = -1
        self._order = Qt.SortOrder.AscendingOrder

    # -- Qt interface ----------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < len(self.headers)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(self._rows[row])[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in self._numeric else _LEFT
        if role == SORT_ROLE:
            return self._sort_keys[col](self._rows[row])
        if role == Qt.ItemDataRole.ToolTipRole and col == len(self.headers) - 1:
            return self._text(self._rows[row])[col] or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and 0 <= section < len(self._tooltips)
        ):
            return self._tooltips[section] or None
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._order = column, order
        self._arrange()

    # -- updates ---------------------------------------------------------------------
    def rows(self) -> list[Row]:
        return list(self._rows)

    def _text(self, row: Row) -> tuple[str, ...]:
        key = self._key(row)
        texts = self._texts.get(key)
        if texts is None:
            texts = self._cells(row)
            self._texts[key] = texts
        return texts

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Follow ``rows`` (any order): remove, replace in place, append, then sort."""
        new = {self._key(r): r for r in rows}
        for i in range(len(self._rows) - 1, -1, -1):
            if self._key(self._rows[i]) not in new:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        last = len(self.headers) - 1
        for i, old in enumerate(self._rows):
            key = self._key(old)
            fresh = new.pop(key)
            if fresh != old:
                self._rows[i] = fresh
                self._texts.pop(key, None)
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))
        if new:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self._rows.extend(new.values())
            self.endInsertRows()
        for key in [k for k in self._texts if k not in {self._key(r) for r in self._rows}]:
            del self._texts[key]
        self._arrange()

    def refresh_texts(self) -> None:
        """Format every cell again (the units changed)."""
        self._texts.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def _order_key(self, row: Row) -> tuple[int, int, float | str]:
        pinned = 1 if self._pinned_last is not None and self._pinned_last(row) else 0
        if self._sort_column < 0:
            return (pinned, 0, 0.0)
        value = self._sort_keys[self._sort_column](row)
        if value is None:
            return (pinned, 1, 0.0)
        descending = self._order == Qt.SortOrder.DescendingOrder
        if isinstance(value, str):
            return (pinned, 0, value)
        return (pinned, 0, -value if descending else value)

    def _arrange(self) -> None:
        if self._sort_column < 0 and self._pinned_last is None:
            return
        descending_text = (
            self._order == Qt.SortOrder.DescendingOrder
            and self._sort_column >= 0
            and self._sort_column not in self._numeric
        )
        wanted = sorted(self._rows, key=self._order_key, reverse=False)
        if descending_text:
            pinned = [r for r in wanted if self._pinned_last and self._pinned_last(r)]
            rest = [r for r in wanted if r not in pinned]
            wanted = list(reversed(rest)) + pinned
        if [self._key(r) for r in wanted] == [self._key(r) for r in self._rows]:
            return
        self.layoutAboutToBeChanged.emit()
        old_keys = [self._key(r) for r in self._rows]
        position = {self._key(r): n for n, r in enumerate(wanted)}
        persistent = self.persistentIndexList()
        self._rows = wanted
        moved_from: list[QModelIndex | QPersistentModelIndex] = []
        moved_to: list[QModelIndex | QPersistentModelIndex] = []
        for index in persistent:
            row = index.row()
            if 0 <= row < len(old_keys):
                moved_from.append(index)
                moved_to.append(self.index(position[old_keys[row]], index.column()))
        self.changePersistentIndexList(moved_from, moved_to)  # type: ignore[arg-type]  # PySide6 stubs want list[QModelIndex]
        self.layoutChanged.emit()
