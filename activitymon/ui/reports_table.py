"""The reports browser's table: one row per incident, appended as the scan finds them
(``beginInsertRows`` per batch, duplicates dropped), sorted on numbers and filtered by
a proxy on process, reason, device, OS and date."""

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
        self._keys: set[str] = set()
        self.duplicates = 0

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
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()  # a new folder: everything changes at once
        self._rows.clear()
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
            return self._sort_value(f, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f.path
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

    @staticmethod
    def _sort_value(f: ReportFacts, column: int) -> Any:
        if column == 0:
            moment = report_moment(f)
            return -1.0 if moment is None else moment.timestamp()
        if column == 3:
            return -1 if f.largest_bytes is None else f.largest_bytes
        if column == 4:
            return len(f.victims)
        return ReportsTableModel._display(f, column) or ""


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
        self.setSortRole(SORT_ROLE)

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
        out: list[ReportFacts] = []
        for row in range(self.rowCount()):
            facts = self.data(self.index(row, 0), FACTS_ROLE)
            if isinstance(facts, ReportFacts):
                out.append(facts)
        return out
