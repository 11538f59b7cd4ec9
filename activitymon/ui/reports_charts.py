"""The reports browser's charts (pyqtgraph): kills per day, kills by reason, and the
footprint at death of the most killed processes (each kill a dot, the median a bar). Names sit on
the left axis so they read horizontally; each chart has one item per series whose data
is replaced in place."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from activitymon.reports.collection import percentiles
from activitymon.reports.incident import ReportFacts, Victim
from activitymon.ui.theme import KILL_COLOUR, SERIES_COLOURS

#: processes shown in the footprint chart (the most killed)
TOP_PROCESSES = 12
TOP_REASONS = 10
MIB = 1024 * 1024
DAY_S = 86_400
#: a longer span of days is charted per month
MAX_DAY_SPAN = 120
#: the footprint axis (x is log10 of MB): labels at 1, 10, 100 of each unit and, finer,
#: at 2, 5, 20 … (pyqtgraph drops the finer labels where they would overlap)
_UNITS = (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3))
LOG_TICKS = [
    (math.log10(m * size / MIB), f"{m} {unit}") for unit, size in _UNITS for m in (1, 10, 100)
]
LOG_MINOR_TICKS = [
    (math.log10(m * size / MIB), f"{m} {unit}")
    for unit, size in _UNITS
    for m in (2, 5, 20, 50, 200, 500)
]


def _plot(title: str, x_label: str) -> pg.PlotWidget:
    widget = pg.PlotWidget()
    widget.setBackground(None)
    widget.setTitle(title)
    widget.setLabel("bottom", x_label)
    widget.setMouseEnabled(x=False, y=False)
    widget.hideButtons()
    widget.showGrid(x=True, y=False, alpha=0.2)
    widget.getPlotItem().invertY(True)  # the largest first, at the top
    return widget


def _ticks(widget: pg.PlotWidget, names: list[str]) -> None:
    widget.getAxis("left").setTicks([[(i, name) for i, name in enumerate(names)]])


class ReportsCharts(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.reasons_plot = _plot("Kills by reason", "kills")
        self.reason_bars = pg.BarGraphItem(
            x0=[], y=[], width=[], height=0.6, brush=pg.mkBrush(KILL_COLOUR)
        )
        self.reasons_plot.addItem(self.reason_bars)
        self.footprint_plot = _plot(
            "Footprint at death", "footprint, log scale (dot: one kill; red bar: median)"
        )
        # daemons die at megabytes, apps at gigabytes: a log axis (x = log10 MB) shows both
        self.footprint_plot.getAxis("bottom").setTicks([LOG_TICKS, LOG_MINOR_TICKS])
        colour = SERIES_COLOURS["app"]
        self.kill_dots = pg.ScatterPlotItem(
            size=6, pen=None, brush=pg.mkBrush(colour.red(), colour.green(), colour.blue(), 120)
        )
        self.medians = pg.ScatterPlotItem(
            size=22, symbol="|", pen=pg.mkPen(KILL_COLOUR, width=3), brush=None
        )
        self.footprint_plot.addItem(self.kill_dots)
        self.footprint_plot.addItem(self.medians)
        self.days_plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
        self.days_plot.setBackground(None)
        self.days_plot.setTitle("Kills per day")
        self.days_plot.setMouseEnabled(x=False, y=False)
        self.days_plot.hideButtons()
        self.day_bars = pg.BarGraphItem(
            x=[], height=[], width=DAY_S * 0.8, brush=pg.mkBrush(SERIES_COLOURS["app"])
        )
        self.days_plot.addItem(self.day_bars)
        layout.addWidget(self.days_plot, 2)
        layout.addWidget(self.reasons_plot, 2)
        layout.addWidget(self.footprint_plot, 4)
        #: what the charts show now, for tests and the status line
        self.reason_counts: dict[str, int] = {}
        self.process_footprints: dict[str, list[int]] = {}
        self.day_counts: dict[str, int] = {}

    def show_facts(
        self, facts: Iterable[ReportFacts], keep: Callable[[Victim], bool] = lambda v: True
    ) -> None:
        reasons: Counter[str] = Counter()
        kills: Counter[str] = Counter()
        days: Counter[str] = Counter()
        footprints: dict[str, list[int]] = {}
        for f in facts:
            for v in f.victims:
                if not keep(v):
                    continue
                if f.date is not None:
                    days[f.date[:10]] += 1  # the device's local day, as the summary counts
                reasons[v.reason] += 1
                kills[v.name] += 1
                if v.footprint_bytes is not None:
                    footprints.setdefault(v.name, []).append(v.footprint_bytes)
        self._show_days(days)
        top_reasons = [r for r, _ in reasons.most_common(TOP_REASONS)]
        self.reason_counts = {r: reasons[r] for r in top_reasons}
        self.reason_bars.setOpts(
            x0=[0] * len(top_reasons),
            y=list(range(len(top_reasons))),
            width=[reasons[r] for r in top_reasons],
        )
        _ticks(self.reasons_plot, top_reasons)
        top = [name for name, _ in kills.most_common() if name in footprints][:TOP_PROCESSES]
        self.process_footprints = {name: footprints[name] for name in top}
        xs: list[float] = []
        ys: list[float] = []
        mx: list[float] = []
        my: list[float] = []
        for row, name in enumerate(top):
            values = footprints[name]
            for n, size in enumerate(values):
                xs.append(_log_mb(size))
                ys.append(row + _spread(n))
            quartiles = percentiles(values)
            if quartiles is not None:
                mx.append(_log_mb(quartiles["median"]))
                my.append(row)
        self.kill_dots.setData(x=xs, y=ys)
        self.medians.setData(x=mx, y=my)
        _ticks(self.footprint_plot, [f"{n} ({kills[n]})" for n in top])
        for plot, rows in ((self.reasons_plot, len(top_reasons)), (self.footprint_plot, len(top))):
            plot.setYRange(-0.6, max(rows, 1) - 0.4, padding=0)
        self.reasons_plot.enableAutoRange(axis="x")
        low = math.floor(min(xs, default=0.0))
        high = math.ceil(max(xs, default=1.0))
        self.footprint_plot.setXRange(low, max(high, low + 1), padding=0.02)

    def _show_days(self, days: Counter[str]) -> None:
        """A bar per day; per month when the reports span more than four months (a
        day's bar would be too thin to see)."""
        self.day_counts = dict(sorted(days.items()))
        counts = self.day_counts
        width = DAY_S * 0.8
        title = "Kills per day"
        if counts and _span_days(counts) > MAX_DAY_SPAN:
            months: Counter[str] = Counter()
            for day, n in counts.items():
                months[day[:7] + "-15"] += n  # a month's bar in its middle
            counts, width, title = dict(sorted(months.items())), DAY_S * 24, "Kills per month"
        self.days_plot.setTitle(title)
        xs = [
            datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() + DAY_S / 2
            for day in counts
        ]
        self.day_bars.setOpts(x=xs, height=list(counts.values()), width=width)
        if xs:
            self.days_plot.setXRange(min(xs) - width, max(xs) + width, padding=0.02)
            self.days_plot.setYRange(0, max(counts.values()), padding=0.05)


def _span_days(days: dict[str, int]) -> int:
    first, last = (datetime.fromisoformat(d) for d in (min(days), max(days)))
    return (last - first).days


def _log_mb(size: int) -> float:
    return math.log10(max(size, 1024) / MIB)


def _spread(n: int) -> float:
    """A fixed vertical offset per dot so equal footprints do not hide each other."""
    return ((n * 7) % 11 - 5) / 20
