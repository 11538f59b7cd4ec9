"""The main window's controls around its views, built and wired together: the simulator
toolbar and what drives it, a replay's bar and a recording's scrubber, the forced
pressure label, File → Record, the tray icon of live sources and the process
inspectors. Each gets only what it drives (callables, the tabs, the table), never the
window; the window feeds them its ticks (``MainWindow.tick_applied``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QMainWindow, QTabWidget

from activitymon.ui.forced_pressure import ForcedPressure
from activitymon.ui.inspector import Inspectors
from activitymon.ui.process_table import ProcessTable
from activitymon.ui.recorder import Recorder
from activitymon.ui.settings import AppSettings
from activitymon.ui.sim_controls import SimulatorToolbar
from activitymon.ui.sim_driver import SimulatorDriver
from activitymon.ui.timeline_controls import TimelineControls
from activitymon.ui.tray import PressureTray
from activitymon.viewmodel import Command
from activitymon.viewmodel.sim_sources import SimChoice


@dataclass(frozen=True, slots=True)
class WindowControls:
    sim_toolbar: SimulatorToolbar
    timeline: TimelineControls
    forced_pressure: ForcedPressure
    simulator: SimulatorDriver
    recorder: Recorder
    tray: PressureTray
    inspectors: Inspectors


def build_controls(
    window: QMainWindow,
    *,
    tabs: QTabWidget,
    table: ProcessTable,
    settings: AppSettings,
    request: Callable[[Command], None],
    replace: Callable[[SimChoice], object],
    current: Callable[[], SimChoice],
    interval: Callable[[], float],
    say: Callable[[str], None],
) -> WindowControls:
    """The controls, their toolbars added to ``window`` and their labels to its status
    bar, in the order they show."""
    sim_toolbar = SimulatorToolbar(window)
    window.addToolBar(sim_toolbar)
    # a report replay's bar and report tab, a recording's scrubber
    timeline = TimelineControls(request, tabs, window)
    for bar in (timeline.report_bar, timeline.scrubber):
        window.addToolBar(bar)
    forced_pressure = ForcedPressure(window.statusBar())
    simulator = SimulatorDriver(
        sim_toolbar,
        forced_pressure,
        request=request,
        replace=replace,
        current=current,
        interval=interval,
    )
    recorder = Recorder(window, say)  # File → Record
    window.statusBar().addPermanentWidget(recorder.status)
    tray = PressureTray(window, settings, say=say)  # live sources
    # one window per inspected process: double-click or Enter on a row or a block
    inspectors = Inspectors(window, request, table, say)
    table.pid_activated.connect(inspectors.inspect)
    return WindowControls(
        sim_toolbar, timeline, forced_pressure, simulator, recorder, tray, inspectors
    )
