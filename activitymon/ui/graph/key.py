"""The pressure graph's key: the marker glyphs and the level shading's colours, each
with its glossary entry as tooltip and What's This text."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from activitymon.model import EventKind, PressureLevel
from activitymon.teaching.terms import GLYPH_TERMS, LEVEL_TERMS
from activitymon.ui.explain import explain
from activitymon.ui.theme import EVENT_COLOURS, level_colour

MARKERS = (("▲", "kill"), ("●", "warning / response"))
LEVEL_NAMES = {
    PressureLevel.NORMAL: "Normal",
    PressureLevel.WARN: "Warning",
    PressureLevel.CRITICAL: "Critical",
}


SHADING_NOTE = "The graph's background colour (level shading): the pressure level at that time."


class GraphKey(QWidget):
    """``▲ kill  ● warning / response  ■ Normal ■ Warning ■ Critical``: the marker
    glyphs, and the level shading's colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.items: dict[str, QLabel] = {}
        for glyph, text in MARKERS:
            kind = EventKind.KILL if glyph == "▲" else EventKind.NOTIFY
            colour = EVENT_COLOURS[kind].name()
            label = QLabel(f"<span style='color:{colour}'>{glyph}</span> {text}")
            explain(label, GLYPH_TERMS[glyph])
            layout.addWidget(label)
            self.items[glyph] = label
        for level, name in LEVEL_NAMES.items():
            colour = level_colour(level).name()
            label = QLabel(f"<span style='color:{colour}'>■</span> {name}")
            explain(label, LEVEL_TERMS[level], SHADING_NOTE)
            layout.addWidget(label)
            self.items[level.label] = label
