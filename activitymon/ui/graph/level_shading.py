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
#: the narrowest a Warning or Critical stretch is drawn, in pixels
MIN_PX = 3.0


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
        for x0, x1, level in drawn_spans(self._spans, MIN_PX * vb.viewPixelSize()[0]):
            colour = colours.get(level)
            if colour is None:
                colour = colours[level] = level_colour(level, SHADE_ALPHA)
            painter.fillRect(QRectF(x0, y0, x1 - x0, y1 - y0), colour)


Span = tuple[float, float, PressureLevel]


def drawn_spans(spans: list[Span], least: float) -> list[Span]:
    """The stretches as drawn: a Warning or Critical stretch narrower than ``least``
    (a Critical of a tenth of a second in a minute's view) is widened to ``least``
    around its middle, taking the room from its neighbours: it happened, and a
    stretch one pixel wide would hide it."""
    starts = [span[0] for span in spans]
    ends = [span[1] for span in spans]
    levels = [span[2] for span in spans]
    for i, level in enumerate(levels):
        start, end = spans[i][0], spans[i][1]
        if level is PressureLevel.NORMAL or end - start >= least:
            continue
        middle = (start + end) / 2
        starts[i], ends[i] = middle - least / 2, middle + least / 2
        if i > 0 and levels[i - 1].severity <= level.severity:
            ends[i - 1] = min(ends[i - 1], starts[i])
        if i + 1 < len(levels) and levels[i + 1].severity <= level.severity:
            starts[i + 1] = max(starts[i + 1], ends[i])
    return [(a, b, lv) for a, b, lv in zip(starts, ends, levels, strict=True) if b > a]
