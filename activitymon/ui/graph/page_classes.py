"""The stacked page-class view: wired, app (anonymous), compressed, file-backed and
free memory over time, stacked to the device's physical memory.

On Linux the stack uses Linux's own classes (:data:`LINUX_CLASSES`, defined in
docs/LINUX.md): unreclaimable kernel memory, anonymous + shmem, the zswap / zram pool,
the page cache, reclaimable slab, and free; the series keys are the same, so one
history serves both."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStackedWidget

from activitymon.ui.graph.curve_data import set_curve_mode, set_series
from activitymon.ui.graph.jetsam_lines import label_options
from activitymon.ui.graph.plot_setup import configure_plot
from activitymon.ui.graph.time_axis import TimeAxis
from activitymon.ui.theme import SERIES_COLOURS
from activitymon.units import UnitSystem
from activitymon.viewmodel.history import FloatArray, SeriesHistory

#: bottom to top (macOS / iOS names); the history has a series per key
PAGE_CLASSES: tuple[tuple[str, str], ...] = (
    ("wired", "Wired"),
    ("app", "App"),
    ("compressed", "Compressed"),
    ("file_backed", "File-backed"),
    ("kernel_reclaimable", "Reclaimable kernel"),
    ("free", "Free"),
)
#: the classes a jetsam source stacks (it has no reclaimable-kernel count)
JETSAM_CLASSES = tuple(c for c in PAGE_CLASSES if c[0] != "kernel_reclaimable")
#: Linux's own classes, same keys: SUnreclaim + KernelStack + PageTables +
#: Unevictable; AnonPages + Shmem; Zswap / zram mem_used; Buffers + Cached − Shmem;
#: KReclaimable; MemFree
LINUX_CLASSES: tuple[tuple[str, str], ...] = (
    ("wired", "Kernel, unreclaimable"),
    ("app", "Anonymous + shmem"),
    ("compressed", "zswap / zram"),
    ("file_backed", "Page cache"),
    ("kernel_reclaimable", "Reclaimable slab"),
    ("free", "Free"),
)


def axis_unit(total_bytes: float, units: UnitSystem) -> tuple[str, int]:
    """The page-class axis's unit word and its size in bytes: GB, or MB below one."""
    giga = 1 << 30 if units is UnitSystem.BINARY else 1_000_000_000
    mega = 1 << 20 if units is UnitSystem.BINARY else 1_000_000
    return ("GB", giga) if total_bytes >= giga else ("MB", mega)


class PageClassPlot:
    """The stack's curves and fills; its key (the classes' colours) is the graph's
    key above the plot, never a legend over the data."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        plot.setLabel("left", "memory", units="B")
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._fills: dict[str, pg.FillBetweenItem] = {}
        self.classes = JETSAM_CLASSES
        self._total_line: pg.InfiniteLine | None = None
        below: pg.PlotDataItem | None = None
        # an invisible zero line: the bottom edge of the first fill (a pen of None draws
        # no path, and FillBetweenItem needs one)
        self._base = plot.plot(pen=pg.mkPen((0, 0, 0, 0)))
        below = self._base
        for key, _title in PAGE_CLASSES:
            colour = SERIES_COLOURS[key]
            curve = plot.plot(pen=pg.mkPen(colour.darker(120), width=1), autoDownsampleFactor=1.0)
            fill_colour = pg.mkColor(colour)
            fill_colour.setAlpha(150)
            fill = pg.FillBetweenItem(below, curve, brush=pg.mkBrush(fill_colour))
            plot.addItem(fill)
            self._fills[key] = fill
            self.curves[key] = curve
            below = curve
        self.set_classes(JETSAM_CLASSES)

    def set_classes(self, classes: tuple[tuple[str, str], ...]) -> None:
        """Stack these classes (keys of :data:`PAGE_CLASSES`, bottom to top) with these
        names; the others are hidden and add nothing to the stack."""
        self.classes = classes
        shown = {key for key, _ in classes}
        for key, curve in self.curves.items():
            curve.setVisible(key in shown)
            self._fills[key].setVisible(key in shown)

    def set_total(self, total_bytes: float) -> None:
        """A dashed line at the device's physical memory."""
        if self._total_line is None:
            self._total_line = pg.InfiniteLine(
                angle=0,
                movable=False,
                pen=pg.mkPen((128, 128, 128), width=1.5, style=Qt.PenStyle.DashLine),
                label="physical memory",
                labelOpts=label_options(QColor(128, 128, 128)),
            )
            self._total_line.setZValue(10)
            self.plot.addItem(self._total_line)
        self._total_line.setValue(total_bytes)

    def all_curves(self) -> list[pg.PlotDataItem]:
        return [self._base, *self.curves.values()]

    def refresh(self, history: SeriesHistory, *, buckets: int, decimated: bool) -> None:
        """The stack's tops, each decimated after stacking (same buckets for all, so
        the fills between them line up)."""
        t = history.time.view()
        first = history.time.first_index
        total: FloatArray = np.zeros(len(t))

        def feed(curve: pg.PlotDataItem, values: FloatArray) -> None:
            set_series(
                curve,
                t,
                values,
                first_index=first,
                buckets=buckets,
                gaps=False,
                decimated=decimated,
            )

        feed(self._base, total)
        shown = {key for key, _ in self.classes}
        for key, _ in PAGE_CLASSES:
            if key in shown:  # a hidden class adds nothing: the curve above sits on this one
                total = total + np.nan_to_num(history.series[key].view(), nan=0.0)
            feed(self.curves[key], total)


class PageClassView:
    """The page-class view of the pressure graph, built the first time it is needed
    (shown, or asked for): until then it only remembers the classes, units, physical
    memory and follow mode to build it with (~35 ms of start-up saved, #16)."""

    def __init__(self, stack: QStackedWidget, user_moved: Callable[..., None]) -> None:
        self._stack = stack
        self._user_moved = user_moved
        self._parts: tuple[pg.GraphicsLayoutWidget, pg.PlotItem, PageClassPlot] | None = None
        self.classes = JETSAM_CLASSES
        self.units = UnitSystem.BINARY
        self.total = 0.0
        self.follow = True

    @property
    def built(self) -> bool:
        return self._parts is not None

    def parts(self) -> tuple[pg.GraphicsLayoutWidget, pg.PlotItem, PageClassPlot]:
        """The widget (the stack's second page), its plot and its curves."""
        if self._parts is None:
            widget = pg.GraphicsLayoutWidget()
            widget.setBackground(None)
            plot = widget.addPlot(row=0, col=0, axisItems={"bottom": TimeAxis()})
            configure_plot(plot, self._user_moved)
            pages = PageClassPlot(plot)
            for curve in pages.all_curves():
                set_curve_mode(curve, decimated=self.follow)
            self._parts = (widget, plot, pages)
            self.set_classes(self.classes)
            self.set_units(self.units)
            self.set_total(self.total)
            self._stack.addWidget(widget)
        return self._parts

    def set_classes(self, classes: tuple[tuple[str, str], ...]) -> None:
        self.classes = classes
        if self._parts is not None:
            self._parts[2].set_classes(classes)

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        self._label_axis()

    def _label_axis(self) -> None:
        """The left axis in GB, or in MB on a device with less than a gigabyte (the
        iPod's 512 MB), as the rest of the window counts them; never pyqtgraph's
        ``(x0.001)``."""
        if self._parts is None:
            return
        plot = self._parts[1]
        word, size = axis_unit(self.total, self.units)
        axis = plot.getAxis("left")
        axis.enableAutoSIPrefix(False)
        # pyqtgraph computes a prefix scale even as it disables it, and multiplies
        # every tick by it from then on (a 512 MB device read "5e+11")
        axis.autoSIPrefixScale = 1.0
        plot.setLabel("left", f"memory ({word})")
        axis.setScale(1.0 / size)

    def set_total(self, total_bytes: float) -> None:
        self.total = total_bytes
        if self._parts is not None and total_bytes > 0:
            self._parts[1].setLimits(yMin=0)
            self._parts[2].set_total(total_bytes)
        self._label_axis()

    def set_follow(self, follow: bool) -> None:
        """Decimated by the graph while following, by pyqtgraph while exploring."""
        self.follow = follow
        if self._parts is not None:
            for curve in self._parts[2].all_curves():
                set_curve_mode(curve, decimated=follow)
