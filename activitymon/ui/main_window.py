"""The main window: graph / bands / events tabs and the memory panel above the process
table; the simulator toolbar when the source is a simulator; menus and shortcuts.

The window owns the sampler: a thread for the running app, or a :class:`ManualSampler`
(``threaded=False``) that screenshots and tests tick by hand. It never calls the source:
each tick arrives as one frozen :class:`~activitymon.viewmodel.Tick`, and controls go
back as typed commands. Replacing the source (restart, device profile, scenario, a
report) stops the sampler, starts a new generation, resets the views once; a tick of an
older generation still in the queue is dropped. Updates never reset a model.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QMainWindow,
)

from activitymon.model import Event, PressureLevel, Snapshot
from activitymon.sources import Capability, Source
from activitymon.ui.explain import explain_for_source
from activitymon.ui.lesson_controller import LessonController
from activitymon.ui.lesson_hosting import LessonHosting
from activitymon.ui.menus import MenuPieces, build_menus
from activitymon.ui.process_actions import Confirm, ProcessMenu, confirm_dialog
from activitymon.ui.replay_controls import ReportOpener, local_files
from activitymon.ui.sampler import AnySampler, ManualSampler, Sampler
from activitymon.ui.settings import AppSettings
from activitymon.ui.side_panel import SidePanel
from activitymon.ui.simulator_loader import SimulatorLoader
from activitymon.ui.status_line import StatusLine
from activitymon.ui.window_controls import build_controls
from activitymon.ui.window_layout import WindowLayout
from activitymon.ui.window_views import WindowViews
from activitymon.viewmodel import (
    ClockState,
    Command,
    Seek,
    SetInterval,
    Tick,
)
from activitymon.viewmodel.pressure_alerts import window_title
from activitymon.viewmodel.sim_sources import SimChoice, profile_names
from activitymon.viewmodel.source_description import (
    SourceDescription,
    describe_source,
)


class MainWindow(LessonHosting, QMainWindow):
    #: a tick of the current generation, after every view has taken it
    tick_applied = Signal(object)

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
        self.sampler: AnySampler | None = None
        self.sim_choice = SimChoice()
        self.confirm: Confirm = confirm_dialog(self)
        self._init_tick_state()
        self.views = views = WindowViews(self.settings, self.interval)
        self.graph, self.memory_panel, self.table = views.graph, views.memory_panel, views.table
        self.bands, self.events, self.kernel_log = views.bands, views.events, views.kernel_log
        self.narration = views.narration

        self.layout_ = WindowLayout(
            self.graph,
            lanes=self.bands,
            events=self.events,
            kernel_log=self.kernel_log,
            narration=self.narration,
            memory_panel=self.memory_panel,
            table=self.table,
        )
        self.tabs, self.splitter = self.layout_.tabs, self.layout_.splitter
        self.problems = self.layout_.problems
        self.setCentralWidget(self.splitter)
        self.side_panel = SidePanel(self, self.narration)  # a lesson's

        self._build_toolbars()
        self.setAcceptDrops(True)
        self.report_opener = ReportOpener(
            self,
            attach=lambda source: self.attach_source(source, start=True),
            say=self.show_error,
            not_opened=self.problems.files_not_opened,
        )

        self.status_line = StatusLine(self.statusBar())
        self.status_line.headroom.units = self.settings.units

        self.table.context_menu_requested.connect(self._process_menu_requested)
        self.bands.context_menu_requested.connect(self._process_menu_requested)
        self.graph.history_chosen.connect(self._history_chosen)
        self.menus = build_menus(
            self,
            self,
            MenuPieces(self.graph, self.table, self.sim_toolbar, self.recorder.record_action),
        )
        self.sim_toolbar.setVisible(False)  # until a source's first tick says what it offers
        self.menus.show_simulator(False)
        self.layout_.restore(self, self.settings)
        self.loader = SimulatorLoader(self, threaded=threaded)
        self.loader.ready.connect(self._simulator_ready)
        self.loader.failed.connect(self.show_error)
        self._waiting: list[Command] = []
        self.attach_source(source, start=False)

    def _init_tick_state(self) -> None:
        #: the source being watched; ticks of any other generation are dropped
        self.generation = 0
        self.dropped_ticks = 0
        #: snapshots applied since the source was attached
        self.ticks = 0
        self.last_tick: Tick | None = None
        self.last_snapshot: Snapshot | None = None
        #: the lesson running in the window, if any
        self.lesson: LessonController | None = None
        #: what the source offers, from its first tick (``None`` until it arrives)
        self.description: SourceDescription | None = None

    # -- source and sampler -----------------------------------------------------------------
    def attach_source(self, source: Source, *, start: bool = True) -> None:
        """Watch ``source``: a new generation and sampler (which owns the source from
        here on), the views reset once; they are set up for it by its first tick."""
        self.loader.stop()  # a simulator still being built would replace this source
        self.inspectors.close_all()  # the new source's processes are others
        if self.sampler is not None:
            self.sampler.stop()
            self.sampler.deleteLater()
        self.generation += 1
        self.forced_pressure.set_level(None)  # a new source is not forced
        self.table.clear_filter()  # a filter typed for the old source hides the new
        self.table.clear_selection()  # pid 120 of the new source is another process
        self.tray.reset()  # the new source's first level is a start, not a change
        if self.ticks:
            self.views.reset()
        self.ticks = 0
        self.last_tick = None
        self.last_snapshot = None
        self.description = None
        self.problems.attached(source)  # before the sampler owns it: files not opened
        speed = self.sim_toolbar.speed()
        clock = ClockState(paused=False, speed=speed, interval=self.interval)
        sampler: AnySampler = (
            Sampler(source, clock, self.generation, self)
            if self.threaded
            else ManualSampler(source, clock, self.generation, self)
        )
        sampler.ticked.connect(self.apply)
        self.sampler = sampler
        if start:
            sampler.start()

    def apply_description(self, source: SourceDescription) -> None:
        """Show the controls and views this source has (worked out from its first
        tick): the one place the window is set up for a source."""
        # every tooltip in this platform's words (views set up below ask for them too);
        # narration by this kernel's rules
        explain_for_source(self, None if source.facts is None else source.facts.glossary_variant)
        self.narration.configure(source.facts, recorded=source.report_tab)
        self.events.set_facts(source.facts)
        self.description = source
        if source.sim_choice is not None:
            self.sim_choice = source.sim_choice
        caps = source.capabilities
        # a device without a compressor has nothing in a Compressed column to show
        no_compressor = source.facts is not None and source.facts.compressor is False
        table_caps = caps - {Capability.COMPRESSED} if no_compressor else caps
        self.table.set_capabilities(table_caps, source.settings_key)
        self.status_line.headroom.limits_known = Capability.LIMITS in caps
        self.memory_panel.set_compressor(None if source.facts is None else source.facts.compressor)
        self.graph.set_capabilities(caps)  # each source names its own axes (PSI on Linux)
        self.graph.set_facts(source.facts)  # its lines, named as the narration names them
        self.sim_toolbar.setVisible(source.simulator_controls)
        for action in self.sim_toolbar.actions():  # no shortcut of a hidden bar fires
            action.setEnabled(source.simulator_controls)
        self.menus.show_simulator(source.simulator_controls)
        if source.simulator_controls:
            self.sim_toolbar.set_profiles(profile_names(), self.sim_choice.profile)
            self.sim_toolbar.set_playing(source.playing)
        self.timeline.show_for(source)
        self.recorder.set_recordable(source.recordable)
        self.layout_.set_lanes(source.lanes_title)
        self.bands.set_grouping(source.lanes)
        self.events.set_epoch(source.epoch)
        self.events.set_simulated(source.device_rules)
        self.kernel_log.set_intro(source.kernel_log_intro)
        if source.scrubber and self.layout_.table_collapsed():
            self.show_view("overview")  # a recording opens with every view in sight

    def start(self) -> None:
        if self.sampler is not None:
            self.sampler.start()

    def request(self, command: Command) -> None:
        """Send a command to the sampler; its result comes back in a tick. While a new
        simulator is being built, commands wait for it (a lesson sets its speed)."""
        if self.loader.busy:
            self._waiting.append(command)
        elif self.sampler is not None:
            self.sampler.send(command)

    def open_reports(self, paths: Sequence[str]) -> bool:
        """Replay these jetsam reports (unreadable ones are named in the status bar);
        a folder among them opens a reports browser on it (``ui/replay_controls.py``)."""
        return self.report_opener.open(paths)

    def seek_report(self, index: int) -> None:
        self.request(Seek(index))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.open_reports(files)

    def replace_simulator(self, choice: SimChoice) -> bool:
        """Watch the simulator ``choice`` names, built in the background (at once in a
        window ticked by hand); ``False`` if it is known at once that it cannot be."""
        return self.loader.load(choice)

    def _simulator_ready(self, choice: SimChoice, source: Source) -> None:
        self.sim_choice = choice
        self.attach_source(source, start=True)
        waiting, self._waiting = self._waiting, []
        for command in waiting:
            self.request(command)

    # -- ticks --------------------------------------------------------------------------------
    def apply(self, tick: Tick) -> None:
        """Bring every view to this tick (GUI thread); drop a tick of an older source,
        or of the source a simulator being built replaces (a lesson's next leg must not
        see the last one's time)."""
        if tick.generation != self.generation or self.loader.busy:
            self.dropped_ticks += 1
            return
        if self.last_tick is None:
            self.apply_description(describe_source(tick))
        if tick.history is not None:
            self.views.jumped(tick.history, tick.events, shown=bool(self.ticks))
        previous, self.last_tick = self.last_tick, tick
        if tick.reports:
            self.events.add_reports(list(tick.reports))
        self.kernel_log.append(tick.kernel_log)
        if tick.snapshot is not None:
            self.show_snapshot(tick.snapshot, list(tick.events))
        if previous is None or previous.description != tick.description:
            self.graph.source = tick.description  # the PNG export names it
            self._show_source_label()
        level = self.last_snapshot.level if self.last_snapshot is not None else None
        title = window_title(tick.description, level)
        if title != self.windowTitle():
            self.setWindowTitle(title)  # Qt appends the display name
        self.timeline.follow(tick)
        self.problems.show_position(tick.position)
        if tick.result is not None:
            self.status_line.result(tick.result)
        for notice in tick.notices:  # e.g. "bands need root" (macOS)
            self.show_error(notice)
        if tick.error is not None:
            self.show_error(tick.error)
        self.inspectors.apply(tick)
        self.tick_applied.emit(tick)
        self.inspectors.send_held()  # after this tick: a manual sampler answers at once

    def show_snapshot(self, snapshot: Snapshot, events: list[Event]) -> None:
        """Bring every view to this snapshot."""
        self.ticks += 1
        self.last_snapshot = snapshot
        self.views.show(snapshot, events)
        self.status_line.headroom.apply_snapshot(snapshot)
        if snapshot.era is not None and self.ticks == 1:
            self.sim_toolbar.set_era(snapshot.era)
        self.status_line.show_time(snapshot.time)

    def _show_source_label(self) -> None:
        description = "" if self.last_tick is None else self.last_tick.description
        self.status_line.show_source(description, self.interval)

    def show_error(self, message: str) -> None:
        self.status_line.error(message)

    def show_message(self, message: str) -> None:
        self.status_line.message(message)

    @property
    def simulated_time(self) -> float | None:
        return None if self.last_snapshot is None else self.last_snapshot.time

    # -- simulator controls --------------------------------------------------------------------
    def _build_toolbars(self) -> None:
        c = build_controls(
            self,
            tabs=self.tabs,
            table=self.table,
            settings=self.settings,
            request=self.request,
            replace=self.replace_simulator,
            current=lambda: self.sim_choice,
            interval=lambda: self.interval,
            say=self.show_error,
        )
        self.sim_toolbar, self.timeline, self.simulator = c.sim_toolbar, c.timeline, c.simulator
        self.replay_toolbar, self.forced_pressure = c.timeline.report_bar, c.forced_pressure
        self.recorder, self.tray, self.inspectors = c.recorder, c.tray, c.inspectors
        self.tick_applied.connect(self.recorder.take)
        self.tick_applied.connect(self.tray.apply)
        self.bands.pid_activated.connect(self.inspectors.inspect)

    def set_playing(self, playing: bool) -> None:
        self.simulator.set_playing(playing)

    def set_speed(self, speed: float) -> None:
        self.simulator.set_speed(speed)

    def simulate_pressure(self, level: PressureLevel | None) -> None:
        self.simulator.simulate_pressure(level)

    # -- selection and menus ---------------------------------------------------------------------
    def process_menu(self, pid: int) -> ProcessMenu | None:
        snapshot, tick = self.last_snapshot, self.last_tick
        proc = None if snapshot is None else snapshot.by_pid.get(pid)
        if proc is None or snapshot is None or tick is None:
            return None
        return ProcessMenu(
            proc,
            tick.capabilities,
            snapshot.era,
            request=self.request,
            confirm=self.confirm,
            copy=self.table.copy_action,
            inspect=self.menus.inspect,
            parent=self,
        )

    def inspect_selected(self) -> None:
        """View → Inspect Process (Ctrl+I): the selected process's inspector."""
        self.inspectors.inspect()

    def _process_menu_requested(self, pid: int, pos: QPoint) -> None:
        menu = self.process_menu(pid)
        if menu is not None:
            menu.exec(pos)

    def show_view(self, view: str) -> None:
        """overview | graph | pages | table | bands | events | kernel-log
        (``window_layout.VIEWS``)."""
        self.layout_.show(view)

    # -- what lessons drive: ui/lesson_hosting.py ------------------------------------------
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
            self.request(SetInterval(s.interval))
            self._show_source_label()
        self.graph.set_history(s.history_seconds, self.interval)
        self.views.set_units(s.units)
        self.inspectors.set_units(s.units)
        self.status_line.headroom.units = s.units

    def _history_chosen(self, seconds: float) -> None:
        self.settings.history_seconds = seconds

    def closeEvent(self, event: QCloseEvent) -> None:
        self.layout_.save(self, self.settings)
        self.settings.sync()
        self.loader.stop()
        self.inspectors.close_all()
        if self.sampler is not None:
            self.sampler.stop()
            self.sampler = None
        event.accept()
