"""The process table view: a filter box above a sorted table whose selection and scroll
position survive every update."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from activitymon.model import Snapshot
from activitymon.sources import Capability
from activitymon.ui.columns import visible_by_default
from activitymon.ui.process_model import ProcessTableModel


class ProcessTable(QWidget):
    selected_pid_changed = Signal(object)  # int | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProcessTableModel(self)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name or pid")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.model.set_filter)
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(1, 200)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self._capabilities: frozenset[Capability] | None = None

    def set_capabilities(self, capabilities: frozenset[Capability]) -> None:
        if capabilities == self._capabilities:
            return
        self._capabilities = capabilities
        for i, column in enumerate(self.model.columns):
            self.view.setColumnHidden(i, not visible_by_default(column, capabilities))

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self.model.apply_snapshot(snapshot)
        shown, total = self.model.rowCount(), len(snapshot.processes)
        self.count_label.setText(
            f"{total} processes" if shown == total else f"{shown} of {total} processes"
        )

    def selected_pid(self) -> int | None:
        index = self.view.selectionModel().currentIndex()
        return self.model.pid_at(index.row()) if index.isValid() else None

    def select_pid(self, pid: int) -> bool:
        row = self.model.row_of(pid)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _current_changed(self, current: object, _previous: object) -> None:
        self.selected_pid_changed.emit(self.selected_pid())
