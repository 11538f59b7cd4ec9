"""The process table model: diffs per tick, sorting on numbers, filter, selection kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from activitymon.model import Era, MemoryStats, ProcessInfo, Snapshot
from activitymon.ui.process_model import SORT_ROLE, ProcessTableModel
from activitymon.ui.process_table import ProcessTable
from activitymon.viewmodel.columns import column_index

MB = 1 << 20
pytestmark = pytest.mark.gui


def snap(procs: list[ProcessInfo], t: float = 0.0) -> Snapshot:
    return Snapshot(
        time=t,
        memory=MemoryStats(page_size=16384, total_pages=1000),
        processes=tuple(procs),
        era=Era.MODERN,
    )


def proc(pid: int, name: str, mb: float | None, band: int | None = 100) -> ProcessInfo:
    return ProcessInfo(
        pid=pid, name=name, footprint_bytes=None if mb is None else int(mb * MB), band=band
    )


def names(model: ProcessTableModel) -> list[str]:
    return [model.process_at(r).name for r in range(model.rowCount())]  # type: ignore[union-attr]


def test_model_passes_the_qt_model_tester(qtmodeltester) -> None:
    model = ProcessTableModel()
    model.apply_snapshot(snap([proc(1, "a", 1), proc(2, "b", 2), proc(3, "c", None)]))
    qtmodeltester.check(model, force_py=True)
    model.apply_snapshot(snap([proc(2, "b", 5), proc(4, "d", 3)]))
    qtmodeltester.check(model, force_py=True)


def test_sorts_on_numbers_not_on_display_text() -> None:
    model = ProcessTableModel()
    model.apply_snapshot(snap([proc(1, "nine", 9), proc(2, "ten", 10), proc(3, "hundred", 100)]))
    model.sort(column_index("footprint"), Qt.SortOrder.AscendingOrder)
    # as strings "100 MB" < "10.0 MB" < "9.00 MB"; as numbers 9 < 10 < 100
    assert names(model) == ["nine", "ten", "hundred"]
    index = model.index(0, column_index("footprint"))
    assert model.data(index, SORT_ROLE) == 9 * MB
    assert model.data(index) == "9.00 MB"


def test_unknown_values_sort_last_in_both_orders() -> None:
    model = ProcessTableModel()
    model.apply_snapshot(snap([proc(1, "x", None), proc(2, "y", 5), proc(3, "z", 1)]))
    col = column_index("footprint")
    model.sort(col, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["y", "z", "x"]
    model.sort(col, Qt.SortOrder.AscendingOrder)
    assert names(model) == ["z", "y", "x"]
    assert model.data(model.index(2, col)) == "—"


def test_updates_never_reset_the_model() -> None:
    model = ProcessTableModel()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    procs = [proc(i, f"p{i}", i) for i in range(1, 50)]
    for tick in range(20):
        procs = [replace(p, footprint_bytes=(p.footprint_bytes or 0) + tick * p.pid) for p in procs]
        if tick == 10:
            procs = [*procs[5:], proc(100 + tick, "new", 3)]
        model.apply_snapshot(snap(procs, tick))
    assert resets == []
    assert model.rowCount() == len(procs)


def test_filter_by_name_or_pid() -> None:
    model = ProcessTableModel()
    model.apply_snapshot(snap([proc(1, "Safari", 1), proc(22, "SpringBoard", 2), proc(3, "x", 3)]))
    model.set_filter("s")
    assert sorted(names(model)) == ["Safari", "SpringBoard"]
    model.set_filter("22")
    assert names(model) == ["SpringBoard"]
    model.set_filter("")
    assert model.rowCount() == 3


def test_band_column_shows_number_and_xnu_name() -> None:
    model = ProcessTableModel()
    model.apply_snapshot(snap([proc(1, "SpringBoard", 100, band=160), proc(2, "x", 1, band=140)]))
    col = column_index("band")
    shown = {model.data(model.index(r, col)) for r in range(2)}
    assert shown == {"160 HOME", "140"}


def test_selection_follows_its_process_across_reordering_ticks(qtbot) -> None:
    table = ProcessTable()
    qtbot.addWidget(table)
    table.apply_snapshot(snap([proc(1, "a", 30), proc(2, "b", 20), proc(3, "c", 10)]))
    assert table.select_pid(3)
    assert table.selected_pid() == 3
    # c grows past everyone: it moves to the top of the footprint-descending sort
    table.apply_snapshot(snap([proc(1, "a", 30), proc(2, "b", 20), proc(3, "c", 50)], 1))
    assert table.model.row_of(3) == 0
    assert table.selected_pid() == 3
    # a process above it vanishes; the selection stays on c
    table.apply_snapshot(snap([proc(2, "b", 20), proc(3, "c", 50), proc(4, "d", 60)], 2))
    assert table.selected_pid() == 3
    selected_rows = table.view.selectionModel().selectedRows()
    assert [table.model.pid_at(i.row()) for i in selected_rows] == [3]


def test_clicking_a_header_sorts_that_column(qtbot) -> None:
    table = ProcessTable()
    qtbot.addWidget(table)
    table.apply_snapshot(snap([proc(3, "b", 1), proc(1, "c", 2), proc(2, "a", 3)]))
    table.view.sortByColumn(column_index("name"), Qt.SortOrder.AscendingOrder)
    assert names(table.model) == ["a", "b", "c"]
    table.view.sortByColumn(column_index("pid"), Qt.SortOrder.DescendingOrder)
    assert [table.model.pid_at(r) for r in range(3)] == [3, 2, 1]


def test_only_changed_rows_are_announced_and_nothing_when_nothing_changed(qtbot) -> None:
    model = ProcessTableModel()
    procs = [proc(pid, f"p{pid}", 100 - pid) for pid in range(1, 21)]
    model.apply_snapshot(snap(procs))
    changed: list[tuple[int, int]] = []
    moved: list[int] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    model.layoutChanged.connect(lambda *_: moved.append(1))
    # the same objects (a live source's unchanged processes), and equal new ones
    model.apply_snapshot(snap(procs, 1.0))
    model.apply_snapshot(snap([replace(p) for p in procs], 2.0))
    assert changed == []
    assert moved == []
    # one process changes without changing the order: one row is announced
    grown = [*procs]
    grown[4] = replace(procs[4], cpu_percent=12.0)
    model.apply_snapshot(snap(grown, 3.0))
    row = model.row_of(procs[4].pid)
    assert row is not None
    assert changed == [(row, row)]
    assert moved == []
    shown = model.process_at(row)
    assert shown is not None
    assert shown.cpu_percent == 12.0


def test_a_change_of_another_column_does_not_reorder(qtbot) -> None:
    model = ProcessTableModel()
    procs = [proc(pid, f"p{pid}", 100 - pid) for pid in range(1, 6)]
    model.apply_snapshot(snap(procs))  # sorted by footprint, descending
    assert names(model) == ["p1", "p2", "p3", "p4", "p5"]
    moved: list[int] = []
    model.layoutChanged.connect(lambda *_: moved.append(1))
    model.apply_snapshot(snap([replace(p, cpu_percent=5.0) for p in procs], 1.0))
    assert moved == []
    # the footprint of the last one grows past the first: it moves to the top
    grown = [*procs[:4], replace(procs[4], footprint_bytes=500 * MB)]
    model.apply_snapshot(snap(grown, 2.0))
    assert moved == [1]
    assert names(model) == ["p5", "p1", "p2", "p3", "p4"]


# -- every tick, whatever came, went or changed: the rows are the processes in sorted
#    order and each cell reads as its process does now (the in-place path and the row
#    text cache may not leave a stale row or text behind) -----------------------------
_tick = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=12),  # pid
        st.sampled_from(("same", "cpu", "footprint", "name")),
    ),
    max_size=14,
)


@settings(max_examples=60, deadline=None)
@given(ticks=st.lists(_tick, min_size=1, max_size=8), by_cpu=st.booleans())
def test_rows_and_texts_follow_every_tick(ticks, by_cpu) -> None:
    model = ProcessTableModel()
    if by_cpu:
        model.sort(column_index("cpu"), Qt.SortOrder.DescendingOrder)
    current: dict[int, ProcessInfo] = {}
    for t, changes in enumerate(ticks):
        alive = dict(current)
        for pid, how in changes:
            old = alive.get(pid) or proc(pid, f"p{pid}", pid)
            if how == "cpu":
                old = replace(old, cpu_percent=float((pid * 7 + t) % 13))
            elif how == "footprint":
                old = replace(old, footprint_bytes=((pid * 5 + t) % 9) * MB)
            elif how == "name":
                old = replace(old, name=f"p{pid}-{t}")
            alive[pid] = old
        if t % 3 == 2 and alive:  # now and then one goes
            alive.pop(min(alive))
        current = alive
        model.apply_snapshot(snap([current[pid] for pid in sorted(current)], float(t)))
        shown = [model.process_at(r) for r in range(model.rowCount())]
        rows = [p for p in shown if p is not None]
        assert len(rows) == len(shown)
        assert sorted(p.pid for p in rows) == sorted(current)
        key = model.columns[model._sort_column].sort_value
        values = [float(v) for p in rows if isinstance(v := key(p), int | float)]
        assert values == sorted(values, reverse=True)
        for r, p in enumerate(rows):
            assert p is current[p.pid]
            assert model.row_of(p.pid) == r
            for c, column in enumerate(model.columns):
                assert model.data(model.index(r, c)) == column.display(p, model._context)
