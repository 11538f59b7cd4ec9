"""Coloured bands behind a plot, one per stretch of time at one pressure level
(green / yellow / red, as Activity Monitor's colours)."""

from __future__ import annotations

import pyqtgraph as pg

from activitymon.model import PressureLevel
from activitymon.ui.theme import level_colour


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
