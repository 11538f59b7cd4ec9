"""One history series drawn as one polyline, for the pressure graph's curves.

pyqtgraph's ``PlotDataItem`` wraps a ``PlotCurveItem`` and, on every ``setData``,
re-derives what it shows: finite checks, clip to view, downsampling, log mapping, data
bounds, then a bounding rectangle padded by the pen's width in pixels (a walk up the
item's transforms). With five curves replaced every tick that was ~3 ms of the
window's ~11 ms a tick (#16). The graph already decimates each series itself
(``curve_data.py``), so :class:`SeriesCurve` keeps only what drawing needs:

* ``setData`` stores the points, maps y to log10 where the plot is logarithmic, and
  takes the bounds with two reductions;
* the path is built once per data change, at the next paint;
* the bounding rectangle is padded by the pen's width in pixels as measured at the
  last paint (the painter's transform), not by walking the item's transforms.

Unknown values (NaN) break the line (``connect="finite"``), as ``PlotDataItem`` does.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPen

from activitymon.viewmodel.history import FloatArray

_EMPTY: FloatArray = np.empty(0)
#: pixels of padding around the line (its width and antialiasing)
_PAD_PX = 2.0


class SeriesCurve(pg.GraphicsObject):
    """A curve whose data is replaced in place; drawn with one pen, no symbols."""

    def __init__(self, pen: QPen, name: str = "") -> None:
        super().__init__()
        self._pen = QPen(pen)
        self._pen.setCosmetic(True)
        self._name = name
        self._x: FloatArray = _EMPTY
        self._y: FloatArray = _EMPTY
        self._draw_y: FloatArray = _EMPTY
        self._connect = "all"
        self._log_y = False
        self._path: QPainterPath | None = None
        #: the data's extent in view coordinates (None: nothing drawable)
        self._extent: tuple[float, float, float, float] | None = None
        #: one pixel in view coordinates, as last painted (x, y)
        self._pixel: tuple[float, float] | None = None
        self._rect = QRectF()

    # -- what pyqtgraph's PlotItem and ViewBox ask of a data item ---------------------------
    def implements(self, interface: str | None = None) -> Any:
        ints = ["plotData"]
        return ints if interface is None else interface in ints

    def setLogMode(self, x_mode: bool, y_mode: bool) -> None:
        """Called by the plot: y is drawn as log10 where the plot's y axis is."""
        if y_mode != self._log_y:
            self._log_y = y_mode
            self.setData(self._x, self._y, connect=self._connect)

    def dataBounds(
        self,
        ax: int,
        frac: float = 1.0,
        orthoRange: Any = None,  # noqa: N803 - pyqtgraph's parameter name
    ) -> tuple[float | None, float | None]:
        if self._extent is None:
            return (None, None)
        x0, x1, y0, y1 = self._extent
        return (x0, x1) if ax == 0 else (y0, y1)

    def pixelPadding(self) -> float:
        return _PAD_PX

    def name(self) -> str:
        """The series' name (the plot asks its data items for one)."""
        return self._name

    # -- data ------------------------------------------------------------------------------
    def setPen(self, pen: QPen) -> None:
        self._pen = QPen(pen)
        self._pen.setCosmetic(True)
        self.update()

    def pen(self) -> QPen:
        return QPen(self._pen)

    def setData(self, x: FloatArray, y: FloatArray, *, connect: str = "all") -> None:
        """Replace the points (``connect="finite"``: NaN breaks the line)."""
        if len(x) != len(y):
            raise ValueError(f"x and y differ in length ({len(x)} and {len(y)})")
        self._x, self._y, self._connect = x, y, connect
        draw_y = y
        if self._log_y and len(y):
            with np.errstate(divide="ignore", invalid="ignore"):
                draw_y = np.log10(np.where(y > 0, y, np.nan))
            self._connect = "finite"
        self._draw_y = draw_y
        extent = None
        if len(x):
            y0, y1 = float(np.fmin.reduce(draw_y)), float(np.fmax.reduce(draw_y))
            if np.isfinite(y0) and np.isfinite(y1):
                extent = (float(x[0]), float(x[-1]), y0, y1)
        self._extent = extent
        self._path = None
        self.prepareGeometryChange()
        self._rect = self._padded()
        self.update()

    def getData(self) -> tuple[FloatArray, FloatArray]:
        return self._x, self._y

    def drawn(self) -> tuple[FloatArray, FloatArray]:
        """The points as drawn, in view coordinates (y as log10 on a log plot)."""
        return self._x, self._draw_y

    # -- drawing ---------------------------------------------------------------------------
    def _padded(self) -> QRectF:
        if self._extent is None:
            return QRectF()
        x0, x1, y0, y1 = self._extent
        if self._pixel is None:  # not painted yet: pad by a share of the extent
            px = max((x1 - x0) * 0.01, 1e-9)
            py = max((y1 - y0) * 0.01, abs(y1) * 0.01, 1e-9)
        else:
            px, py = (abs(v) * _PAD_PX for v in self._pixel)
        return QRectF(x0 - px, y0 - py, (x1 - x0) + 2 * px, (y1 - y0) + 2 * py)

    def boundingRect(self) -> QRectF:
        return self._rect

    def viewTransformChanged(self) -> None:
        """Zoomed or resized: until the next paint measures a pixel again, the padding
        is a share of the extent (generous)."""
        self._pixel = None
        self.prepareGeometryChange()
        self._rect = self._padded()

    def paint(self, painter: QPainter, *_: Any) -> None:
        if self._extent is None:
            return
        # a pixel in view units, for the next bounding rectangle (not this one: changing
        # the geometry while painting would ask for another paint)
        t = painter.transform()
        sx, sy = t.m11(), t.m22()
        self._pixel = (1.0 / sx if sx else 0.0, 1.0 / sy if sy else 0.0)
        if self._path is None:
            self._path = pg.arrayToQPath(self._x, self._draw_y, connect=self._connect)
        painter.setRenderHint(
            QPainter.RenderHint.Antialiasing, bool(pg.getConfigOption("antialias"))
        )
        painter.setPen(self._pen)
        painter.drawPath(self._path)
        if len(self._x) == 1:  # a first sample alone draws no line: a dot shows it
            self._paint_dot(painter)

    def _paint_dot(self, painter: QPainter) -> None:
        y = float(self._draw_y[0])
        if not np.isfinite(y):
            return
        centre = painter.transform().map(QPointF(float(self._x[0]), y))
        painter.save()
        painter.resetTransform()
        painter.setBrush(self._pen.color())
        radius = max(2.5, self._pen.widthF() + 1.0)
        painter.drawEllipse(centre, radius, radius)
        painter.restore()
