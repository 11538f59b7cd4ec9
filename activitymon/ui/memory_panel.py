"""A strip of figures under the graph, as Activity Monitor's memory panel."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from activitymon.model import Snapshot
from activitymon.ui.theme import level_colour
from activitymon.units import MISSING, UnitSystem, format_bytes, format_percent

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


class MemoryPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units = UnitSystem.BINARY
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 2, 6, 2)
        grid.setHorizontalSpacing(18)
        self.values: dict[str, QLabel] = {}
        for i, (key, title) in enumerate(FIELDS):
            name = QLabel(title)
            name.setStyleSheet("color: palette(mid);")
            value = QLabel(MISSING)
            value.setObjectName(f"memory-{key}")
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            grid.addWidget(name, 0, i)
            grid.addWidget(value, 1, i)
            self.values[key] = value

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        mem = snapshot.memory
        b = mem.bytes_of
        u = self.units
        used = None
        if mem.app_pages is not None and mem.wired_pages is not None:
            used = mem.app_pages + mem.wired_pages + (mem.compressor_pages or 0)
        texts = {
            "physical": format_bytes(mem.total_bytes, u),
            "used": format_bytes(b(used), u),
            "app": format_bytes(b(mem.app_pages), u),
            "wired": format_bytes(b(mem.wired_pages), u),
            "compressed": format_bytes(b(mem.compressor_pages), u),
            "cached": format_bytes(b(mem.file_backed_pages), u),
            "swap": format_bytes(mem.swap_used_bytes, u),
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        level = snapshot.level
        label = self.values["level"]
        if level is None:
            label.setText(MISSING)
            label.setStyleSheet("")
        else:
            pct = format_percent(snapshot.memorystatus_level, 0)
            label.setText(f"{level.label}  ({pct} free)")
            label.setStyleSheet(f"color: {level_colour(level).darker(130).name()};")
