"""Where a line's label can sit without covering a curve: the curves' extent per pixel
column of a plot (:class:`CurveColumns`) and the rightmost free run of columns for a
label of a given size (:func:`rightmost_room`). Numbers only (numpy); the graph's
label placement (``jetsam_lines.place_labels``) asks it.

Pixel coordinates are the view box's: x from its left edge, y down from its top."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from activitymon.viewmodel.history import FloatArray

BoolArray = npt.NDArray[np.bool_]

#: pixels kept between a label and a curve (the curve's 2 px pen and its antialiasing)
CURVE_MARGIN_PX = 3.0


@dataclass(frozen=True, slots=True)
class ViewGeometry:
    """A view box's data range and its size in pixels."""

    x0: float
    x1: float
    y0: float
    y1: float
    width: float
    height: float

    @property
    def columns(self) -> int:
        return max(0, int(np.ceil(self.width)))

    def pixel_y(self, value: float) -> float:
        """The pixel row of the data value ``value`` (0 at the top)."""
        return (self.y1 - value) / (self.y1 - self.y0) * self.height


class CurveColumns:
    """For each pixel column of the view, the lowest and highest pixel row any of the
    curves passes through there (NaN where no curve does): a curve is a polyline in
    time, so within one column it covers every row between these two."""

    def __init__(self, view: ViewGeometry, curves: Iterable[tuple[FloatArray, FloatArray]]):
        n = view.columns
        self.top = np.full(n, np.nan)
        self.bottom = np.full(n, np.nan)
        if n == 0 or view.x1 <= view.x0 or view.y1 <= view.y0:
            return
        for x, y in curves:
            self._add(view, np.asarray(x, dtype=float), np.asarray(y, dtype=float))

    def _add(self, view: ViewGeometry, x: FloatArray, y: FloatArray) -> None:
        n = self.top.size
        if not x.size:
            return
        px = (x - view.x0) / (view.x1 - view.x0) * view.width
        py = (view.y1 - y) / (view.y1 - view.y0) * view.height
        # the line where it crosses each column's edges (NaN outside the data or in a gap)
        edges = np.interp(np.arange(n + 1, dtype=float), px, py, left=np.nan, right=np.nan)
        lo = np.fmin(edges[:-1], edges[1:])
        hi = np.fmax(edges[:-1], edges[1:])
        # and every sample inside a column (a peak between two edges)
        finite = np.isfinite(px) & np.isfinite(py)
        cols = np.floor(px[finite]).astype(np.int64)
        inside = (cols >= 0) & (cols < n)
        np.fmin.at(lo, cols[inside], py[finite][inside])
        np.fmax.at(hi, cols[inside], py[finite][inside])
        self.top = np.fmin(self.top, lo)
        self.bottom = np.fmax(self.bottom, hi)

    def clear_of(self, top: float, bottom: float, margin: float = CURVE_MARGIN_PX) -> BoolArray:
        """Per column: whether the rows ``top`` … ``bottom`` keep ``margin`` pixels from
        every curve there."""
        with np.errstate(invalid="ignore"):
            hit = (self.top <= bottom + margin) & (self.bottom >= top - margin)
        return np.asarray(~hit, dtype=bool)


def rightmost_room(free: BoolArray, width: float, right_limit: float) -> float | None:
    """The right edge of the rightmost run of ``free`` columns at least ``width`` wide
    that ends at or before ``right_limit`` (pixels); None where there is none."""
    need = max(1, int(np.ceil(width)))
    end = min(free.size, int(np.floor(right_limit)))
    if end < need:
        return None
    sums = np.concatenate(([0], np.cumsum(free[:end], dtype=np.int64)))
    # window [left, left + need) is free where its sum is need
    full = np.flatnonzero(sums[need:] - sums[:-need] == need)
    if not full.size:
        return None
    return float(full[-1] + need)
