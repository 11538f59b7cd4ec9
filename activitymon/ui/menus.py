"""The menu bar and its shortcuts: File, View, Simulator, Help."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from activitymon import __version__
from activitymon.ui.help_menu import add_teaching_actions
from activitymon.ui.preferences import PreferencesDialog
from activitymon.ui.replay_controls import REPORT_FILTER
from activitymon.ui.sim_sources import SimChoice

if TYPE_CHECKING:
    from activitymon.ui.main_window import MainWindow


@dataclass
class Menus:
    file: QMenu
    view: QMenu
    simulator: QMenu
    help: QMenu
    page_classes: QAction


def _action(
    window: MainWindow, menu: QMenu, text: str, name: str, shortcut: str | None = None
) -> QAction:
    action = menu.addAction(text)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    window.addAction(action)  # shortcuts work while the menu bar is hidden (macOS, offscreen)
    return action


def build_menus(window: MainWindow) -> Menus:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    _action(window, file_menu, "Open Scenario…", "open-scenario", "Ctrl+O").triggered.connect(
        lambda: open_scenario(window)
    )
    _action(window, file_menu, "Open Report…", "open-report", "Ctrl+Shift+O").triggered.connect(
        lambda: open_report_dialog(window)
    )
    _action(window, file_menu, "Open Reports Folder…", "open-reports-folder").triggered.connect(
        lambda: _open_reports_folder(window)
    )
    file_menu.addSeparator()
    _action(window, file_menu, "Export Graph as PNG…", "export-png").triggered.connect(
        lambda: export_graph(window, "png")
    )
    _action(window, file_menu, "Export Graph Data as CSV…", "export-csv").triggered.connect(
        lambda: export_graph(window, "csv")
    )
    _action(window, file_menu, "Export Processes…", "export-processes").triggered.connect(
        lambda: export_processes(window)
    )
    file_menu.addSeparator()
    prefs = _action(window, file_menu, "Preferences…", "preferences", "Ctrl+,")
    prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
    prefs.triggered.connect(lambda: open_preferences(window))
    quit_action = _action(window, file_menu, "&Quit", "quit")
    quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    if QKeySequence("Ctrl+Q") not in quit_keys:
        quit_keys.append(QKeySequence("Ctrl+Q"))  # some platforms define no Quit key
    quit_action.setShortcuts(quit_keys)
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)

    view_menu = bar.addMenu("&View")
    for i, (text, view) in enumerate(
        (
            ("Pressure Graph", "overview"),
            ("Jetsam Bands", "bands"),
            ("Events", "events"),
            ("Process Table", "table"),
        ),
        start=1,
    ):
        _action(window, view_menu, text, f"view-{view}", f"Ctrl+{i}").triggered.connect(
            lambda _=False, v=view: window.show_view(v)
        )
    view_menu.addSeparator()
    page_classes = _action(
        window, view_menu, "Page Classes Instead of Pressure", "view-page-classes", "Ctrl+G"
    )
    page_classes.setCheckable(True)
    page_classes.toggled.connect(lambda on: window.graph.show_view(1 if on else 0))
    window.graph.view_box.currentIndexChanged.connect(lambda i: page_classes.setChecked(i == 1))
    _action(window, view_menu, "Follow Newest Sample", "follow", "End").triggered.connect(
        lambda: window.graph.set_follow(True)
    )
    _action(window, view_menu, "Filter Processes", "filter", "Ctrl+F").triggered.connect(
        window.table.focus_filter
    )
    columns = view_menu.addMenu("Columns")
    columns.aboutToShow.connect(lambda: _fill_columns(window, columns))

    sim_menu = bar.addMenu("&Simulator")
    toolbar = window.sim_toolbar
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

    help_menu = bar.addMenu("&Help")
    add_teaching_actions(window, help_menu)
    about = help_menu.addAction(f"About activitymon {__version__}")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(
        lambda: QMessageBox.about(
            window,
            "About activitymon",
            f"activitymon {__version__}\nMemory pressure and jetsam, watched and simulated.",
        )
    )
    return Menus(file_menu, view_menu, sim_menu, help_menu, page_classes)


def _fill_columns(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    window.table.column_menu(menu)


def open_scenario(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(
        window, "Open Scenario", "", "Scenarios (*.toml);;All files (*)"
    )
    if path:
        window.replace_simulator(SimChoice(path, None, window.sim_choice.seed))


def open_report_dialog(window: MainWindow) -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, "Open Jetsam Reports", "", REPORT_FILTER)
    if paths:
        window.open_reports(paths)


def export_graph(window: MainWindow, kind: str) -> None:
    title = "Export Graph as PNG" if kind == "png" else "Export Graph Data as CSV"
    pattern = "PNG images (*.png)" if kind == "png" else "CSV files (*.csv)"
    path, _ = QFileDialog.getSaveFileName(window, title, f"activitymon-graph.{kind}", pattern)
    if not path:
        return
    target = Path(path)
    try:
        if kind == "png":
            if not window.graph.export_png(target):
                raise OSError(f"could not write {target}")
        else:
            window.graph.export_csv(target)
    except OSError as exc:
        window.show_error(f"Export failed: {exc}")
        return
    window.statusBar().showMessage(f"Wrote {target}", 5_000)


def export_processes(window: MainWindow) -> None:
    """The whole process table as CSV: raw numbers, the unit in each column's name."""
    path, _ = QFileDialog.getSaveFileName(
        window, "Export Processes", "activitymon-processes.csv", "CSV files (*.csv)"
    )
    if not path:
        return
    target = Path(path)
    try:
        count = window.table.export_csv(target)
    except OSError as exc:
        window.show_error(f"Export failed: {exc.strerror or exc}")
        return
    window.statusBar().showMessage(f"Wrote {count} processes to {target}", 5_000)


def open_preferences(window: MainWindow) -> None:
    dialog = PreferencesDialog(window.settings, window)
    if dialog.exec():
        dialog.save()
        window.apply_preferences()


def _open_reports_folder(window: MainWindow) -> None:
    # imported on first use: the browser, its charts and the index are ~2 MiB (#16)
    from activitymon.ui.reports_browser import open_reports_folder

    open_reports_folder(window, window.open_reports)
