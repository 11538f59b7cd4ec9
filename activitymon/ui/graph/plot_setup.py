"""How every plot of the pressure graph is set up: pan and zoom along time only, no
per-tick label relayout, no pyqtgraph "Plot Options", a fixed-width left axis."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg


def configure_plot(plot: pg.PlotItem, user_moved: Callable[..., None]) -> None:
    """Set ``plot`` up as the graph's plots are; ``user_moved`` is called when the user
    drags or wheels it (the graph stops following)."""
    plot.setMouseEnabled(x=True, y=False)
    # no grid: the axis re-renders it on every scroll, the frame's largest cost
    # (bench_gui.py: 55 → 25 ms at 86,400 points); the threshold lines are the guides
    plot.getAxis("bottom").enableAutoSIPrefix(False)  # no label re-layout per tick
    plot.setClipToView(True)
    plot.setDownsampling(auto=True, mode="peak")
    plot.getViewBox().sigRangeChangedManually.connect(user_moved)
    # pyqtgraph's "Plot Options" (FFT, averaging, alpha…) would transform the curves
    # behind the graph's back; the view menu (zoom, export) stays
    plot.setMenuEnabled(False, enableViewBoxMenu=True)
    plot.getAxis("left").setWidth(64)
    plot.hideButtons()
