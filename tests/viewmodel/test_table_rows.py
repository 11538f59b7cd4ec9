"""The process table's rows without Qt: each change announced as Qt wants it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from activitymon.model import ProcessInfo
from activitymon.viewmodel.process_filter import parse_filter
from activitymon.viewmodel.table_rows import TableRows

MB = 1 << 20


class Recorder:
    """A listener that writes down what it was told, and the rows at each step."""

    def __init__(self) -> None:
        self.said: list[tuple[object, ...]] = []
        self.table: TableRows | None = None

    def _pids(self) -> list[int]:
        assert self.table is not None
        return [p.pid for p in self.table.rows]

    def rows_removing(self, start: int, end: int) -> None:
        self.said.append(("removing", start, end, self._pids()))

    def rows_removed(self) -> None:
        self.said.append(("removed", self._pids()))

    def rows_changed(self, spans: list[tuple[int, int]]) -> None:
        self.said.append(("changed", spans))

    def rows_inserting(self, start: int, end: int) -> None:
        self.said.append(("inserting", start, end))

    def rows_inserted(self) -> None:
        self.said.append(("inserted", self._pids()))

    def rows_moving(self) -> None:
        self.said.append(("moving", self._pids()))

    def rows_moved(self, new_row_of: Sequence[int]) -> None:
        self.said.append(("moved", list(new_row_of), self._pids()))


def _proc(pid: int, mb: int) -> ProcessInfo:
    return ProcessInfo(pid=pid, name=f"p{pid}", footprint_bytes=mb * MB)


def _footprint(p: ProcessInfo) -> int | None:
    return p.footprint_bytes


def _table() -> tuple[TableRows, Recorder]:
    listener = Recorder()
    table = TableRows(listener, _footprint, descending=True)
    listener.table = table
    return table, listener


def test_new_processes_are_appended_then_moved_into_order() -> None:
    table, heard = _table()
    table.take((_proc(1, 10), _proc(2, 30), _proc(3, 20)))
    assert heard.said == [
        ("inserting", 0, 2),
        ("inserted", [1, 2, 3]),
        ("moving", [1, 2, 3]),
        ("moved", [2, 0, 1], [2, 3, 1]),
    ]


def test_the_usual_tick_announces_only_the_changed_row() -> None:
    table, heard = _table()
    procs = (_proc(1, 10), _proc(2, 30), _proc(3, 20))
    table.take(procs)
    heard.said.clear()
    table.take(procs)  # the same objects: nothing to say
    assert heard.said == []
    renamed = (procs[0], replace(procs[1], name="renamed"), procs[2])
    table.take(renamed)  # a value changed, its sort value did not: no move
    assert heard.said == [("changed", [(0, 0)])]
    heard.said.clear()
    grown = (replace(procs[0], footprint_bytes=50 * MB), renamed[1], procs[2])
    table.take(grown)  # pid 1 grows past the others: it moves to the top
    assert heard.said == [
        ("changed", [(2, 2)]),
        ("moving", [2, 3, 1]),
        ("moved", [1, 2, 0], [1, 2, 3]),
    ]


def test_a_process_that_ended_is_removed_and_its_block_announced() -> None:
    table, heard = _table()
    table.take((_proc(1, 10), _proc(2, 30), _proc(3, 20), _proc(4, 5)))
    heard.said.clear()
    table.take((_proc(2, 30), _proc(4, 5)))  # rows were 2, 3, 1, 4
    assert (
        heard.said[:4]
        == [
            ("removing", 1, 2, [2, 3, 1, 4]),
            ("removed", [2, 4]),
        ][:2]
        + heard.said[2:4]
    )
    assert heard.said[0] == ("removing", 1, 2, [2, 3, 1, 4])
    assert heard.said[1] == ("removed", [2, 4])
    assert table.row_index() == {2: 0, 4: 1}


def test_a_filter_hides_rows_and_the_sort_can_change() -> None:
    table, heard = _table()
    table.take((_proc(1, 10), _proc(2, 30), _proc(3, 20)))
    table.set_filter(parse_filter("p3"))
    assert [p.pid for p in table.rows] == [3]
    assert [p.pid for p in table.all] == [1, 2, 3]
    table.set_filter(parse_filter(""))
    table.set_sort(lambda p: p.pid, descending=False)
    assert [p.pid for p in table.rows] == [1, 2, 3]
    assert heard.said[-1] == ("moved", [1, 2, 0], [1, 2, 3])
