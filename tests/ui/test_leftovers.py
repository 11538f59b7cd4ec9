"""Issue 26's leftovers: a recording opens on its first sample with every view in sight
and something drawn; the reports browser flags a damaged report, opens on one click
(tests/ui/test_reports_browser.py), and its sort arrows, like the process table's,
point the way the rows run."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QHeaderView

from activitymon.recording import RecordingWriter
from activitymon.reports.incident import ReportFacts, Victim
from activitymon.sources.recording import RecordingSource
from activitymon.sources.sim import SimulatorSource
from activitymon.ui.theme import SERIES_COLOURS
from activitymon.viewmodel.columns import column_index
from activitymon.viewmodel.reports_browser import DAMAGED_MARK, row_texts, row_tooltip
from tests.ui.conftest import tick

pytestmark = pytest.mark.gui


@pytest.fixture
def demo_recording(tmp_path: Path) -> Path:
    path = tmp_path / "demo.amrec"
    source = SimulatorSource.open(None, seed=0)
    with RecordingWriter(
        path,
        source="sim",
        description=source.describe(),
        capabilities=[c.value for c in source.capabilities],
    ) as w:
        for k in range(20):
            if k:
                source.advance(1.0)
            w.add(source.sample(), source.drain_events(), source.drain_reports())
    return path


def _has_colour(image: QImage, colour: QColor) -> bool:
    want = (colour.red(), colour.green(), colour.blue())
    for y in range(0, image.height()):
        for x in range(0, image.width()):
            c = image.pixelColor(x, y)
            if abs(c.red() - want[0]) + abs(c.green() - want[1]) + abs(c.blue() - want[2]) < 30:
                return True
    return False


def test_a_recording_opens_with_every_view_in_sight(window, qapp, demo_recording: Path) -> None:
    tick(window, 2)
    window.show_view("events")  # the last view hid the table
    assert window.layout_.table_collapsed()
    window.attach_source(RecordingSource.open(str(demo_recording)), start=True)
    qapp.processEvents()
    assert window.last_snapshot is not None
    assert window.last_snapshot.time == 0.0  # its first sample
    assert not window.layout_.table_collapsed()
    assert window.table.model.rowCount() == len(window.last_snapshot.processes) > 10
    assert window.tabs.currentIndex() == 0  # the graph
    # one sample draws no line: the graph shows it as a dot
    x, _ = window.graph.curve_data("memorystatus_level")
    assert len(x) == 1
    image = window.graph.pressure_widget.grab().toImage()
    assert _has_colour(image, SERIES_COLOURS["memorystatus_level"])


def _facts(partial: bool) -> ReportFacts:
    return ReportFacts(
        path="/reports/JetsamEvent-2020-10-15.ips",
        key="incident:1",
        format="ips",
        date="2020-10-15T17:29:00+01:00",
        device="iPhone12,1",
        os_version="iOS 14.1",
        largest_process="Game",
        largest_bytes=1 << 30,
        victims=(Victim("Game", "per-process-limit", 1 << 30, "10 FOREGROUND"),),
        partial=partial,
    )


def test_a_damaged_report_is_flagged_in_its_row() -> None:
    assert row_texts(_facts(True))[0] == f"{DAMAGED_MARK} 2020-10-15 17:29 +01:00"
    assert row_texts(_facts(False))[0] == "2020-10-15 17:29 +01:00"
    assert "damaged" in row_tooltip(_facts(True))
    assert "damaged" not in row_tooltip(_facts(False))


def _arrow_points_down(header: QHeaderView, section: int) -> bool:
    """Read the sort arrow off the painted header (the rightmost dark shape of the
    section): rows of its pixels narrow going down (▼) or widen (▲)."""
    image = header.grab().toImage()
    ratio = image.devicePixelRatio()
    left = int(header.sectionViewportPosition(section) * ratio)
    right = int((header.sectionViewportPosition(section) + header.sectionSize(section)) * ratio)
    background = image.pixelColor(left + 4, 2).lightness()

    def dark(x: int) -> list[int]:
        return [
            y
            for y in range(image.height())
            if image.pixelColor(x, y).lightness() < background - 100
        ]

    columns: list[list[int]] = []
    for x in range(right - 3, left, -1):  # from the right edge (its divider) leftwards
        ys = dark(x)
        if ys:
            columns.append(ys)
        elif columns:
            break  # the gap before the title's text
    widths: dict[int, int] = {}
    for ys in columns:
        for y in ys:
            widths[y] = widths.get(y, 0) + 1
    rows = [widths[y] for y in sorted(widths)]
    assert len(rows) >= 2, "no arrow drawn"
    assert rows[0] != rows[-1]
    return rows[0] > rows[-1]


def test_the_process_tables_arrow_points_down_while_the_largest_is_first(window, qapp) -> None:
    tick(window)
    view = window.table.view
    footprint = column_index("footprint")
    view.sortByColumn(footprint, Qt.SortOrder.DescendingOrder)
    qapp.processEvents()
    assert _arrow_points_down(view.horizontalHeader(), footprint)
    view.sortByColumn(footprint, Qt.SortOrder.AscendingOrder)
    qapp.processEvents()
    assert not _arrow_points_down(view.horizontalHeader(), footprint)


def test_the_reports_browsers_arrow_points_down_while_the_newest_is_first(qtbot, qapp) -> None:
    from activitymon.ui.reports_browser import ReportsBrowser

    browser = ReportsBrowser(lambda paths: True)
    qtbot.addWidget(browser)
    browser.show()
    qapp.processEvents()
    header = browser.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder  # newest first
    assert _arrow_points_down(header, 0)
    browser.close()
