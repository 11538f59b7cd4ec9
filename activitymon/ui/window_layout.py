"""The main window's central area and what a view name puts forward.

The problems banner over the tabs (pressure graph, lanes, events) beside the narration,
the memory panel under them, all above the process table in a vertical splitter.
:meth:`WindowLayout.show` puts one view forward (``--view``, View menu, lessons); the
splitter's sizes and the window's geometry are kept in the settings.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from activitymon.ui.graph import PressureGraph
from activitymon.ui.narration_view import NarrationView, side_by_side
from activitymon.ui.problems_banner import ProblemsBanner
from activitymon.ui.process_table import ProcessTable
from activitymon.ui.settings import AppSettings
from activitymon.viewmodel.source_description import BANDS_TITLE

TABS = ("graph", "bands", "events", "kernel-log")
#: what ``--view`` and the View menu may put forward (``pages``: the graph's page classes)
VIEWS = ("overview", "graph", "pages", "table", "bands", "events", "kernel-log")


class WindowLayout:
    def __init__(
        self,
        graph: PressureGraph,
        *,
        lanes: QWidget,
        events: QWidget,
        kernel_log: QWidget,
        narration: NarrationView,
        memory_panel: QWidget,
        table: ProcessTable,
    ) -> None:
        self._graph, self._table = graph, table
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(graph, "Pressure Graph")
        self.tabs.addTab(lanes, BANDS_TITLE)
        self.tabs.addTab(events, "Events")
        self.tabs.addTab(kernel_log, "Kernel Log")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        #: unreadable files, a damaged report's problems: above the views
        self.problems = ProblemsBanner()
        top_layout.addWidget(self.problems)
        top_layout.addWidget(side_by_side(self.tabs, narration), 1)
        top_layout.addWidget(memory_panel)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(top)
        self.splitter.addWidget(table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

    def set_lanes(self, title: str | None) -> None:
        """The lanes tab's title, disabled where the source has no lanes."""
        index = TABS.index("bands")
        self.tabs.setTabEnabled(index, title is not None)
        self.tabs.setTabText(index, title or BANDS_TITLE)

    def show(self, view: str) -> None:
        """overview | graph | pages | table | bands | events | kernel-log: what the window puts
        forward (``pages``: the graph's stacked page classes)."""
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}")
        if view == "pages":
            self._graph.show_view(1)
            view = "graph"
        height = max(self.splitter.height(), 600)
        if view == "table":
            self.splitter.setSizes([0, height])
            self._table.focus_rows()
            return
        self.tabs.setCurrentIndex(TABS.index("graph" if view == "overview" else view))
        if view == "overview":
            self.splitter.setSizes([height * 55 // 100, height * 45 // 100])
        elif view == "bands":
            self.splitter.setSizes([height * 72 // 100, height * 28 // 100])
        else:
            self.splitter.setSizes([height, 0])

    def table_collapsed(self) -> bool:
        """The process table has no height (a view that hides it, or dragged shut)."""
        sizes = self.splitter.sizes()
        return len(sizes) > 1 and sizes[1] == 0

    def restore(self, window: QMainWindow, settings: AppSettings) -> None:
        geometry = settings.bytes_value("window/geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        state = settings.bytes_value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def save(self, window: QMainWindow, settings: AppSettings) -> None:
        settings.set_value("window/geometry", window.saveGeometry())
        settings.set_value("window/splitter", self.splitter.saveState())
