"""Threshold labels never sit on the curve (#26: "threshold labels right-aligned above
their lines, never under the curve"). Through the whole demo, at 1024×640 and
1440×900, every shown label's rectangle stays clear of the available-memory curve as
it is drawn (its polyline stroked at the pen's width), a neighbouring line it covers is
drawn under it, and every label stays shown.
The demo's curve crosses all three thresholds between 0:20 and 0:35, where the
critical threshold's label used to cover it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPainterPathStroker

from tests.ui.conftest import tick

pytestmark = pytest.mark.gui

#: the curve's pen is 2 px wide (ui/theme, pressure_plots.py)
PEN_PX = 2.0


def _curve_outline(curve: Any) -> QPainterPath:
    """The available-memory curve as drawn, in scene coordinates: its samples with y as
    log10(bytes) (the plot is logarithmic), stroked at the pen's width."""
    x, y = (np.asarray(v, dtype=float) for v in curve.getData())
    path = QPainterPath()
    pen_down = False
    for xi, yi in zip(x, y, strict=True):
        if not (np.isfinite(xi) and np.isfinite(yi) and yi > 0):
            pen_down = False
            continue
        point = QPointF(float(xi), float(np.log10(yi)))
        if pen_down:
            path.lineTo(point)
        else:
            path.moveTo(point)
            pen_down = True
    scene_path = curve.sceneTransform().map(path)
    stroker = QPainterPathStroker()
    stroker.setWidth(PEN_PX)
    return stroker.createStroke(scene_path)


def _label_clashes(window) -> tuple[list[str], list[str]]:
    """(labels over the curve or under another line, labels not shown) now."""
    graph = window.graph
    outline = _curve_outline(graph.curves["available"])
    vb = graph.avail_plot.getViewBox()
    rows = {
        name: vb.mapViewToScene(QPointF(0, graph.threshold_line(name).value())).y()
        for name in graph.threshold_names()
    }
    clashes, hidden = [], []
    for name in graph.threshold_names():
        line = graph.threshold_line(name)
        label = line.label
        if not label.isVisible():
            hidden.append(name)
            continue
        rect = label.mapRectToScene(label.boundingRect())
        if outline.intersects(rect.adjusted(0.5, 0.5, -0.5, -0.5)):
            clashes.append(name)
        for other, row in rows.items():
            # a line through the label's text must be drawn under it
            covered = other != name and rect.top() < row < rect.bottom()
            if covered and graph.threshold_line(other).zValue() >= line.zValue():
                clashes.append(f"{name} under the {other} line")
    return clashes, hidden


@pytest.mark.parametrize("size", [(1024, 640), (1440, 900)])
def test_no_threshold_label_covers_the_curve_through_the_demo(
    window_on_scenario, qapp, size
) -> None:
    window = window_on_scenario("demo", size)
    window.show_view("overview")
    qapp.processEvents()
    over: dict[int, list[str]] = {}
    hidden: dict[int, list[str]] = {}
    for second in range(1, 91):
        tick(window)
        qapp.processEvents()
        clashes, gone = _label_clashes(window)
        if clashes:
            over[second] = clashes
        if gone:
            hidden[second] = gone
    assert window.graph.threshold_names()  # the demo's iPhone has its lines
    assert not over, f"labels over the curve at these seconds: {over}"
    assert not hidden, f"labels not shown at these seconds: {hidden}"
