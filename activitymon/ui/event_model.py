"""The event timeline's item model: events appended as they arrive (one
``beginInsertRows`` per tick), oldest dropped past a bound; kinds filtered by a
proxy that only filters (it never sorts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from activitymon.model import Event, EventKind, KernelFacts, Killed, LevelChanged
from activitymon.teaching.terms import EVENT_TERMS, reason_term
from activitymon.ui.explain import tooltip
from activitymon.ui.table_models import ModelIndex, TitledTableModel
from activitymon.ui.theme import EVENT_COLOURS, level_colour
from activitymon.units import UnitSystem
from activitymon.viewmodel.event_text import KIND_TITLES, event_detail, event_process

__all__ = ["KIND_TITLES", "EventFilter", "EventModel", "event_detail", "event_process"]

EVENT_ROLE = Qt.ItemDataRole.UserRole + 10
KIND_ROLE = Qt.ItemDataRole.UserRole + 11
DEFAULT_MAX_EVENTS = 20_000
HEADERS = ("Time", "Kind", "Process", "Detail")


class EventModel(TitledTableModel):
    def __init__(self, parent: QObject | None = None, max_events: int = DEFAULT_MAX_EVENTS) -> None:
        super().__init__(HEADERS, parent)
        self._events: list[Event] = []
        self.max_events = max_events
        self.units = UnitSystem.BINARY
        #: wall-clock time (POSIX) of t = 0 when the source knows it (a report, a
        #: recording): times then read as dates, never as hours since 1970
        self.epoch: float | None = None
        #: the watched kernel's facts (how its reports spell a reason)
        self.facts: KernelFacts | None = None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._events):
            return None
        event = self._events[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                if self.epoch is not None:
                    moment = dt.datetime.fromtimestamp(self.epoch + event.t, dt.UTC)
                    return moment.strftime("%Y-%m-%d %H:%M:%SZ")
                return f"{event.t:.1f} s"
            if col == 1:
                return KIND_TITLES[event.kind]
            if col == 2:
                return event_process(event)
            return event_detail(event, self.units, self.facts)
        if role == Qt.ItemDataRole.ToolTipRole and col in (1, 3):
            if col == 3 and isinstance(event, Killed):
                return tooltip(reason_term(event.reason))
            return tooltip(EVENT_TERMS[event.kind])
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            if isinstance(event, LevelChanged):  # a level change wears its level's colour
                return level_colour(event.level)
            return EVENT_COLOURS[event.kind]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == EVENT_ROLE:
            return event
        if role == KIND_ROLE:
            return event.kind.value
        return None

    # -- public -------------------------------------------------------------------------
    def append(self, events: Sequence[Event]) -> None:
        if not events:
            return
        events = list(events)[-self.max_events :]
        overflow = len(self._events) + len(events) - self.max_events
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            del self._events[:overflow]
            self.endRemoveRows()
        first = len(self._events)
        self.beginInsertRows(QModelIndex(), first, first + len(events) - 1)
        self._events.extend(events)
        self.endInsertRows()

    def clear(self) -> None:
        """On a change of source only (never per tick)."""
        self.beginResetModel()
        self._events.clear()
        self.endResetModel()

    def event_at(self, row: int) -> Event | None:
        return self._events[row] if 0 <= row < len(self._events) else None

    def events(self) -> list[Event]:
        return list(self._events)

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        if self._events:
            self.dataChanged.emit(
                self.index(0, 3),
                self.index(len(self._events) - 1, 3),
                [Qt.ItemDataRole.DisplayRole],
            )


class EventFilter(QSortFilterProxyModel):
    """Shows only the chosen kinds; filters rows as they are inserted, never sorts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kinds: frozenset[EventKind] = frozenset(EventKind)

    def set_kinds(self, kinds: Iterable[EventKind]) -> None:
        if hasattr(self, "endFilterChange"):  # Qt ≥ 6.10
            self.beginFilterChange()
            self._kinds = frozenset(kinds)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._kinds = frozenset(kinds)
            self.invalidateRowsFilter()

    def kinds(self) -> frozenset[EventKind]:
        return self._kinds

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, EventModel):
            return True
        event = model.event_at(source_row)
        return event is not None and event.kind in self._kinds
