"""The stacked page-class view: wired, app (anonymous), compressed, file-backed and
free memory over time, stacked to the device's physical memory."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

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
        plot.setLabel("bottom", "time", units="s")
        legend = plot.addLegend(offset=(-10, 10), labelTextSize="9pt")
        legend.setColumnCount(len(PAGE_CLASSES))
        self.curves: dict[str, pg.PlotDataItem] = {}
        below: pg.PlotDataItem | None = None
        self._base = plot.plot(pen=None)
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
            self.curves[key] = curve
            below = curve
        for curve in [self._base, *self.curves.values()]:
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")

    def refresh(self, history: SeriesHistory) -> None:
        t = history.time.view()
        total: FloatArray = np.zeros(len(t))
        self._base.setData(t, total)
        for key, _ in PAGE_CLASSES:
            values = np.nan_to_num(history.series[key].view(), nan=0.0)
            total = total + values
            self.curves[key].setData(t, total)
