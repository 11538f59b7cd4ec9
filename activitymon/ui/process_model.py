"""The process table's item model: per-tick diffs, sorting in Python on numbers.

A dynamically sorting ``QSortFilterProxyModel`` would call Python ``data()``
O(n log n) times per update (62 ms at 1,000 changing rows, against 5–7 ms sorted in
Python), so this model sorts and filters its own rows: on each snapshot it removes the
rows that are gone, appends new ones, replaces values in place, and moves rows with a
layout change that keeps persistent indexes (selection, current row) on their process.
It never resets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    SortValue,
    column_title,
    column_tooltip,
)
from activitymon.viewmodel.process_filter import ProcessFilter, parse_filter
from activitymon.viewmodel.rows import arranged
from activitymon.viewmodel.rows import blocks as _blocks

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
        self._rows: list[ProcessInfo] = []
        self._all: tuple[ProcessInfo, ...] = ()
        self._context = DisplayContext()
        self._sort_column = 2  # footprint
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._filter = ProcessFilter()
        #: pid → (the process the texts were formatted from, its column texts so far)
        self._texts: dict[int, tuple[ProcessInfo, list[str | None]]] = {}
        #: pid → row (see _row_index)
        self._row_of: dict[int, int] | None = None
        #: the order must be recomputed even if no row changed (a new sort or filter)
        self._unsorted = True

    # -- Qt interface ----------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the view asks ~7 roles per visible cell per paint: the display text first,
        # from the row's cache of formatted texts, then the rest; unused roles cost one
        # comparison each (a full repaint is ~270 cells: formatting them afresh on every
        # paint cost 40 µs a cell, #16)
        if role == _DISPLAY:
            row, col = index.row(), index.column()
            if not (0 <= row < len(self._rows) and 0 <= col < len(self._columns)):
                return None
            proc = self._rows[row]
            cached = self._texts.get(proc.pid)
            if cached is None or cached[0] is not proc:
                cached = (proc, [None] * len(self._columns))
                self._texts[proc.pid] = cached
            texts = cached[1]
            text = texts[col]
            if text is None:
                text = texts[col] = self._columns[col].display(proc, self._context)
            return text
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
        self._reorder(self._arranged(self._rows))

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
        self._filter = parse_filter(text, self._context.era)
        self._unsorted = True
        self._apply(self._all)

    @property
    def filter(self) -> ProcessFilter:
        return self._filter

    @property
    def era(self) -> Era | None:
        return self._context.era

    @property
    def all_processes(self) -> tuple[ProcessInfo, ...]:
        """Every process of the last snapshot, shown or filtered out."""
        return self._all

    def arranged_all(self) -> list[ProcessInfo]:
        """Every process of the last snapshot in the table's order, filter or not."""
        return self._arranged(self._all)

    def pid_at(self, row: int) -> int | None:
        return self._rows[row].pid if 0 <= row < len(self._rows) else None

    def row_of(self, pid: int) -> int | None:
        return self._row_index().get(pid)

    def process_at(self, row: int) -> ProcessInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        """Bring the rows to this snapshot by diffs (remove, insert, update, move)."""
        era_changed = snapshot.era != self._context.era
        if era_changed:
            self._context = DisplayContext(snapshot.era, self._context.units)
            self._texts.clear()
            if self._filter.text:  # band names mean other bands on another scale
                self._filter = parse_filter(self._filter.text, snapshot.era)
        previous, self._all = self._all, snapshot.processes
        if self._filter.active or self._unsorted or not self._update_in_place(previous, self._all):
            self._apply(snapshot.processes)
        if era_changed:  # band names read differently on every row
            self._emit_all_changed()
            if self._columns:  # "Band" or "Priority" (iOS 6)
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    # -- internals ----------------------------------------------------------------------
    def _update_in_place(
        self, previous: Sequence[ProcessInfo], processes: Sequence[ProcessInfo]
    ) -> bool:
        """The common tick: the same processes as before, in the same (pid) order, a few
        of them changed (a live source hands back the same object for the rest). Only
        those are looked at: no dictionary of every row is built. False (nothing
        done) when processes came or went."""
        if len(previous) != len(processes) or len(self._rows) != len(processes):
            return False
        fresh: list[ProcessInfo] = []
        for old, new in zip(previous, processes, strict=True):
            if new is not old:
                if new.pid != old.pid:
                    return False
                fresh.append(new)
        if not fresh:
            return True
        row_of = self._row_index()
        if any(p.pid not in row_of for p in fresh):
            return False
        rows = self._rows
        key = self._columns[self._sort_column].sort_value
        changed: list[int] = []
        resort = False
        for new in fresh:
            i = row_of[new.pid]
            old = rows[i]
            rows[i] = new
            if new != old:
                changed.append(i)
                resort = resort or key(new) != key(old)
        changed.sort()
        self._emit_changed(changed)
        if resort:
            self._reorder(self._arranged(rows))
        return True

    def _row_index(self) -> dict[int, int]:
        """pid → row, kept until rows move, come or go."""
        if self._row_of is None:
            self._row_of = {p.pid: i for i, p in enumerate(self._rows)}
        return self._row_of

    def _apply(self, processes: Sequence[ProcessInfo]) -> None:
        self._row_of = None
        f = self._filter
        wanted = {p.pid: p for p in processes if not f.terms or f.matches(p)}
        # 1. remove rows whose process is gone, in contiguous blocks from the bottom
        gone = [i for i, p in enumerate(self._rows) if p.pid not in wanted]
        for start, end in reversed(_blocks(gone)):
            self.beginRemoveRows(QModelIndex(), start, end)
            for proc in self._rows[start : end + 1]:
                self._texts.pop(proc.pid, None)
            del self._rows[start : end + 1]
            self._row_of = None
            self.endRemoveRows()
        # 2. replace values in place; only rows whose value changed are announced, so
        #    the view repaints just those (and none that are scrolled away). A live
        #    source hands back the same object for a process that did not change (#16)
        rows = self._rows
        changed: list[int] = []
        key = self._columns[self._sort_column].sort_value
        resort = False  # only a changed sort value can move a row
        for i, old in enumerate(rows):
            new = wanted.pop(old.pid)
            if new is not old:
                rows[i] = new
                if new != old:
                    changed.append(i)
                    resort = resort or key(new) != key(old)
        self._emit_changed(changed)
        # 3. append new processes (what is left in ``wanted``)
        if wanted:
            first = len(rows)
            self.beginInsertRows(QModelIndex(), first, first + len(wanted) - 1)
            rows.extend(wanted.values())
            self._row_of = None
            self.endInsertRows()
        # 4. move rows into sorted order (no sort value changed, nothing came or went:
        #    nothing moves, and the 1,000-row sort is skipped)
        if resort or wanted or gone or self._unsorted:
            self._unsorted = False
            self._reorder(self._arranged(rows))

    def _arranged(self, rows: Sequence[ProcessInfo]) -> list[ProcessInfo]:
        get: Callable[[ProcessInfo], SortValue] = self._columns[self._sort_column].sort_value
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return arranged(rows, get, descending=descending)

    def _reorder(self, arranged: list[ProcessInfo]) -> None:
        if [p.pid for p in arranged] == [p.pid for p in self._rows]:
            self._rows = arranged
            return
        self.layoutAboutToBeChanged.emit()
        new_row = {p.pid: i for i, p in enumerate(arranged)}
        old_pids = [p.pid for p in self._rows]
        persistent = self.persistentIndexList()
        moved = [
            self.index(new_row[old_pids[idx.row()]], idx.column())
            if 0 <= idx.row() < len(old_pids)
            else QModelIndex()
            for idx in persistent
        ]
        self._rows = arranged
        self._row_of = None
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _emit_changed(self, rows: list[int]) -> None:
        """``dataChanged`` for these rows, in contiguous blocks, so the view repaints
        only the changed rows it shows; one span when the blocks are very many (a
        span over rows the view shows repaints them all)."""
        if not rows:
            return
        blocks = _blocks(rows)
        if len(blocks) > 256:
            blocks = [(blocks[0][0], blocks[-1][1])]
        last_column = len(self._columns) - 1
        roles = [Qt.ItemDataRole.DisplayRole, SORT_ROLE]
        for start, end in blocks:
            self.dataChanged.emit(self.index(start, 0), self.index(end, last_column), roles)

    def _emit_all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(self._columns) - 1),
                [Qt.ItemDataRole.DisplayRole, SORT_ROLE],
            )
