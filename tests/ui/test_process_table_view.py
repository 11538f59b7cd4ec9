"""The process table as the user drives it: sorting on numbers, filtering, selection
and scroll kept across ticks, columns chosen and remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from activitymon.ui.process_table import ProcessTable
from activitymon.ui.settings import AppSettings
from activitymon.viewmodel.columns import column_index
from tests.ui.conftest import tick


def _column(table: ProcessTable, key: str) -> list:
    col = column_index(key)
    return [
        table.model.data(table.model.index(r, col), Qt.ItemDataRole.UserRole + 1)
        for r in range(table.model.rowCount())
    ]


def test_model_passes_the_model_tester_through_ticks(window, qtmodeltester):
    qtmodeltester.check(window.table.model)
    tick(window, 80)  # launches, kills, reorders


def test_sorting_on_numbers_not_text(window):
    tick(window, 3)
    table = window.table
    table.view.sortByColumn(column_index("footprint"), Qt.SortOrder.DescendingOrder)
    sizes = _column(table, "footprint")
    assert sizes == sorted(sizes, reverse=True)
    table.view.sortByColumn(column_index("pid"), Qt.SortOrder.AscendingOrder)
    pids = _column(table, "pid")
    assert pids == sorted(pids)
    tick(window, 3)  # sorting holds as values change
    assert _column(table, "pid") == sorted(_column(table, "pid"))


def test_filter_by_name_or_pid(window, qtbot):
    tick(window)
    table = window.table
    qtbot.keyClicks(table.filter_edit, "maps")
    names = [table.model.process_at(r).name for r in range(table.model.rowCount())]
    assert names == ["Maps"]
    assert "1 of" in table.count_label.text()
    table.filter_edit.setText("101")
    assert [table.model.pid_at(r) for r in range(table.model.rowCount())] == [101]


def test_selection_and_scroll_survive_ticks(window):
    window.resize(1280, 500)
    tick(window)
    table = window.table
    pid = next(p.pid for p in window.last_snapshot.processes if p.name == "SpringBoard")
    table.select_pid(pid)
    bar = table.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    position = bar.value()
    for _ in range(10):
        tick(window)
        assert table.selected_pid() == pid
    assert bar.value() == position
    row = table.model.row_of(pid)
    assert table.view.selectionModel().isRowSelected(row)


def test_columns_follow_the_source_and_the_users_choice_persists(qtbot):
    from activitymon.sources import Capability

    caps = frozenset({Capability.FOOTPRINT, Capability.BANDS})
    first = ProcessTable(settings=AppSettings.open())
    qtbot.addWidget(first)
    first.set_capabilities(caps, "sim")
    shown = first.visible_columns()
    assert "band" in shown
    assert "footprint" in shown
    assert "rss" not in shown  # the source cannot know it
    assert "oom_score" not in shown
    menu = first.column_menu()
    rss = menu.findChild(type(menu.actions()[0]), "column-rss")
    assert rss is not None
    # a column the source cannot fill is hidden, but the chooser can still show it
    assert rss.isEnabled()
    assert "not known here" in rss.text()
    rss.setChecked(True)
    assert "rss" in first.visible_columns()
    rss.setChecked(False)
    band = next(a for a in menu.actions() if a.objectName() == "column-band")
    band.setChecked(False)
    assert "band" not in first.visible_columns()

    second = ProcessTable(settings=AppSettings.open())
    qtbot.addWidget(second)
    second.set_capabilities(caps, "sim")
    assert "band" not in second.visible_columns()
    assert "footprint" in second.visible_columns()
