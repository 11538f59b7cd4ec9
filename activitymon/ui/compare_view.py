"""Two runs on one time axis: A's pressure above B's, each with its kills, and a strip
between them that marks where their pressure levels differ.

Each lane shades the pressure level (Normal, Warning, Critical) behind the
``memorystatus_level`` curve (percent of memory available) and marks each kill with a
tick at the top: red for a process that died in only this run, grey for one that died
in both. Hovering shows both runs at that moment.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QToolTip, QWidget

from activitymon.sim.compare import Side
from activitymon.ui.scrubber import clock_label
from activitymon.ui.theme import KILL_COLOUR, NEUTRAL, WARN_COLOUR, level_colour
from activitymon.viewmodel.compare_run import Comparison, level_name

LANE_H = 80.0
DIFF_H = 16.0
AXIS_H = 18.0
KEY_H = 18.0
KEY = (
    "line: memory available (memorystatus_level, 0–100 %) · shade: pressure level "
    "(green Normal, yellow Warning, red Critical) · ticks: kills"
)
MARGIN = 8.0
LABEL_W = 84.0
NOW_COLOUR = QColor(10, 132, 255)


def axis_label(seconds: float, span: float) -> str:
    """One format along one axis: ``0:00 … 2:00`` where the span reaches a minute (not
    ``0.0 s, 30.0 s, 1:00``), ``0 s … 40 s`` below."""
    total = round(seconds)
    if span >= 3600:
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    if span >= 60:
        return f"{total // 60}:{total % 60:02d}"
    return f"{seconds:.0f} s" if span >= 8 else f"{seconds:.1f} s"


class ComparisonView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparison-view")
        self.comparison: Comparison | None = None
        self.now: float | None = None
        self.setMouseTracking(True)
        self.setMinimumHeight(int(self._height()))

    @staticmethod
    def _height() -> float:
        return 2 * LANE_H + DIFF_H + AXIS_H + KEY_H + 3 * MARGIN

    def _lane_h(self) -> float:
        """Lanes share what the widget has beyond its fixed rows (at least LANE_H)."""
        fixed = DIFF_H + AXIS_H + KEY_H + 3 * MARGIN
        return max(LANE_H, (self.height() - fixed) / 2)

    def sizeHint(self) -> QSize:
        return QSize(900, int(self._height()))

    def set_comparison(self, comparison: Comparison | None, now: float | None) -> None:
        self.comparison, self.now = comparison, now
        self.update()

    # -- geometry ---------------------------------------------------------------------------
    def _span(self) -> float:
        c = self.comparison
        return 1.0 if c is None else max(c.a.until, c.b.until, 1e-9)

    def _plot_x(self) -> tuple[float, float]:
        return MARGIN + LABEL_W, max(1.0, self.width() - 2 * MARGIN - LABEL_W)

    def _x(self, t: float) -> float:
        left, width = self._plot_x()
        return left + width * min(max(t, 0.0), self._span()) / self._span()

    def _lane_top(self, row: int) -> float:
        return MARGIN if row == 0 else MARGIN + self._lane_h() + DIFF_H + 2 * MARGIN

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        c = self.comparison
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        if c is None:
            painter.setPen(text)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, "Run both to see them here."
            )
            painter.end()
            return
        for row, (side, only) in enumerate(((c.a, c.only_a), (c.b, c.only_b))):
            self._paint_lane(painter, side, set(only), self._lane_top(row), "AB"[row])
        self._paint_differences(painter, c)
        self._paint_axis(painter, text)
        painter.end()

    def _paint_lane(
        self, painter: QPainter, side: Side, only: set[str], top: float, letter: str
    ) -> None:
        pal = self.palette()
        left, width = self._plot_x()
        lane_h = self._lane_h()
        painter.fillRect(QRectF(left, top, width, lane_h), pal.color(QPalette.ColorRole.Base))
        trace = side.trace
        # the level behind: one rectangle per run of equal level
        start = 0
        for i in range(1, len(trace.times) + 1):
            if i == len(trace.times) or trace.pressure[i] != trace.pressure[start]:
                x0 = self._x(trace.times[start - 1] if start else 0.0)
                x1 = self._x(trace.times[i - 1])
                colour = level_colour(trace.pressure[start], 60)
                painter.fillRect(QRectF(x0, top, max(1.0, x1 - x0), lane_h), colour)
                start = i
        # memorystatus_level: 100 % at the top of the lane
        points = QPolygonF()
        for t, level in zip(trace.times, trace.levels, strict=True):
            if level is not None:
                points.append(QPointF(self._x(t), top + lane_h * (1 - level / 100)))
        painter.setPen(QPen(pal.color(QPalette.ColorRole.WindowText), 1.4))
        painter.drawPolyline(points)
        for kill in side.kills:
            x = self._x(kill.t)
            colour = QColor(KILL_COLOUR) if kill.name in only else QColor(NEUTRAL)
            painter.fillRect(QRectF(x - 1.5, top, 3, 14), colour)
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        label = f"{letter}: {len(side.kills)} kill{'s' if len(side.kills) != 1 else ''}"
        painter.drawText(
            QRectF(MARGIN, top, LABEL_W - 6, lane_h),
            Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
            label,
        )

    def _paint_differences(self, painter: QPainter, c: Comparison) -> None:
        top = MARGIN + self._lane_h() + MARGIN
        left, width = self._plot_x()
        pal = self.palette()
        painter.fillRect(QRectF(left, top, width, DIFF_H), pal.color(QPalette.ColorRole.Base))
        for t0, t1 in c.level_differs:
            x0, x1 = self._x(t0), self._x(t1)
            painter.fillRect(QRectF(x0, top, max(2.0, x1 - x0), DIFF_H), QColor(WARN_COLOUR))
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        painter.drawText(
            QRectF(MARGIN, top - 2, LABEL_W - 6, DIFF_H + 4),
            Qt.AlignmentFlag.AlignVCenter,
            "levels differ",
        )

    def _paint_axis(self, painter: QPainter, text: QColor) -> None:
        axis_y = self._lane_top(1) + self._lane_h() + 2
        left, width = self._plot_x()
        span = self._span()
        painter.setPen(text)
        for i in range(5):
            x = left + width * i / 4
            box = QRectF(x - 40, axis_y, 80, AXIS_H)
            align = Qt.AlignmentFlag.AlignCenter
            if i == 4:  # the last label ends at the edge, inside the widget
                box, align = QRectF(x - 80, axis_y, 80, AXIS_H), Qt.AlignmentFlag.AlignRight
            painter.drawText(box, align, axis_label(span * i / 4, span))
        painter.drawText(
            QRectF(left, axis_y + AXIS_H, width, KEY_H),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            KEY,
        )
        if self.now is not None:
            x = self._x(self.now)
            painter.setPen(QPen(NOW_COLOUR, 1.5))
            painter.drawLine(QPointF(x, MARGIN), QPointF(x, axis_y))

    # -- hover ------------------------------------------------------------------------------
    def describe_at(self, t: float) -> str:
        """Both runs at ``t``: their level and memorystatus_level, and kills near it."""
        c = self.comparison
        if c is None:
            return ""
        near = self._span() / max(1.0, self._plot_x()[1]) * 4
        lines = [clock_label(t)]
        for side in (c.a, c.b):
            trace = side.trace
            i = min(range(len(trace.times)), key=lambda k: abs(trace.times[k] - t), default=None)
            if i is None:
                continue
            level = trace.levels[i]
            shown = "—" if level is None else f"{level} %"
            lines.append(f"{side.label}: {level_name(trace.pressure[i])}, {shown} available")
            kills = [k.name for k in side.kills if abs(k.t - t) <= near]
            if kills:
                lines.append("   killed: " + ", ".join(kills))
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        left, width = self._plot_x()
        x = event.position().x()
        if self.comparison is None or not left <= x <= left + width:
            QToolTip.hideText()
            return
        t = (x - left) / width * self._span()
        QToolTip.showText(event.globalPosition().toPoint(), self.describe_at(t), self)
