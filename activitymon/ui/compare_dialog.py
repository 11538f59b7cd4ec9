"""Simulator → Compare…: the current run beside a variant (a what-if, or another
scenario) on one seed and one clock, with a strip that marks where their kills differ.

Both runs are computed again from the scenario (``sim.compare``), as ``simulate
--compare`` / ``--what-if`` does, up to the later of the scenario's duration and the
window's simulated time; a line marks where the window's run stands.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from activitymon.sim import ScenarioError, load_scenario
from activitymon.sim.compare import Side, only_in, run_side, variant
from activitymon.ui.scrubber import clock_label
from activitymon.ui.theme import KILL_COLOUR, NEUTRAL
from activitymon.units import format_duration
from activitymon.viewmodel.compare_text import render_comparison
from activitymon.viewmodel.sim_sources import SimChoice, scenario_names

LANE_H = 26.0
MARGIN = 12.0
LABEL_W = 90.0


class KillStrip(QWidget):
    """Two lanes on one time axis: A's kills above, B's below; a kill of a process that
    died in only one run is red, one both runs share is grey."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kill-strip")
        self.a: Side | None = None
        self.b: Side | None = None
        self.now: float | None = None
        self.setMinimumHeight(int(2 * LANE_H + 3 * MARGIN + 16))

    def set_runs(self, a: Side, b: Side, now: float | None) -> None:
        self.a, self.b, self.now = a, b, now
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(760, int(2 * LANE_H + 3 * MARGIN + 16))

    def different(self) -> tuple[set[str], set[str]]:
        if self.a is None or self.b is None:
            return set(), set()
        return set(only_in(self.a, self.b)), set(only_in(self.b, self.a))

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.a is None or self.b is None:
            return
        painter = QPainter(self)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        span = max(self.a.until, self.b.until, 1e-9)
        left, width = MARGIN + LABEL_W, self.width() - 2 * MARGIN - LABEL_W
        only_a, only_b = self.different()
        for row, (side, only) in enumerate(((self.a, only_a), (self.b, only_b))):
            top = MARGIN + row * (LANE_H + MARGIN / 2)
            painter.setPen(text)
            painter.drawText(
                QRectF(MARGIN, top, LABEL_W - 6, LANE_H),
                Qt.AlignmentFlag.AlignVCenter,
                f"{'A' if row == 0 else 'B'}: {len(side.kills)} kills",
            )
            painter.fillRect(QRectF(left, top, width, LANE_H), pal.color(QPalette.ColorRole.Base))
            for kill in side.kills:
                x = left + width * kill.t / span
                colour = QColor(KILL_COLOUR) if kill.name in only else QColor(NEUTRAL)
                painter.fillRect(QRectF(x - 1.5, top + 3, 3, LANE_H - 6), colour)
        axis_y = MARGIN + 2 * (LANE_H + MARGIN / 2)
        painter.setPen(text)
        for i in range(5):
            t = span * i / 4
            x = left + width * i / 4
            box = QRectF(x - 40, axis_y, 80, 16)
            if i == 4:  # the last label ends at the edge, inside the widget
                box = QRectF(x - 80, axis_y, 80, 16)
            align = Qt.AlignmentFlag.AlignRight if i == 4 else Qt.AlignmentFlag.AlignCenter
            painter.drawText(box, align, clock_label(t))
        if self.now is not None:
            x = left + width * min(self.now, span) / span
            painter.setPen(QColor(10, 132, 255))
            painter.drawLine(int(x), int(MARGIN), int(x), int(axis_y))


class CompareDialog(QDialog):
    """Choose the variant, run both, read them side by side."""

    def __init__(self, choice: SimChoice, now: float | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Compare Runs")
        self.choice = choice
        self.now = now
        self.what_if = QLineEdit()
        self.what_if.setPlaceholderText(
            'process.NAME.FIELD=VALUE, e.g. process.hog.on_warning="free 50%"'
        )
        self.other = QComboBox()
        self.other.addItem("— or another scenario —", None)
        for name in scenario_names():
            self.other.addItem(name, name)
        run = QPushButton("Run both")
        run.clicked.connect(self.run)
        form = QHBoxLayout()
        form.addWidget(QLabel("What if"))
        form.addWidget(self.what_if, 1)
        form.addWidget(self.other)
        form.addWidget(run)
        self.strip = KillStrip()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFont("monospace"))
        self.message = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.strip)
        layout.addWidget(self.text, 1)
        self.resize(1000, 620)

    def run(self) -> bool:
        """Run the current scenario and the variant; say what is wrong in one line."""
        try:
            scenario = load_scenario(self.choice.scenario or "demo")
            other = self.other.currentData()
            what_ifs = [] if other else [self.what_if.text().strip()]
            b_scenario = variant(scenario, other, what_ifs)
        except ScenarioError as exc:
            self.message.setText(str(exc))
            return False
        seed = scenario.seed if self.choice.seed is None else self.choice.seed
        until = max(scenario.duration, self.now or 0.0)
        a = run_side(f"A: {scenario.name}", scenario, seed, until)
        label = f"B: {b_scenario.name}" if other else f"B: what if {what_ifs[0]}"
        b = run_side(label, b_scenario, seed, until)
        self.strip.set_runs(a, b, self.now)
        self.text.setPlainText(render_comparison(a, b))
        self.message.setText(
            f"A and B from t = 0 to {format_duration(until)} on seed {seed}; "
            "red marks a kill of a process that died in only one run"
        )
        return True
