"""Footprint against limits over time, as Xcode's memory gauge shows it (issue 25 item 2).

The upper plot: the process's footprint (and RSS, compressed) since it was first seen,
as steps; its active and inactive limit lines, the 80 % warning line of the limit that
applies, the zones shaded (green below the warning, yellow up to the limit, red above),
and markers for its warnings, responses, limit warnings, limit crossing and kill. The
lower strip: its band as steps, with its state changes written where they happen.
"""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from activitymon.model import (
    Event,
    EventKind,
    Killed,
    LimitExceeded,
    LimitWarning,
    Notified,
    Responded,
)
from activitymon.ui.graph import BytesAxis, plain_bytes
from activitymon.ui.theme import KILL_COLOUR, WARN_COLOUR
from activitymon.units import UnitSystem
from activitymon.viewmodel.inspection import Inspection
from activitymon.viewmodel.process_history import HistoryPoint

MIB = 1 << 20
GREEN = QColor(52, 199, 89)
YELLOW = QColor(255, 204, 0)
RED = QColor(255, 59, 48)
SERIES = {
    "footprint": QColor(10, 132, 255),
    "rss": QColor(142, 142, 147),
    "compressed": QColor(175, 82, 222),
}
#: event kind → (symbol, colour, legend text)
MARKERS: dict[EventKind, tuple[str, QColor, str]] = {
    EventKind.NOTIFY: ("o", YELLOW, "memory warning"),
    EventKind.LIMIT_WARNING: ("t1", WARN_COLOUR, "limit warning (80 %)"),
    EventKind.RESPOND: ("t", GREEN, "freed memory"),
    EventKind.LIMIT_EXCEEDED: ("s", RED, "over its limit"),
    EventKind.KILL: ("x", KILL_COLOUR, "killed"),
}


class LinearBytesAxis(BytesAxis):
    """Ticks at round binary sizes (64 MB, 128 MB …) on a linear scale."""

    def tickValues(self, min_val: float, max_val: float, size: float) -> list[Any]:
        span = max_val - min_val
        if not (math.isfinite(span) and span > 0):
            return []
        fit = max(2, int(size / 40))
        step = float(MIB)
        while span / step > fit:
            step *= 2
        first = math.ceil(min_val / step) * step
        values: list[float] = []
        value = first
        while value <= max_val and len(values) < 50:
            values.append(value)
            value += step
        return [(step, values)]


def _steps(
    points: tuple[HistoryPoint, ...], end: float, attr: str
) -> tuple[list[float], list[float]]:
    """x, y of a step curve through ``points`` held until ``end`` (unknown values
    break the curve: NaN)."""
    xs: list[float] = []
    ys: list[float] = []
    for point, following in zip(points, (*points[1:], None), strict=True):
        value = getattr(point, attr)
        y = float("nan") if value is None else float(value)
        until = end if following is None else following.t
        xs += [point.t, max(point.t, until)]
        ys += [y, y]
    return xs, ys


def marker_height(event: Event, points: tuple[HistoryPoint, ...]) -> int:
    """Where an event sits on the footprint axis: a limit warning at 80 % of the limit,
    a crossing at the limit, a kill at the footprint it recorded; otherwise the larger
    of the footprints sampled around it (events fall between two samples)."""
    if isinstance(event, LimitWarning):
        return event.limit_bytes * 80 // 100
    if isinstance(event, LimitExceeded):
        return event.limit_bytes
    if isinstance(event, Killed) and event.footprint_bytes is not None:
        return event.footprint_bytes
    before = value_at(points, event.t, "footprint_bytes") or 0
    after = next((p.footprint_bytes for p in points if p.t > event.t), None) or 0
    return max(before, after) if isinstance(event, Notified | Responded) else before


def value_at(points: tuple[HistoryPoint, ...], t: float, attr: str) -> int | None:
    """The value of ``attr`` in force at ``t``."""
    found: int | None = None
    for point in points:
        if point.t > t:
            break
        found = getattr(point, attr)
    return found


class FootprintGauge(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units = UnitSystem.BINARY
        self.axis = LinearBytesAxis()
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(None)  # the window's own background, light or dark
        self.plot: pg.PlotItem = self.canvas.addPlot(row=0, col=0, axisItems={"left": self.axis})
        self.strip: pg.PlotItem = self.canvas.addPlot(row=1, col=0)
        self.canvas.ci.layout.setRowStretchFactor(0, 5)
        self.canvas.ci.layout.setRowStretchFactor(1, 1)
        for plot in (self.plot, self.strip):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=True, y=False)
            plot.getAxis("left").setWidth(64)
        self.strip.setXLink(self.plot)
        self.strip.getAxis("left").setLabel("band")
        self.plot.getAxis("bottom").setStyle(showValues=False)
        self.strip.getAxis("bottom").setLabel("seconds")
        self.legend = self.plot.addLegend(offset=(8, 4), colCount=4)
        self.zones = [
            pg.LinearRegionItem(
                (0, 1),
                orientation="horizontal",
                movable=False,
                brush=pg.mkBrush(c.red(), c.green(), c.blue(), 28),
                pen=pg.mkPen(None),
            )
            for c in (GREEN, YELLOW, RED)
        ]
        for zone in self.zones:
            zone.setZValue(-20)
            zone.setVisible(False)
            self.plot.addItem(zone)
        self.curves = {
            name: self.plot.plot(
                [],
                [],
                pen=pg.mkPen(colour, width=3 if name == "footprint" else 1.5),
                name={
                    "footprint": "footprint",
                    "rss": "resident (RSS)",
                    "compressed": "compressed",
                }[name],
                connect="finite",
            )
            for name, colour in SERIES.items()
        }
        self.limit_curve = self.plot.plot(
            [], [], pen=pg.mkPen(RED, width=1.5, style=Qt.PenStyle.DashLine), name="limit now"
        )
        self.lines: dict[str, pg.InfiniteLine] = {}
        for key, colour, style in (
            ("active", RED, Qt.PenStyle.SolidLine),
            ("inactive", QColor(255, 120, 100), Qt.PenStyle.DotLine),
            ("warning", WARN_COLOUR, Qt.PenStyle.DashLine),
        ):
            line = pg.InfiniteLine(
                angle=0,
                movable=False,
                pen=QPen(colour, 1, style),
                label="",
                labelOpts={"position": 0.02, "color": colour, "anchors": [(0, 1), (0, 1)]},
            )
            line.setVisible(False)
            self.plot.addItem(line)
            self.lines[key] = line
        self.markers = {}
        for kind, (symbol, colour, _text) in MARKERS.items():
            scatter = pg.ScatterPlotItem(
                symbol=symbol, size=11, brush=pg.mkBrush(colour), pen=pg.mkPen(colour.darker(140))
            )
            scatter.setZValue(20 if kind is EventKind.KILL else 10)  # the kill on top
            scatter.setVisible(False)
            self.plot.addItem(scatter)
            self.markers[kind] = scatter
        #: marker kinds in the legend (only those that happened)
        self.in_legend: set[EventKind] = set()
        self.band_curve = self.strip.plot([], [], pen=pg.mkPen(QColor(90, 200, 250), width=2))
        self.state_labels: list[pg.TextItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        self.axis.units = units
        self.axis.picture = None
        self.axis.update()

    def apply(self, i: Inspection) -> None:
        points = i.history
        end = i.t if i.alive else (i.end.t if i.end is not None else i.last_seen)
        end = max(end, points[-1].t if points else end)
        for name, curve in self.curves.items():
            xs, ys = _steps(points, end, f"{name}_bytes")
            curve.setData(xs, ys)
        xs, ys = _steps(points, end, "limit_bytes")
        self.limit_curve.setData(xs, ys)
        self._limits(i)
        self._markers(i.events, points)
        self._strip(points, end)
        top = max(
            [p.footprint_bytes or 0 for p in points]
            + [p.rss_bytes or 0 for p in points]
            + [p.limit_bytes or 0 for p in points]
            + [MIB]
        )
        self.plot.setYRange(0, top * 1.15, padding=0)
        start = points[0].t if points else 0.0
        self.plot.setXRange(start, max(end, start + 1), padding=0.02)

    def _limits(self, i: Inspection) -> None:
        proc = i.process
        shown = {"active": proc.active_limit, "inactive": proc.inactive_limit}
        same = (
            proc.active_limit is not None
            and proc.inactive_limit is not None
            and proc.active_limit.bytes == proc.inactive_limit.bytes
        )
        for key in ("active", "inactive"):
            limit = shown[key]
            line = self.lines[key]
            visible = limit is not None and not (same and key == "inactive")
            line.setVisible(visible)
            if limit is not None and visible:
                kind = "fatal" if limit.fatal else "soft"
                what = "limit (active = inactive)" if same else f"{key} limit"
                line.setValue(limit.bytes)
                line.label.setFormat(f"{what} {plain_bytes(limit.bytes, self.units)}, {kind}")
        warning = i.warning_bytes
        applied = proc.limit
        self.lines["warning"].setVisible(warning is not None)
        if warning is not None:
            self.lines["warning"].setValue(warning)
            self.lines["warning"].label.setFormat(
                f"warning at 80 %: {plain_bytes(warning, self.units)}"
            )
        green, yellow, red = self.zones
        green.setVisible(applied is not None)
        yellow.setVisible(applied is not None and warning is not None)
        red.setVisible(applied is not None)
        if applied is not None:
            green.setRegion((0, applied.bytes if warning is None else warning))
            if warning is not None:
                yellow.setRegion((warning, applied.bytes))
            red.setRegion((applied.bytes, applied.bytes * 100))

    def _markers(self, events: tuple[Event, ...], points: tuple[HistoryPoint, ...]) -> None:
        spots: dict[EventKind, list[tuple[float, float]]] = {kind: [] for kind in MARKERS}
        # on iOS a limit warning is delivered as a memory warning: one marker says both
        limit_warned = {e.t for e in events if isinstance(e, LimitWarning)}
        for event in events:
            if event.kind not in spots:
                continue
            if isinstance(event, Notified) and event.t in limit_warned:
                continue
            spots[event.kind].append((event.t, float(marker_height(event, points))))
        for kind, scatter in self.markers.items():
            data = spots[kind]
            scatter.setData([x for x, _ in data], [y for _, y in data])
            scatter.setVisible(bool(data))
            if data and kind not in self.in_legend:
                self.legend.addItem(scatter, MARKERS[kind][2])
                self.in_legend.add(kind)
            elif not data and kind in self.in_legend:
                self.legend.removeItem(scatter)
                self.in_legend.discard(kind)

    def _strip(self, points: tuple[HistoryPoint, ...], end: float) -> None:
        """The band as steps (where the source has bands) and the state changes in
        words; a change too close to the one before replaces its label."""
        bands = [p.band for p in points if p.band is not None]
        xs, ys = _steps(points, end, "band") if bands else ([], [])
        self.band_curve.setData(xs, ys)
        axis = self.strip.getAxis("left")
        axis.setLabel("band" if bands else "state")
        axis.setStyle(showValues=bool(bands))
        for label in self.state_labels:
            self.strip.removeItem(label)
        self.state_labels = []
        start = points[0].t if points else 0.0
        span = max(end - start, 1e-9)
        low = float(min(bands)) if bands else 0.0
        previous: str | None = None
        last_x = -math.inf
        for point in points:
            state = _shown_state(point.state)
            if state == previous or state is None:
                continue
            previous = state
            if self.state_labels and (point.t - last_x) < span * 0.08:
                self.strip.removeItem(self.state_labels.pop())
            near_end = point.t - start > 0.85 * span
            label = pg.TextItem(state, color=(120, 120, 130), anchor=(1 if near_end else 0, 1))
            label.setPos(point.t, float(point.band) if point.band is not None else low + 0.5)
            self.strip.addItem(label)
            self.state_labels.append(label)
            last_x = point.t
            if len(self.state_labels) >= 40:
                break
        if bands:
            self.strip.setYRange(min(bands) - 1, max(bands) * 1.3 + 1, padding=0)
        else:
            self.strip.setYRange(0, 1, padding=0)


def _shown_state(state: str | None) -> str | None:
    """Running and sleeping alternate all the time on Linux: both read as alive."""
    return "alive" if state in ("running", "sleeping") else state
