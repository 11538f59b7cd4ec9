"""Markers on the pressure graph for kills and notifications, with tooltips naming
the process, reason, band and size. One scatter item per kind, data replaced when
events arrive; markers older than the history are dropped."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import pyqtgraph as pg
from PySide6.QtGui import QColor

from activitymon.model import Event, Killed, LimitExceeded, Notified, Responded
from activitymon.teaching.terms import reason_term
from activitymon.ui.explain import summary
from activitymon.ui.theme import EVENT_COLOURS
from activitymon.units import MISSING, UnitSystem, format_bytes

MAX_MARKERS = 5000


@dataclass(frozen=True)
class Marker:
    t: float
    y: float
    tip: str


def _scatter(symbol: str, size: int, colour: QColor) -> pg.ScatterPlotItem:
    """Hoverable markers of one kind, with the event's text as their tooltip."""
    return pg.ScatterPlotItem(
        symbol=symbol,
        size=size,
        brush=pg.mkBrush(colour),
        pen=pg.mkPen(colour.darker(150)),
        hoverable=True,
        tip=_tip,
        hoverSize=size + 4,
    )


class EventMarkers:
    """Kills (red triangles) and notifications (orange dots) on one plot."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.units = UnitSystem.BINARY
        self.kills: deque[Marker] = deque(maxlen=MAX_MARKERS)
        self.notes: deque[Marker] = deque(maxlen=MAX_MARKERS)
        self.kill_item = _scatter("t", 13, EVENT_COLOURS[Killed.kind])
        self.note_item = _scatter("o", 7, EVENT_COLOURS[Notified.kind])
        for item in (self.note_item, self.kill_item):
            item.setZValue(20)
            item.setVisible(False)  # an empty scatter still paints (a mask per tick) (#16)
            plot.addItem(item)

    def add(self, events: list[Event], level_at: float | None) -> None:
        """Place the events' markers; ``level_at`` is memorystatus_level now (y)."""
        y = 100.0 if level_at is None else float(level_at)
        changed = False
        for event in events:
            if isinstance(event, Killed):
                self.kills.append(Marker(event.t, y, self.kill_tip(event)))
                changed = True
            elif isinstance(event, Notified | Responded | LimitExceeded):
                self.notes.append(Marker(event.t, y, self.note_tip(event)))
                changed = True
        if changed:
            self._refresh()

    def trim_before(self, t0: float) -> None:
        changed = False
        for markers in (self.kills, self.notes):
            while markers and markers[0].t < t0:
                markers.popleft()
                changed = True
        if changed:
            self._refresh()

    def clear(self) -> None:
        self.kills.clear()
        self.notes.clear()
        self._refresh()

    def kill_tip(self, e: Killed) -> str:
        band = MISSING if e.band is None else str(e.band)
        size = format_bytes(e.footprint_bytes, self.units)
        why = summary(reason_term(e.reason))
        return (
            f"killed {e.name} (pid {e.pid})\nreason {e.reason.value}: {why}\n"
            f"band {band} · {size}\nt = {e.t:.1f} s"
        )

    def note_tip(self, e: Notified | Responded | LimitExceeded) -> str:
        if isinstance(e, Notified):
            return f"{e.level.label} notification → {e.name} (pid {e.pid})\nt = {e.t:.1f} s"
        if isinstance(e, Responded):
            freed = format_bytes(e.freed_bytes, self.units)
            return f"{e.name} (pid {e.pid}) freed {freed}\nt = {e.t:.1f} s"
        kind = "fatal" if e.fatal else "soft"
        limit = format_bytes(e.limit_bytes, self.units)
        return f"{e.name} (pid {e.pid}) over its {kind} {limit} limit\nt = {e.t:.1f} s"

    def _refresh(self) -> None:
        for item, markers in ((self.kill_item, self.kills), (self.note_item, self.notes)):
            item.setData(
                x=[m.t for m in markers], y=[m.y for m in markers], data=[m.tip for m in markers]
            )
            item.setVisible(bool(markers))


def _tip(x: float, y: float, data: Any) -> str:
    return str(data)
