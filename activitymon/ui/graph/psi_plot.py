"""The Linux graph's upper plot: memory PSI ``some`` and ``full`` (``avg10`` as solid
lines, the stall rate between samples as thin ones) with the thresholds the pressure
level uses as dashed lines, titled as such.

The plot it draws into is the pressure graph's upper plot; :class:`PsiCurves` only
adds, shows and hides its own items, so the graph keeps one curve per series.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from activitymon.model import PressureLevel, StallThresholds
from activitymon.ui.graph.curve_data import set_series
from activitymon.ui.graph.jetsam_lines import LINE_Z, drawn_curves, label_options, place_labels
from activitymon.ui.graph.plot_setup import set_plot_title
from activitymon.ui.graph.series_curve import SeriesCurve
from activitymon.ui.theme import level_colour, level_text_colour
from activitymon.viewmodel.history import SeriesHistory

TITLE = "Memory stall (PSI), % of time:"
#: short: the plot can be 70 px high at 1024×640; the title says what it is
AXIS_LABEL = "stall %"
#: y range: PSI rarely passes 40 %; the range grows when it does. The top sixth stays
#: clear of the critical line for the legend
Y_MAX = 60.0

_SOME = QColor(10, 132, 255)
_FULL = QColor(255, 45, 85)
_CURVES: tuple[tuple[str, str, QColor, float, Qt.PenStyle], ...] = (
    ("psi_some_avg10", "some avg10", _SOME, 2.0, Qt.PenStyle.SolidLine),
    ("psi_full_avg10", "full avg10", _FULL, 2.0, Qt.PenStyle.SolidLine),
    ("psi_some_rate", "some now", _SOME, 1.0, Qt.PenStyle.DotLine),
    ("psi_full_rate", "full now", _FULL, 1.0, Qt.PenStyle.DotLine),
)


def title_html() -> str:
    """The title, with the legend in it (a legend box inside the plot would sit on the
    threshold lines)."""
    keys = []
    for _key, title, colour, _width, style in _CURVES:
        mark = "━━" if style == Qt.PenStyle.SolidLine else "┅┅"
        keys.append(f'<span style="color:{colour.name()}">{mark}</span> {title}')
    return f"{TITLE}&nbsp;&nbsp; " + "&nbsp; ".join(keys)


class PsiCurves:
    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.curves: dict[str, SeriesCurve] = {}
        for key, title, colour, width, style in _CURVES:
            self.curves[key] = SeriesCurve(pg.mkPen(colour, width=width, style=style), title)
        self.lines: dict[str, pg.InfiniteLine] = {}
        self._thresholds: StallThresholds | None = None
        self._y_max = Y_MAX
        self.shown = False

    def show(self, shown: bool) -> None:
        """Put the PSI curves, lines and legend into the plot (or take them out)."""
        if shown == self.shown:
            return
        self.shown = shown
        for curve in self.curves.values():
            if shown:
                self.plot.addItem(curve)
            else:
                self.plot.removeItem(curve)
        for line in self.lines.values():
            line.setVisible(shown)
        if shown:
            set_plot_title(self.plot, title_html())
            self.plot.setLabel("left", AXIS_LABEL)
            self.plot.setYRange(0, self._y_max, padding=0)
            self.place_labels()

    def set_thresholds(self, thresholds: StallThresholds | None) -> None:
        """Dashed lines where warn and critical begin (redrawn only when they change)."""
        if thresholds == self._thresholds:
            return
        self._thresholds = thresholds
        for line in self.lines.values():
            self.plot.removeItem(line)
        self.lines.clear()
        if thresholds is None:
            return
        specs = (
            ("warn_some", thresholds.warn_some, PressureLevel.WARN, "warn: some ≥"),
            ("critical_some", thresholds.critical_some, PressureLevel.CRITICAL, "critical: some ≥"),
            ("critical_full", thresholds.critical_full, PressureLevel.CRITICAL, "critical: full ≥"),
        )
        for key, value, level, text in specs:
            line = pg.InfiniteLine(
                pos=value,
                angle=0,
                movable=False,
                pen=pg.mkPen(level_colour(level), width=1.2, style=Qt.PenStyle.DashLine),
                label=f"{text} {value:g} %",
                labelOpts=label_options(level_text_colour(level)),
            )
            line.setToolTip(
                f"the level turns {level.label} when PSI {text.split(': ')[1]} {value:g} % (avg10)"
            )
            line.setZValue(LINE_Z)
            line.setVisible(self.shown)
            self.plot.addItem(line, ignoreBounds=True)
            self.lines[key] = line
        self.place_labels()

    def place_labels(self) -> None:
        if self.shown:
            place_labels(self.lines.values(), self.plot.getViewBox(), drawn_curves(self.plot))

    def refresh(self, history: SeriesHistory, *, buckets: int, decimated: bool) -> None:
        t = history.time.view()
        peak = 0.0
        for key, curve in self.curves.items():
            ring = history.series[key]
            set_series(
                curve,
                t,
                ring.view(),
                first_index=ring.first_index,
                buckets=buckets,
                gaps=ring.has_gaps,
                decimated=decimated,
            )
            newest = history.series[key].last()
            if newest is not None and not math.isnan(newest):
                peak = max(peak, newest)
        if peak > self._y_max * 0.95:  # grow (never per-tick autorange: it costs a pass)
            self._y_max = min(100.0, max(self._y_max * 2, peak * 1.2))
            self.plot.setYRange(0, self._y_max, padding=0)
            self.place_labels()
