"""The reports browser's table: one row per incident, appended as the scan finds them
(``beginInsertRows`` per batch, duplicates dropped), sorted on numbers and filtered by
a proxy on process, reason, device, OS and date (the proxy never sorts: the model
sorts its rows on precomputed numbers and says so with a layout change)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from activitymon.reports.incident import ReportFacts
from activitymon.ui.table_models import ModelIndex, TitledTableModel
from activitymon.viewmodel.reports_browser import (
    HEADER_TIPS,
    HEADERS,
    BrowserFilter,
    row_texts,
    row_tooltip,
    sort_values,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FACTS_ROLE = Qt.ItemDataRole.UserRole + 2
#: the proxy's "any" choice
ANY = ""


class ReportsTableModel(TitledTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HEADERS, parent)
        self._rows: list[ReportFacts] = []
        #: each row's sort values, computed once when it arrives (sorting reads them)
        self._sort: list[tuple[Any, ...]] = []
        self._keys: set[str] = set()
        self.duplicates = 0
        self._sort_column = -1
        self._descending = False

    def add(self, facts: Iterable[ReportFacts]) -> None:
        """Append the incidents not seen yet (the same incident twice counts once)."""
        new: list[ReportFacts] = []
        for f in facts:
            if f.key in self._keys:
                self.duplicates += 1
                continue
            self._keys.add(f.key)
            new.append(f)
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self._sort.extend(sort_values(f) for f in new)
        self.endInsertRows()
        self._resort()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens here, on the precomputed values, in one Python sort (a
        sorting proxy would call :meth:`data` n·log n times)."""
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._resort()

    def _resort(self) -> None:
        column = self._sort_column
        if not 0 <= column < len(HEADERS) or len(self._rows) < 2:
            return
        order = sorted(
            range(len(self._rows)), key=lambda r: self._sort[r][column], reverse=self._descending
        )
        if order == list(range(len(order))):
            return
        self.layoutAboutToBeChanged.emit()
        where = [0] * len(order)
        for new_row, old_row in enumerate(order):
            where[old_row] = new_row
        self._rows = [self._rows[r] for r in order]
        self._sort = [self._sort[r] for r in order]
        before = self.persistentIndexList()
        after = [self.index(where[i.row()], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def clear(self) -> None:
        self.beginResetModel()  # a new folder: everything changes at once
        self._rows.clear()
        self._sort.clear()
        self._keys.clear()
        self.duplicates = 0
        self.endResetModel()

    def facts(self, row: int) -> ReportFacts:
        return self._rows[row]

    def all_facts(self) -> list[ReportFacts]:
        return list(self._rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f = self._rows[index.row()]
        column = index.column()
        if role == FACTS_ROLE:
            return f
        if role == Qt.ItemDataRole.DisplayRole:
            return row_texts(f)[column] if 0 <= column < len(HEADERS) else None
        if role == SORT_ROLE:
            return self._sort[index.row()][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row_tooltip(f)
        return None


class ReportsFilter(QSortFilterProxyModel):
    """Rows the :class:`BrowserFilter` accepts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filter = BrowserFilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast); this proxy only filters."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def set_filter(self, flt: BrowserFilter) -> None:
        changing = hasattr(self, "endFilterChange")  # Qt ≥ 6.10
        if changing:
            self.beginFilterChange()
        self.filter = flt
        if changing:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ReportsTableModel):
            return True
        return self.filter.accepts(model.facts(source_row))

    def visible_facts(self) -> list[ReportFacts]:
        model = self.sourceModel()
        if not isinstance(model, ReportsTableModel):
            return []
        if not self.filter.active:
            return model.all_facts()
        return [f for f in model.all_facts() if self.filter.accepts(f)]
