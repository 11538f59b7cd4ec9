"""The pressure graph read at 1024×640: titles that do not run into each other, keys
outside the data and per view, threshold labels above their lines at the right,
markers where the curve was before their event, in the key's glyphs; a PNG export
that says what it shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from activitymon.model import EventKind, Killed, Responded
from activitymon.ui.graph.markers import MARKER_STYLES
from activitymon.ui.theme import EVENT_COLOURS
from tests.ui.conftest import tick, tick_until

pytestmark = pytest.mark.gui


@pytest.fixture
def small(window, qapp):
    window.resize(1024, 640)
    qapp.processEvents()  # the graph's bar wraps: the window makes room for it
    window.show_view("overview")
    tick(window, 2)
    qapp.processEvents()
    return window


def _scene_rect(item: Any) -> Any:
    return item.mapRectToScene(item.boundingRect())


def test_the_plot_titles_do_not_overlap_at_1024x640(small) -> None:
    graph = small.graph
    level, avail = graph.level_plot, graph.avail_plot
    assert "memorystatus_level" in level.titleLabel.text
    assert "available" in avail.titleLabel.text
    # no rotated axis titles beside each other ("availablememorystatus_level")
    assert not level.getAxis("left").label.isVisible()
    assert not avail.getAxis("left").label.isVisible()
    a, b = _scene_rect(level.titleLabel), _scene_rect(avail.titleLabel)
    assert not a.intersects(b)
    # each plot keeps room for its data: about 70 px at the least
    for plot in (level, avail):
        assert plot.getViewBox().height() >= 70
    # the whole graph fits: its time axis is not cut off by the memory panel
    bottom = graph.pressure_widget.mapTo(small, graph.pressure_widget.rect().bottomLeft())
    assert bottom.y() <= small.memory_panel.mapTo(small, small.memory_panel.rect().topLeft()).y()


def test_threshold_labels_sit_above_their_lines_at_the_right_and_apart(small) -> None:
    graph = small.graph
    rects = {}
    for name in graph.threshold_names():
        line = graph.threshold_line(name)
        label = line.label
        rect = _scene_rect(label)
        vb = graph.avail_plot.getViewBox()
        scene_y = vb.mapViewToScene(QPointF(vb.viewRange()[0][0], line.value())).y()
        assert rect.bottom() <= scene_y + 1, name  # above its line
        assert label.fill.color().alpha() > 200  # on the window's colour: no curve through it
        rects[name] = rect
    right = max(r.right() for r in rects.values())
    plot_right = _scene_rect(graph.avail_plot.getViewBox()).right()
    assert right > plot_right - 20  # right-aligned, at the plot's right end
    names = list(rects)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not rects[a].intersects(rects[b]), (a, b)


def test_a_kill_marker_sits_where_the_curve_was_before_the_kill(window) -> None:
    """The demo's burst when the compressor runs out of room (t ≈ 32 s): five kills
    free so much that the level jumps from 4 % to 27 % in the same tick; the markers
    stay at 4 %."""
    levels: list[int] = []
    kills: list[Killed] = []

    def keep(t) -> None:
        levels.append(t.snapshot.memorystatus_level or 0)
        kills[:] = [e for e in t.events if isinstance(e, Killed)]

    window.tick_applied.connect(keep)
    for _ in range(200):
        tick(window)
        if len(kills) >= 2 and levels[-1] - levels[-2] > 20:
            break
    else:
        raise AssertionError("no burst of kills that lifted the curve")
    before = levels[-2]
    item = window.graph.markers.items[EventKind.KILL]
    burst = [p for p in item.points() if p.pos().x() >= kills[0].t]
    assert len(burst) == len(kills) >= 2
    assert all(p.pos().y() == pytest.approx(before) for p in burst)


def test_legend_glyphs_are_the_marker_glyphs() -> None:
    # pyqtgraph draws symbols y-down: "t" has its single tip at the largest y, so it
    # points down, as the key's ▼ does
    path = Symbols["t"]
    ys = [path.elementAt(i).y for i in range(path.elementCount())]
    assert ys.count(max(ys)) == 1
    assert ys.count(min(ys)) >= 2
    by_kind = {s.kind: s for s in MARKER_STYLES}
    assert by_kind[EventKind.KILL].symbol == "t"
    assert by_kind[EventKind.KILL].glyph == "▼"
    assert len({s.glyph for s in MARKER_STYLES}) == len(MARKER_STYLES)
    assert len({s.symbol for s in MARKER_STYLES}) == len(MARKER_STYLES)


def test_responses_have_their_own_glyph_and_colour(window) -> None:
    tick_until(window, lambda evs: any(isinstance(e, Responded) for e in evs))
    markers = window.graph.markers
    respond, notify = markers.items[EventKind.RESPOND], markers.items[EventKind.NOTIFY]
    assert respond.isVisible()
    assert respond.opts["symbol"] != notify.opts["symbol"]
    assert respond.opts["brush"].color() == EVENT_COLOURS[EventKind.RESPOND]
    assert respond.opts["brush"].color() != notify.opts["brush"].color()
    key = window.graph.key
    for style in MARKER_STYLES:
        label = key.items[style.glyph]
        assert style.glyph in label.text()
        assert EVENT_COLOURS[style.kind].name() in label.text()


def test_each_view_has_its_own_key(small) -> None:
    graph = small.graph
    key = graph.key

    def shown() -> set[str]:
        return {name for name, label in key.items.items() if label.isVisibleTo(graph)}

    assert {"▼", "●", "◆", "✕", "normal", "warn", "critical"} <= shown()
    assert not {n for n in shown() if n.startswith("page:")}
    graph.show_view(1)
    assert "▼" not in shown()
    assert "normal" not in shown()
    assert {"page:wired", "page:app", "page:compressed", "page:free"} <= shown()


def test_the_png_export_carries_title_device_source_time_and_key(small, tmp_path: Path) -> None:
    graph = small.graph
    tick(small, 10)
    target = tmp_path / "graph.png"
    source = small.last_tick.description
    assert graph.source == source
    assert graph.export_png(target)
    image = QImage(str(target))
    plots = graph.pressure_widget.grab()
    ratio = plots.devicePixelRatio()
    # the heading and the key above the plots
    assert image.height() > plots.height() + 2 * graph.key.height() * ratio
    from activitymon.ui.graph.export import ExportHeading

    t = graph.history.time.view()
    heading = ExportHeading("Memory pressure", graph.device, source, (t[0], t[-1]))
    assert "iPhone" in heading.title()
    assert source in heading.details()
    assert "12.0 s" in heading.details()
