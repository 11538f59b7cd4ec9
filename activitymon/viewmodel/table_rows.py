"""The process table's rows without Qt: brought to each snapshot by diffs, in the
order the chosen column sorts them, filtered.

:class:`TableRows` owns the rows and announces each change to a :class:`RowListener`
before and after it happens — rows removed, values changed, rows appended, rows moved
into order — as qutebrowser's download model and napari's evented list do: the Qt model
(``ui/process_model.py``) only forwards the announcements to ``beginRemoveRows``,
``dataChanged``, ``beginInsertRows`` and ``layoutChanged``. It never resets: a tick with
the same processes as the last (the usual one) touches only those that changed,
through a pid → row index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from activitymon.model import ProcessInfo
from activitymon.viewmodel.columns import SortValue
from activitymon.viewmodel.process_filter import ProcessFilter
from activitymon.viewmodel.rows import arranged, blocks

#: more changed blocks than this are announced as one span (a span repaints what it covers)
MAX_BLOCKS = 256

SortKey = Callable[[ProcessInfo], SortValue]


class RowListener(Protocol):
    """Told of every change to the rows, in Qt's order (the rows are as they were at
    each "…ing" call and as they are at each "…ed" call)."""

    def rows_removing(self, start: int, end: int) -> None: ...

    def rows_removed(self) -> None: ...

    def rows_changed(self, spans: list[tuple[int, int]]) -> None: ...

    def rows_inserting(self, start: int, end: int) -> None: ...

    def rows_inserted(self) -> None: ...

    def rows_moving(self) -> None: ...

    def rows_moved(self, new_row_of: Sequence[int]) -> None:
        """``new_row_of[i]``: where the row that was at ``i`` is now."""
        ...


class TableRows:
    def __init__(self, listener: RowListener, sort_key: SortKey, *, descending: bool) -> None:
        self._listener = listener
        self.rows: list[ProcessInfo] = []
        #: every process of the last snapshot, shown or filtered out
        self.all: tuple[ProcessInfo, ...] = ()
        self._sort_key = sort_key
        self._descending = descending
        self.filter = ProcessFilter()
        #: pid → row (see row_index)
        self._row_of: dict[int, int] | None = None
        #: the order must be recomputed even if no row changed (a new sort or filter)
        self._unsorted = True

    # -- questions ----------------------------------------------------------------------
    def row_index(self) -> dict[int, int]:
        """pid → row, kept until rows move, come or go."""
        if self._row_of is None:
            self._row_of = {p.pid: i for i, p in enumerate(self.rows)}
        return self._row_of

    def arranged(self, rows: Sequence[ProcessInfo]) -> list[ProcessInfo]:
        return arranged(rows, self._sort_key, descending=self._descending)

    # -- changes ------------------------------------------------------------------------
    def set_sort(self, sort_key: SortKey, *, descending: bool) -> None:
        self._sort_key, self._descending = sort_key, descending
        self._reorder(self.arranged(self.rows))

    def set_filter(self, process_filter: ProcessFilter) -> None:
        self.filter = process_filter
        self._unsorted = True
        self._apply(self.all)

    def take(self, processes: tuple[ProcessInfo, ...]) -> None:
        """Bring the rows to this snapshot's processes."""
        previous, self.all = self.all, processes
        if self.filter.active or self._unsorted or not self._update_in_place(previous, processes):
            self._apply(processes)

    def _update_in_place(
        self, previous: Sequence[ProcessInfo], processes: Sequence[ProcessInfo]
    ) -> bool:
        """The common tick: the same processes as before, in the same (pid) order, a few
        of them changed (a live source hands back the same object for the rest). Only
        those are looked at: no dictionary of every row is built. False (nothing
        done) when processes came or went."""
        if len(previous) != len(processes) or len(self.rows) != len(processes):
            return False
        fresh: list[ProcessInfo] = []
        for old, new in zip(previous, processes, strict=True):
            if new is not old:
                if new.pid != old.pid:
                    return False
                fresh.append(new)
        if not fresh:
            return True
        row_of = self.row_index()
        if any(p.pid not in row_of for p in fresh):
            return False
        rows, key = self.rows, self._sort_key
        changed: list[int] = []
        resort = False
        for new in fresh:
            i = row_of[new.pid]
            old = rows[i]
            rows[i] = new
            # the footprint tells most changes at once; only an equal one asks for the
            # comparison of every field (a busy tick changes every row, #26)
            if new.footprint_bytes != old.footprint_bytes or new != old:
                changed.append(i)
                resort = resort or key(new) != key(old)
        changed.sort()
        self._announce_changed(changed)
        if resort:
            self._reorder(self.arranged(rows))
        return True

    def _apply(self, processes: Sequence[ProcessInfo]) -> None:
        self._row_of = None
        f, listener = self.filter, self._listener
        wanted = {p.pid: p for p in processes if not f.terms or f.matches(p)}
        # 1. remove rows whose process is gone, in contiguous blocks from the bottom
        gone = [i for i, p in enumerate(self.rows) if p.pid not in wanted]
        for start, end in reversed(blocks(gone)):
            listener.rows_removing(start, end)
            del self.rows[start : end + 1]
            self._row_of = None
            listener.rows_removed()
        # 2. replace values in place; only rows whose value changed are announced, so
        #    the view repaints just those (and none that are scrolled away). A live
        #    source hands back the same object for a process that did not change (#16)
        rows, key = self.rows, self._sort_key
        changed: list[int] = []
        resort = False  # only a changed sort value can move a row
        for i, old in enumerate(rows):
            new = wanted.pop(old.pid)
            if new is not old:
                rows[i] = new
                if new != old:
                    changed.append(i)
                    resort = resort or key(new) != key(old)
        self._announce_changed(changed)
        # 3. append new processes (what is left in ``wanted``)
        if wanted:
            first = len(rows)
            listener.rows_inserting(first, first + len(wanted) - 1)
            rows.extend(wanted.values())
            self._row_of = None
            listener.rows_inserted()
        # 4. move rows into sorted order (no sort value changed, nothing came or went:
        #    nothing moves, and the 1,000-row sort is skipped)
        if resort or wanted or gone or self._unsorted:
            self._unsorted = False
            self._reorder(self.arranged(rows))

    def _reorder(self, ordered: list[ProcessInfo]) -> None:
        old_pids = [p.pid for p in self.rows]
        if [p.pid for p in ordered] == old_pids:
            self.rows = ordered
            return
        self._listener.rows_moving()
        new_row = {p.pid: i for i, p in enumerate(ordered)}
        self.rows = ordered
        self._row_of = None
        self._listener.rows_moved([new_row[pid] for pid in old_pids])

    def _announce_changed(self, rows: list[int]) -> None:
        """Changed rows in contiguous spans; one span when they are very many."""
        if not rows:
            return
        if rows[-1] - rows[0] + 1 == len(rows):  # one run (every row, on a busy tick)
            self._listener.rows_changed([(rows[0], rows[-1])])
            return
        spans = blocks(rows)
        if len(spans) > MAX_BLOCKS:
            spans = [(spans[0][0], spans[-1][1])]
        self._listener.rows_changed(spans)
