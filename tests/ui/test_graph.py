"""The pressure graph: thresholds drawn and visible, markers for kills, page classes,
history bounded by the chosen length, export."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest

from activitymon.model import EventKind, Killed
from activitymon.ui.graph.pressure_graph import PressureGraph
from tests.ui.conftest import tick, tick_until


def test_threshold_lines_are_labelled_and_visible(window):
    tick(window)
    graph = window.graph
    assert graph.threshold_names() == ["critical", "idle", "soft"]
    th = window.last_snapshot.thresholds
    ps = window.last_snapshot.memory.page_size
    low, high = graph.avail_plot.getViewBox().viewRange()[1]
    for name, pages in (("soft", th.soft_pages), ("critical", th.critical_pages)):
        line = graph.threshold_line(name)
        # the available plot is log-scaled: its y is log10(bytes)
        assert line.value() == pytest.approx(math.log10(pages * ps))
        assert low < line.value() < high
        assert line.pen.isCosmetic()  # not scaled away by a GB axis
        assert line.pen.widthF() >= 1
        assert name in line.label.format
    # readable: soft to critical spans a good part of the axis, not a sliver at its foot
    soft = graph.threshold_line("soft").value()
    critical = graph.threshold_line("critical").value()
    assert (soft - critical) / (high - low) > 0.2
    # plain byte units on the axis
    ticks = graph.avail_axis.tickValues(low, high, 120)
    labels = graph.avail_axis.tickStrings(ticks[0][1], 1.0, 0.0)
    assert labels
    assert all(label.endswith((" MB", " GB")) for label in labels)


def test_empty_marker_items_are_hidden_so_they_do_not_paint(window):
    """An empty scatter item still computes a mask and paints every tick (#16)."""
    markers = window.graph.markers
    assert not any(markers.markers.values())
    assert not any(item.isVisible() for item in markers.items.values())


def test_markers_appear_for_kills_with_details(window):
    assert not window.graph.markers.items[EventKind.KILL].isVisible()
    events = tick_until(window, lambda evs: any(isinstance(e, Killed) for e in evs))
    kills = [e for e in events if isinstance(e, Killed)]
    markers = window.graph.markers
    assert len(markers.kills) >= len(kills)
    kill_item = markers.items[EventKind.KILL]
    points = kill_item.points()
    assert len(points) == len(markers.kills)
    tip = str(points[-1].data())
    assert kills[-1].name in tip
    assert kills[-1].reason.value in tip
    assert "band" in tip
    assert points[-1].pos().x() == pytest.approx(kills[-1].t)
    assert kill_item.isVisible()
    markers.clear()
    assert not kill_item.isVisible()


def test_page_classes_stack_to_physical_memory(window):
    tick(window, 3)
    window.graph.show_view(1)
    assert window.graph.current_view() == "Page classes"
    _, top = window.graph.pages.curves["free"].getData()
    total = window.last_snapshot.memory.total_bytes
    assert top[-1] == pytest.approx(total, rel=0.02)


def test_history_keeps_the_chosen_length_at_the_sample_rate(qtbot, window):
    window.graph.set_history(60.0, 1.0)
    tick(window, 100)
    assert len(window.graph.history) == 61
    x, _ = window.graph.curve_data("memorystatus_level")
    assert x[-1] - x[0] == pytest.approx(60.0)
    low, high = window.graph.level_plot.getViewBox().viewRange()[0]
    assert high >= x[-1]
    assert low <= x[0] + 1


def test_panning_stops_following_and_follow_resumes(window):
    tick(window, 5)
    vb = window.graph.level_plot.getViewBox()
    vb.sigRangeChangedManually.emit([True, False])
    assert not window.graph.follow
    window.graph.set_follow(True)
    tick(window)
    assert vb.viewRange()[0][1] >= window.last_snapshot.time


def test_export_csv_and_png(window, tmp_path):
    tick(window, 5)
    csv_path = tmp_path / "graph.csv"
    window.graph.export_csv(csv_path)
    rows = list(csv.reader(csv_path.open()))
    assert rows[0][:3] == ["time_s", "memorystatus_level_pct", "available_bytes"]
    assert len(rows) == 1 + len(window.graph.history)
    assert float(rows[-1][0]) == pytest.approx(window.last_snapshot.time)
    png = tmp_path / "graph.png"
    assert window.graph.export_png(png)
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_unknown_values_are_gaps_not_zeros(qtbot):
    from activitymon.model import MemoryStats, Snapshot

    graph = PressureGraph()
    qtbot.addWidget(graph)
    graph.apply_snapshot(Snapshot(0.0, MemoryStats(4096, 1000), ()))
    assert np.isnan(graph.history.series["available"].view()[-1])


@pytest.mark.parametrize(
    ("seconds", "spacing", "text"),
    [(45.0, 5.0, "45"), (0.5, 0.1, "0.5"), (750.0, 60.0, "12:30"), (11100.0, 600.0, "3:05:00")],
)
def test_time_axis_reads_as_a_clock(seconds, spacing, text):
    from activitymon.ui.graph.time_axis import clock_text

    assert clock_text(seconds, spacing) == text


def test_time_axis_uses_one_style_along_the_axis(qapp):
    from activitymon.ui.graph.time_axis import TimeAxis

    assert TimeAxis().tickStrings([0.0, 40.0, 80.0], 1.0, 40.0) == ["0:00", "0:40", "1:20"]


def test_minor_ticks_follow_the_axis_style(qapp):
    from activitymon.ui.graph.time_axis import TimeAxis

    axis = TimeAxis()
    axis.setRange(0.0, 70.0)
    assert axis.tickStrings([5.0, 15.0], 1.0, 10.0) == ["0:05", "0:15"]
