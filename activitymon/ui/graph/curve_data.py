"""Feeding one history series to one pyqtgraph curve, decimated while following.

While the graph follows the newest sample, its x range spans the whole history, so the
curve gets the history peak-decimated to two points per pixel column once per tick
(:func:`decimate.peak_decimate`), and pyqtgraph's own clip-and-downsample, which would
run again on every range move, is off. When the user zooms or pans, a :class:`SeriesCurve` gets
the samples of the range shown (one more at each end), decimated the same way for
that range; a ``PlotDataItem`` (the page-class stack) gets the raw samples and
pyqtgraph clips and downsamples them (#16).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from activitymon.ui.graph.decimate import peak_decimate
from activitymon.ui.graph.series_curve import SeriesCurve
from activitymon.viewmodel.history import FloatArray

#: bucket count before the plot has a width
DEFAULT_BUCKETS = 1000


def buckets_for(plot: pg.PlotItem) -> int:
    """One bucket (a min and a max) per pixel column of the plot's view."""
    width = int(plot.getViewBox().width())
    return width if width > 0 else DEFAULT_BUCKETS


def set_curve_mode(curve: pg.PlotDataItem, *, decimated: bool) -> None:
    """A ``PlotDataItem``'s data decimated by us (following) or clipped and downsampled
    by pyqtgraph (exploring); a :class:`SeriesCurve` is always decimated by us."""
    curve.setClipToView(not decimated)
    curve.setDownsampling(auto=not decimated, method="peak")


def visible_part(
    curve: SeriesCurve, t: FloatArray, y: FloatArray, first_index: int
) -> tuple[FloatArray, FloatArray, int]:
    """The samples inside the x range the curve's view shows, one more at each end (so
    the line runs to the edges); all of them before the curve is in a view."""
    view = curve.getViewBox()
    if view is None or not len(t):
        return t, y, first_index
    (x0, x1), _ = view.viewRange()
    i0 = max(0, int(np.searchsorted(t, x0, side="left")) - 1)
    i1 = min(len(t), int(np.searchsorted(t, x1, side="right")) + 1)
    return t[i0:i1], y[i0:i1], first_index + i0


def set_series(
    curve: pg.PlotDataItem | SeriesCurve,
    t: FloatArray,
    y: FloatArray,
    *,
    first_index: int,
    buckets: int,
    gaps: bool,
    decimated: bool,
) -> None:
    """Replace the curve's data in place (``gaps``: the series holds unknown values)."""
    connect = "finite" if gaps else "all"
    if isinstance(curve, SeriesCurve):
        if not decimated:  # exploring: what the view shows, decimated for its width
            t, y, first_index = visible_part(curve, t, y, first_index)
        t, y = peak_decimate(t, y, first_index, buckets)
        curve.setData(t, y, connect=connect)
        return
    if decimated:
        t, y = peak_decimate(t, y, first_index, buckets)
    # "finite" makes gaps of unknown values but costs a pass: only when needed
    curve.setData(t, y, connect=connect, skipFiniteCheck=not gaps)
