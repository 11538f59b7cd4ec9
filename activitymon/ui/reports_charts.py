"""The reports browser's charts (pyqtgraph): kills per day, kills by reason, and the
footprint at death of the most killed processes (each kill a dot, the median a bar). Names sit on
the left axis so they read horizontally; each chart has one item per series whose data
is replaced in place."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from activitymon.ui.theme import KILL_COLOUR, SERIES_COLOURS
from activitymon.viewmodel.reports_browser import DAY_S, ChartData, DayBars, log_mb, spread

MIB = 1024 * 1024
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
        self.days_plot = pg.PlotWidget()
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
        #: what the charts show now
        self.data = ChartData()

    def show_data(self, data: ChartData) -> None:
        """Replace the charts' data (each item's data in place)."""
        self.data = data
        self._show_days(data.day_bars())
        reasons = list(data.reasons)
        self.reason_bars.setOpts(
            x0=[0] * len(reasons), y=list(range(len(reasons))), width=list(data.reasons.values())
        )
        _ticks(self.reasons_plot, reasons)
        xs: list[float] = []
        ys: list[float] = []
        for row, values in enumerate(data.footprints.values()):
            for n, size in enumerate(values):
                xs.append(log_mb(size))
                ys.append(row + spread(n))
        rows = {name: row for row, name in enumerate(data.footprints)}
        medians = data.medians()
        self.kill_dots.setData(x=xs, y=ys)
        self.medians.setData(
            x=[log_mb(m) for m in medians.values()], y=[rows[name] for name in medians]
        )
        _ticks(self.footprint_plot, [f"{n} ({data.kills[n]})" for n in data.footprints])
        for plot, count in ((self.reasons_plot, len(reasons)), (self.footprint_plot, len(rows))):
            plot.setYRange(-0.6, max(count, 1) - 0.4, padding=0)
        self.reasons_plot.enableAutoRange(axis="x")
        low = math.floor(min(xs, default=0.0))
        high = math.ceil(max(xs, default=1.0))
        self.footprint_plot.setXRange(low, max(high, low + 1), padding=0.02)

    def _show_days(self, bars: DayBars) -> None:
        self.days_plot.setTitle(bars.title)
        self.day_bars.setOpts(x=list(bars.xs), height=list(bars.heights), width=bars.width)
        self.days_plot.getAxis("bottom").setTicks([list(bars.ticks), []])
        if bars.xs:
            self.days_plot.setXRange(
                min(bars.xs) - bars.width, max(bars.xs) + bars.width, padding=0.02
            )
            self.days_plot.setYRange(0, max(bars.heights), padding=0.05)
