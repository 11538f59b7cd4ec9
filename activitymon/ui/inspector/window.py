"""One process's inspector window: who it is and how it is (alive, or its tombstone),
its figures and headroom, then four tabs: Footprint (against its limits over time),
Memory (what it is made of), Memory Map (vmmap-style) and Story.

It never touches a source: it shows the :class:`~activitymon.viewmodel.inspection.
Inspection` values the sampler sends in each tick, and says when it closes so the
window stops asking for them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from activitymon.model import PressureLevel
from activitymon.ui.explain import explain
from activitymon.ui.inspector.breakdown import MemoryBreakdown
from activitymon.ui.inspector.gauge import FootprintGauge
from activitymon.ui.inspector.memory_map import MemoryMapView
from activitymon.ui.inspector.story import StoryView
from activitymon.ui.steady_labels import make_steady, set_steady_text
from activitymon.ui.theme import KILL_COLOUR, LEVEL_COLOURS
from activitymon.units import UnitSystem
from activitymon.viewmodel.inspection import Inspection
from activitymon.viewmodel.inspection_text import figure_rows, headline, status_line

TABS = ("footprint", "memory", "map", "story")
#: the figures of the header, in order (labels of ``figure_rows``)
HEADER_FIGURES = (
    "Footprint",
    "Resident (RSS)",
    "Compressed",
    "Virtual",
    "Limit now",
    "Headroom",
)


class InspectorWindow(QWidget):
    #: the window closed: its pid (the sampler stops inspecting it)
    closed = Signal(int)
    #: read this pid's memory map now (Refresh, or the Memory Map tab shown with an
    #: old one)
    refresh_requested = Signal(int)

    def __init__(
        self,
        pid: int,
        name: str = "",
        *,
        show_term: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.pid = pid
        self.units = UnitSystem.BINARY
        self.last: Inspection | None = None
        self.setObjectName(f"inspector-{pid}")
        self.setWindowTitle(f"Inspector — {name} ({pid})" if name else f"Inspector — pid {pid}")
        self.title = QLabel(name or f"pid {pid}")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel("waiting for the next sample…")
        self.status.setWordWrap(True)
        explain(self.status, "tombstone")
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        for column, label in enumerate(HEADER_FIGURES):
            name_label = QLabel(label)
            value = QLabel("—")
            value_font = QFont(value.font())
            value_font.setPointSizeF(value_font.pointSizeF() * 1.15)
            value_font.setBold(label in ("Footprint", "Headroom"))
            value.setFont(value_font)
            make_steady(value, "over by 9999.99 MB")  # measured in its own font
            grid.addWidget(name_label, 0, column)
            grid.addWidget(value, 1, column)
            self.figures[label] = value
        grid.setColumnStretch(len(HEADER_FIGURES), 1)
        self.gauge = FootprintGauge()
        self.breakdown = MemoryBreakdown()
        self.map_view = MemoryMapView()
        self.story = StoryView(show_term)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.gauge, "Footprint && Limits")
        self.tabs.addTab(self.breakdown, "Memory")
        self.tabs.addTab(self.map_view, "Memory Map")
        self.tabs.addTab(self.story, "Story")
        self.map_view.refresh_requested.connect(lambda: self.refresh_requested.emit(self.pid))
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addLayout(grid)
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.resize(980, 700)

    def show_tab(self, tab: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(tab))

    def _tab_shown(self, index: int) -> None:
        """The Memory Map tab comes into view: a map older than the moment shown is
        read again at once."""
        last = self.last
        if index != TABS.index("map") or last is None or last.map_t is None:
            return
        if last.alive and last.t - last.map_t >= 0.05:
            self.refresh_requested.emit(self.pid)

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        for view in (self.gauge, self.breakdown, self.map_view, self.story):
            view.set_units(units)
        if self.last is not None:
            self.apply(self.last)

    def apply(self, i: Inspection) -> None:
        self.last = i
        self.title.setText(headline(i))
        self.setWindowTitle(f"Inspector — {i.name} ({i.pid})")
        self.status.setText(status_line(i))
        colour = KILL_COLOUR if not i.alive else LEVEL_COLOURS[PressureLevel.NORMAL]
        self.status.setStyleSheet(f"color: {colour.darker(130).name()}")
        rows = {row.label: row for row in figure_rows(i, self.units)}
        for label, widget in self.figures.items():
            row = rows.get(label)
            set_steady_text(widget, "—" if row is None else row.value)
            term = "headroom" if row is None and label == "Headroom" else (row.term if row else "")
            if term and widget.property("term") != term:
                widget.setProperty("term", term)
                explain(widget, term)
        self.gauge.apply(i)
        self.breakdown.apply(i)
        self.map_view.apply(i)
        self.story.apply(i)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit(self.pid)
        event.accept()
