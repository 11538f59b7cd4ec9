"""Recordings in the window: File → Record (a toggle), File → Open Recording…, the
time scrubber, and the ways back (File → New Simulation…, File → Watch This Machine);
and a replayed report's graph tab, which shows the report's moment.

The window calls in three places: :meth:`RecordingControls.configure` on a source's
first tick, :meth:`RecordingControls.before_tick` at the start of every tick (a jump
of the timeline resets the views and refills the graph's history; the scrubber follows
the position), and File menu actions. Recording takes each tick the window applied
(``tick_applied``): what the window shows is what is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMenu,
    QWidget,
)

from activitymon.recording import SUFFIX, RecordingError, RecordingWriter, check_output
from activitymon.sources import SourceError, live_source_name, open_source
from activitymon.sources.recording import RecordingSource
from activitymon.ui.compare_dialog import CompareDialog
from activitymon.ui.report_moment import ReportMoment
from activitymon.ui.scrubber import ScrubberToolbar
from activitymon.units import format_bytes, format_duration
from activitymon.viewmodel import Seek, SetPaused, SetSpeed, Tick
from activitymon.viewmodel.sim_sources import SimChoice, profile_names, scenario_names
from activitymon.viewmodel.source_description import SourceDescription

if TYPE_CHECKING:
    from activitymon.ui.main_window import MainWindow

RECORDING_FILTER = f"Recordings (*{SUFFIX});;All files (*)"
#: samples of a jump's history the graph takes (about what it keeps)
GRAPH_HISTORY_SAMPLES = 900


class RecordingControls(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.scrubber = ScrubberToolbar(window)
        self.scrubber.setVisible(False)
        window.addToolBar(self.scrubber)
        self.scrubber.seek_requested.connect(self._seek)
        self.scrubber.play_toggled.connect(self._play)
        self.scrubber.speed_changed.connect(self._speed)
        self.writer: RecordingWriter | None = None
        self._generation = 0
        self.status = QLabel()
        self.status.setObjectName("recording-status")
        self.status.setVisible(False)
        window.statusBar().addPermanentWidget(self.status)
        self.record_action = QAction("Record", window)
        self.record_action.setObjectName("record")
        self.record_action.setCheckable(True)
        self.record_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.record_action.setToolTip("Record what the window shows from now on")
        self.record_action.toggled.connect(self._record_toggled)
        window.tick_applied.connect(self._write)
        # a replay's "graph" tab: a tab of its own after the others, shown in place of
        # the pressure graph's (no widget ever leaves the tabs)
        self.moment = ReportMoment()
        self.moment_tab = window.tabs.addTab(self.moment, "Report")
        window.tabs.setTabVisible(self.moment_tab, False)
        window.tabs.currentChanged.connect(self._tab_changed)
        self._report_mode = False
        self._menus_added = False
        self.source: SourceDescription | None = None

    def _seek(self, index: int) -> None:
        self.window.request(Seek(index))

    def _play(self, on: bool) -> None:
        self.window.request(SetPaused(not on))

    def _speed(self, speed: float) -> None:
        self.window.request(SetSpeed(speed))

    def add_menu_items(self) -> None:
        """File: New Simulation…, Watch This Machine, Open Recording…, Record;
        Simulator: Compare…. Once, when the window's menus exist (its first tick)."""
        if self._menus_added:
            return
        self._menus_added = True
        window = self.window
        self.add_file_actions(window.menus.file)
        compare = QAction("Compare…", window)
        compare.setObjectName("sim-compare")
        compare.setToolTip("This run beside a what-if or another scenario, on one seed")
        compare.triggered.connect(self.compare_dialog)
        window.menus.simulator.addSeparator()
        window.menus.simulator.addAction(compare)

    # -- the File menu ----------------------------------------------------------------------
    def add_file_actions(self, menu: QMenu) -> None:
        """New Simulation…, Watch This Machine, Open Recording…, Record: after Open
        Report… (or at the end)."""
        window = self.window
        names = [a.objectName() for a in menu.actions()]
        at = names.index("open-report") + 1 if "open-report" in names else len(names)
        before = menu.actions()[at] if at < len(names) else None
        items = (
            ("New Simulation…", "new-simulation", "Ctrl+N", self.new_simulation_dialog),
            ("Watch This Machine", "watch-machine", "", self.watch_this_machine),
            ("Open Recording…", "open-recording", "Ctrl+Alt+O", self.open_recording_dialog),
        )
        actions = []
        for text, name, key, slot in items:
            action = QAction(text, window)
            action.setObjectName(name)
            if key:
                action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            actions.append(action)
        actions.append(self.record_action)
        separator = QAction(window)
        separator.setSeparator(True)
        for action in [separator, *actions]:
            if before is None:
                menu.addAction(action)
            else:
                menu.insertAction(before, action)
            window.addAction(action)

    def new_simulation_dialog(self) -> None:
        dialog = NewSimulationDialog(self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window.replace_simulator(dialog.choice())

    def compare_dialog(self) -> CompareDialog:
        snapshot = self.window.last_snapshot
        dialog = CompareDialog(
            self.window.sim_choice, None if snapshot is None else snapshot.time, self.window
        )
        dialog.show()
        return dialog

    def watch_this_machine(self) -> None:
        try:
            source = open_source(live_source_name())
        except SourceError as exc:
            self.window.show_error(str(exc))
            return
        self.window.attach_source(source, start=True)

    def open_recording_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open Recording", "", RECORDING_FILTER)
        if path:
            self.open_recording(path)

    def open_recording(self, path: str) -> bool:
        try:
            source = RecordingSource.open(path)
        except SourceError as exc:
            self.window.show_error(str(exc))
            return False
        self.window.attach_source(source, start=True)
        return True

    # -- the scrubber -------------------------------------------------------------------------
    def configure(self, source: SourceDescription) -> None:
        """A new source: the scrubber for a recording, the report's moment for a
        replay, the shortcuts of the bars shown only."""
        self.add_menu_items()
        self.source = source
        self.scrubber.setVisible(source.scrubber)
        # no shortcut of a hidden bar may fire (or make a key mean two things)
        for action in self.scrubber.actions():
            action.setEnabled(source.scrubber)
        if source.scrubber:
            self.window.replay_toolbar.set_position(0, 1, "")
            self.scrubber.set_playing(source.playing)
        self._graph_tab_shows_report(source.report_tab)

    def _graph_tab_shows_report(self, report: bool) -> None:
        """A report replay's graph tab is the report's moment; any other source's is
        the pressure graph."""
        self._report_mode = report
        tabs = self.window.tabs
        tabs.setTabVisible(self.moment_tab, report)
        tabs.setTabVisible(0, not report)
        if report and tabs.currentIndex() == 0:
            tabs.setCurrentIndex(self.moment_tab)
        elif not report and tabs.currentIndex() == self.moment_tab:
            tabs.setCurrentIndex(0)

    def _tab_changed(self, index: int) -> None:
        if self._report_mode and index == 0:  # "graph" asked for during a replay
            self.window.tabs.setCurrentIndex(self.moment_tab)

    def before_tick(self, tick: Tick) -> None:
        """A jump of the timeline (forward or back) starts the views again: the graph
        takes the samples before the moment, then the tick as usual."""
        window = self.window
        if tick.history is not None and window.ticks:
            window.graph.reset()
            window.bands.reset()
            window.events.reset()
        if tick.history is not None:
            # the narration of every sample before the moment, as a live run told it
            window.narration.rewind(tick.history, tick.events)
        if tick.history:
            for snapshot in tick.history[-GRAPH_HISTORY_SAMPLES:]:
                window.graph.apply_snapshot(snapshot, [])
        position, now = tick.position, tick.snapshot
        source = self.source
        if source is None or position is None:
            return
        if source.report_tab:
            self.moment.show_report(position.report)
        if source.scrubber and now is not None:
            start, end = position.span or (now.time, now.time)
            self.scrubber.follow(position.index, position.count, now.time, start, end)

    # -- recording ------------------------------------------------------------------------------
    def _record_toggled(self, on: bool) -> None:
        if on and self.writer is None:
            if not self._start_recording():
                self.record_action.setChecked(False)
        elif not on and self.writer is not None:
            self.stop_recording()

    def _start_recording(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Record to", f"activitymon{SUFFIX}", RECORDING_FILTER
        )
        return bool(path) and self.start_recording(Path(path))

    def start_recording(self, path: Path, *, force: bool = True) -> bool:
        """Record every tick the window applies from now on into ``path`` (the save
        dialog already asked about replacing a file)."""
        tick = self.window.last_tick
        if tick is None:
            self.window.show_error("nothing to record yet")
            return False
        if self.source is not None and not self.source.recordable:  # and may be this file
            self.window.show_error("this is a recording already; play it, or open another source")
            return False
        try:
            check_output(path, force=force)
            self.writer = RecordingWriter(
                path,
                source=str(tick.kind or ""),
                description=tick.description,
                capabilities=[c.value for c in tick.capabilities],
                interval=self.window.interval,
                facts=tick.facts,
            )
        except RecordingError as exc:
            self.window.show_error(str(exc))
            return False
        self._generation = tick.generation
        self.record_action.setChecked(True)
        self.status.setVisible(True)
        self._show_status()
        return True

    def stop_recording(self, why: str = "") -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            writer.close()
        except RecordingError as exc:
            why = str(exc)
        self.record_action.setChecked(False)
        self.status.setVisible(False)
        done = (
            f"recorded {writer.samples} samples ({format_duration(writer.duration)}) "
            f"to {writer.path.name}"
        )
        self.window.show_error(f"{done}; {why}" if why else done)

    def _write(self, tick: Tick) -> None:
        if self.writer is None or tick.snapshot is None:
            return
        if tick.generation != self._generation:
            self.stop_recording("recording stopped: the source changed")
            return
        if tick.history is not None:
            return  # a jump in a recording being recorded: not a moment that follows
        try:
            self.writer.add(tick.snapshot, tick.events, tick.reports)
        except RecordingError as exc:
            self.stop_recording(str(exc))
            return
        self._show_status()

    def _show_status(self) -> None:
        writer = self.writer
        if writer is not None:
            self.status.setText(
                f"● REC {format_duration(writer.duration)} · {format_bytes(writer.file_size())}"
            )


class NewSimulationDialog(QDialog):
    """A device and a scenario: what File → New Simulation starts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Simulation")
        form = QFormLayout(self)
        self.scenario = QComboBox()
        self.scenario.addItems(scenario_names())
        self.device = QComboBox()
        self.device.addItem("the scenario's own", None)
        for name in profile_names():
            self.device.addItem(name, name)
        form.addRow("Scenario", self.scenario)
        form.addRow("Device", self.device)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> SimChoice:
        profile = self.device.currentData()
        return SimChoice(self.scenario.currentText(), profile if profile else None, None)
