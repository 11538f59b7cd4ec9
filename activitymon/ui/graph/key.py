"""The pressure graph's key, one per view, outside the plots: for the pressure view the
marker glyphs (the same shapes and colours as the markers) and the level shading's
colours; for the page-class view the classes' colours. Each item has its glossary
entry as tooltip and What's This text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from activitymon.model import PressureLevel
from activitymon.teaching.terms import GLYPH_TERMS, LEVEL_TERMS, PAGE_CLASS_TERMS
from activitymon.ui.explain import explain
from activitymon.ui.flow_layout import FlowWidget
from activitymon.ui.graph.markers import MARKER_STYLES
from activitymon.ui.theme import EVENT_COLOURS, SERIES_COLOURS, level_colour

LEVEL_NAMES = {
    PressureLevel.NORMAL: "Normal",
    PressureLevel.WARN: "Warning",
    PressureLevel.CRITICAL: "Critical",
}

SHADING_NOTE = (
    "The graph's background colour (level shading): the worst pressure level between one "
    "sample and the next, so a Critical shorter than a sample still shows."
)


def swatch(colour: str, glyph: str, text: str) -> str:
    return f"<span style='color:{colour}'>{glyph}</span>&nbsp;{text}"


class GraphKey(FlowWidget):
    """``▼ kill ● warned ◆ freed ✕ over limit ■ Normal ■ Warning ■ Critical`` for the
    pressure view, ``■ Wired ■ App …`` for the page classes: one shown at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # its items wrap onto a second line where the bar is narrow (1024 px)
        super().__init__(parent, spacing=10)
        self._layout = self.flow
        #: by glyph (markers), level label (shading), ``page:<class>`` (page classes)
        self.items: dict[str, QLabel] = {}
        self.pressure_items: list[QLabel] = []
        for style in MARKER_STYLES:
            colour = EVENT_COLOURS[style.kind].name()
            label = QLabel(swatch(colour, style.glyph, style.label))
            explain(label, GLYPH_TERMS[style.glyph])
            self._add(style.glyph, label, self.pressure_items)
        for level, name in LEVEL_NAMES.items():
            label = QLabel(swatch(level_colour(level).name(), "■", name))
            explain(label, LEVEL_TERMS[level], SHADING_NOTE)
            self._add(level.label, label, self.pressure_items)
        self.page_items: list[QLabel] = []
        self.view = 0
        self.pressure_key = False

    def _add(self, key: str, label: QLabel, group: list[QLabel]) -> None:
        self._layout.addWidget(label)
        self.items[key] = label
        group.append(label)

    def set_page_classes(self, classes: tuple[tuple[str, str], ...]) -> None:
        """The page classes stacked, bottom to top, left to right."""
        for label in self.page_items:
            self.items.pop(label.objectName(), None)
            self._layout.removeWidget(label)
            label.hide()  # until deleted it would still paint where it was
            label.deleteLater()
        self.page_items = []
        for key, title in classes:
            label = QLabel(swatch(SERIES_COLOURS[key].name(), "■", title))
            label.setObjectName(f"page:{key}")
            explain(label, PAGE_CLASS_TERMS[key])
            self._add(f"page:{key}", label, self.page_items)
        self._update()

    def show_view(self, view: int, *, pressure_key: bool | None = None) -> None:
        """The key of view ``view`` (0 pressure, 1 page classes); ``pressure_key``:
        whether the pressure view has markers and shading to explain."""
        self.view = view
        if pressure_key is not None:
            self.pressure_key = pressure_key
        self._update()

    def _update(self) -> None:
        for label in self.pressure_items:
            label.setVisible(self.view == 0)
        for label in self.page_items:
            label.setVisible(self.view == 1)
        self.setVisible(self.pressure_key if self.view == 0 else bool(self.page_items))
