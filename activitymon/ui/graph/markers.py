"""Markers on the pressure graph for kills, notifications, responses and limits crossed,
with tooltips naming the process, reason, band and size. Each kind has one glyph and
colour (:data:`MARKER_STYLES`): the graph's key draws the same glyph in the same
colour. One scatter item per kind, data replaced when events arrive; markers older
than the history are dropped.

A marker sits at the value the curve had just before its event (the sample before
the tick that brought it): a burst of kills is drawn where memory was when they
began, not after the memory they freed lifted the curve.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import pyqtgraph as pg

from activitymon.model import Event, EventKind, Killed, LimitExceeded, Notified, Responded
from activitymon.teaching.terms import reason_term
from activitymon.ui.explain import summary
from activitymon.ui.theme import EVENT_COLOURS
from activitymon.units import MISSING, UnitSystem, format_bytes

MAX_MARKERS = 5000


@dataclass(frozen=True)
class MarkerStyle:
    """One kind of marker: pyqtgraph's symbol and the text glyph of the same shape."""

    kind: EventKind
    symbol: str
    glyph: str
    size: int
    #: the key's words for it
    label: str


#: pyqtgraph's "t" is a triangle pointing down (its symbols are drawn y-down)
MARKER_STYLES: tuple[MarkerStyle, ...] = (
    MarkerStyle(EventKind.KILL, "t", "▼", 13, "kill"),
    MarkerStyle(EventKind.NOTIFY, "o", "●", 8, "warned"),
    MarkerStyle(EventKind.RESPOND, "d", "◆", 9, "freed"),
    MarkerStyle(EventKind.LIMIT_EXCEEDED, "x", "✕", 9, "over limit"),
)


_Z_ORDER = {
    EventKind.KILL: 24,
    EventKind.LIMIT_EXCEEDED: 23,
    EventKind.RESPOND: 22,
    EventKind.NOTIFY: 21,
}


@dataclass(frozen=True)
class Marker:
    t: float
    y: float
    tip: str


def _scatter(style: MarkerStyle) -> pg.ScatterPlotItem:
    """Hoverable markers of one kind, with the event's text as their tooltip."""
    colour = EVENT_COLOURS[style.kind]
    return pg.ScatterPlotItem(
        symbol=style.symbol,
        size=style.size,
        brush=pg.mkBrush(colour),
        pen=pg.mkPen(colour.darker(150)),
        hoverable=True,
        tip=_tip,
        hoverSize=style.size + 4,
    )


class EventMarkers:
    """One scatter item per kind of marker on one plot."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.units = UnitSystem.BINARY
        self.markers: dict[EventKind, deque[Marker]] = {
            s.kind: deque(maxlen=MAX_MARKERS) for s in MARKER_STYLES
        }
        self.items: dict[EventKind, pg.ScatterPlotItem] = {}
        # kills on top, then limits, responses, and the many warnings at the bottom
        for style in MARKER_STYLES:
            item = _scatter(style)
            item.setZValue(_Z_ORDER[style.kind])
            item.setVisible(False)  # an empty scatter still paints (a mask per tick) (#16)
            plot.addItem(item)
            self.items[style.kind] = item

    @property
    def kills(self) -> deque[Marker]:
        return self.markers[EventKind.KILL]

    def add(self, events: list[Event], y: float | None) -> None:
        """Place the events' markers at ``y``: the curve's value just before them."""
        at = 100.0 if y is None else float(y)
        changed: set[EventKind] = set()
        for event in events:
            tip = self.tip(event)
            if tip is not None:
                self.markers[event.kind].append(Marker(event.t, at, tip))
                changed.add(event.kind)
        for kind in changed:
            self._refresh(kind)

    def trim_before(self, t0: float) -> None:
        for kind, markers in self.markers.items():
            if markers and markers[0].t < t0:
                while markers and markers[0].t < t0:
                    markers.popleft()
                self._refresh(kind)

    def clear(self) -> None:
        for kind, markers in self.markers.items():
            markers.clear()
            self._refresh(kind)

    def tip(self, e: Event) -> str | None:
        """The marker's tooltip; ``None`` for an event that has no marker."""
        when = f"t = {e.t:.1f} s"
        if isinstance(e, Killed):
            band = MISSING if e.band is None else str(e.band)
            size = format_bytes(e.footprint_bytes, self.units)
            why = summary(reason_term(e.reason))
            return (
                f"killed {e.name} (pid {e.pid})\nreason {e.reason.value}: {why}\n"
                f"band {band} · {size}\n{when}"
            )
        if isinstance(e, Notified):
            return f"{e.level.label} notification → {e.name} (pid {e.pid})\n{when}"
        if isinstance(e, Responded):
            freed = format_bytes(e.freed_bytes, self.units)
            return f"{e.name} (pid {e.pid}) freed {freed}\n{when}"
        if isinstance(e, LimitExceeded):
            kind = "fatal" if e.fatal else "soft"
            limit = format_bytes(e.limit_bytes, self.units)
            return f"{e.name} (pid {e.pid}) over its {kind} {limit} limit\n{when}"
        return None

    def _refresh(self, kind: EventKind) -> None:
        markers, item = self.markers[kind], self.items[kind]
        item.setData(
            x=[m.t for m in markers], y=[m.y for m in markers], data=[m.tip for m in markers]
        )
        item.setVisible(bool(markers))


def _tip(x: float, y: float, data: Any) -> str:
    return str(data)
