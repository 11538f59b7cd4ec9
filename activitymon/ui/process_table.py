"""The process table view: a filter box (words and tokens, ``ui/filter_box.py``) above a
sorted table whose selection and scroll position survive every update; a header menu
chooses columns (remembered per kind of source), fitted to their content at first and
then as the user sized them (``ui/column_widths.py``); a right click asks for the
process's context menu; Copy puts the selected rows on the clipboard as TSV, and the
whole table exports as CSV with raw numbers (``viewmodel/table_export.py``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from activitymon.model import Snapshot
from activitymon.output_files import replacing
from activitymon.sources import Capability, SourceKind
from activitymon.ui.column_widths import ColumnWidths
from activitymon.ui.elided_tooltips import ElidedTooltips
from activitymon.ui.filter_box import FilterBox
from activitymon.ui.process_cells import CellPainter
from activitymon.ui.process_model import ProcessTableModel
from activitymon.ui.settings import AppSettings
from activitymon.ui.sort_arrows import arrows_point_the_rows_way
from activitymon.ui.steady_labels import make_steady
from activitymon.units import UnitSystem
from activitymon.viewmodel.columns import column_index, visible_by_default
from activitymon.viewmodel.table_export import csv_text, tsv_text

COLUMN_WIDTHS = {
    "pid": 64,
    "name": 190,
    "footprint": 86,
    "rss": 86,
    "compressed": 90,
    "band": 190,
    "active_limit": 120,
    "inactive_limit": 120,
    "headroom": 90,
    "state": 110,
    "cpu": 60,
    "lifetime_max": 100,
}


class ProcessTable(QWidget):
    selected_pid_changed = Signal(object)  # int | None
    #: pid, global position: the window builds the menu (it knows the source)
    context_menu_requested = Signal(int, QPoint)
    #: a row was double-clicked or Enter pressed on it: the window inspects its process
    pid_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None, settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or AppSettings.ephemeral()
        #: the column choice is kept per kind of source (``SourceDescription.settings_key``)
        self.settings_key: str = SourceKind.SIMULATOR
        self.model = ProcessTableModel(self)
        self.filter_box = FilterBox(lambda: self.model.all_processes, lambda: self.model.era)
        self.filter_edit = self.filter_box.edit
        self.filter_box.text_changed.connect(self._filter_changed)
        self._total = 0
        self.count_label = make_steady(QLabel(), "99999 of 99999 processes")
        self.filter_box.row.addWidget(self.count_label)
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.filter_box, 1)

        self.view = self._build_view()
        self.copy_action = self._build_copy_action()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self._capabilities: frozenset[Capability] = frozenset()

    def _build_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        self.cells = CellPainter(self.model, view)  # one Python call per cell (#26)
        self.elided_tooltips = ElidedTooltips(view)  # a cut-short cell shows it whole
        view.setItemDelegate(self.cells)
        view.setSortingEnabled(True)
        view.sortByColumn(column_index("footprint"), Qt.SortOrder.DescendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(22)
        view.setWordWrap(False)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        header = view.horizontalHeader()
        arrows_point_the_rows_way(header)  # ▼: largest first
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)  # fitted widths; room left goes to names
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        for key, width in COLUMN_WIDTHS.items():
            header.resizeSection(column_index(key), width)
        self.widths = ColumnWidths(view, self.settings)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        view.activated.connect(self._activated)  # Enter, and double-click
        view.doubleClicked.connect(self._activated)  # where a style activates on one
        return view

    def _build_copy_action(self) -> QAction:
        action = QAction("Copy", self)
        action.setObjectName("table-copy")
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip("Copy the selected rows, every shown column, as TSV")
        action.triggered.connect(self.copy_selection)
        self.view.addAction(action)
        return action

    # -- columns ------------------------------------------------------------------------
    def set_capabilities(
        self, capabilities: frozenset[Capability], settings_key: str = SourceKind.SIMULATOR
    ) -> None:
        """Show the columns this source can know, as the user last chose for it."""
        self._capabilities = capabilities
        self.settings_key = settings_key
        hidden = self.settings.hidden_columns(settings_key)
        for i, column in enumerate(self.model.columns):
            available = self.column_available(column.key)
            if hidden is None:
                show = visible_by_default(column, capabilities)
            else:
                show = available and column.key not in hidden
            self.view.setColumnHidden(i, not show)
        self.widths.configure(settings_key)

    def column_available(self, key: str) -> bool:
        column = self.model.columns[column_index(key)]
        return column.needs is None or column.needs in self._capabilities

    def bring_beside(self, anchor: str, keys: tuple[str, ...]) -> None:
        """Show the columns ``keys`` right after ``anchor`` and scroll back to the left,
        so they are in view beside the process names (a lesson about limits in a
        1024 px window). The order lasts until the window closes; nothing is saved."""
        header = self.view.horizontalHeader()
        after = header.visualIndex(column_index(anchor))
        for key in keys:
            after += 1
            header.moveSection(header.visualIndex(column_index(key)), after)
        self.view.horizontalScrollBar().setValue(0)

    def visible_columns(self) -> list[str]:
        return [c.key for i, c in enumerate(self.model.columns) if not self.view.isColumnHidden(i)]

    def set_column_visible(self, key: str, visible: bool) -> None:
        self.view.setColumnHidden(column_index(key), not visible)
        if visible:
            self.widths.column_shown(key)
        hidden = [
            c.key
            for i, c in enumerate(self.model.columns)
            if self.view.isColumnHidden(i) and self.column_available(c.key)
        ]
        self.settings.set_hidden_columns(self.settings_key, hidden)

    def column_menu(self, menu: QMenu | None = None) -> QMenu:
        """Checkable columns, in ``menu`` or a new one. A column this source cannot
        fill is hidden, but can still be shown (every cell then reads "—")."""
        menu = menu if menu is not None else QMenu(self)
        menu.setToolTipsVisible(True)
        for i, column in enumerate(self.model.columns):
            action = menu.addAction(column.title)
            action.setObjectName(f"column-{column.key}")
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(i))
            if not self.column_available(column.key):
                action.setText(f"{column.title} (not known here)")
                action.setToolTip("this source cannot fill it: every cell would read —")
            action.toggled.connect(lambda on, k=column.key: self.set_column_visible(k, on))
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.view.horizontalHeader().mapToGlobal(pos))

    # -- data ---------------------------------------------------------------------------
    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self.model.apply_snapshot(snapshot)
        self._total = len(snapshot.processes)
        self._update_count()
        self.widths.after_snapshot()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def set_filter(self, text: str) -> None:
        self.filter_edit.setText(text)

    def clear_filter(self) -> None:
        self.filter_edit.clear()

    def focus_rows(self) -> None:
        """Keyboard focus on the rows (the table put forward)."""
        self.view.setFocus()

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self.filter_box.show_problems(self.model.filter.problems)
        self._update_count()

    # -- copy and export ------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows:
            current = self.view.selectionModel().currentIndex()
            rows = [current.row()] if current.isValid() else []
        return rows

    def selection_tsv(self) -> str:
        """The selected rows' shown texts, every shown column in view order, as TSV."""
        header = self.view.horizontalHeader()
        shown = sorted(
            (i for i in range(self.model.columnCount()) if not self.view.isColumnHidden(i)),
            key=header.visualIndex,
        )
        titles = [self.model.columns[i].title for i in shown]
        rows = [
            [str(self.model.index(r, c).data() or "") for c in shown] for r in self.selected_rows()
        ]
        return tsv_text(titles, rows)

    def copy_selection(self) -> int:
        """Put the selected rows on the clipboard; how many."""
        rows = self.selected_rows()
        if rows:
            QGuiApplication.clipboard().setText(self.selection_tsv())
        return len(rows)

    def export_csv(self, path: Path) -> int:
        """Every process of the last snapshot (filtered out or not), in the table's
        order, every column this source can know, raw numbers; the row count."""
        processes = self.model.arranged_all()
        text = csv_text(processes, self._capabilities, self.model.era)
        with replacing(path, suffix=".csv") as temp:  # renamed over the target when whole
            temp.write_text(text, encoding="utf-8")
        return len(processes)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self._total
        self.count_label.setText(
            f"{total} processes" if shown == total else f"{shown} of {total} processes"
        )

    def set_units(self, units: UnitSystem) -> None:
        self.model.set_units(units)

    # -- selection ----------------------------------------------------------------------
    def selected_pid(self) -> int | None:
        index = self.view.selectionModel().currentIndex()
        return self.model.pid_at(index.row()) if index.isValid() else None

    def clear_selection(self) -> None:
        """No row selected or current (a new source: the same pid is another process)."""
        self.view.selectionModel().clear()
        self.selected_pid_changed.emit(None)

    def select_pid(self, pid: int) -> bool:
        row = self.model.row_of(pid)
        if row is None:
            return False
        if self.selected_pid() != pid:
            self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _activated(self, index: QModelIndex) -> None:
        pid = self.model.pid_at(index.row()) if index.isValid() else None
        if pid is not None:
            self.pid_activated.emit(pid)

    def _current_changed(self, current: object, _previous: object) -> None:
        self.selected_pid_changed.emit(self.selected_pid())

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        pid = self.model.pid_at(index.row()) if index.isValid() else None
        if pid is not None:
            if not self.view.selectionModel().isRowSelected(index.row()):
                self.view.selectRow(index.row())  # a row of a selection keeps it (Copy)
            self.context_menu_requested.emit(pid, self.view.viewport().mapToGlobal(pos))
