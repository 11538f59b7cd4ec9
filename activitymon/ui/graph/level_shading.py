"""Coloured bands behind a plot, one per stretch of time at one pressure level
(green / yellow / red, as Activity Monitor's colours).

One graphics item paints every stretch: cheaper per tick than a region item per
stretch (those re-layout after each paint and cost a second frame). Its bounds are
the whole view, so a tick that only lengthens the newest stretch repaints the new
slice, not the plot and its axes (#16).
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter

from activitymon.model import PressureLevel
from activitymon.ui.theme import level_colour

SHADE_ALPHA = 46


class LevelShading(pg.GraphicsObject):
    """Stretches ``[start, end, level]`` drawn full height behind the curves."""

    def __init__(self, plot: pg.PlotItem, max_regions: int = 2000) -> None:
        super().__init__()
        self._spans: list[tuple[float, float, PressureLevel]] = []
        self._max = max_regions
        #: each level's shade, made once (the palette's colours are fixed per level)
        self._colours: dict[PressureLevel, QColor] = {}
        self.setZValue(-100)
        plot.addItem(self, ignoreBounds=True)

    def extend(self, t: float, level: PressureLevel | None) -> None:
        if level is None:
            return
        if self._spans and self._spans[-1][2] == level:
            start, end, _ = self._spans[-1]
            self._spans[-1] = (start, t, level)
            self._changed_between(end, t)
            return
        start = self._spans[-1][1] if self._spans else t
        self._spans.append((start, t, level))
        if len(self._spans) > self._max:
            del self._spans[0]
            self._changed()
        else:
            self._changed_between(start, t)

    def trim_before(self, t0: float) -> None:
        n = 0
        while n < len(self._spans) - 1 and self._spans[n][1] < t0:
            n += 1
        if n:
            del self._spans[:n]
            self._changed()

    def clear(self) -> None:
        self._spans.clear()
        self._changed()

    def spans(self) -> list[tuple[float, float, PressureLevel]]:
        return list(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def _changed(self) -> None:
        self.update()

    def _changed_between(self, x0: float, x1: float) -> None:
        """Repaint the stretch of time from ``x0`` to ``x1``, full height."""
        vb = self.getViewBox()
        if vb is None:
            return
        (_, _), (y0, y1) = vb.viewRange()
        self.update(QRectF(x0, y0, max(x1 - x0, 1e-9), y1 - y0))

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    def boundingRect(self) -> QRectF:
        """The whole view: what the shading covers changes with every tick, the view
        only when it moves (``viewRangeChanged``)."""
        vb = self.getViewBox()
        if vb is None:
            return QRectF()
        rect: QRectF = vb.viewRect()
        return rect

    def paint(self, painter: QPainter, *_: Any) -> None:
        vb = self.getViewBox()
        if vb is None or not self._spans:
            return
        (_, _), (y0, y1) = vb.viewRange()
        colours = self._colours
        for start, end, level in self._spans:
            colour = colours.get(level)
            if colour is None:
                colour = colours[level] = level_colour(level, SHADE_ALPHA)
            painter.fillRect(QRectF(start, y0, end - start, y1 - y0), colour)
