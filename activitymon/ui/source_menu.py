"""The menu items that change what the window watches: File → Open Scenario…, Open
Report…, Open Reports Folder…, New Simulation…, Watch This Machine, Open Recording…;
and Simulator → Compare….

They drive the window through :class:`SourceSwitcher` — the few things a menu may ask
of it — never through its views.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QWidget,
)

from activitymon.sources import Source, SourceError, live_source_name, open_source
from activitymon.sources.recording import RecordingSource
from activitymon.ui.recorder import RECORDING_FILTER
from activitymon.ui.replay_controls import REPORT_FILTER
from activitymon.viewmodel.sim_sources import SimChoice, profile_names, scenario_names

if TYPE_CHECKING:
    from activitymon.ui.compare_dialog import CompareDialog

SCENARIO_FILTER = "Scenarios (*.toml);;All files (*)"


class SourceSwitcher(Protocol):
    """What opens another source in the window, and says what went wrong."""

    @property
    def sim_choice(self) -> SimChoice:
        """The scenario, device and seed the simulator runs (or last ran)."""
        ...

    @property
    def simulated_time(self) -> float | None:
        """The time of the last sample shown (``None`` before the first)."""
        ...

    def replace_simulator(self, choice: SimChoice) -> bool: ...

    def attach_source(self, source: Source, *, start: bool = True) -> None: ...

    def open_reports(self, paths: Sequence[str]) -> bool: ...

    def show_error(self, message: str) -> None: ...


def open_scenario(host: SourceSwitcher, parent: QWidget) -> None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open Scenario", "", SCENARIO_FILTER)
    if path:
        host.replace_simulator(SimChoice(path, None, host.sim_choice.seed))


def open_report_dialog(host: SourceSwitcher, parent: QWidget) -> None:
    paths, _ = QFileDialog.getOpenFileNames(parent, "Open Jetsam Reports", "", REPORT_FILTER)
    if paths:
        host.open_reports(paths)


def open_reports_folder(host: SourceSwitcher, parent: QWidget) -> None:
    # imported on first use: the browser, its charts and the index are ~2 MiB (#16)
    from activitymon.ui.reports_browser import open_reports_folder as browse

    browse(parent, host.open_reports)


def new_simulation(host: SourceSwitcher, parent: QWidget) -> None:
    dialog = NewSimulationDialog(parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        host.replace_simulator(dialog.choice())


def watch_this_machine(host: SourceSwitcher) -> None:
    try:
        source = open_source(live_source_name())
    except SourceError as exc:
        host.show_error(str(exc))
        return
    host.attach_source(source, start=True)


def open_recording_dialog(host: SourceSwitcher, parent: QWidget) -> None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open Recording", "", RECORDING_FILTER)
    if path:
        open_recording(host, path)


def open_recording(host: SourceSwitcher, path: str) -> bool:
    try:
        source = RecordingSource.open(path)
    except SourceError as exc:
        host.show_error(str(exc))
        return False
    host.attach_source(source, start=True)
    return True


def compare_dialog(host: SourceSwitcher, parent: QWidget) -> CompareDialog:
    """Simulator → Compare…: the running scenario beside a variant (imported on first
    use)."""
    from activitymon.ui.compare_dialog import CompareDialog

    dialog = CompareDialog(host.sim_choice, host.simulated_time, parent)
    dialog.show()
    return dialog


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
