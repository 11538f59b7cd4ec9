"""PSI on the Linux graph: some and full (avg10 and the stall rate between samples)
with the level's thresholds, titled; each source names its own axes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect

from activitymon.model import MemoryStats, PressureStall, Snapshot, StallThresholds
from activitymon.sources import Capability
from activitymon.ui.graph.pressure_graph import PressureGraph
from activitymon.ui.graph.pressure_plots import AVAILABLE_PERCENT_TITLE
from activitymon.ui.graph.psi_series import PsiSeries, stall_rate_percent

# the defaults of sources/linux_psi.PressureThresholds
THRESHOLDS = StallThresholds(warn_some=10.0, critical_some=40.0, critical_full=5.0)


def psi_snapshot(t: float, some10: float, full10: float, some_us: int, full_us: int) -> Snapshot:
    # /proc/pressure/memory: "some avg10=… avg60=… avg300=… total=…" (psi.rst)
    psi = PressureStall(some10, 1.0, 0.5, some_us, full10, 0.5, 0.2, full_us)
    return Snapshot(
        t,
        MemoryStats(4096, 1000, available_pages=800),
        (),
        memorystatus_level=80,
        psi=psi,
        stall_thresholds=THRESHOLDS,
    )


def test_stall_rate_is_total_delta_over_interval() -> None:
    assert stall_rate_percent(1_000_000, 1_250_000, 1.0) == pytest.approx(25.0)
    assert stall_rate_percent(None, 5, 1.0) is None
    assert stall_rate_percent(10, 5, 1.0) is None  # counter went back: a new source
    assert stall_rate_percent(0, 5_000_000, 1.0) == 100.0  # clamped
    series = PsiSeries()
    first = series.values(0.0, psi_snapshot(0.0, 3.0, 1.0, 0, 0).psi)
    assert first["psi_some_avg10"] == 3.0
    assert first["psi_some_rate"] is None  # one reading: no interval yet
    second = series.values(2.0, psi_snapshot(2.0, 3.0, 1.0, 400_000, 100_000).psi)
    assert second["psi_some_rate"] == pytest.approx(20.0)
    assert second["psi_full_rate"] == pytest.approx(5.0)


def test_linux_graph_shows_psi_with_thresholds_titled(qtbot) -> None:
    graph = PressureGraph()
    qtbot.addWidget(graph)
    graph.set_capabilities(frozenset({Capability.PSI, Capability.OOM_SCORE}))
    graph.apply_snapshot(psi_snapshot(0.0, 2.0, 0.5, 0, 0))
    graph.apply_snapshot(psi_snapshot(1.0, 12.0, 6.0, 300_000, 60_000))
    plot = graph.level_plot
    assert "PSI" in plot.titleLabel.text
    assert "memorystatus_level" not in plot.titleLabel.text
    assert "memorystatus_level" not in plot.getAxis("left").labelText
    assert graph.curves["memorystatus_level"].scene() is None  # not in the plot
    _, some = graph.psi.curves["psi_some_avg10"].getData()
    assert list(some) == [2.0, 12.0]
    _, rate = graph.psi.curves["psi_some_rate"].getData()
    assert rate[-1] == pytest.approx(30.0)
    _, full_rate = graph.psi.curves["psi_full_rate"].getData()
    assert full_rate[-1] == pytest.approx(6.0)
    lines = {key: line.value() for key, line in graph.psi.lines.items()}
    assert lines == {"warn_some": 10.0, "critical_some": 40.0, "critical_full": 5.0}
    for line in graph.psi.lines.values():
        assert line.isVisible()
        assert "%" in line.label.format


def test_sources_without_psi_name_their_own_axis(qtbot) -> None:
    graph = PressureGraph()
    qtbot.addWidget(graph)
    graph.set_capabilities(frozenset({Capability.OOM_SCORE}))  # Linux without PSI
    assert AVAILABLE_PERCENT_TITLE in graph.level_plot.titleLabel.text
    assert not graph.psi.shown
    graph.set_capabilities(frozenset({Capability.BANDS}))  # a jetsam source
    assert "memorystatus_level" in graph.level_plot.titleLabel.text
    assert graph.curves["memorystatus_level"].scene() is not None
    assert not graph.psi.shown


def test_linux_page_classes_stack_with_linux_names(qtbot) -> None:
    from activitymon.ui.graph.page_classes import LINUX_CLASSES

    graph = PressureGraph()
    qtbot.addWidget(graph)
    graph.set_capabilities(frozenset({Capability.PSI, Capability.OOM_SCORE}))
    graph.show_view(1)
    assert graph.pages.classes == LINUX_CLASSES
    page = 4096
    # a 1,000-page machine: 100 kernel, 300 anon+shmem, 0 zswap, 250 cache, 50 slab, 300 free
    mem = MemoryStats(
        page,
        1000,
        free_pages=300,
        wired_pages=100,
        anonymous_pages=300,
        compressor_pages=0,
        file_backed_pages=250,
        available_pages=600,
    )
    snap = Snapshot(0.0, mem, (), extra={"kernel_reclaimable_bytes": 50.0 * page})
    graph.apply_snapshot(snap)
    _, slab_top = graph.pages.curves["kernel_reclaimable"].getData()
    _, top = graph.pages.curves["free"].getData()
    assert slab_top[-1] == pytest.approx(700 * page)
    assert top[-1] == pytest.approx(1000 * page)
    graph.set_capabilities(frozenset({Capability.BANDS}))
    assert not graph.pages.curves["kernel_reclaimable"].isVisible()


def test_the_page_class_view_is_built_when_first_shown_with_what_it_was_told(qtbot) -> None:
    """Built lazily (#16, start-up); built late it still has the source's classes, the
    units, the physical-memory line and the follow mode it would have had."""
    from activitymon.ui.graph.page_classes import LINUX_CLASSES
    from activitymon.units import UnitSystem

    graph = PressureGraph()
    qtbot.addWidget(graph)
    graph.resize(860, 420)
    graph.show()
    graph.set_capabilities(frozenset({Capability.PSI, Capability.OOM_SCORE}))
    graph.set_units(UnitSystem.DECIMAL)
    mem = MemoryStats(4096, 1000, free_pages=300, available_pages=600)
    graph.apply_snapshot(Snapshot(0.0, mem, ()))
    assert not graph.page_view.built
    assert graph.stack.count() == 1
    graph.show_view(1)
    assert graph.stack.count() == 2  # built now
    assert graph.stack.currentWidget() is graph.pages_widget
    assert graph.pages.classes == LINUX_CLASSES
    # 1000 pages of 4096 bytes: under a gigabyte, so in decimal megabytes
    assert graph.pages_plot.getAxis("left").scale == pytest.approx(1e-6)
    assert graph.pages._total_line is not None
    assert graph.pages._total_line.value() == pytest.approx(1000 * 4096)


def test_the_linux_page_classes_key_is_outside_the_plot(qtbot) -> None:
    from activitymon.ui.graph.page_classes import LINUX_CLASSES

    graph = PressureGraph()
    qtbot.addWidget(graph)
    graph.resize(620, 420)  # the graph's width in a 1024 px window
    graph.set_capabilities(frozenset({Capability.PSI, Capability.OOM_SCORE}))
    graph.show()
    graph.show_view(1)
    qtbot.waitUntil(graph.pages_widget.isVisible)
    shown = [key for key, label in graph.key.items.items() if label.isVisibleTo(graph)]
    assert shown == [f"page:{key}" for key, _ in LINUX_CLASSES]
    # in the bar above the plots, within the graph's width: nothing over the data
    key = QRect(graph.key.mapTo(graph, QPoint(0, 0)), graph.key.size())
    assert not graph.stack.geometry().intersects(key)
    assert key.right() <= graph.width()
    assert graph.width() == 620
