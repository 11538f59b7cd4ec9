"""The pressure graph's own curve item: data replaced in place, bounds from the data,
log mapping, gaps, and decimation for the range shown while exploring (#16)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QImage

from activitymon.ui.graph.pressure_graph import PressureGraph
from activitymon.ui.graph.series_curve import SeriesCurve

MB = 1 << 20


def _curve() -> SeriesCurve:
    return SeriesCurve(pg.mkPen(QColor(255, 0, 0), width=2), "test")


def test_data_and_bounds_come_from_the_points(qapp):
    curve = _curve()
    x = np.arange(10.0)
    y = np.array([3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3])
    curve.setData(x, y)
    got_x, got_y = curve.getData()
    assert got_x is x
    assert got_y is y
    assert curve.dataBounds(0) == (0.0, 9.0)
    assert curve.dataBounds(1) == (1.0, 9.0)
    rect = curve.boundingRect()
    assert rect.left() < 0.0 < 9.0 < rect.right()  # padded for the pen
    assert rect.top() < 1.0 < 9.0 < rect.bottom()
    assert curve.name() == "test"


def test_unknown_values_are_left_out_of_the_bounds(qapp):
    curve = _curve()
    curve.setData(np.arange(4.0), np.array([np.nan, 2.0, np.nan, 7.0]), connect="finite")
    assert curve.dataBounds(1) == (2.0, 7.0)
    curve.setData(np.arange(3.0), np.full(3, np.nan), connect="finite")
    assert curve.dataBounds(1) == (None, None)
    assert curve.boundingRect().isEmpty()
    with pytest.raises(ValueError, match="differ in length"):
        curve.setData(np.arange(3.0), np.arange(2.0))


def test_a_log_plot_draws_log10_and_leaves_non_positive_values_out(qapp):
    plot = pg.PlotItem()
    plot.setLogMode(y=True)
    curve = _curve()
    plot.addItem(curve)  # the plot tells its data items its log mode
    curve.setData(np.arange(3.0), np.array([0.0, 10.0, 1000.0]))
    assert curve.dataBounds(1) == pytest.approx((1.0, 3.0))
    _, raw = curve.getData()
    assert list(raw) == [0.0, 10.0, 1000.0]  # the values kept are the series' own


def test_the_curve_is_drawn(qtbot):
    graph = PressureGraph(history_seconds=600.0)
    qtbot.addWidget(graph)
    graph.resize(800, 400)
    graph.show()
    curve = graph.curves["memorystatus_level"]
    curve.setPen(pg.mkPen(QColor(255, 0, 0), width=3))
    for i in range(300):
        graph.history.append(float(i), {"memorystatus_level": 50.0, "available": 100.0 * MB})
    graph.refresh()
    qtbot.waitUntil(graph.pressure_widget.isVisible)
    image: QImage = graph.pressure_widget.grab().toImage()
    reds = sum(
        1
        for px in range(0, image.width(), 4)
        for py in range(image.height())
        if (c := image.pixelColor(px, py)).red() > 200 and c.green() < 80 and c.blue() < 80
    )
    assert reds > 20  # a red line across the plot


def test_exploring_draws_the_range_shown_decimated_for_it(qtbot):
    graph = PressureGraph(history_seconds=86_400.0)
    qtbot.addWidget(graph)
    graph.resize(1000, 400)
    graph.show()
    n = 20_000
    for i in range(n):
        graph.history.append(float(i), {"memorystatus_level": float(i % 100)})
    graph.refresh()
    following_x, _ = graph.curve_data("memorystatus_level")
    assert len(following_x) < 4 * graph.avail_plot.getViewBox().width()  # decimated
    # the user zooms to 200 s: every sample there is drawn, and little outside it
    graph.set_follow(False)
    graph.level_plot.setXRange(5_000.0, 5_200.0, padding=0)
    x, y = graph.curve_data("memorystatus_level")
    assert x[0] <= 5_000.0 <= x[1]
    assert x[-2] <= 5_200.0 <= x[-1]
    assert len(x) <= 203
    assert list(y[1:5]) == [float(i % 100) for i in range(int(x[1]), int(x[1]) + 4)]
    # follow again: the whole history, decimated
    graph.set_follow(True)
    x, _ = graph.curve_data("memorystatus_level")
    assert x[0] == 0.0
    assert not math.isclose(x[-1], 5_200.0)


def test_the_plot_options_menu_is_off_and_the_view_menu_stays(qtbot):
    graph = PressureGraph()
    qtbot.addWidget(graph)
    for plot in (graph.level_plot, graph.avail_plot, graph.pages_plot):
        assert not plot.menuEnabled()
        assert plot.getViewBox().menuEnabled()
