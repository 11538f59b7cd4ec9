"""The stacked page-class view: wired, app (anonymous), compressed, file-backed and
free memory over time, stacked to the device's physical memory."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from activitymon.teaching.terms import PAGE_CLASS_TERMS
from activitymon.ui.explain import tooltip
from activitymon.ui.history import FloatArray, SeriesHistory
from activitymon.ui.theme import SERIES_COLOURS

#: bottom to top
PAGE_CLASSES: tuple[tuple[str, str], ...] = (
    ("wired", "Wired"),
    ("app", "App"),
    ("compressed", "Compressed"),
    ("file_backed", "File-backed"),
    ("free", "Free"),
)


class PageClassPlot:
    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        plot.setLabel("left", "memory", units="B")
        plot.setLabel("bottom", "time")
        legend = plot.addLegend(offset=(-10, 10), labelTextSize="9pt")
        legend.setColumnCount(len(PAGE_CLASSES))
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._total_line: pg.InfiniteLine | None = None
        below: pg.PlotDataItem | None = None
        # an invisible zero line: the bottom edge of the first fill (a pen of None draws
        # no path, and FillBetweenItem needs one)
        self._base = plot.plot(pen=pg.mkPen((0, 0, 0, 0)))
        below = self._base
        for key, title in PAGE_CLASSES:
            colour = SERIES_COLOURS[key]
            curve = plot.plot(pen=pg.mkPen(colour.darker(120), width=1), autoDownsampleFactor=1.0)
            fill_colour = pg.mkColor(colour)
            fill_colour.setAlpha(150)
            fill = pg.FillBetweenItem(below, curve, brush=pg.mkBrush(fill_colour))
            plot.addItem(fill)
            # the legend cannot draw a FillBetweenItem: show a filled stand-in
            sample = pg.PlotDataItem(
                pen=pg.mkPen(colour.darker(120)), fillLevel=0, fillBrush=pg.mkBrush(fill_colour)
            )
            legend.addItem(sample, title)
            for item in legend.items[-1]:
                item.setToolTip(tooltip(PAGE_CLASS_TERMS[key]))
            self.curves[key] = curve
            below = curve
        for curve in [self._base, *self.curves.values()]:
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")

    def set_total(self, total_bytes: float) -> None:
        """A dashed line at the device's physical memory."""
        if self._total_line is None:
            self._total_line = pg.InfiniteLine(
                angle=0,
                movable=False,
                pen=pg.mkPen((128, 128, 128), width=1.5, style=Qt.PenStyle.DashLine),
                label="physical memory",
                labelOpts={"position": 0.05, "color": (128, 128, 128), "anchors": [(0, 1), (0, 1)]},
            )
            self._total_line.setZValue(10)
            self.plot.addItem(self._total_line)
        self._total_line.setValue(total_bytes)

    def refresh(self, history: SeriesHistory) -> None:
        t = history.time.view()
        total: FloatArray = np.zeros(len(t))
        self._base.setData(t, total)
        for key, _ in PAGE_CLASSES:
            values = np.nan_to_num(history.series[key].view(), nan=0.0)
            total = total + values
            self.curves[key].setData(t, total)
