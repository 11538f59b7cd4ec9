"""The process table's item model: per-tick diffs, sorting in Python on numbers.

A dynamically sorting ``QSortFilterProxyModel`` would call Python ``data()``
O(n log n) times per update (62 ms at 1,000 changing rows, against 5–7 ms sorted in
Python), so the rows sort and filter themselves, without Qt, by diffs
(``viewmodel/table_rows.py``): this model forwards each change they announce —
rows removed, values changed, rows appended, rows moved with a layout change that keeps
persistent indexes (selection, current row) on their process — and formats a cell's
text only when the view asks for it. It never resets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
)

from activitymon.model import Era, ProcessInfo, Snapshot
from activitymon.ui.explain import current_variant
from activitymon.ui.table_models import ModelIndex
from activitymon.units import UnitSystem
from activitymon.viewmodel.columns import (
    COLUMNS,
    Column,
    DisplayContext,
    column_title,
    column_tooltip,
)
from activitymon.viewmodel.process_filter import ProcessFilter, parse_filter
from activitymon.viewmodel.table_rows import TableRows

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
PID_ROLE = Qt.ItemDataRole.UserRole + 2

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_ROLES = frozenset(
    {_DISPLAY, _ALIGN, int(Qt.ItemDataRole.ToolTipRole), int(SORT_ROLE), int(PID_ROLE)}
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class ProcessTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns: tuple[Column, ...] = COLUMNS
        self._context = DisplayContext()
        self._sort_column = 2  # footprint
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._table = TableRows(self, self._columns[self._sort_column].sort_value, descending=True)
        #: pid → (the process the texts were formatted from, its column texts so far)
        self._texts: dict[int, tuple[ProcessInfo, list[str | None]]] = {}
        self._persistent: list[QModelIndex] = []

    @property
    def _rows(self) -> list[ProcessInfo]:
        return self._table.rows

    # -- Qt interface ----------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the view asks ~7 roles per visible cell per paint: the display text first,
        # from the row's cache of formatted texts, then the rest; unused roles cost one
        # comparison each (a full repaint is ~270 cells: formatting them afresh on every
        # paint cost 40 µs a cell, #16)
        if role == _DISPLAY:
            return self.display_text(index.row(), index.column())
        if role not in _ROLES or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if row >= len(self._rows) or col >= len(self._columns):
            return None
        column = self._columns[col]
        if role == _ALIGN:
            return _RIGHT if column.numeric else _LEFT
        proc = self._rows[row]
        if role == SORT_ROLE:
            return column.sort_value(proc)
        if role == PID_ROLE:
            return proc.pid
        if column.key == "name":  # tooltip
            return f"{proc.name} (pid {proc.pid})"
        return None

    def display_text(self, row: int, col: int) -> str | None:
        """The cell's text, formatted once per value of its process (``None`` outside
        the table)."""
        rows = self._rows
        if not (0 <= row < len(rows) and 0 <= col < len(self._columns)):
            return None
        proc = rows[row]
        cached = self._texts.get(proc.pid)
        if cached is None or cached[0] is not proc:
            cached = (proc, [None] * len(self._columns))
            self._texts[proc.pid] = cached
        texts = cached[1]
        text = texts[col]
        if text is None:
            text = texts[col] = self._columns[col].display(proc, self._context)
        return text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column_title(column, self._context.era)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.WhatsThisRole):
            return column_tooltip(column, current_variant())
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self._sort_column = column
        self._sort_order = order
        self._table.set_sort(
            self._columns[column].sort_value, descending=order == Qt.SortOrder.DescendingOrder
        )

    # -- public -------------------------------------------------------------------------
    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def set_units(self, units: UnitSystem) -> None:
        self._context = DisplayContext(self._context.era, units)
        self._texts.clear()
        self._emit_all_changed()

    def set_filter(self, text: str) -> None:
        """Show only the processes ``text`` matches (``viewmodel/process_filter.py``:
        words and ``key:value`` tokens)."""
        self._table.set_filter(parse_filter(text, self._context.era))

    @property
    def filter(self) -> ProcessFilter:
        return self._table.filter

    @property
    def era(self) -> Era | None:
        return self._context.era

    @property
    def all_processes(self) -> tuple[ProcessInfo, ...]:
        """Every process of the last snapshot, shown or filtered out."""
        return self._table.all

    def arranged_all(self) -> list[ProcessInfo]:
        """Every process of the last snapshot in the table's order, filter or not."""
        return self._table.arranged(self._table.all)

    def pid_at(self, row: int) -> int | None:
        return self._rows[row].pid if 0 <= row < len(self._rows) else None

    def row_of(self, pid: int) -> int | None:
        return self._table.row_index().get(pid)

    def process_at(self, row: int) -> ProcessInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        """Bring the rows to this snapshot by diffs (remove, insert, update, move)."""
        era_changed = snapshot.era != self._context.era
        if era_changed:
            self._context = DisplayContext(snapshot.era, self._context.units)
            self._texts.clear()
            text = self._table.filter.text
            if text:  # band names mean other bands on another scale
                self._table.filter = parse_filter(text, snapshot.era)
        self._table.take(snapshot.processes)
        if era_changed:  # band names read differently on every row
            self._emit_all_changed()
            if self._columns:  # "Band" or "Priority" (iOS 6)
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    # -- the rows' announcements, forwarded to Qt ------------------------------------------
    def rows_removing(self, start: int, end: int) -> None:
        self.beginRemoveRows(QModelIndex(), start, end)
        for proc in self._rows[start : end + 1]:
            self._texts.pop(proc.pid, None)

    def rows_removed(self) -> None:
        self.endRemoveRows()

    def rows_changed(self, spans: list[tuple[int, int]]) -> None:
        """``dataChanged`` per span, so the view repaints only the changed rows it shows."""
        last_column = len(self._columns) - 1
        roles = [Qt.ItemDataRole.DisplayRole, SORT_ROLE]
        for start, end in spans:
            self.dataChanged.emit(self.index(start, 0), self.index(end, last_column), roles)

    def rows_inserting(self, start: int, end: int) -> None:
        self.beginInsertRows(QModelIndex(), start, end)

    def rows_inserted(self) -> None:
        self.endInsertRows()

    def rows_moving(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._persistent = self.persistentIndexList()

    def rows_moved(self, new_row_of: Sequence[int]) -> None:
        persistent, self._persistent = self._persistent, []
        moved = [
            self.index(new_row_of[idx.row()], idx.column())
            if 0 <= idx.row() < len(new_row_of)
            else QModelIndex()
            for idx in persistent
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _emit_all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(self._columns) - 1),
                [Qt.ItemDataRole.DisplayRole, SORT_ROLE],
            )
