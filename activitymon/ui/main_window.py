"""The main window: graph / bands / events tabs and the memory panel above the process
table; the simulator toolbar when the source is a simulator; menus and shortcuts.

The window owns the sampler: a thread for the running app, or a :class:`ManualSampler`
(``threaded=False``) that screenshots and tests tick by hand. Replacing the source
(restart, device profile, scenario) stops the sampler, resets the views once and starts
a new one; updates never reset a model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from activitymon.model import Event, PressureLevel, Snapshot
from activitymon.sources import Capability, Source, SourceError
from activitymon.ui.band_view import BandView
from activitymon.ui.events_view import EventsView
from activitymon.ui.lanes import lane_grouping_for
from activitymon.ui.memory_panel import MemoryPanel
from activitymon.ui.menus import build_menus
from activitymon.ui.pressure_graph import PressureGraph
from activitymon.ui.process_actions import Confirm, ProcessMenu, confirm_dialog, simulator_of
from activitymon.ui.process_table import ProcessTable
from activitymon.ui.replay_controls import ReplayToolbar, local_files, open_reports, seek
from activitymon.ui.sampler import AnySampler, ManualSampler, Sampler
from activitymon.ui.settings import AppSettings
from activitymon.ui.sim_controls import HOG_RATE_MB_S, SimulatorToolbar
from activitymon.ui.sim_sources import SimChoice, build_sim_source, current_choice, profile_names

TABS = ("graph", "bands", "events")
VIEWS = ("overview", "graph", "pages", "table", "bands", "events")


class MainWindow(QMainWindow):
    def __init__(
        self,
        source: Source,
        interval: float | None = None,
        *,
        settings: AppSettings | None = None,
        threaded: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings or AppSettings.ephemeral()
        self.interval = interval or self.settings.interval
        self.threaded = threaded
        self.source = source
        self.sampler: AnySampler | None = None
        self.sim_choice = current_choice(source)
        self.confirm: Confirm = confirm_dialog(self)
        self.ticks = 0
        self.last_snapshot: Snapshot | None = None
        units = self.settings.units

        self.graph = PressureGraph(
            history_seconds=self.settings.history_seconds, interval=self.interval
        )
        self.memory_panel = MemoryPanel()
        self.table = ProcessTable(settings=self.settings)
        self.bands = BandView()
        self.events = EventsView()
        for view in (self.memory_panel, self.table, self.bands, self.events, self.graph):
            view.set_units(units)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.graph, "Pressure Graph")
        self.tabs.addTab(self.bands, "Jetsam Bands")
        self.tabs.addTab(self.events, "Events")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.tabs, 1)
        top_layout.addWidget(self.memory_panel)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)

        self._build_toolbars()
        self.setAcceptDrops(True)

        self.source_label = QLabel()
        self.time_label = QLabel()
        self.statusBar().addWidget(self.source_label, 1)
        self.statusBar().addPermanentWidget(self.time_label)

        self.table.selected_pid_changed.connect(self._table_selected)
        self.table.context_menu_requested.connect(self._process_menu_requested)
        self.bands.pid_clicked.connect(self.table.select_pid)
        self.bands.context_menu_requested.connect(self._process_menu_requested)
        self.events.pid_selected.connect(self.table.select_pid)
        self.graph.history_chosen.connect(self._history_chosen)
        self.menus = build_menus(self)
        self._restore_geometry()
        self.attach_source(source, start=False)

    # -- source and sampler -----------------------------------------------------------------
    def attach_source(self, source: Source, *, start: bool = True) -> None:
        """Watch ``source``: a new sampler, the views reset once for it."""
        if self.sampler is not None:
            self.sampler.stop()
            self.sampler.deleteLater()
        self.source = source
        caps = source.capabilities
        self.setWindowTitle(source.describe())  # Qt appends the display name
        self.table.set_capabilities(caps, source.name)
        self.sim_toolbar.setVisible(Capability.SIMULATOR in caps)
        self.replay_toolbar.setVisible(Capability.REPLAY in caps)
        self.replay_toolbar.follow(source)
        self.menus.simulator.menuAction().setVisible(Capability.SIMULATOR in caps)
        if Capability.SIMULATOR in caps:
            self.sim_toolbar.set_profiles(profile_names(), self.sim_choice.profile)
            self.sim_toolbar.set_playing(True)
        self.tabs.setTabEnabled(
            TABS.index("bands"), bool({Capability.BANDS, Capability.OOM_SCORE} & caps)
        )
        oom_only = Capability.OOM_SCORE in caps and Capability.BANDS not in caps
        self.tabs.setTabText(TABS.index("bands"), "OOM Lanes" if oom_only else "Jetsam Bands")
        self.bands.set_grouping(lane_grouping_for(caps))
        if self.ticks:
            self.graph.reset()
            self.bands.reset()
            self.events.reset()
        self.ticks = 0
        sampler: AnySampler = (
            Sampler(source, self.interval, self)
            if self.threaded
            else ManualSampler(source, self.interval, self)
        )
        sampler.speed = float(self.sim_toolbar.speed_box.currentData())
        # a replay moves only when the toolbar seeks
        sampler.paused = Capability.REPLAY in caps
        sampler.sampled.connect(self.apply)
        sampler.reported.connect(self.events.add_reports)
        sampler.failed.connect(self.show_error)
        sampler.action_done.connect(self._action_done)
        self.sampler = sampler
        self.source_label.setText(f"Source: {source.describe()}   ·   every {self.interval:g} s")
        if start:
            sampler.start()

    def start(self) -> None:
        if self.sampler is not None:
            self.sampler.start()

    def request(self, action: Callable[[Source], Any], description: str) -> None:
        if self.sampler is not None:
            self.sampler.request(action, description)

    def open_reports(self, paths: Sequence[str]) -> bool:
        """Replay these jetsam reports; unreadable ones are named in the status bar."""
        try:
            source, errors = open_reports(paths)
        except SourceError as exc:
            self.show_error(str(exc))
            return False
        self.attach_source(source, start=True)
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            self.show_error(f"skipped {errors[0]}{more}")
        return True

    def seek_report(self, index: int) -> None:
        self.request(seek(index), f"report {index + 1}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.open_reports(files)

    def replace_simulator(self, choice: SimChoice) -> bool:
        try:
            source = build_sim_source(choice)
        except SourceError as exc:
            self.show_error(str(exc))
            return False
        self.sim_choice = choice
        self.attach_source(source, start=True)
        return True

    # -- ticks --------------------------------------------------------------------------------
    def apply(self, snapshot: Snapshot, events: list[Event]) -> None:
        """Bring every view to this snapshot (GUI thread)."""
        self.ticks += 1
        self.last_snapshot = snapshot
        self.graph.apply_snapshot(snapshot, events)
        self.memory_panel.apply_snapshot(snapshot)
        self.table.apply_snapshot(snapshot)
        self.bands.apply_snapshot(snapshot, events)
        self.events.append(events)
        if snapshot.era is not None and self.ticks == 1:
            self.sim_toolbar.set_era(snapshot.era)
        self.time_label.setText(f"t = {snapshot.time:.1f} s")
        if Capability.REPLAY in self.source.capabilities:
            self.replay_toolbar.follow(self.source)
            self.setWindowTitle(self.source.describe())
            self.source_label.setText(f"Source: {self.source.describe()}")

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def _action_done(self, description: str, result: object) -> None:
        if isinstance(result, SourceError):
            self.show_error(str(result))
        elif description.startswith("start a hog") and isinstance(result, int):
            self.statusBar().showMessage(f"Started a hog, pid {result}", 5_000)
        else:
            self.statusBar().showMessage(f"Done: {description}", 3_000)

    # -- simulator controls --------------------------------------------------------------------
    def _build_toolbars(self) -> None:
        self.sim_toolbar = SimulatorToolbar(self)
        self.addToolBar(self.sim_toolbar)
        self._connect_sim_toolbar()
        self.replay_toolbar = ReplayToolbar(self)
        self.addToolBar(self.replay_toolbar)
        self.replay_toolbar.seek_requested.connect(self.seek_report)

    def _connect_sim_toolbar(self) -> None:
        bar = self.sim_toolbar
        bar.play_toggled.connect(self.set_playing)
        bar.step_requested.connect(self.step)
        bar.speed_changed.connect(self.set_speed)
        bar.restart_requested.connect(lambda: self.replace_simulator(self.sim_choice))
        bar.profile_chosen.connect(
            lambda name: self.replace_simulator(
                SimChoice(self.sim_choice.scenario, name or None, self.sim_choice.seed)
            )
        )
        bar.hog_requested.connect(self.start_hog)
        bar.pressure_requested.connect(self.simulate_pressure)

    def set_playing(self, playing: bool) -> None:
        if self.sampler is not None:
            self.sampler.paused = not playing
        self.sim_toolbar.set_playing(playing)

    def step(self) -> None:
        if self.sampler is not None:
            self.sampler.step(self.interval)

    def set_speed(self, speed: float) -> None:
        if self.sampler is not None:
            self.sampler.speed = speed

    def start_hog(self, band: int) -> None:
        def run(source: Source) -> Any:
            return simulator_of(source).start_hog(band, rate_mb_per_s=HOG_RATE_MB_S, chunk_mb=8.0)

        self.request(run, f"start a hog in band {band}")

    def simulate_pressure(self, level: PressureLevel | None) -> None:
        def run(source: Source) -> Any:
            return simulator_of(source).simulate_pressure(level)

        text = "normal pressure" if level is None else f"simulated {level.label} pressure"
        self.request(run, text)

    # -- selection and menus ---------------------------------------------------------------------
    def _table_selected(self, pid: int | None) -> None:
        self.bands.set_selected_pid(pid)

    def process_menu(self, pid: int) -> ProcessMenu | None:
        snapshot = self.last_snapshot
        proc = None if snapshot is None else snapshot.by_pid.get(pid)
        if proc is None or snapshot is None:
            return None
        return ProcessMenu(
            proc, self.source, snapshot.era, request=self.request, confirm=self.confirm, parent=self
        )

    def _process_menu_requested(self, pid: int, pos: QPoint) -> None:
        menu = self.process_menu(pid)
        if menu is not None:
            menu.exec(pos)

    def show_view(self, view: str) -> None:
        """overview | graph | pages | table | bands | events: what the window puts
        forward (``pages``: the graph's stacked page classes)."""
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}")
        if view == "pages":
            self.graph.show_view(1)
            view = "graph"
        height = max(self.splitter.height(), 600)
        if view == "table":
            self.splitter.setSizes([0, height])
            self.table.view.setFocus()
            return
        self.tabs.setCurrentIndex(TABS.index("graph" if view == "overview" else view))
        if view == "overview":
            self.splitter.setSizes([height * 55 // 100, height * 45 // 100])
        elif view == "bands":
            self.splitter.setSizes([height * 72 // 100, height * 28 // 100])
        else:
            self.splitter.setSizes([height, 0])

    def prepare_screenshot(self, view: str) -> None:
        """Put the view forward with something worth seeing selected."""
        self.show_view(view)
        if view == "events":
            self.events.select_last_kill()

    # -- settings --------------------------------------------------------------------------------
    def apply_preferences(self) -> None:
        s = self.settings
        if s.interval != self.interval:
            self.interval = s.interval
            if self.sampler is not None:
                self.sampler.set_interval(s.interval)
            self.source_label.setText(
                f"Source: {self.source.describe()}   ·   every {s.interval:g} s"
            )
        self.graph.set_history(s.history_seconds, self.interval)
        for view in (self.memory_panel, self.table, self.bands, self.events, self.graph):
            view.set_units(s.units)

    def _history_chosen(self, seconds: float) -> None:
        self.settings.history_seconds = seconds

    def _restore_geometry(self) -> None:
        geometry = self.settings.bytes_value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.bytes_value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/splitter", self.splitter.saveState())
        self.settings.sync()
        if self.sampler is not None:
            self.sampler.stop()
            self.sampler = None
        event.accept()
