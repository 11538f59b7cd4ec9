"""The process table view: a filter box above a sorted table whose selection and scroll
position survive every update; a header menu chooses columns (remembered per kind of
source); a right click asks for the process's context menu."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from activitymon.model import Snapshot
from activitymon.sources import Capability
from activitymon.ui.process_model import ProcessTableModel
from activitymon.ui.settings import AppSettings
from activitymon.ui.steady_labels import make_steady
from activitymon.units import UnitSystem
from activitymon.viewmodel.columns import column_index, visible_by_default

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

    def __init__(self, parent: QWidget | None = None, settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or AppSettings.ephemeral()
        self.source_name = "sim"
        self.model = ProcessTableModel(self)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name or pid  (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self._total = 0
        self.count_label = make_steady(QLabel(), "99999 of 99999 processes")
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(column_index("footprint"), Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setWordWrap(False)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        for key, width in COLUMN_WIDTHS.items():
            header.resizeSection(column_index(key), width)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self._capabilities: frozenset[Capability] = frozenset()

    # -- columns ------------------------------------------------------------------------
    def set_capabilities(
        self, capabilities: frozenset[Capability], source_name: str = "sim"
    ) -> None:
        """Show the columns this source can know, as the user last chose for it."""
        self._capabilities = capabilities
        self.source_name = source_name
        hidden = self.settings.hidden_columns(source_name)
        for i, column in enumerate(self.model.columns):
            available = self.column_available(column.key)
            if hidden is None:
                show = visible_by_default(column, capabilities)
            else:
                show = available and column.key not in hidden
            self.view.setColumnHidden(i, not show)

    def column_available(self, key: str) -> bool:
        column = self.model.columns[column_index(key)]
        return column.needs is None or column.needs in self._capabilities

    def visible_columns(self) -> list[str]:
        return [c.key for i, c in enumerate(self.model.columns) if not self.view.isColumnHidden(i)]

    def set_column_visible(self, key: str, visible: bool) -> None:
        self.view.setColumnHidden(column_index(key), not visible)
        hidden = [
            c.key
            for i, c in enumerate(self.model.columns)
            if self.view.isColumnHidden(i) and self.column_available(c.key)
        ]
        self.settings.set_hidden_columns(self.source_name, hidden)

    def column_menu(self, menu: QMenu | None = None) -> QMenu:
        """Checkable columns (unavailable ones disabled), in ``menu`` or a new one."""
        menu = menu if menu is not None else QMenu(self)
        for i, column in enumerate(self.model.columns):
            action = menu.addAction(column.title)
            action.setObjectName(f"column-{column.key}")
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(i))
            if not self.column_available(column.key):
                action.setEnabled(False)
                action.setToolTip("this source cannot know it")
            action.toggled.connect(lambda on, k=column.key: self.set_column_visible(k, on))
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.view.horizontalHeader().mapToGlobal(pos))

    # -- data ---------------------------------------------------------------------------
    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self.model.apply_snapshot(snapshot)
        self._total = len(snapshot.processes)
        self._update_count()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._update_count()

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

    def select_pid(self, pid: int) -> bool:
        row = self.model.row_of(pid)
        if row is None:
            return False
        if self.selected_pid() != pid:
            self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _current_changed(self, current: object, _previous: object) -> None:
        self.selected_pid_changed.emit(self.selected_pid())

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        pid = self.model.pid_at(index.row()) if index.isValid() else None
        if pid is not None:
            self.view.selectRow(index.row())
            self.context_menu_requested.emit(pid, self.view.viewport().mapToGlobal(pos))
