"""The reports browser: a folder of generated reports (some broken, one copied) scanned
off the GUI thread, filtered, charted, and a click that opens replay."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from activitymon.reports.collection import summarize_many
from activitymon.reports.incident import ReportFacts
from activitymon.reports.index import CACHE_ENV
from activitymon.reports.scan import scan
from activitymon.sources import SourceKind
from activitymon.ui.reports_browser import ReportsBrowser
from activitymon.ui.reports_table import FACTS_ROLE, ReportsFilter, ReportsTableModel
from activitymon.viewmodel.reports_browser import BrowserFilter, chart_data
from tests.reports.generated import Written, write_reports

pytestmark = pytest.mark.gui
COUNT = 40


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, Written]:
    root = tmp_path / "reports"
    written = write_reports(root, COUNT)
    (root / "truncated.ips").write_text('{"bug_type":"298","timestamp":"2024-01-01"}\n')
    (root / "empty.ips").write_text("")
    shutil.copy(written.paths[3], root / "copy-of-3.ips")
    return root, written


def _scan(qtbot, browser: ReportsBrowser, root: Path) -> None:
    with qtbot.waitSignal(browser.scan_finished, timeout=60_000):
        browser.scan([str(root)])
    assert not browser.scanning


def _browser(qtbot, opened: list) -> ReportsBrowser:
    browser = ReportsBrowser(opened.append, workers=1)
    qtbot.addWidget(browser)
    browser.show()
    return browser


def test_models_pass_the_model_tester_while_reports_arrive(qtmodeltester, folder):
    root, _ = folder
    results = [r for r in scan([str(root)], workers=1).results if isinstance(r, ReportFacts)]
    model = ReportsTableModel()
    proxy = ReportsFilter()
    proxy.setSourceModel(model)
    model.add(results[:10])
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)  # the model sorts; rows keep arriving
    model.add(results[10:])
    dates = [model.facts(r).date or "" for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    proxy.set_filter(BrowserFilter(process="Maps"))
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_scan_fills_the_table_counts_copies_once_and_names_broken_files(qtbot, folder):
    root, written = folder
    browser = _browser(qtbot, [])
    _scan(qtbot, browser, root)
    assert browser.model.rowCount() == COUNT
    assert browser.model.duplicates == 1
    assert sorted(Path(u.path).name for u in browser.unreadable) == ["empty.ips", "truncated.ips"]
    status = browser.status.text()
    assert f"{COUNT} reports" in status
    assert "2 unreadable" in status
    assert "truncated.ips: JetsamEvent header line but no body" in browser.status.toolTip()
    reasons = Counter(reason for victims in written.victims for _, reason in victims)
    assert browser.charts.data.reasons == dict(reasons)
    kills = Counter(name for victims in written.victims for name, _ in victims)
    top = max(kills.values())
    shown = browser.charts.data.footprints
    assert {name for name, n in kills.items() if n == top} <= set(shown)
    assert all(len(shown[name]) == kills[name] for name in shown)
    summary = summarize_many(scan([str(root)], workers=1).results)
    assert browser.charts.data.days == summary["kills_per_day"]
    assert sum(browser.charts.data.days.values()) == sum(kills.values())


def test_filters_by_process_reason_device_and_date(qtbot, folder):
    root, written = folder
    browser = _browser(qtbot, [])
    _scan(qtbot, browser, root)
    combos = browser.filters.combos
    combos["process"].setCurrentIndex(combos["process"].findData("Maps"))
    with_maps = sum(1 for v in written.victims if any(n == "Maps" for n, _ in v))
    assert browser.proxy.rowCount() == with_maps
    assert set(browser.charts.data.reasons) <= {
        "per-process-limit",
        "vm-pageshortage",
        "fc-thrashing",
    }
    combos["reason"].setCurrentIndex(combos["reason"].findData("per-process-limit"))
    both = sum(1 for v in written.victims if ("Maps", "per-process-limit") in v)
    assert browser.proxy.rowCount() == both
    combos["process"].setCurrentIndex(0)
    combos["reason"].setCurrentIndex(0)
    combos["device"].setCurrentIndex(combos["device"].findData("iPad13,4"))
    assert browser.proxy.rowCount() == written.devices["iPad13,4"]
    combos["device"].setCurrentIndex(0)
    browser.filters.since_box.setChecked(True)
    browser.filters.since_date.setDate(browser.filters.since_date.date().addDays(3))
    assert 0 < browser.proxy.rowCount() < COUNT
    for row in range(browser.proxy.rowCount()):
        facts = browser.proxy.data(browser.proxy.index(row, 0), FACTS_ROLE)
        assert facts.date >= "2024-03-04"


def _column(browser: ReportsBrowser, attribute: str) -> list:
    return [
        getattr(browser.proxy.data(browser.proxy.index(r, 0), FACTS_ROLE), attribute)
        for r in range(browser.proxy.rowCount())
    ]


def test_sorting_is_numeric_and_survives_filtering(qtbot, folder):
    root, _ = folder
    browser = _browser(qtbot, [])
    _scan(qtbot, browser, root)
    dates = _column(browser, "date")
    assert dates == sorted(dates, reverse=True)  # newest first
    browser.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _column(browser, "date") == sorted(dates)
    browser.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    sizes = _column(browser, "largest_bytes")
    assert sizes == sorted(sizes, reverse=True)
    combos = browser.filters.combos
    combos["device"].setCurrentIndex(combos["device"].findData("iPhone12,1"))
    sizes = _column(browser, "largest_bytes")
    assert sizes == sorted(sizes, reverse=True)
    assert set(_column(browser, "device")) == {"iPhone12,1"}


def test_one_click_opens_the_report(qtbot, folder):
    root, _ = folder
    opened: list = []
    browser = _browser(qtbot, opened)
    _scan(qtbot, browser, root)
    index = browser.proxy.index(2, 1)
    rect = browser.table.visualRect(index)
    viewport = browser.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    facts = browser.proxy.data(index, FACTS_ROLE)
    assert opened == [[facts.path]]


def test_file_menu_opens_the_browser_and_replays_a_report(qtbot, window, folder, monkeypatch):
    root, _ = folder
    monkeypatch.setattr(
        "activitymon.ui.reports_browser.QFileDialog.getExistingDirectory",
        lambda *args, **kwargs: str(root),
    )
    action = window.findChild(QAction, "open-reports-folder")
    assert action is not None
    assert action.text() == "Open Reports Folder…"
    action.trigger()
    browser = window.findChild(ReportsBrowser)
    assert browser is not None
    qtbot.waitUntil(
        lambda: not browser.scanning and browser.model.rowCount() == COUNT, timeout=60_000
    )
    index = browser.proxy.index(0, 0)
    browser.table.clicked.emit(index)
    assert window.last_tick.kind is SourceKind.REPORTS
    window.sampler.tick()
    facts = browser.proxy.data(index, FACTS_ROLE)
    assert window.last_snapshot.device.startswith(facts.device)
    browser.close()


def test_closing_during_a_scan_stops_its_thread(qtbot, folder):
    root, _ = folder
    browser = _browser(qtbot, [])
    browser.scan([str(root)])
    browser.close()
    assert not browser.scanning


def test_long_spans_are_charted_per_month(qtbot):
    from activitymon.reports.incident import Victim
    from activitymon.ui.reports_charts import ReportsCharts

    charts = ReportsCharts()
    qtbot.addWidget(charts)

    def facts(day: str) -> ReportFacts:
        victim = Victim("kbd", "highwater", 4096, None)
        return ReportFacts(
            day,
            day,
            "jetsam-ips",
            day + "T10:00:00+00:00",
            None,
            None,
            None,
            None,
            (victim,),
            False,
        )

    charts.show_data(chart_data([facts("2024-01-05"), facts("2024-01-06")]))
    assert charts.days_plot.getPlotItem().titleLabel.text == "Kills per day"
    data = chart_data([facts("2023-01-05"), facts("2024-01-06"), facts("2024-01-07")])
    charts.show_data(data)
    assert charts.days_plot.getPlotItem().titleLabel.text == "Kills per month"
    assert data.days == {"2023-01-05": 1, "2024-01-06": 1, "2024-01-07": 1}
    assert data.day_bars().heights == (1, 2)
