"""What a process's memory is made of (issue 25 item 3): the article's formula for
this process (VSS = RSS + LSS + SwSS) drawn as one bar, the footprint's parts (what
the ledger counts and what it does not) as a bar and a list, and shared vs private."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from activitymon.ui.explain import explain
from activitymon.units import UnitSystem, format_bytes
from activitymon.viewmodel.inspection import Inspection
from activitymon.viewmodel.inspection_text import Row, formula_text, part_rows, sharing_rows

PALETTE = (
    QColor(10, 132, 255),
    QColor(175, 82, 222),
    QColor(255, 149, 0),
    QColor(52, 199, 89),
    QColor(90, 200, 250),
    QColor(160, 160, 165),
)


class SegmentBar(QWidget):
    """A horizontal bar of coloured segments proportional to their sizes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segments: list[tuple[str, int, QColor, bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(400, 22)

    def set_segments(self, segments: Sequence[tuple[str, int, QColor, bool]]) -> None:
        self.segments = list(segments)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        total = sum(size for _, size, _, _ in self.segments)
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 2.5, -0.5, -2.5)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(rect)
        if total <= 0:
            return
        x = rect.left()
        for _, size, colour, solid in self.segments:
            width = rect.width() * size / total
            fill = QColor(colour)
            if not solid:
                fill.setAlpha(70)  # not counted: drawn faint
            painter.fillRect(QRectF(x, rect.top(), width, rect.height()), fill)
            x += width


def _legend_text(text: str, colour: QColor, solid: bool) -> str:
    alpha = 255 if solid else 90
    swatch = f"rgba({colour.red()},{colour.green()},{colour.blue()},{alpha})"
    return f"<span style='color:{swatch}'>■</span> {html.escape(text)}"


class MemoryBreakdown(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units = UnitSystem.BINARY
        self._labels: dict[int, list[list[QLabel]]] = {}
        self.formula_title = QLabel("<b>Its address space</b> — the article's formula")
        self.formula = QLabel()
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        explain(self.formula, "virtual-size")
        self.formula_bar = SegmentBar()
        self.formula_grid = QGridLayout()
        self.parts_title = QLabel("<b>Its footprint</b> — what the kernel charges it")
        explain(self.parts_title, "footprint")
        self.parts_bar = SegmentBar()
        self.parts_grid = QGridLayout()
        self.sharing_title = QLabel("<b>Shared or private</b> — resident pages")
        self.sharing_grid = QGridLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.formula_title, self.formula, self.formula_bar):
            layout.addWidget(widget)
        layout.addLayout(self.formula_grid)
        layout.addSpacing(10)
        layout.addWidget(self.parts_title)
        layout.addWidget(self.parts_bar)
        layout.addLayout(self.parts_grid)
        layout.addSpacing(10)
        layout.addWidget(self.sharing_title)
        layout.addLayout(self.sharing_grid)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def set_units(self, units: UnitSystem) -> None:
        self.units = units

    def apply(self, i: Inspection) -> None:
        formula = formula_text(i, self.units)
        self.formula.setText(
            f"<span style='font-size:14pt'>{formula}</span>"
            if formula
            else "No regions to add up for this source."
        )
        total = i.total
        lazy = sum(r.lazy_bytes or 0 for r in i.regions)
        formula_rows = [
            Row(
                "resident (RSS)",
                format_bytes(total.resident_bytes, self.units),
                "rss",
                total.resident_bytes,
            ),
            Row("lazy, never touched (LSS)", format_bytes(lazy, self.units), "virtual-size", lazy),
            Row(
                "swapped or compressed (SwSS)",
                format_bytes(total.swapped_bytes, self.units),
                "swapped-size",
                total.swapped_bytes,
            ),
        ]
        has_regions = bool(i.regions)
        for widget in (self.formula_bar,):
            widget.setVisible(has_regions)
        self._fill(
            self.formula_grid, self.formula_bar, formula_rows if has_regions else [], counted=None
        )
        parts = part_rows(i, self.units)
        counted = {part.name: part.counted for part in (i.memory_map.parts if i.memory_map else ())}
        self.parts_bar.setVisible(bool(parts))
        self._fill(self.parts_grid, self.parts_bar, parts, counted=counted)
        self._fill(self.sharing_grid, None, sharing_rows(i, self.units), counted=None)
        self.sharing_title.setVisible(bool(sharing_rows(i, self.units)))
        self.parts_title.setText(
            "<b>Its footprint</b> — what the kernel charges it"
            + ("" if i.map_t is None else f" (from its map read at {i.map_t:.1f} s)")
        )
        footprint = format_bytes(i.process.footprint_bytes, self.units)
        when = "now" if i.alive else "at its end"
        self.note.setText(
            "Faint parts are not counted in the footprint: the kernel can take them back "
            "without killing (clean pages are re-read from their files, volatile purgeable "
            f"memory is discarded). Footprint {when}: {footprint}."
            if parts
            else ""
        )

    def _fill(
        self,
        grid: QGridLayout,
        bar: SegmentBar | None,
        rows: list[Row],
        *,
        counted: dict[str, bool] | None,
    ) -> None:
        """Rows of (swatch + name, value[, counted]); labels are kept and only their
        texts change while the rows stay the same (no relayout per tick)."""
        labels: list[list[QLabel]] = self._labels.setdefault(id(grid), [])
        while len(labels) > len(rows):
            for widget in labels.pop():
                grid.removeWidget(widget)
                widget.deleteLater()
        segments = []
        for n, row in enumerate(rows):
            colour = PALETTE[n % len(PALETTE)]
            solid = True if counted is None else counted.get(row.label, True)
            if n == len(labels):
                made = [QLabel(), QLabel(), QLabel()]
                made[0].setTextFormat(Qt.TextFormat.RichText)
                made[1].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                for column, widget in enumerate(made):
                    grid.addWidget(widget, n, column)
                labels.append(made)
            name, value, flag = labels[n]
            name.setText(_legend_text(row.label, colour, solid))
            value.setText(row.value)
            flag.setText("" if counted is None else ("counted" if solid else "not counted"))
            if name.property("term") != row.term:
                name.setProperty("term", row.term)
                for widget in (name, value):
                    explain(widget, row.term)
            segments.append((row.label, max(0, row.number or 0), colour, solid))
        grid.setColumnStretch(3, 1)
        if bar is not None:
            bar.set_segments(segments)
