"""Feeding one history series to one pyqtgraph curve, decimated while following.

While the graph follows the newest sample, its x range spans the whole history, so the
curve gets the history peak-decimated to two points per pixel column once per tick
(:func:`decimate.peak_decimate`), and pyqtgraph's own clip-and-downsample, which would
run again on every range move, is off. When the user zooms or pans, the curve gets the
raw samples and pyqtgraph clips and downsamples for the range shown (#16).
"""

from __future__ import annotations

import pyqtgraph as pg

from activitymon.ui.decimate import peak_decimate
from activitymon.viewmodel.history import FloatArray

#: bucket count before the plot has a width
DEFAULT_BUCKETS = 1000


def buckets_for(plot: pg.PlotItem) -> int:
    """One bucket (a min and a max) per pixel column of the plot's view."""
    width = int(plot.getViewBox().width())
    return width if width > 0 else DEFAULT_BUCKETS


def set_curve_mode(curve: pg.PlotDataItem, *, decimated: bool) -> None:
    """Decimated by us (following) or clipped and downsampled by pyqtgraph (exploring)."""
    curve.setClipToView(not decimated)
    curve.setDownsampling(auto=not decimated, method="peak")


def set_series(
    curve: pg.PlotDataItem,
    t: FloatArray,
    y: FloatArray,
    *,
    first_index: int,
    buckets: int,
    gaps: bool,
    decimated: bool,
) -> None:
    """Replace the curve's data in place (``gaps``: the series holds unknown values)."""
    if decimated:
        t, y = peak_decimate(t, y, first_index, buckets)
    # "finite" makes gaps of unknown values but costs a pass: only when needed
    curve.setData(t, y, connect="finite" if gaps else "all", skipFiniteCheck=not gaps)
