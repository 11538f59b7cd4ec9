"""The inspector's Story tab (issue 25 item 5): the process's events, the narration
lines about it, and its jetsam properties, each linked to its glossary entry."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from activitymon.teaching.terms import EVENT_TERMS
from activitymon.ui.explain import summary, tooltip
from activitymon.ui.theme import EVENT_COLOURS
from activitymon.units import UnitSystem
from activitymon.viewmodel.event_text import KIND_TITLES, event_detail
from activitymon.viewmodel.inspection import Inspection, Property

#: the glossary link scheme of the properties' "?" links
TERM_SCHEME = "term:"


def property_html(properties: tuple[Property, ...]) -> str:
    """A two-column table: name (with a link to its glossary entry) and value."""
    if not properties:
        return "<i>No jetsam properties known for this source.</i>"
    rows = []
    for p in properties:
        tip = html.escape(summary(p.term), quote=True)
        rows.append(
            f"<tr><td><a href='{TERM_SCHEME}{html.escape(p.term, quote=True)}' title='{tip}'>"
            f"{html.escape(p.name)}</a></td><td>&nbsp;&nbsp;{html.escape(p.value)}</td></tr>"
        )
    return "<table>" + "".join(rows) + "</table>"


class StoryView(QWidget):
    def __init__(
        self, show_term: Callable[[str], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.units = UnitSystem.BINARY
        self._show_term = show_term
        self.events = QTreeWidget()
        self.events.setHeaderLabels(["Time", "What", "Detail"])
        self.events.setRootIsDecorated(False)
        self.events.setAlternatingRowColors(True)
        self.events.setColumnWidth(0, 70)
        self.events.setColumnWidth(1, 120)
        self.lines = QTreeWidget()
        self.lines.setHeaderHidden(True)
        self.lines.setRootIsDecorated(False)
        self.lines.setWordWrap(True)
        self.properties = QLabel()
        self.properties.setTextFormat(Qt.TextFormat.RichText)
        self.properties.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.properties.linkActivated.connect(self._link)
        self.properties.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.shown_events = 0
        self.shown_lines = 0
        self._properties_html = ""
        split = QSplitter(Qt.Orientation.Vertical)
        for title, widget in (
            ("Its events", self.events),
            ("What happened to it, in words", self.lines),
        ):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(4, 4, 4, 4)
            inner.addWidget(widget)
            split.addWidget(box)
        props = QGroupBox("Its jetsam properties (click a name for its glossary entry)")
        inner = QVBoxLayout(props)
        inner.addWidget(self.properties)
        split.addWidget(props)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def set_units(self, units: UnitSystem) -> None:
        self.units = units

    def _link(self, href: str) -> None:
        if href.startswith(TERM_SCHEME) and self._show_term is not None:
            self._show_term(href.removeprefix(TERM_SCHEME))

    def apply(self, i: Inspection) -> None:
        """Append what is new (events and lines only grow for one process)."""
        if len(i.events) < self.shown_events or len(i.lines) < self.shown_lines:
            self.events.clear()
            self.lines.clear()
            self.shown_events = self.shown_lines = 0
        for event in i.events[self.shown_events :]:
            item = QTreeWidgetItem(
                [f"{event.t:.1f} s", KIND_TITLES[event.kind], event_detail(event, self.units)]
            )
            colour = EVENT_COLOURS.get(event.kind)
            if colour is not None:
                item.setForeground(1, colour)
            item.setToolTip(1, tooltip(EVENT_TERMS[event.kind]))
            self.events.addTopLevelItem(item)
        self.shown_events = len(i.events)
        for line in i.lines[self.shown_lines :]:
            item = QTreeWidgetItem([line.text])
            item.setToolTip(0, tooltip(line.term))
            self.lines.addTopLevelItem(item)
        self.shown_lines = len(i.lines)
        text = property_html(i.properties)
        if text != self._properties_html:
            self._properties_html = text
            self.properties.setText(text)
