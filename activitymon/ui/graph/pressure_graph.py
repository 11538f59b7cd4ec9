"""The memory-pressure graph: the pressure view (``pressure_plots.py``: level shading
behind ``memorystatus_level`` or Linux's PSI, available memory below it with the
device's threshold lines, ``threshold_layer.py``) and the stacked page-class view,
switchable; markers for kills and notifications; zoom, pan, export.

One curve per series; each tick replaces a curve's data in place from ring buffers
(``viewmodel/history.py``) and, while following, moves the visible window to the newest
sample. Dragging or wheeling the plot stops following; "Follow" resumes it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from activitymon.model import Event, JetsamThresholds, KernelFacts, Snapshot
from activitymon.sources import Capability
from activitymon.ui.graph.bar import VIEWS, GraphBar
from activitymon.ui.graph.curve_data import buckets_for, set_series
from activitymon.ui.graph.export import ExportHeading, write_history_csv, write_png
from activitymon.ui.graph.follow import follow_newest
from activitymon.ui.graph.page_classes import (
    JETSAM_CLASSES,
    LINUX_CLASSES,
    PAGE_CLASSES,
    PageClassPlot,
    PageClassView,
)
from activitymon.ui.graph.plot_setup import (
    series_title,
    set_plot_title,
)
from activitymon.ui.graph.pressure_plots import (
    AVAILABLE_PERCENT_TITLE,
    LEVEL_TITLE,
    PressurePlots,
)
from activitymon.ui.graph.psi_series import PSI_SERIES
from activitymon.ui.graph.threshold_layer import ThresholdLayer
from activitymon.ui.settings import DEFAULT_HISTORY_S
from activitymon.ui.theme import SERIES_COLOURS
from activitymon.units import UnitSystem
from activitymon.viewmodel.history import SeriesHistory
from activitymon.viewmodel.level_shading import worst_level

SERIES = ("memorystatus_level", "available", *(key for key, _ in PAGE_CLASSES), *PSI_SERIES)
#: the upper plot's series
LEVEL_AXIS = "memorystatus_level"
#: the available-memory plot's floor, as a share of physical memory (log scale)
AVAILABLE_FLOOR = 0.01
#: histories longer than this many samples draw 1 px curves
THIN_LINE_POINTS = 3601


class PressureGraph(QWidget):
    #: the user chose another history length in the graph's own menu (seconds)
    history_chosen = Signal(float)
    #: the view shown changed: 0 pressure, 1 page classes
    view_changed = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        history_seconds: float = DEFAULT_HISTORY_S,
        interval: float = 1.0,
    ) -> None:
        super().__init__(parent)
        pg.setConfigOptions(antialias=True)
        self.history_seconds = history_seconds
        self.interval = interval
        self.history = SeriesHistory(self._capacity(), SERIES)
        self.follow = True
        #: what the last snapshot was of, and the source's one-line description (the
        #: PNG export names them)
        self.device = ""
        self.source = ""
        self._y_max = 0.0
        self._page_classes: tuple[tuple[str, str], ...] = JETSAM_CLASSES

        bar = self._build_bar()
        self._build_plots()
        self._set_line_width()
        self.thresholds = ThresholdLayer(self.avail_plot)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pressure_widget)
        # the page-class view is built when first shown (~35 ms of start-up, #16)
        self.page_view = PageClassView(self.stack, self._user_moved)
        self.key.set_page_classes(JETSAM_CLASSES)
        self.set_units(UnitSystem.BINARY)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)

        self.view_box.currentIndexChanged.connect(self.show_view)
        self.view_box.currentIndexChanged.connect(self.view_changed)
        self.history_box.currentIndexChanged.connect(self._history_chosen)
        self.follow_button.toggled.connect(self.set_follow)

    def _build_bar(self) -> QWidget:
        bar = GraphBar.build()
        self.view_box, self.history_box = bar.view_box, bar.history_box
        self.follow_button, self.key = bar.follow_button, bar.key
        self._select_history_item(self.history_seconds)
        return bar.widget

    def _build_plots(self) -> None:
        plots = PressurePlots(self._user_moved)
        self.pressure_widget, self.avail_axis = plots.widget, plots.avail_axis
        self.level_plot, self.avail_plot = plots.level_plot, plots.avail_plot
        self.curves, self.shading, self.markers = plots.curves, plots.shading, plots.markers
        self.whats_this, self.psi, self.psi_series = plots.whats_this, plots.psi, plots.psi_series
        self.level_plot.getViewBox().sigResized.connect(self.psi_place_labels)
        # the x range moved while exploring: the curves decimate for the new range (the
        # lower plot is linked to this one)
        self.level_plot.getViewBox().sigXRangeChanged.connect(self._range_moved)

    @property
    def pages_widget(self) -> pg.GraphicsLayoutWidget:
        return self.page_view.parts()[0]

    @property
    def pages_plot(self) -> pg.PlotItem:
        return self.page_view.parts()[1]

    @property
    def pages(self) -> PageClassPlot:
        return self.page_view.parts()[2]

    def set_capabilities(self, capabilities: frozenset[Capability]) -> None:
        """Each source names its own axes: memory PSI where the source has it (no
        ``memorystatus_level`` axis on Linux), ``memorystatus_level`` for jetsam
        sources, available memory in percent for the rest."""
        psi = Capability.PSI in capabilities
        self.psi.show(psi)
        # Linux's own page classes where the kill order is the OOM killer's
        linux = Capability.OOM_SCORE in capabilities and Capability.BANDS not in capabilities
        self._page_classes = LINUX_CLASSES if linux else JETSAM_CLASSES
        self._show_page_classes()
        level_curve = self.curves["memorystatus_level"]
        if psi:
            self.level_plot.removeItem(level_curve)
        elif level_curve.scene() is None:
            self.level_plot.addItem(level_curve)
        if not psi:
            jetsam = bool({Capability.BANDS, Capability.REPLAY} & capabilities)
            title = LEVEL_TITLE if jetsam else AVAILABLE_PERCENT_TITLE
            set_plot_title(self.level_plot, series_title("memorystatus_level", title))
            self.level_plot.showLabel("left", False)
            self.level_plot.setYRange(0, 105, padding=0)
        self.refresh()

    # -- configuration ------------------------------------------------------------------
    def _capacity(self) -> int:
        return max(2, math.ceil(self.history_seconds / max(self.interval, 1e-3)) + 1)

    def set_history(self, seconds: float, interval: float | None = None) -> None:
        """Keep ``seconds`` of history at the sample interval (ring buffers resized)."""
        self.history_seconds = seconds
        if interval is not None:
            self.interval = interval
        capacity = self._capacity()
        if capacity != self.history.capacity:
            self.history.resize(capacity)
        self._set_line_width()
        self.thresholds = ThresholdLayer(self.avail_plot)
        self._select_history_item(seconds)
        self.refresh()

    def _set_line_width(self) -> None:
        """Thin curves for long histories: an antialiased 2 px line over a screen full of
        peaks costs ~2 ms a frame more than a 1 px one (bench_gui.py)."""
        width = 1.0 if self.history.capacity > THIN_LINE_POINTS else 2.0
        for name, curve in self.curves.items():
            colour = SERIES_COLOURS[
                "memorystatus_level" if name == "memorystatus_level" else "available"
            ]
            curve.setPen(pg.mkPen(colour, width=width))

    def _select_history_item(self, seconds: float) -> None:
        index = self.history_box.findData(seconds)
        if index >= 0 and index != self.history_box.currentIndex():
            self.history_box.blockSignals(True)
            self.history_box.setCurrentIndex(index)
            self.history_box.blockSignals(False)

    def _history_chosen(self, index: int) -> None:
        seconds = float(self.history_box.itemData(index))
        self.set_history(seconds)
        self.history_chosen.emit(seconds)

    def show_view(self, index: int) -> None:
        if index == 1:
            self.page_view.parts()
        self.stack.setCurrentIndex(index)
        self.key.show_view(index)  # each view its own key
        if self.view_box.currentIndex() != index:
            self.view_box.setCurrentIndex(index)
        self.refresh()

    def current_view(self) -> str:
        return VIEWS[self.stack.currentIndex()]

    def set_follow(self, follow: bool) -> None:
        if follow != self.follow:
            self.page_view.set_follow(follow)  # the pressure view's curves need no mode
        self.follow = follow
        if self.follow_button.isChecked() != follow:
            self.follow_button.setChecked(follow)
        if follow:
            self._follow_newest()
        self.refresh()  # decimated (following) or raw (exploring) data

    def _user_moved(self, *_: object) -> None:
        self.set_follow(False)

    def _range_moved(self, *_: object) -> None:
        if not self.follow:
            self.refresh()

    def set_units(self, units: UnitSystem) -> None:
        """Byte axes in GB as the rest of the window counts them (binary or decimal)."""
        self.units = units
        self.markers.units = units
        self.page_view.set_units(units)
        self.avail_axis.units = units
        self.avail_axis.picture = None  # re-label in the new units
        self.avail_axis.update()

    def reset(self) -> None:
        self.history = SeriesHistory(self._capacity(), SERIES)
        for shading in self.shading:
            shading.clear()
        self.markers.clear()
        self.psi_series.reset()
        self.key.pressure_key = False  # until the new source shows shading or markers
        self.thresholds.forget()
        self._update_threshold_lines(None, 1, 0)
        self.set_follow(True)
        self.refresh()

    # -- data ---------------------------------------------------------------------------
    def apply_snapshot(self, snapshot: Snapshot, events: list[Event] | None = None) -> None:
        mem = snapshot.memory
        b = mem.bytes_of
        self.device = snapshot.device
        # a marker sits where the curve was just before its event (a burst of kills
        # lifts the curve by what it freed: drawn after, it would float above it)
        before = self.history.series["psi_some_avg10" if self.psi.shown else LEVEL_AXIS].last()
        self.history.append(
            snapshot.time,
            {
                "memorystatus_level": snapshot.memorystatus_level,
                "available": b(mem.available_pages),
                "wired": b(mem.wired_pages),
                "app": b(mem.app_pages),
                "compressed": b(mem.compressor_pages),
                "file_backed": b(mem.file_backed_pages),
                "free": b(mem.free_pages),
                "kernel_reclaimable": snapshot.extra.get("kernel_reclaimable_bytes"),
                **self.psi_series.values(snapshot.time, snapshot.psi),
            },
        )
        if self.psi.shown:
            self.psi.set_thresholds(snapshot.stall_thresholds)
        # the worst level of the interval: a Critical shorter than a sample still shows
        level = worst_level(snapshot.level, events or ())
        for shading in self.shading:
            shading.extend(snapshot.time, level)
        if (level is not None or events) and not self.key.pressure_key:
            # shading or markers to explain, thresholds or not (a Mac has none)
            self.key.show_view(self.stack.currentIndex(), pressure_key=True)
        if events:
            at: float | None = snapshot.memorystatus_level
            if self.psi.shown:  # on the PSI plot a marker sits on the some avg10 curve
                at = None if snapshot.psi is None else snapshot.psi.some_avg10
            if before is not None and not math.isnan(before):
                at = before
            self.markers.add(events, at)
        self._update_threshold_lines(snapshot.thresholds, mem.page_size, mem.total_pages)
        total = float(mem.total_bytes)
        if total != self._y_max:
            self._y_max = total
            self.avail_plot.setYRange(
                math.log10(total * AVAILABLE_FLOOR), math.log10(total), padding=0.02
            )
            self.thresholds.place_labels()
            # the page classes can add up to a little more than physical memory (pages
            # counted in two classes at once): the stack's own height decides
            self.page_view.set_total(total)
        self.refresh()

    def refresh(self) -> None:
        t = self.history.time.view()
        if self.follow:  # first, so the curves clip and downsample once, for the new range
            self._follow_newest()
        buckets = buckets_for(self.avail_plot)
        if self.stack.currentIndex() == 0:
            if self.psi.shown:
                self.psi.refresh(self.history, buckets=buckets, decimated=self.follow)
            for name, curve in self.curves.items():
                if name == "memorystatus_level" and self.psi.shown:
                    continue  # not in the plot: PSI takes its place
                ring = self.history.series[name]
                set_series(
                    curve,
                    t,
                    ring.view(),
                    first_index=ring.first_index,
                    buckets=buckets,
                    gaps=ring.has_gaps,
                    decimated=self.follow,
                )
            # the labels move off the curves where the new points reach them
            self.thresholds.place_labels()
            if self.psi.shown:
                self.psi.place_labels()
        else:
            self.pages.refresh(self.history, buckets=buckets, decimated=self.follow)
        if len(t):
            t0 = float(t[0])
            for shading in self.shading:
                shading.trim_before(t0)
            self.markers.trim_before(t0)

    def _follow_newest(self) -> None:
        t = self.history.time.view()
        if not len(t):
            return
        # Only the shown view moves: moving the hidden one would make its curves
        # downsample 86,400 points each for nothing (show_view follows on a switch) (#16)
        plot = self.level_plot if self.stack.currentIndex() == 0 else self.pages_plot
        follow_newest(plot, t, self.history_seconds)

    def set_facts(self, facts: KernelFacts | None) -> None:
        """The device's machinery: which threshold lines it has and their names."""
        self.thresholds.set_facts(facts)
        self._show_page_classes()

    def _show_page_classes(self) -> None:
        """The source's page classes, without Compressed on a device that has no
        compressor (iOS 6 and 7.0)."""
        classes = self._page_classes
        facts = self.thresholds.facts
        if facts is not None and facts.compressor is False:
            classes = tuple(c for c in classes if c[0] != "compressed")
        self.page_view.set_classes(classes)
        self.key.set_page_classes(classes)

    def _update_threshold_lines(
        self, th: JetsamThresholds | None, page_size: int, total_pages: int
    ) -> None:
        if self.thresholds.update(th, page_size, total_pages):
            self.key.show_view(
                self.stack.currentIndex(), pressure_key=th is not None or self.key.pressure_key
            )

    def psi_place_labels(self, *_: object) -> None:
        self.psi.place_labels()

    # -- queries and export ---------------------------------------------------------------
    def threshold_names(self) -> list[str]:
        return sorted(self.thresholds.shown)

    def threshold_line(self, name: str) -> pg.InfiniteLine:
        return self.thresholds.shown[name]

    def curve_data(self, name: str) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        x, y = self.curves[name].getData()
        return (np.asarray(x), np.asarray(y))

    def export_png(self, path: Path) -> bool:
        """The shown view as a picture that stands alone: a title, the device, the
        source and the time range above the plots, and the view's key; written to a
        temporary file renamed over ``path`` (``OSError``: another writer, a full disk)."""
        widget = self.stack.currentWidget()
        if widget is None:
            return False
        t = self.history.time.view()
        span = (float(t[0]), float(t[-1])) if len(t) else None
        view = ("Memory pressure", "Page classes")[self.stack.currentIndex()]
        heading = ExportHeading(view, self.device, self.source, span)
        write_png(path, heading, self.key if self.key.isVisible() else None, widget)
        return True

    def export_csv(self, path: Path) -> None:
        """Every series over the kept history, one row per sample (empty = unknown)."""
        write_history_csv(self.history, SERIES, path)
