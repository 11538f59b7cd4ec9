"""The main window: pressure graph and memory panel above the process table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from activitymon import __version__
from activitymon.model import Event, Snapshot
from activitymon.sources import Source
from activitymon.ui.memory_panel import MemoryPanel
from activitymon.ui.pressure_graph import PressureGraph
from activitymon.ui.process_table import ProcessTable


class MainWindow(QMainWindow):
    def __init__(self, source: Source, interval: float) -> None:
        super().__init__()
        self.source = source
        self.interval = interval
        self.setWindowTitle(f"activitymon — {source.describe()}")
        self.graph = PressureGraph()
        self.memory_panel = MemoryPanel()
        self.table = ProcessTable()
        self.table.set_capabilities(source.capabilities)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.graph, 1)
        top_layout.addWidget(self.memory_panel)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.setCentralWidget(splitter)

        self.source_label = QLabel()
        self.time_label = QLabel()
        self.statusBar().addWidget(self.source_label, 1)
        self.statusBar().addPermanentWidget(self.time_label)
        self._update_source_label()
        self._build_menus()
        self.ticks = 0
        self.last_snapshot: Snapshot | None = None

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        find = QAction("&Filter Processes", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.table.filter_edit.setFocus)
        view_menu.addAction(find)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction(f"activitymon {__version__}", self)
        about.setEnabled(False)
        help_menu.addAction(about)

    def _update_source_label(self) -> None:
        self.source_label.setText(
            f"Source: {self.source.describe()}   ·   every {self.interval:g} s"
        )

    def apply(self, snapshot: Snapshot, events: list[Event]) -> None:
        """Bring every view to this snapshot (GUI thread)."""
        self.ticks += 1
        self.last_snapshot = snapshot
        self.graph.apply_snapshot(snapshot)
        self.memory_panel.apply_snapshot(snapshot)
        self.table.apply_snapshot(snapshot)
        self.time_label.setText(f"t = {snapshot.time:.1f} s")

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
