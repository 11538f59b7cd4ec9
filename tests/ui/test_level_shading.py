"""Level shading: one item for every stretch; a tick that lengthens the newest stretch
repaints only the new slice of time (#16), and what it paints is the stretches."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF

from activitymon.model import PressureLevel
from activitymon.ui.graph.level_shading import SHADE_ALPHA, LevelShading
from activitymon.ui.theme import level_colour


def _shading(qtbot) -> tuple[pg.PlotWidget, LevelShading]:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 300)
    plot = widget.getPlotItem()
    plot.setXRange(0, 100, padding=0)
    plot.setYRange(0, 100, padding=0)
    shading = LevelShading(plot)
    widget.show()
    return widget, shading


def test_lengthening_a_stretch_repaints_only_the_new_slice(qtbot, monkeypatch) -> None:
    _, shading = _shading(qtbot)
    shading.extend(0.0, PressureLevel.NORMAL)
    shading.extend(10.0, PressureLevel.NORMAL)
    bounds = QRectF(shading.boundingRect())
    asked: list[QRectF] = []
    monkeypatch.setattr(shading, "update", lambda *rect: asked.append(QRectF(*rect)))
    shading.extend(11.0, PressureLevel.NORMAL)
    assert shading.spans() == [(0.0, 11.0, PressureLevel.NORMAL)]
    assert len(asked) == 1
    assert (asked[0].left(), asked[0].right()) == (10.0, 11.0)  # the new second only
    assert shading.boundingRect() == bounds  # the item's geometry did not change
    # a new level starts a stretch where the last one ended: that slice is repainted
    shading.extend(12.0, PressureLevel.WARN)
    assert (asked[-1].left(), asked[-1].right()) == (11.0, 12.0)
    assert shading.spans()[-1] == (11.0, 12.0, PressureLevel.WARN)


def test_the_stretches_are_painted_in_their_colours(qtbot) -> None:
    widget, shading = _shading(qtbot)
    shading.extend(0.0, PressureLevel.NORMAL)
    shading.extend(50.0, PressureLevel.NORMAL)
    shading.extend(100.0, PressureLevel.CRITICAL)
    image = widget.grab().toImage()
    view = widget.getPlotItem().getViewBox()
    rect = view.mapRectToScene(view.boundingRect()).toRect()
    y = rect.center().y()
    left = image.pixelColor(rect.left() + rect.width() // 4, y)
    right = image.pixelColor(rect.left() + 3 * rect.width() // 4, y)
    normal = level_colour(PressureLevel.NORMAL, SHADE_ALPHA)
    critical = level_colour(PressureLevel.CRITICAL, SHADE_ALPHA)
    # each shade over the background: its own hue dominates
    assert left.green() > left.red()
    assert right.red() > right.green()
    assert normal.green() > normal.red()
    assert critical.red() > critical.green()


def test_a_critical_moment_between_two_samples_is_shaded_red(qtbot) -> None:
    """Samples at 31 s and 32 s both read Warning; between them the level was Critical
    for 50 ms (the demo's compressor running out of room): that second is red."""
    from activitymon.model import LevelChanged, MemoryStats, Snapshot
    from activitymon.ui.graph.pressure_graph import PressureGraph

    graph = PressureGraph()
    qtbot.addWidget(graph)

    def snap(t: float, level: PressureLevel) -> Snapshot:
        return Snapshot(t, MemoryStats(16384, 262_144), (), level=level)

    graph.apply_snapshot(snap(31.0, PressureLevel.WARN), [])
    flips = [
        LevelChanged(31.90, PressureLevel.CRITICAL),
        LevelChanged(31.95, PressureLevel.WARN),
    ]
    graph.apply_snapshot(snap(32.0, PressureLevel.WARN), list(flips))
    graph.apply_snapshot(snap(33.0, PressureLevel.WARN), [])
    assert graph.shading[0].spans() == [
        (31.0, 31.0, PressureLevel.WARN),
        (31.0, 32.0, PressureLevel.CRITICAL),
        (32.0, 33.0, PressureLevel.WARN),
    ]
