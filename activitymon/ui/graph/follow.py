"""Following the newest sample: the time window a graph shows while it follows (the
kept history, at least :data:`MIN_SPAN_S` wide while it is still filling), moved only
when an end would move by a pixel or more."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg

#: narrowest window shown while the history is still filling
MIN_SPAN_S = 60.0


def follow_newest(plot: pg.PlotItem, t: np.ndarray[Any, Any], history_seconds: float) -> None:
    """Show the newest ``history_seconds`` of the sample times ``t`` in ``plot``."""
    if not len(t):
        return
    first, last = float(t[0]), float(t[-1])
    span = min(history_seconds, MIN_SPAN_S)
    left = max(first, last - history_seconds)
    right = max(last, first + span)
    # setXRange emits sigRangeChanged (the X link follows), not sigRangeChangedManually.
    # Move only when an end would move by a pixel or more: at 24 h in 1,200 px a
    # tick moves the range by 1/72 px, and each move re-lays the time axis out and
    # re-clips every curve. The 1 % padding keeps the newest sample in view (#16)
    (x0, x1), _ = plot.getViewBox().viewRange()
    pad = (right - left) * 0.01
    pixel = (x1 - x0) / max(1.0, plot.getViewBox().width())
    if abs((left - pad) - x0) < pixel and abs((right + pad) - x1) < pixel:
        return
    plot.setXRange(left, right, padding=0.01)
