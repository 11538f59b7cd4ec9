"""The reports browser's table: one row per incident, appended as the scan finds them
(``beginInsertRows`` per batch, duplicates dropped), sorted on numbers and filtered by
a proxy on process, reason, device, OS and date (the proxy never sorts: the model
sorts its rows on precomputed numbers and says so with a layout change)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from activitymon.reports.collection import name_matches
from activitymon.reports.incident import ReportFacts
from activitymon.units import MISSING, format_bytes

HEADERS = ("Date", "Device", "OS", "Largest process", "Victims")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FACTS_ROLE = Qt.ItemDataRole.UserRole + 2
#: the proxy's "any" choice
ANY = ""

_ModelIndex = QModelIndex | QPersistentModelIndex


def report_moment(facts: ReportFacts) -> datetime | None:
    return None if facts.date is None else datetime.fromisoformat(facts.date)


def victims_text(facts: ReportFacts) -> str:
    """``Facebook (per-process-limit), kbd (vm-pageshortage)``, in kill order."""
    return ", ".join(f"{v.name} ({v.reason})" for v in facts.victims) or "none"


class ReportsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReportFacts] = []
        #: each row's sort values, computed once (the proxy asks n·log n times)
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
        self._sort.extend(_sort_values(f) for f in new)
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

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f = self._rows[index.row()]
        column = index.column()
        if role == FACTS_ROLE:
            return f
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(f, column)
        if role == SORT_ROLE:
            return self._sort[index.row()][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{f.path}\nvictims: {victims_text(f)}\ndouble-click to replay this report"
        return None

    @staticmethod
    def _display(f: ReportFacts, column: int) -> str | None:
        if column == 0:
            moment = report_moment(f)
            return MISSING if moment is None else moment.strftime("%Y-%m-%d %H:%M")
        if column == 1:
            return f.device or MISSING
        if column == 2:
            return f.os_version or MISSING
        if column == 3:
            if f.largest_process is None:
                return MISSING
            if f.largest_bytes is None:
                return f.largest_process
            return f"{f.largest_process} ({format_bytes(f.largest_bytes)})"
        if column == 4:
            return victims_text(f)
        return None


def _sort_values(f: ReportFacts) -> tuple[Any, ...]:
    """Numbers where a column is a quantity: seconds, bytes, victim count."""
    moment = report_moment(f)
    return (
        -1.0 if moment is None else moment.timestamp(),
        f.device or "",
        f.os_version or "",
        -1 if f.largest_bytes is None else f.largest_bytes,
        len(f.victims),
    )


class ReportsFilter(QSortFilterProxyModel):
    """Rows whose report has a kill of ``process`` with ``reason`` (both when both are
    set), on ``device`` and ``os_version``, taken at or after ``since``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.process = ANY
        self.reason = ANY
        self.device = ANY
        self.os_version = ANY
        self.since: datetime | None = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast); this proxy only filters."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def set_filters(
        self,
        *,
        process: str = ANY,
        reason: str = ANY,
        device: str = ANY,
        os_version: str = ANY,
        since: datetime | None = None,
    ) -> None:
        changing = hasattr(self, "endFilterChange")  # Qt ≥ 6.10
        if changing:
            self.beginFilterChange()
        self.process, self.reason = process, reason
        self.device, self.os_version, self.since = device, os_version, since
        if changing:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.invalidateRowsFilter()

    def accepts(self, f: ReportFacts) -> bool:
        if self.device and f.device != self.device:
            return False
        if self.os_version and f.os_version != self.os_version:
            return False
        if self.since is not None:
            moment = report_moment(f)
            if moment is None or moment < self.since:
                return False
        if self.process or self.reason:
            return any(
                (not self.process or name_matches(v.name, self.process))
                and (not self.reason or v.reason == self.reason)
                for v in f.victims
            )
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: _ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ReportsTableModel):
            return True
        return self.accepts(model.facts(source_row))

    def visible_facts(self) -> list[ReportFacts]:
        model = self.sourceModel()
        if not isinstance(model, ReportsTableModel):
            return []
        if not (self.process or self.reason or self.device or self.os_version or self.since):
            return model.all_facts()
        return [f for f in model.all_facts() if self.accepts(f)]
