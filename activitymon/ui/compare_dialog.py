"""Simulator → Compare…: the window's run (A) beside a variant (B) on one seed and one
clock, drawn on one time axis with the differences marked.

B is the window's scenario with what-ifs — chosen in the form (a process: what it does
on a warning, its limit, band, growth; another device), which writes the ``--what-if``
text ``activitymon simulate`` takes, or typed there — or another scenario. Reading
the scenario and running both simulations happen in a worker (``ui/background.py``),
the two runs in two processes where the machine has the cores; a progress bar and
Cancel stay live meanwhile.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from activitymon.reports.scan import worker_count
from activitymon.sim import ScenarioError
from activitymon.sim.compare import CompareCancelled
from activitymon.ui.background import Background
from activitymon.ui.compare_tables import fill_figures, fill_kills, make_table
from activitymon.ui.compare_view import ComparisonView
from activitymon.ui.scrubber import clock_label
from activitymon.units import format_duration
from activitymon.viewmodel.compare_run import (
    CompareRequest,
    Comparison,
    ScenarioSummary,
    VariantForm,
    example_what_if,
    prepare,
    run_both,
    summarize,
    what_if_text,
)
from activitymon.viewmodel.sim_sources import SimChoice, profile_names, scenario_names

AS_IT_IS = "(as it is)"
WARNING_CHOICES = ("ignore", "free 25%", "free 50%", "free 90%", "free 100 MB after 2 s")
#: the dialog's size where the screen allows it (it fits a 1024 × 640 screen)
PREFERRED = (980, 620)


class CompareDialog(QDialog):
    """Choose B, run both, read them on one time axis."""

    #: a finished comparison (``None`` when cancelled), after the views show it
    compared = Signal(object)
    _progress = Signal(float)

    def __init__(
        self,
        choice: SimChoice,
        now: float | None,
        parent: QWidget | None = None,
        *,
        processes: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare Runs")
        self.choice, self.now = choice, now
        self.processes = worker_count() >= 2 if processes is None else processes
        self.summary: ScenarioSummary | None = None
        self.comparison: Comparison | None = None
        self._stop = threading.Event()
        self._reader, self._runner = Background(self), Background(self)
        self._reader.done.connect(self._summary_read)
        self._reader.failed.connect(self._say)
        self._runner.done.connect(self._finished)
        self._runner.failed.connect(self._run_failed)
        self._progress.connect(self._show_progress)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_form())
        layout.addLayout(self._build_status())
        self.view = ComparisonView()
        layout.addWidget(self.view, 2)
        self.tabs = QTabWidget()
        self.kills = make_table(("time", "A", "B"))
        self.figures = make_table(("", "A", "B"), wrap=True)
        self.tabs.addTab(self.kills, "Kills")
        self.tabs.addTab(self.figures, "Figures")
        layout.addWidget(self.tabs, 3)
        self._fit_screen()
        self._reader.start(lambda: summarize(choice), expected=(ScenarioError,))

    # -- building ---------------------------------------------------------------------------
    def _build_form(self) -> QGridLayout:
        grid = QGridLayout()
        self.a_label = QLabel("A: reading the scenario…")
        grid.addWidget(self.a_label, 0, 0, 1, 6)
        self.mode = QComboBox()
        self.mode.addItems(["B: what if…", "B: another scenario"])
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.other = QComboBox()
        self.other.addItems(scenario_names())
        self.other.setEnabled(False)
        grid.addWidget(self.mode, 1, 0)
        grid.addWidget(self.other, 1, 1)
        self._build_fields(grid)
        grid.addLayout(self._build_run_row(), 4, 0, 1, 6)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        return grid

    def _build_fields(self, grid: QGridLayout) -> None:
        """Process, what it does on a warning, its limit, band, growth; a device."""
        self.process = QComboBox()
        self.on_warning = QComboBox()
        self.on_warning.setEditable(True)
        self.on_warning.addItems([AS_IT_IS, *WARNING_CHOICES])
        self.limit = QSpinBox()
        self.limit.setRange(0, 65_536)
        self.limit.setSuffix(" MB")
        self.limit.setSpecialValueText(AS_IT_IS)
        self.fatal = QComboBox()
        self.fatal.addItems([AS_IT_IS, "fatal", "soft"])
        self.band = QComboBox()
        self.growth = QDoubleSpinBox()
        self.growth.setRange(-1, 10_000)
        self.growth.setSuffix(" MB/s")
        self.growth.setSpecialValueText(AS_IT_IS)
        self.growth.setValue(-1)
        self.device = QComboBox()
        self.device.addItem(AS_IT_IS, None)
        for name in profile_names():
            self.device.addItem(name, name)
        fields: tuple[tuple[str, QWidget, int, int], ...] = (
            ("Process", self.process, 2, 0),
            ("On a warning", self.on_warning, 2, 2),
            ("Limit", self.limit, 2, 4),
            ("Limit kind", self.fatal, 3, 4),
            ("Band", self.band, 3, 0),
            ("Growth", self.growth, 3, 2),
            ("Device", self.device, 1, 2),
        )
        for text, widget, at_row, column in fields:
            grid.addWidget(QLabel(text), at_row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, at_row, column + 1)
        for combo in (self.process, self.fatal, self.band, self.device):
            combo.currentIndexChanged.connect(self._write_what_if)
        self.on_warning.currentTextChanged.connect(self._write_what_if)
        self.limit.valueChanged.connect(self._write_what_if)
        self.growth.valueChanged.connect(self._write_what_if)

    def _build_run_row(self) -> QHBoxLayout:
        self.what_if = QLineEdit()
        self.what_if.setPlaceholderText('process.NAME.on_warning="free 50%"')
        self.what_if.setToolTip(
            "The --what-if text of `activitymon simulate`: KEY=VALUE assignments separated "
            "by ';' (process.NAME.FIELD=…, device.profile=…). The form writes it; edit it freely."
        )
        self.run_button = QPushButton("Run both")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(QLabel("--what-if"))
        row.addWidget(self.what_if, 1)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        return row

    def _build_status(self) -> QHBoxLayout:
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.progress.setMaximumWidth(220)
        self.message = QLabel()
        self.message.setWordWrap(True)
        # a long error wraps; it never makes the dialog wider
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout()
        row.addWidget(self.progress)
        row.addWidget(self.message, 1)
        return row

    def _fit_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = PREFERRED
        if room is not None:
            width, height = min(width, room.width() - 24), min(height, room.height() - 24)
        self.resize(width, height)

    # -- the form ---------------------------------------------------------------------------
    def _summary_read(self, summary: ScenarioSummary) -> None:
        self.summary = summary
        until = max(summary.duration, self.now or 0.0)
        seed = "its own seed" if self.choice.seed is None else f"seed {self.choice.seed}"
        self.a_label.setText(
            f"A: {summary.name} on {summary.device}, {seed}, run from 0 to "
            f"{clock_label(until)} (the window's run)"
        )
        self.process.addItems(list(summary.process_names))
        self.band.addItem(AS_IT_IS, None)
        for band, label in summary.bands:
            self.band.addItem(label, band)
        self.what_if.setPlaceholderText(example_what_if(list(summary.process_names)))

    def _mode_changed(self, index: int) -> None:
        scenario = index == 1
        self.other.setEnabled(scenario)
        fields: tuple[QWidget, ...] = (
            self.process,
            self.on_warning,
            self.limit,
            self.fatal,
            self.band,
            self.growth,
            self.device,
            self.what_if,
        )
        for widget in fields:
            widget.setEnabled(not scenario)

    def form(self) -> VariantForm:
        warning = self.on_warning.currentText().strip()
        fatal = self.fatal.currentText()
        return VariantForm(
            process=self.process.currentText() or None,
            on_warning=None if warning in ("", AS_IT_IS) else warning,
            limit_mb=float(self.limit.value()) or None,
            limit_fatal=None if fatal == AS_IT_IS else fatal == "fatal",
            band=self.band.currentData(),
            grow_mb_per_s=None if self.growth.value() < 0 else self.growth.value(),
            device=self.device.currentData(),
        )

    def _write_what_if(self) -> None:
        self.what_if.setText(what_if_text(self.form()))

    # -- running ----------------------------------------------------------------------------
    def request(self) -> CompareRequest:
        other = self.other.currentText() if self.mode.currentIndex() == 1 else None
        text = self.what_if.text().strip() or self.what_if.placeholderText()
        return CompareRequest(self.choice, what_if=text, other=other, now=self.now)

    def run(self) -> bool:
        """Start both runs in the background; ``False`` while a run is going on."""
        if self._runner.busy:
            return False
        request, processes, stop = self.request(), self.processes, self._stop
        stop.clear()

        def work() -> Comparison | None:
            plan = prepare(request)
            try:
                return run_both(plan, self._progress.emit, stop.is_set, processes=processes)
            except CompareCancelled:
                return None

        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._say("Running A and B…")
        self._runner.start(work, expected=(ScenarioError,))
        return True

    def cancel(self) -> None:
        self._stop.set()
        self._say("Stopping…")

    def _show_progress(self, fraction: float) -> None:
        self.progress.setValue(round(1000 * min(max(fraction, 0.0), 1.0)))

    def _idle(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)

    def _finished(self, comparison: Comparison | None) -> None:
        self._idle()
        if comparison is None:
            self._say("Stopped; nothing was compared.")
        else:
            self.comparison = comparison
            self.view.set_comparison(comparison, self.now)
            fill_kills(self.kills, comparison)
            fill_figures(self.figures, comparison)
            a = comparison.a
            self._say(
                f"{comparison.verdict}. A and B from t = 0 to {format_duration(a.until)} on seed "
                f"{a.seed}; red marks a kill of a process that died in only one run, orange "
                "where the pressure levels differ."
            )
        self.compared.emit(comparison)

    def _run_failed(self, message: str) -> None:
        self._idle()
        self.comparison = None  # what is shown would not be this B's
        self.view.set_comparison(None, self.now)
        self.kills.setRowCount(0)
        self.figures.setRowCount(0)
        self._say(message)
        self.compared.emit(None)

    def _say(self, message: str) -> None:
        self.message.setText(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop.set()
        self._runner.stop()
        self._reader.stop()
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Escape and the window's close button
        self._stop.set()
        self._runner.stop()
        self._reader.stop()
        super().done(result)
