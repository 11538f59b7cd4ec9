"""The memory-pressure graph: level shading behind ``memorystatus_level`` and available
memory, with the jetsam thresholds as labelled lines.

One curve per series; each tick replaces a curve's data in place from ring buffers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from activitymon.model import PressureLevel, Snapshot
from activitymon.ui.history import SeriesHistory
from activitymon.ui.theme import SERIES_COLOURS, level_colour

MB = float(1 << 20)
SERIES = ("memorystatus_level", "available_mb")
DEFAULT_CAPACITY = 3600


class LevelShading:
    """Coloured bands behind a plot, one per stretch of time at one pressure level."""

    def __init__(self, plot: pg.PlotItem, max_regions: int = 200) -> None:
        self._plot = plot
        self._regions: list[tuple[pg.LinearRegionItem, PressureLevel]] = []
        self._max = max_regions

    def extend(self, t: float, level: PressureLevel | None) -> None:
        if level is None:
            return
        if self._regions and self._regions[-1][1] == level:
            region = self._regions[-1][0]
            start, _ = region.getRegion()
            region.setRegion((start, t))
            return
        start = self._regions[-1][0].getRegion()[1] if self._regions else t
        region = pg.LinearRegionItem(
            values=(start, t),
            movable=False,
            brush=pg.mkBrush(level_colour(level, 46)),
            pen=pg.mkPen(None),
        )
        region.setZValue(-100)
        self._plot.addItem(region, ignoreBounds=True)
        self._regions.append((region, level))
        if len(self._regions) > self._max:
            old, _ = self._regions.pop(0)
            self._plot.removeItem(old)

    def trim_before(self, t0: float) -> None:
        while len(self._regions) > 1 and self._regions[0][0].getRegion()[1] < t0:
            old, _ = self._regions.pop(0)
            self._plot.removeItem(old)

    def clear(self) -> None:
        for region, _ in self._regions:
            self._plot.removeItem(region)
        self._regions.clear()

    def __len__(self) -> int:
        return len(self._regions)


class PressureGraph(QWidget):
    def __init__(self, parent: QWidget | None = None, capacity: int = DEFAULT_CAPACITY) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=True)
        self.history = SeriesHistory(capacity, SERIES)
        self._layout_widget = pg.GraphicsLayoutWidget()
        self._layout_widget.setBackground(None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._layout_widget)

        self.level_plot: pg.PlotItem = self._layout_widget.addPlot(row=0, col=0)
        self.level_plot.setLabel("left", "memorystatus_level", units="%")
        self.level_plot.setYRange(0, 100, padding=0.02)
        self.level_plot.setMouseEnabled(x=True, y=False)
        self.level_plot.showGrid(x=True, y=True, alpha=0.15)
        self.level_plot.hideAxis("bottom")
        self.avail_plot: pg.PlotItem = self._layout_widget.addPlot(row=1, col=0)
        self.avail_plot.setLabel("left", "available", units="B")
        self.avail_plot.setLabel("bottom", "time", units="s")
        self.avail_plot.setMouseEnabled(x=True, y=False)
        self.avail_plot.showGrid(x=True, y=True, alpha=0.15)
        self.avail_plot.setXLink(self.level_plot)
        for plot in (self.level_plot, self.avail_plot):
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")

        self.curves: dict[str, pg.PlotDataItem] = {
            "memorystatus_level": self.level_plot.plot(
                pen=pg.mkPen(SERIES_COLOURS["memorystatus_level"], width=2),
                name="memorystatus_level",
            ),
            "available_mb": self.avail_plot.plot(
                pen=pg.mkPen(SERIES_COLOURS["available"], width=2), name="available"
            ),
        }
        self.shading = [LevelShading(self.level_plot), LevelShading(self.avail_plot)]
        self._threshold_lines: dict[str, pg.InfiniteLine] = {}
        self._last_thresholds: Any = None
        self.follow = True
        self._y_max = 0.0

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        mem = snapshot.memory
        avail = mem.bytes_of(mem.available_pages)
        self.history.append(
            snapshot.time,
            {
                "memorystatus_level": snapshot.memorystatus_level,
                "available_mb": None if avail is None else avail,
            },
        )
        for shading in self.shading:
            shading.extend(snapshot.time, snapshot.level)
        self._update_thresholds(snapshot)
        total = float(mem.total_bytes)
        if total != self._y_max:
            self._y_max = total
            self.avail_plot.setYRange(0, total, padding=0.02)
        self.refresh()

    def refresh(self) -> None:
        t = self.history.time.view()
        for name, curve in self.curves.items():
            curve.setData(t, self.history.series[name].view(), connect="finite")
        if len(t):
            for shading in self.shading:
                shading.trim_before(float(t[0]))

    def _update_thresholds(self, snapshot: Snapshot) -> None:
        th = snapshot.thresholds
        if th == self._last_thresholds:
            return
        self._last_thresholds = th
        for line in self._threshold_lines.values():
            self.avail_plot.removeItem(line)
        self._threshold_lines.clear()
        if th is None:
            return
        ps = snapshot.memory.page_size
        for name, pages, colour in (
            ("soft", th.soft_pages, level_colour(PressureLevel.WARN)),
            ("idle", th.idle_pages, level_colour(None)),
            ("critical", th.critical_pages, level_colour(PressureLevel.CRITICAL)),
        ):
            line = pg.InfiniteLine(
                pos=float(pages * ps),
                angle=0,
                movable=False,
                pen=QPen(colour, 1, Qt.PenStyle.DashLine),
                label=f"{name} threshold",
                labelOpts={"position": 0.02, "color": colour, "anchors": [(0, 1), (0, 1)]},
            )
            self.avail_plot.addItem(line, ignoreBounds=False)
            self._threshold_lines[name] = line

    def threshold_names(self) -> list[str]:
        return sorted(self._threshold_lines)

    def curve_data(self, name: str) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        x, y = self.curves[name].getData()
        return (np.asarray(x), np.asarray(y))
