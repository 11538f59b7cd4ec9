"""The device's jetsam thresholds as labelled dashed lines on the available-memory plot
(whose y is log10 of bytes), each with a tooltip saying what crossing it means there,
named as the narration names them (``teaching/threshold_marks.py``).

A line's label sits above it at the plot's right end, on the window's colour, where
no curve passes; where a curve or another label is in the way it moves below its
line or left along it (:func:`place_labels`, run again each time the curves are
redrawn and when the plot is resized; ``label_room.py`` finds the room)."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from activitymon.teaching.threshold_marks import ThresholdMark
from activitymon.ui.explain import tooltip
from activitymon.ui.graph.label_room import CurveColumns, ViewGeometry, rightmost_room
from activitymon.ui.graph.series_curve import SeriesCurve
from activitymon.ui.theme import level_colour, level_text_colour
from activitymon.viewmodel.history import FloatArray

#: the lines' place in the plot's stacking order (above curves and shading; a line
#: whose label covers another is lifted a hundredth above it)
LINE_Z = 10.0
#: where a label's right end sits along its line (a fraction of the plot's width)
RIGHT = 0.99
#: pixels kept between two labels side by side
GAP_PX = 8.0
#: how far a label may move off its line where neither side has room (label heights),
#: and in what steps (pixels)
MAX_SHIFT_LABELS = 2.0
SHIFT_STEP_PX = 4.0


def new_line(mark: ThresholdMark, page_size: int) -> pg.InfiniteLine:
    """A dashed, labelled line for ``mark`` (``teaching.threshold_marks``)."""
    colour = level_text_colour(mark.level)  # readable on light and dark shading
    line = pg.InfiniteLine(
        angle=0, movable=False, label=mark.label, labelOpts=label_options(colour)
    )
    line.setZValue(LINE_Z)
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


def label_fill() -> QColor:
    """The window's own colour, nearly opaque: a label stays readable over a line it
    covers."""
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


def drawn_curves(plot: pg.PlotItem) -> list[tuple[FloatArray, FloatArray]]:
    """The points of the plot's shown curves, in view coordinates: what labels keep off."""
    return [
        item.drawn()
        for item in plot.listDataItems()
        if isinstance(item, SeriesCurve) and item.isVisible()
    ]


@dataclass(frozen=True, slots=True)
class _Placed:
    """A label put in place: its rectangle (pixels) and its own line's pixel row."""

    left: float
    right: float
    top: float
    bottom: float
    row: float

    def covers(self, row: float) -> bool:
        return self.top - 0.5 < row < self.bottom + 0.5


def place_labels(
    lines: Iterable[pg.InfiniteLine],
    view_box: pg.ViewBox,
    curves: Iterable[tuple[FloatArray, FloatArray]] = (),
) -> None:
    """Put each horizontal line's label beside its line where no curve and no other
    label is: above it, as far right as room allows (at the plot's right end unless
    something is in the way); below it where no room is left above; only when neither
    side of the line has room anywhere does it move up to two label heights away from
    it, and only when that fails too is it hidden (its line's tooltip still names it).
    A label may cover a neighbouring line (they are often closer than a label is
    high): that line is then drawn under it, never through its text."""
    width, height = view_box.width(), view_box.height()
    (x0, x1), (y0, y1) = view_box.viewRange()
    if width <= 0 or height <= 0 or y1 <= y0 or x1 <= x0:
        return
    view = ViewGeometry(x0, x1, y0, y1, width, height)
    room = CurveColumns(view, curves)
    ordered = sorted(lines, key=lambda item: -float(item.value()))
    rows = [view.pixel_y(float(line.value())) for line in ordered]
    placed: dict[int, _Placed] = {}
    for i, line in enumerate(ordered):
        label = line.label
        rect = label.boundingRect()
        w, h = rect.width(), rect.height()
        spot = _spot(room, list(placed.values()), view, at=rows[i], w=w, h=h)
        if spot is None:
            label.setVisible(False)
            continue
        right, top = spot
        placed[i] = _Placed(right - w, right, top, top + h, rows[i])
        # the anchor's point is on the line: its y says where the label's top is
        anchors = [(1, (rows[i] - top) / h)] * 2 if h > 0 else [(1, 1), (1, 1)]
        if not label.isVisible():
            label.setVisible(True)
        position = max(0.0, right / width)
        if anchors != label.anchors or position != label.orthoPos:  # most ticks: no move
            label.anchors = anchors
            label.setPosition(position)
    _stack(ordered, rows, placed)


def _spot(
    room: CurveColumns,
    placed: list[_Placed],
    view: ViewGeometry,
    *,
    at: float,
    w: float,
    h: float,
) -> tuple[float, float] | None:
    """(right edge, top) of the best free place for a ``w`` × ``h`` label of the line
    at pixel row ``at``; None where there is none. A place that covers the line of a
    label which covers this one is not free (one of the two would be struck through)."""
    columns = np.arange(room.top.size, dtype=float)
    for shift in np.arange(0.0, MAX_SHIFT_LABELS * h + 0.5, SHIFT_STEP_PX):
        for top in (at - h - shift, at + shift):  # above first, then below
            if top < 0 or top + h > view.height:
                continue
            here = _Placed(0.0, 0.0, top, top + h, at)
            if any(other.covers(at) and here.covers(other.row) for other in placed):
                continue
            free = room.clear_of(top, top + h)
            for other in placed:
                if top < other.bottom and other.top < top + h:
                    free &= (columns + 1 <= other.left - GAP_PX) | (columns >= other.right + GAP_PX)
            right = rightmost_room(free, w, RIGHT * view.width)
            if right is not None:
                return right, top
    return None


def _stack(ordered: list[pg.InfiniteLine], rows: list[float], placed: dict[int, _Placed]) -> None:
    """Draw each line above the lines its label covers (a line's label is drawn with
    its line, so a line drawn later would strike it through)."""
    over = [
        (i, j)
        for i, label in placed.items()
        for j, row in enumerate(rows)
        if j != i and label.covers(row)
    ]
    z = [0] * len(ordered)
    for _ in ordered:  # at most one pass per line settles every chain
        for i, j in over:
            z[i] = max(z[i], z[j] + 1)
    for line, level in zip(ordered, z, strict=True):
        line.setZValue(LINE_Z + level * 0.01)
