"""The pressure view's two plots, built once: ``memorystatus_level`` (or memory PSI
on Linux, ``psi_plot.py``) above, available memory on a log scale below, sharing the
time axis; their curves, level shading, event markers and What's This areas.
``pressure_graph.py`` feeds them."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg

from activitymon.ui.graph.byte_axis import BytesAxis
from activitymon.ui.graph.help import GraphWhatsThis
from activitymon.ui.graph.level_shading import LevelShading
from activitymon.ui.graph.markers import EventMarkers
from activitymon.ui.graph.plot_setup import (
    TITLE_HEIGHT,
    configure_plot,
    series_title,
    set_plot_title,
)
from activitymon.ui.graph.psi_plot import PsiCurves
from activitymon.ui.graph.psi_series import PsiSeries
from activitymon.ui.graph.series_curve import SeriesCurve
from activitymon.ui.graph.time_axis import TimeAxis
from activitymon.ui.theme import SERIES_COLOURS

#: its title where it shows memorystatus_level (jetsam sources) …
LEVEL_TITLE = "memorystatus_level: % of memory available"
#: … and where a source without jetsam (Linux without PSI) gives available ÷ total
AVAILABLE_PERCENT_TITLE = "available: % of RAM"
AVAILABLE_TITLE = "available memory (log scale)"
#: the fewest pixels of data a plot shows (its title and the time axis come on top)
MIN_DATA_HEIGHT = 72
TIME_AXIS_HEIGHT = 30


class PressurePlots:
    def __init__(self, user_moved: Callable[..., None]) -> None:
        self.widget = pg.GraphicsLayoutWidget()
        self.widget.setBackground(None)
        self.level_plot: pg.PlotItem = self.widget.addPlot(row=0, col=0)
        self.level_plot.setYRange(0, 105, padding=0)
        self.level_plot.hideAxis("bottom")
        self.avail_axis = BytesAxis()
        self.avail_plot: pg.PlotItem = self.widget.addPlot(
            row=1, col=0, axisItems={"bottom": TimeAxis(), "left": self.avail_axis}
        )
        # log scale: the thresholds (4–15 % of memory) stay readable beside gigabytes
        self.avail_plot.setLogMode(y=True)
        self.avail_plot.setXLink(self.level_plot)
        # each plot says what it shows in a one-line title above it, in its curve's
        # colour (no rotated axis titles: at 1024×640 they ran into each other)
        set_plot_title(self.level_plot, series_title("memorystatus_level", LEVEL_TITLE))
        set_plot_title(self.avail_plot, series_title("available", AVAILABLE_TITLE))
        # the two plots share the height evenly, whatever title the upper one carries
        self.widget.ci.layout.setRowStretchFactor(0, 1)
        self.widget.ci.layout.setRowStretchFactor(1, 1)
        for plot in (self.level_plot, self.avail_plot):
            configure_plot(plot, user_moved)
        # about 70 px of data each at the least (title and time axis come on top): the
        # window's splitter gives the table less room before the plots get less
        self.level_plot.setMinimumHeight(MIN_DATA_HEIGHT + TITLE_HEIGHT)
        self.avail_plot.setMinimumHeight(MIN_DATA_HEIGHT + TITLE_HEIGHT + TIME_AXIS_HEIGHT)
        self.widget.setMinimumHeight(2 * (MIN_DATA_HEIGHT + TITLE_HEIGHT) + TIME_AXIS_HEIGHT + 16)

        self.curves: dict[str, SeriesCurve] = {
            "memorystatus_level": SeriesCurve(
                pg.mkPen(SERIES_COLOURS["memorystatus_level"], width=2), "memorystatus_level"
            ),
            "available": SeriesCurve(pg.mkPen(SERIES_COLOURS["available"], width=2), "available"),
        }
        self.level_plot.addItem(self.curves["memorystatus_level"])
        self.avail_plot.addItem(self.curves["available"])
        self.shading = [LevelShading(self.level_plot), LevelShading(self.avail_plot)]
        self.whats_this = GraphWhatsThis(
            self.widget,
            {"memorystatus_level": self.level_plot, "available-memory": self.avail_plot},
        )
        self.markers = EventMarkers(self.level_plot)
        # PSI on the upper plot for sources that have it (Linux): see set_capabilities
        self.psi = PsiCurves(self.level_plot)
        self.psi_series = PsiSeries()
