"""What a replayed jetsam report holds, as the graph tab of a replay: the moment's
date, its memory composition (free, active, inactive, throttled, speculative,
purgeable, wired, compressed) as one bar of physical memory, the largest process, and
its victims in kill order with their sizes, bands and reasons. Beside each figure, in
grey, is the field of the file it comes from (``rpages``, ``priority``, ``reason``,
``largestProcess``, ``compressorSize`` …), so what is read here can be found in the
report itself.

A report is one moment, not a time series: drawing it on a time axis would show one
marker. The tab swaps to this view while a report replay is the source and back to
the pressure graph for any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from activitymon.model import JetsamReport, ReportProcess, reason_shown
from activitymon.reports import report_datetime
from activitymon.ui.theme import KILL_COLOUR
from activitymon.units import UnitSystem, format_bytes

#: (report key, label, colour); the compressor's pages come from ``compressorSize``
CLASSES: tuple[tuple[str, str, QColor], ...] = (
    ("wired", "wired", QColor(255, 149, 0)),
    ("active", "active", QColor(10, 132, 255)),
    ("inactive", "inactive", QColor(90, 200, 250)),
    ("throttled", "throttled", QColor(94, 92, 230)),
    ("speculative", "speculative", QColor(48, 176, 199)),
    ("purgeable", "purgeable", QColor(52, 199, 89)),
    ("compressorSize", "compressed", QColor(175, 82, 222)),
    ("free", "free", QColor(200, 200, 205)),
)
MARGIN = 16.0
BAR_H = 34.0
ROW_H = 22.0


@dataclass(frozen=True)
class Part:
    label: str
    bytes: int
    colour: QColor
    #: the report's own field
    key: str = ""


def composition(report: JetsamReport) -> list[Part]:
    """The memory classes the report counts, in bytes (purgeable overlaps the queues
    and is shown beside them, as the report lists it)."""
    parts = []
    for key, label, colour in CLASSES:
        pages = report.memory_pages.get(key)
        if key == "compressorSize":
            value = report.memory_status.get(key)
            pages = value if isinstance(value, int) and not isinstance(value, bool) else None
        if pages:
            parts.append(Part(label, pages * report.page_size, colour, key))
    return parts


def moment_title(report: JetsamReport) -> str:
    moment = report_datetime(report)
    when = moment.strftime("%Y-%m-%d %H:%M:%S %z") if moment else "an undated moment"
    device = " — ".join(x for x in (report.product, report.os_version) if x)
    return f"{when}{'   ' + device if device else ''}"


def victim_summary(victim: ReportProcess, size: int, units: UnitSystem) -> str:
    """``8.94 MB · band 30 · vm-pageshortage``: what the row says."""
    parts = [format_bytes(size, units)]
    if victim.priority is not None:
        parts.append(f"band {victim.priority}")
    if victim.reason:
        parts.append(reason_shown(victim.reason))
    return " · ".join(parts)


def victim_fields(report: JetsamReport, victim: ReportProcess) -> str:
    """``rpages 572 × pageSize 16384 · priority 30 · reason vm-pageshortage``: the
    report's own fields the summary comes from."""
    parts = []
    if victim.rpages is not None:
        parts.append(f"rpages {victim.rpages:,} × pageSize {report.page_size:,}")
    if victim.priority is not None:
        parts.append(f"priority {victim.priority}")
    if victim.reason:
        parts.append(f"reason {victim.reason}")
    return " · ".join(parts)


class ReportMoment(QWidget):
    """The report of the moment: composition bar and victims (painted, no axes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report-moment")
        self.report: JetsamReport | None = None
        self.units = UnitSystem.BINARY

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        self.update()

    def show_report(self, report: JetsamReport | None) -> None:
        if report is not self.report:
            self.report = report
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(800, 420)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        dim = pal.color(QPalette.ColorRole.PlaceholderText)
        report = self.report
        if report is None:
            painter.setPen(dim)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No report shown")
            return
        width = self.width() - 2 * MARGIN
        y = MARGIN
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text)
        painter.drawText(QRectF(MARGIN, y, width, ROW_H), moment_title(report))
        y += ROW_H + 6
        font.setBold(False)
        painter.setFont(font)
        pens = (text, dim)
        y = self._paint_composition(painter, report, y, width, pens)
        if report.largest_process:
            painter.setPen(text)
            painter.drawText(
                QRectF(MARGIN, y, width, ROW_H),
                f"Largest process: {report.largest_process}   [largestProcess]",
            )
            y += ROW_H
        self._paint_victims(painter, report, y + 8, width, pens)

    def _paint_composition(
        self,
        painter: QPainter,
        report: JetsamReport,
        y: float,
        width: float,
        pens: tuple[QColor, QColor],
    ) -> float:
        text, dim = pens
        parts = composition(report)
        painter.setPen(dim)
        total = sum(p.bytes for p in parts if p.label != "purgeable")
        painter.drawText(
            QRectF(MARGIN, y, width, ROW_H),
            f"Memory at this moment ({format_bytes(total, self.units)} counted in the report)",
        )
        y += ROW_H
        x = MARGIN
        scale = width / max(1, sum(p.bytes for p in parts))
        fm = QFontMetrics(painter.font())
        for part in parts:
            w = part.bytes * scale
            rect = QRectF(x, y, max(1.0, w - 1), BAR_H)
            painter.fillRect(rect, part.colour)
            label = f"{part.label} {format_bytes(part.bytes, self.units)}"
            if fm.horizontalAdvance(label) + 6 < w:
                painter.setPen(QColor(20, 20, 20))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            x += w
        y += BAR_H + 6
        # a legend with every class, so the narrow ones are named too
        x = MARGIN
        for part in parts:
            label = f"{part.label} {format_bytes(part.bytes, self.units)} [{part.key}]"
            if x > MARGIN and x + 14 + fm.horizontalAdvance(label) > MARGIN + width:
                x = MARGIN  # the next line, rather than cut at the edge
                y += ROW_H
            painter.fillRect(QRectF(x, y + 5, 10, 10), part.colour)
            painter.setPen(text)
            painter.drawText(QRectF(x + 14, y, fm.horizontalAdvance(label) + 4, ROW_H), label)
            x += fm.horizontalAdvance(label) + 30
        return y + ROW_H

    def _paint_victims(
        self,
        painter: QPainter,
        report: JetsamReport,
        y: float,
        width: float,
        pens: tuple[QColor, QColor],
    ) -> None:
        text, dim = pens
        victims = report.victims
        painter.setPen(dim)
        title = (
            f"Victims, in kill order ({len(victims)})"
            if victims
            else "No process was killed in this report (a snapshot of memory only)"
        )
        painter.drawText(QRectF(MARGIN, y, width, ROW_H), title)
        y += ROW_H
        sizes = [report.process_bytes(v) or 0 for v in victims]
        biggest = max(sizes, default=0) or 1
        name_w = 200.0
        fm = QFontMetrics(painter.font())
        summaries = [
            victim_summary(v, size, self.units) for v, size in zip(victims, sizes, strict=True)
        ]
        longest = max((fm.horizontalAdvance(s) for s in summaries), default=0) + 8
        # the bar gives way to the summary, so a reason is never cut or wrapped
        bar_w = max(40.0, min(180.0, width - name_w - 8 - longest))
        detail_x = MARGIN + name_w + bar_w + 8
        detail_w = max(120.0, MARGIN + width - detail_x)
        one_line = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(
            Qt.TextFlag.TextSingleLine
        )
        for victim, size, summary in zip(victims, sizes, summaries, strict=True):
            if y + 2 * ROW_H > self.height():
                painter.setPen(dim)
                painter.drawText(QRectF(MARGIN, y, width, ROW_H), "…")
                break
            painter.setPen(text)
            name = fm.elidedText(victim.name, Qt.TextElideMode.ElideRight, int(name_w - 8))
            painter.drawText(QRectF(MARGIN, y, name_w - 8, ROW_H), one_line, name)
            w = max(1.0, bar_w * size / biggest)
            painter.fillRect(QRectF(MARGIN + name_w, y + 4, w, ROW_H - 8), KILL_COLOUR)
            shown = fm.elidedText(summary, Qt.TextElideMode.ElideRight, int(detail_w))
            painter.drawText(QRectF(detail_x, y, detail_w, ROW_H), one_line, shown)
            # the fields of the file, under the summary they make
            painter.setPen(dim)
            fields = victim_fields(report, victim)
            painter.drawText(QRectF(MARGIN + 12, y + ROW_H, width - 12, ROW_H), fields)
            y += 2 * ROW_H
