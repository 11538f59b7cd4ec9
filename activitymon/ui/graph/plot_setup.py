"""How every plot of the pressure graph is set up: pan and zoom along time only, no
per-tick label relayout, no pyqtgraph "Plot Options", a fixed-width left axis; and
the one-line title a plot carries above it (its legend: a line in the curve's colour
and what the curve is), never over the data."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg

from activitymon.ui.theme import SERIES_COLOURS

#: a plot title's row: one line of 9 pt text (pyqtgraph reserves 30 px)
TITLE_HEIGHT = 18


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


def series_title(series: str, text: str) -> str:
    """``━━ text`` with the line in the colour of ``series``'s curve."""
    colour = SERIES_COLOURS[series].name()
    return f'<span style="color:{colour}">━━</span>&nbsp;{text}'


def set_plot_title(plot: pg.PlotItem, html: str | None) -> None:
    """A one-line title above ``plot``, left-aligned (``None``: no title row)."""
    plot.setTitle(html, size="9pt", justify="left")
    if html is not None:
        plot.layout.setRowFixedHeight(0, TITLE_HEIGHT)
        plot.titleLabel.setMaximumHeight(TITLE_HEIGHT)
