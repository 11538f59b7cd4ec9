"""The "What's happening" pane: the narrator's lines, newest at the bottom, one per
decision the kernel made. Selecting a line selects its process and its event in the
other views (``pid_selected``, ``event_selected``); hovering explains its term."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelection,
    QModelIndex,
    QObject,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from activitymon.model import Event, EventKind, KernelFacts, Snapshot
from activitymon.teaching.narration_line import NarrationLine
from activitymon.teaching.narrator import Narrator
from activitymon.ui.events_view import EventsView
from activitymon.ui.explain import explain, tooltip
from activitymon.ui.narration_delegate import NarrationDelegate
from activitymon.ui.process_table import ProcessTable
from activitymon.ui.table_models import ModelIndex
from activitymon.ui.theme import EVENT_COLOURS, NEUTRAL, level_colour
from activitymon.units import UnitSystem

MAX_LINES = 2000
#: members of a burst a line's tooltip lists
MAX_TOOLTIP_DETAILS = 30
LINE_ROLE = Qt.ItemDataRole.UserRole + 20
_KIND_COLOURS = {
    "kill": EVENT_COLOURS[EventKind.KILL],
    "summary": EVENT_COLOURS[EventKind.KILL],
    "level": EVENT_COLOURS[EventKind.LEVEL],
    "notify": EVENT_COLOURS[EventKind.NOTIFY],
    "respond": EVENT_COLOURS[EventKind.RESPOND],
    "limit": EVENT_COLOURS[EventKind.LIMIT_WARNING],
    "report": EVENT_COLOURS[EventKind.REPORT],
    "threshold": NEUTRAL,
    "launch": EVENT_COLOURS[EventKind.LAUNCH],
}


class NarrationModel(QAbstractListModel):
    """The narrator's lines in order. A growing burst comes back under its serial and
    replaces its row; a folded burst expands (``toggle``) to list its members."""

    def __init__(self, parent: QObject | None = None, max_lines: int = MAX_LINES) -> None:
        super().__init__(parent)
        self._lines: list[NarrationLine] = []
        self._row_of: dict[int, int] = {}
        self._expanded: set[int] = set()
        self._max = max_lines
        #: the glossary variant the tooltips use (the source on screen)
        self.variant = "apple"

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(line)
        if role == Qt.ItemDataRole.ToolTipRole:
            return line_tooltip(line, self.variant)
        if role == Qt.ItemDataRole.DecorationRole:
            if line.level is not None:
                return level_colour(line.level)
            return _KIND_COLOURS.get(line.kind)
        if role == LINE_ROLE:
            return line
        return None

    def display(self, line: NarrationLine) -> str:
        if not line.details:
            return line.text
        if line.serial not in self._expanded:
            return f"▸ {line.text}"
        return "▾ " + line.text + "".join(f"\n    {d}" for d in line.details)

    def toggle(self, row: int) -> None:
        """Expand or fold a burst's list of members."""
        line = self.line_at(row)
        if line is None or not line.details:
            return
        self._expanded ^= {line.serial}
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def append(self, lines: Sequence[NarrationLine]) -> None:
        """Take the narrator's new and changed lines."""
        fresh: list[NarrationLine] = []
        for line in lines:
            row = self._row_of.get(line.serial)
            if row is None:
                fresh.append(line)
                continue
            self._lines[row] = line
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)
        if not fresh:
            return
        first = len(self._lines)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for offset, line in enumerate(fresh):
            self._row_of[line.serial] = first + offset
        self._lines.extend(fresh)
        self.endInsertRows()
        excess = len(self._lines) - self._max
        if excess > 0:
            self.beginRemoveRows(QModelIndex(), 0, excess - 1)
            del self._lines[:excess]
            self._row_of = {line.serial: row for row, line in enumerate(self._lines)}
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._lines.clear()
        self._row_of.clear()
        self._expanded.clear()
        self.endResetModel()

    def lines(self) -> list[NarrationLine]:
        return list(self._lines)

    def line_at(self, row: int) -> NarrationLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None


def line_tooltip(line: NarrationLine, variant: str) -> str:
    """The figures in pages, a burst's members, then the glossary's explanation."""
    parts = []
    if line.note:
        parts.append(f"<p>{html.escape(line.note)}</p>")
    if line.details:
        shown = line.details[:MAX_TOOLTIP_DETAILS]
        more = len(line.details) - len(shown)
        items = "<br>".join(html.escape(d) for d in shown)
        parts.append(f"<p>{items}" + (f"<br>… and {more} more" if more > 0 else "") + "</p>")
    return "".join(parts) + tooltip(line.term, variant)


class NarrationView(QWidget):
    pid_selected = Signal(int)
    event_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.narrator = Narrator()
        self.model = NarrationModel(self)
        title = QLabel("<b>What's happening</b>")
        explain(
            title,
            "jetsam",
            "One line per decision the kernel made; click a line to select its process and event.",
        )
        #: said while no line has come yet (a calm live machine may give none for hours)
        self.empty_hint = QLabel(
            "Nothing has happened yet. A line appears here each time the kernel acts: "
            "the pressure level changes, processes are warned, or one is killed, and why."
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setEnabled(False)  # drawn in the palette's disabled (grey) text
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setAlternatingRowColors(True)
        self.list.setIconSize(QSize(8, 8))
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        # each line wrapped whole at the pane's width, its row as tall as its text
        # (held here, without a Qt parent: Python alone deletes it, after the list)
        self._delegate = NarrationDelegate()
        self.list.setItemDelegate(self._delegate)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        #: keep the newest line in view until the user scrolls back to read
        self.follow = True
        bar = self.list.verticalScrollBar()
        bar.actionTriggered.connect(lambda _: self._user_scrolled())
        # wrapped lines settle their heights late: stay at the end as the range grows
        bar.rangeChanged.connect(self._range_changed)
        self.list.setSpacing(1)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        # a folded burst ("19 processes died …") opens to list every one
        self.list.doubleClicked.connect(lambda index: self.model.toggle(index.row()))
        #: after a rewind: events up to this time were told already
        self._rewound_to: float | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.list, 1)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_hint)

    def _update_hint(self) -> None:
        self.empty_hint.setHidden(self.model.rowCount() > 0)

    @classmethod
    def following(cls, table: ProcessTable, events: EventsView) -> NarrationView:
        """A pane whose selected line selects its process in the table (and from there
        the band view) and its event in the event list."""
        view = cls()
        view.pid_selected.connect(table.select_pid)
        view.event_selected.connect(events.select_event)
        return view

    def configure(self, facts: KernelFacts | None, *, recorded: bool = False) -> None:
        """A new source: narrate by its kernel's facts, tooltips in its platform's
        words; ``recorded``: it shows recorded moments (a replayed report)."""
        self.narrator.configure(facts, recorded=recorded)
        self.model.variant = "apple" if facts is None else facts.glossary_variant
        self._rewound_to = None

    def rewind(self, history: Sequence[Snapshot], events: Sequence[Event]) -> None:
        """The timeline jumped: tell again what a live run told up to the moment,
        sample by sample (``history``, oldest first) with the events between them.
        Events after the last sample of ``history`` come with the next snapshot."""
        self.narrator.reset()
        self.model.clear()
        self._rewound_to = None
        if not history:
            return
        ordered = sorted(events, key=lambda e: e.t)
        i = 0
        lines: list[NarrationLine] = []
        for snapshot in history:
            start = i
            while i < len(ordered) and ordered[i].t <= snapshot.time:
                i += 1
            lines += self.narrator.narrate(snapshot, ordered[start:i])
        self._rewound_to = history[-1].time
        self.model.append(_latest(lines))

    def apply_snapshot(self, snapshot: Snapshot, events: Sequence[Event]) -> None:
        if self._rewound_to is not None:
            told = self._rewound_to
            events = [e for e in events if e.t > told]
            self._rewound_to = None
        lines = self.narrator.narrate(snapshot, events)
        if not lines:
            return
        self.model.append(lines)
        if self.follow and self.isVisible():
            self.list.doItemsLayout()  # wrapped lines change height: settle them first
            self.list.scrollToBottom()

    def _range_changed(self, _low: int, high: int) -> None:
        if self.follow:
            self.list.verticalScrollBar().setValue(high)

    def _user_scrolled(self) -> None:
        bar = self.list.verticalScrollBar()
        self.follow = bar.sliderPosition() >= bar.maximum() - 4

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.follow:
            self.list.doItemsLayout()
            self.list.scrollToBottom()

    def reset(self) -> None:
        self.narrator.reset()
        self.model.clear()
        self._rewound_to = None

    def set_units(self, units: UnitSystem) -> None:
        self.narrator.units = units

    def lines(self) -> list[NarrationLine]:
        return self.model.lines()

    def select_row(self, row: int) -> None:
        self.list.setCurrentIndex(self.model.index(row, 0))

    def _selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        line = self.model.line_at(indexes[0].row())
        if line is None:
            return
        if line.pid is not None:
            self.pid_selected.emit(line.pid)
        if line.event is not None:
            self.event_selected.emit(line.event)


def _latest(lines: Sequence[NarrationLine]) -> list[NarrationLine]:
    """Each serial once, in its last form (a burst that grew over several samples)."""
    final = {line.serial: line for line in lines}
    return [final[k] for k in sorted(final)]


def side_by_side(views: QWidget, narration: NarrationView) -> QSplitter:
    """The views with the narration pane on their right (collapsible)."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("narration-splitter")
    splitter.addWidget(views)
    # a column: a lesson's panel goes above the narration (ui/lesson_controller.py)
    column = QSplitter(Qt.Orientation.Vertical)
    column.setObjectName("narration-column")
    column.addWidget(narration)
    splitter.addWidget(column)
    splitter.setStretchFactor(0, 2)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([680, 320])
    splitter.setCollapsible(0, False)
    return splitter
