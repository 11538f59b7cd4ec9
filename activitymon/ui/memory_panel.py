"""A strip of figures under the graph, as Activity Monitor's memory panel; its figures
wrap onto a second line where the window is narrow (a lesson's panel beside the views
at 1024 px)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from activitymon.model import Snapshot
from activitymon.teaching.sentences import LEVEL_WORDS
from activitymon.teaching.terms import MEMORY_FIGURE_TERMS
from activitymon.ui.explain import explain
from activitymon.ui.flow_layout import FlowWidget
from activitymon.ui.steady_labels import make_steady, set_steady_text
from activitymon.ui.theme import level_text_colour
from activitymon.units import MISSING, UnitSystem, format_bytes, format_percent
from activitymon.viewmodel.memory_figures import memory_figures

FIELDS = (
    ("physical", "Physical memory"),
    ("used", "Memory used"),
    ("app", "App memory"),
    ("wired", "Wired memory"),
    ("compressed", "Compressed"),
    ("cached", "Cached files"),
    ("swap", "Swap used"),
    ("level", "Pressure"),
)


#: the longest text a figure shows
WIDEST = {"level": "● Critical  (100 % available)", "physical": "1023 GB"}


class MemoryPanel(FlowWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=22)
        self.units = UnitSystem.BINARY
        self.flow.setContentsMargins(6, 2, 6, 2)
        self.values: dict[str, QLabel] = {}
        self._titles: list[QLabel] = []
        for key, title in FIELDS:
            name = QLabel(title)
            pal = name.palette()
            pal.setColor(
                QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.PlaceholderText)
            )
            name.setPalette(pal)
            value = QLabel(MISSING)
            value.setObjectName(f"memory-{key}")
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            explain(name, MEMORY_FIGURE_TERMS[key])
            explain(value, MEMORY_FIGURE_TERMS[key])
            # a fixed size, wide enough for the longest figure (grown if one needs more):
            # new figures each tick do not lay the window out again (#16)
            make_steady(value, WIDEST.get(key, "1023 MB"))
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(name)
            column.addWidget(value)
            self.flow.addWidget(cell)
            self.values[key] = value
        self._last: Snapshot | None = None
        #: False on a device without a compressor (iOS 6 and 7): its figure says so
        self._compressor: bool | None = None
        self._style_titles()

    def set_compressor(self, present: bool | None) -> None:
        """Whether the device has a compressor (``None``: not known). Without one the
        Compressed figure reads "none", not "0 bytes" (its tooltip, the glossary's
        ``no-compressor`` words, says why)."""
        self._compressor = present
        if self._last is not None:
            self.apply_snapshot(self._last)

    def _style_titles(self) -> None:
        pal = self.palette()
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        for title in self._titles:
            p = title.palette()
            p.setColor(QPalette.ColorRole.WindowText, muted)
            title.setPalette(p)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a switch between light and dark (titles, level colour)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_titles()
            if self._last is not None:
                self.apply_snapshot(self._last)

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        if self._last is not None:
            self.apply_snapshot(self._last)

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        self._last = snapshot
        figures = memory_figures(snapshot)
        for key, label in self.values.items():
            if key in figures:
                set_steady_text(label, format_bytes(figures[key], self.units))
        if self._compressor is False:
            set_steady_text(self.values["compressed"], "none")
        level = snapshot.level
        label = self.values["level"]
        if level is None:
            set_steady_text(label, MISSING)
            if label.styleSheet():
                label.setStyleSheet("")
        else:
            pct = format_percent(snapshot.memorystatus_level, 0)
            set_steady_text(label, f"● {LEVEL_WORDS[level]}  ({pct} available)")
            style = f"color: {level_text_colour(level).name()};"
            if label.styleSheet() != style:  # a new style sheet re-polishes: only on change
                label.setStyleSheet(style)
