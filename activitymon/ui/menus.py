"""The menu bar and its shortcuts: File, View, Simulator, Help."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from activitymon import __version__
from activitymon.ui import source_menu
from activitymon.ui.graph import PressureGraph
from activitymon.ui.help_menu import add_teaching_actions
from activitymon.ui.lesson_controller import LessonHost
from activitymon.ui.preferences import PreferencesDialog
from activitymon.ui.process_table import ProcessTable
from activitymon.ui.settings import AppSettings
from activitymon.ui.sim_controls import SimulatorToolbar
from activitymon.ui.source_menu import SourceSwitcher


class MenuHost(SourceSwitcher, LessonHost, Protocol):
    """What the menus ask of the window beyond its pieces: another source, a lesson,
    a view put forward, the preferences applied, a line in the status bar."""

    @property
    def settings(self) -> AppSettings: ...

    def show_view(self, view: str) -> None: ...

    def apply_preferences(self) -> None: ...

    def show_message(self, message: str) -> None: ...

    def inspect_selected(self) -> None:
        """Open the selected process's inspector (View → Inspect Process, Ctrl+I)."""
        ...


@dataclass(frozen=True)
class MenuPieces:
    """The window's parts the menus drive directly."""

    graph: PressureGraph
    table: ProcessTable
    sim_toolbar: SimulatorToolbar
    record_action: QAction


@dataclass
class Menus:
    file: QMenu
    view: QMenu
    simulator: QMenu
    help: QMenu
    page_classes: QAction
    #: Inspect Process (Ctrl+I): the selected process's inspector
    inspect: QAction

    def show_simulator(self, shown: bool) -> None:
        """The Simulator menu is there only for a simulator."""
        self.simulator.menuAction().setVisible(shown)


def _action(
    window: QMainWindow, menu: QMenu, text: str, name: str, shortcut: str | None = None
) -> QAction:
    action = menu.addAction(text)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    window.addAction(action)  # shortcuts work while the menu bar is hidden (macOS, offscreen)
    return action


def build_menus(window: QMainWindow, host: MenuHost, pieces: MenuPieces) -> Menus:
    """File, View, Simulator and Help on ``window``'s menu bar."""
    file_menu = _file_menu(window, host, pieces)
    view_menu, page_classes, inspect = _view_menu(window, host, pieces)
    sim_menu = _simulator_menu(window, host, pieces)
    help_menu = window.menuBar().addMenu("&Help")
    add_teaching_actions(host, window, help_menu)
    about = help_menu.addAction(f"About activitymon {__version__}")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(
        lambda: QMessageBox.about(
            window,
            "About activitymon",
            f"activitymon {__version__}\nMemory pressure and jetsam, watched and simulated.",
        )
    )
    return Menus(file_menu, view_menu, sim_menu, help_menu, page_classes, inspect)


def _file_menu(window: QMainWindow, host: MenuHost, pieces: MenuPieces) -> QMenu:
    menu = window.menuBar().addMenu("&File")
    for text, name, key, slot in (
        ("Open Scenario…", "open-scenario", "Ctrl+O", source_menu.open_scenario),
        ("Open Report…", "open-report", "Ctrl+Shift+O", source_menu.open_report_dialog),
        ("Open Reports Folder…", "open-reports-folder", None, source_menu.open_reports_folder),
    ):
        _action(window, menu, text, name, key).triggered.connect(
            lambda _=False, open_=slot: open_(host, window)
        )
    menu.addSeparator()
    for text, name, key, slot in (
        ("New Simulation…", "new-simulation", "Ctrl+N", source_menu.new_simulation),
        ("Open Recording…", "open-recording", "Ctrl+Alt+O", source_menu.open_recording_dialog),
    ):
        _action(window, menu, text, name, key).triggered.connect(
            lambda _=False, open_=slot: open_(host, window)
        )
    _action(window, menu, "Watch This Machine", "watch-machine").triggered.connect(
        lambda: source_menu.watch_this_machine(host)
    )
    menu.addAction(pieces.record_action)
    window.addAction(pieces.record_action)
    menu.addSeparator()
    graph, table = pieces.graph, pieces.table
    _action(window, menu, "Export Graph as PNG…", "export-png").triggered.connect(
        lambda: export_graph(host, window, graph, "png")
    )
    _action(window, menu, "Export Graph Data as CSV…", "export-csv").triggered.connect(
        lambda: export_graph(host, window, graph, "csv")
    )
    _action(window, menu, "Export Processes…", "export-processes").triggered.connect(
        lambda: export_processes(host, window, table)
    )
    menu.addSeparator()
    prefs = _action(window, menu, "Preferences…", "preferences", "Ctrl+,")
    prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
    prefs.triggered.connect(lambda: open_preferences(host, window))
    quit_action = _action(window, menu, "&Quit", "quit")
    quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    if QKeySequence("Ctrl+Q") not in quit_keys:
        quit_keys.append(QKeySequence("Ctrl+Q"))  # some platforms define no Quit key
    quit_action.setShortcuts(quit_keys)
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)
    return menu


def _view_menu(
    window: QMainWindow, host: MenuHost, pieces: MenuPieces
) -> tuple[QMenu, QAction, QAction]:
    bar = window.menuBar()
    graph, table = pieces.graph, pieces.table
    view_menu = bar.addMenu("&View")
    for i, (text, view) in enumerate(
        (
            ("Pressure Graph", "overview"),
            ("Jetsam Bands", "bands"),
            ("Events", "events"),
            ("Process Table", "table"),
            ("Kernel Log", "kernel-log"),
        ),
        start=1,
    ):
        _action(window, view_menu, text, f"view-{view}", f"Ctrl+{i}").triggered.connect(
            lambda _=False, v=view: host.show_view(v)
        )
    view_menu.addSeparator()
    page_classes = _action(
        window, view_menu, "Page Classes Instead of Pressure", "view-page-classes", "Ctrl+G"
    )
    page_classes.setCheckable(True)
    page_classes.toggled.connect(lambda on: graph.show_view(1 if on else 0))
    graph.view_changed.connect(lambda i: page_classes.setChecked(i == 1))
    _action(window, view_menu, "Follow Newest Sample", "follow", "End").triggered.connect(
        lambda: graph.set_follow(True)
    )
    _action(window, view_menu, "Filter Processes", "filter", "Ctrl+F").triggered.connect(
        table.focus_filter
    )
    inspect = _action(window, view_menu, "Inspect Process…", "inspect", "Ctrl+I")
    inspect.setToolTip("Its footprint against its limits, its memory map and its story")
    inspect.triggered.connect(lambda _checked=False: host.inspect_selected())
    columns = view_menu.addMenu("Columns")
    columns.aboutToShow.connect(lambda: _fill_columns(table, columns))
    return view_menu, page_classes, inspect


def _simulator_menu(window: QMainWindow, host: MenuHost, pieces: MenuPieces) -> QMenu:
    sim_menu = window.menuBar().addMenu("&Simulator")
    toolbar = pieces.sim_toolbar
    for action in (
        toolbar.play_action,
        toolbar.step_action,
        toolbar.restart_action,
        toolbar.hog_action,
    ):
        sim_menu.addAction(action)
    sim_menu.addSeparator()
    for action in toolbar.pressure_actions.values():
        sim_menu.addAction(action)
    sim_menu.addSeparator()
    compare = _action(window, sim_menu, "Compare…", "sim-compare")
    compare.setToolTip("This run beside a what-if or another scenario, on one seed")
    compare.triggered.connect(lambda: source_menu.compare_dialog(host, window))
    return sim_menu


def _fill_columns(table: ProcessTable, menu: QMenu) -> None:
    menu.clear()
    table.column_menu(menu)


def export_graph(host: MenuHost, parent: QMainWindow, graph: PressureGraph, kind: str) -> None:
    title = "Export Graph as PNG" if kind == "png" else "Export Graph Data as CSV"
    pattern = "PNG images (*.png)" if kind == "png" else "CSV files (*.csv)"
    path, _ = QFileDialog.getSaveFileName(parent, title, f"activitymon-graph.{kind}", pattern)
    if not path:
        return
    target = Path(path)
    try:
        if kind == "png":
            if not graph.export_png(target):
                raise OSError(f"could not write {target}")
        else:
            graph.export_csv(target)
    except OSError as exc:
        host.show_error(f"Export failed: {exc}")
        return
    host.show_message(f"Wrote {target}")


def export_processes(host: MenuHost, parent: QMainWindow, table: ProcessTable) -> None:
    """The whole process table as CSV: raw numbers, the unit in each column's name."""
    path, _ = QFileDialog.getSaveFileName(
        parent, "Export Processes", "activitymon-processes.csv", "CSV files (*.csv)"
    )
    if not path:
        return
    target = Path(path)
    try:
        count = table.export_csv(target)
    except OSError as exc:
        host.show_error(f"Export failed: {exc.strerror or exc}")
        return
    host.show_message(f"Wrote {count} processes to {target}")


def open_preferences(host: MenuHost, parent: QMainWindow) -> None:
    dialog = PreferencesDialog(host.settings, parent)
    if dialog.exec():
        dialog.save()
        host.apply_preferences()
