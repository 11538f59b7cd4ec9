"""The inspector's Memory Map tab, vmmap-style (issue 25 item 4): where the map came
from (or why there is none, or what a report holds instead), the region table, and
the "REGION TYPE" summary with its TOTAL."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from activitymon.model.regions import MemoryRegion, RegionSummary
from activitymon.ui.explain import explain, summary
from activitymon.ui.inspector.keyed_model import KeyedRowsModel
from activitymon.units import UnitSystem
from activitymon.viewmodel.inspection import Inspection
from activitymon.viewmodel.inspection_text import (
    REGION_HEADERS,
    SUMMARY_HEADERS,
    map_age_text,
    map_lines,
    region_cells,
    summary_cells,
)

REGION_TIPS = (
    summary("memory-map"),
    "the region's address range",
    summary("virtual-size"),
    summary("rss"),
    summary("dirty-memory"),
    summary("swapped-size"),
    "protection now / the most it may get (r read, w write, x execute)",
    summary("share-mode"),
    "the file behind it",
)


def _n(value: int | None) -> float | None:
    return None if value is None else float(value)


def region_model(parent: MemoryMapView) -> KeyedRowsModel[MemoryRegion]:
    return KeyedRowsModel(
        REGION_HEADERS,
        key=lambda r: r.start,
        cells=lambda r: region_cells(r, parent.units),
        sort_keys=(
            lambda r: r.type.lower(),
            lambda r: float(r.start),
            lambda r: float(r.virtual_bytes),
            lambda r: _n(r.resident_bytes),
            lambda r: _n(r.dirty_bytes),
            lambda r: _n(r.swapped_bytes),
            lambda r: r.protection or "",
            lambda r: r.share_mode or "",
            lambda r: r.path or "",
        ),
        numeric=frozenset({2, 3, 4, 5}),
        tooltips=REGION_TIPS,
        parent=parent,
    )


def summary_model(parent: MemoryMapView) -> KeyedRowsModel[RegionSummary]:
    return KeyedRowsModel(
        SUMMARY_HEADERS,
        key=lambda row: row.type,
        cells=lambda row: summary_cells(row, parent.units),
        sort_keys=(
            lambda row: row.type.lower(),
            lambda row: float(row.count),
            lambda row: float(row.virtual_bytes),
            lambda row: _n(row.resident_bytes),
            lambda row: _n(row.dirty_bytes),
            lambda row: _n(row.swapped_bytes),
        ),
        numeric=frozenset({1, 2, 3, 4, 5}),
        tooltips=(REGION_TIPS[0], "regions of this type", *REGION_TIPS[2:6]),
        pinned_last=lambda row: row.type == "TOTAL",
        parent=parent,
    )


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(20)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class MemoryMapView(QWidget):
    #: the Refresh button: read the map now
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units = UnitSystem.BINARY
        # the map is read now and then, not every tick: how old it is, and Refresh
        self.age = QLabel()
        self.age.setObjectName("map-age")
        self.age.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setObjectName("map-refresh")
        self.refresh_button.setToolTip("Read the process's memory map again now")
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.origin = QLabel()
        self.origin.setWordWrap(True)
        self.origin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        explain(self.origin, "memory-map")
        self.regions = region_model(self)
        self.summary = summary_model(self)
        self.region_view = _table(self.regions)
        self.region_view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.summary_view = _table(self.summary)
        self.summary_view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        for view, widths in (
            (self.region_view, (130, 200, 80, 80, 80, 80, 70, 60)),
            (self.summary_view, (160, 60, 90, 90, 90, 90)),
        ):
            for column, width in enumerate(widths):
                view.horizontalHeader().resizeSection(column, width)
        self.summary_view.horizontalHeader().setStretchLastSection(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.region_view)
        split.addWidget(self.summary_view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        header = QHBoxLayout()
        header.addWidget(self.age, 1)
        header.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.origin)
        layout.addWidget(split, 1)

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        self.regions.refresh_texts()
        self.summary.refresh_texts()

    def apply(self, i: Inspection) -> None:
        age = map_age_text(i)
        self.age.setText(age or "")
        self.age.setVisible(age is not None)
        self.refresh_button.setVisible(age is not None)  # a map that can be read again
        self.origin.setText("\n".join(map_lines(i)) or "No memory map.")
        self.regions.set_rows(i.regions)
        rows = list(i.summary)
        if i.regions:
            rows.append(i.total)
        self.summary.set_rows(rows)
        has = bool(i.regions)
        self.region_view.setVisible(has)
        self.summary_view.setVisible(has)
