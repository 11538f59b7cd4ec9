"""The device's jetsam thresholds as labelled dashed lines on the available-memory plot
(whose y is log10 of bytes), each with a tooltip saying what crossing it means there,
named as the narration names them (``teaching/threshold_marks.py``).

A line's label sits above it at the plot's right end, on the window's colour so the
curve never strikes it through; where two lines are closer than a label is high, the
lower line's label moves left of the other's (:func:`place_labels`, run again when the
plot is resized)."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from activitymon.teaching.threshold_marks import ThresholdMark
from activitymon.ui.explain import tooltip
from activitymon.ui.theme import level_colour, level_text_colour


def new_line(mark: ThresholdMark, page_size: int) -> pg.InfiniteLine:
    """A dashed, labelled line for ``mark`` (``teaching.threshold_marks``)."""
    colour = level_text_colour(mark.level)  # readable on light and dark shading
    line = pg.InfiniteLine(
        angle=0, movable=False, label=mark.label, labelOpts=label_options(colour)
    )
    line.setZValue(10)
    dress_line(line, mark, page_size)
    return line


def dress_line(line: pg.InfiniteLine, mark: ThresholdMark, page_size: int) -> None:
    """Put ``line`` where ``mark`` is, in its colour, with its label and tooltip (a line
    is dressed again, never replaced: pyqtgraph's label of a line taken out of its plot
    could be freed twice when Python collects the pair)."""
    line.setValue(math.log10(max(1, mark.pages * page_size)))  # the plot's y: log10(bytes)
    line.setPen(pg.mkPen(level_colour(mark.level), width=1.5, style=Qt.PenStyle.DashLine))
    line.label.setFormat(mark.label)
    line.label.setColor(level_text_colour(mark.level))
    meaning = f"<p>{html.escape(mark.meaning)}</p>" if mark.meaning else ""
    line.setToolTip(
        f"<p>{html.escape(mark.label)}: {mark.pages:,} available pages</p>{meaning}"
        + tooltip(mark.term)
    )


#: where a label's right end sits along its line (a fraction of the plot's width)
RIGHT = 0.99
#: pixels kept between two labels side by side
GAP_PX = 8.0


def label_fill() -> QColor:
    """The window's own colour, nearly opaque: a label stays readable over a curve."""
    colour = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    colour.setAlpha(215)
    return colour


def label_options(colour: QColor) -> dict[str, object]:
    """A line label right-aligned above its line, on the window's colour."""
    return {
        "position": RIGHT,
        "color": colour,
        "anchors": [(1, 1), (1, 1)],
        "fill": label_fill(),
    }


def place_labels(lines: Iterable[pg.InfiniteLine], view_box: pg.ViewBox) -> None:
    """Right-align the horizontal lines' labels above their lines; a label that would
    cover another moves to its left, one that would leave the plot's top goes under
    its line."""
    width, height = view_box.width(), view_box.height()
    if width <= 0 or height <= 0:
        return
    (_, _), (y0, y1) = view_box.viewRange()
    if y1 <= y0:
        return
    placed: list[tuple[float, float, float, float]] = []  # left, right, top, bottom (px)
    for line in sorted(lines, key=lambda item: -float(item.value())):
        label = line.label
        rect = label.boundingRect()
        w, h = rect.width(), rect.height()
        y = (y1 - float(line.value())) / (y1 - y0) * height
        below = y - h < 0
        top, bottom = (y, y + h) if below else (y - h, y)
        right = RIGHT * width
        moved = True
        while moved:
            moved = False
            for left_o, right_o, top_o, bottom_o in placed:
                if top < bottom_o and top_o < bottom and right - w < right_o and left_o < right:
                    right = left_o - GAP_PX
                    moved = True
        placed.append((right - w, right, top, bottom))
        label.anchors = [(1, 0), (1, 0)] if below else [(1, 1), (1, 1)]
        label.setPosition(max(0.0, right / width))
