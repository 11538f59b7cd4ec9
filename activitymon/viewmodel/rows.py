"""The process table's row arithmetic, without Qt: the order rows sort into (on
numbers, unknown values last) and contiguous runs of row numbers (for one
remove/changed signal per run). ``ui/process_model.py`` forwards the results to Qt."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from activitymon.model import ProcessInfo
from activitymon.viewmodel.columns import SortValue


def arranged(
    rows: Sequence[ProcessInfo],
    sort_value: Callable[[ProcessInfo], SortValue],
    *,
    descending: bool,
) -> list[ProcessInfo]:
    """``rows`` in sorted order: by ``sort_value`` then pid (both reversed when
    descending); rows whose value is unknown come last, by pid."""
    known: list[tuple[SortValue, int, ProcessInfo]] = []
    unknown: list[ProcessInfo] = []
    for p in rows:
        value = sort_value(p)
        if value is None:
            unknown.append(p)
        else:
            known.append((value, p.pid, p))
    # pids are unique, so comparing (value, pid, …) never reaches the ProcessInfo, and
    # the tuples sort as they are: no key function called 1,000 times a tick (#16)
    known.sort(reverse=descending)
    unknown.sort(key=lambda p: p.pid)
    return [item[2] for item in known] + unknown


def blocks(rows: list[int]) -> list[tuple[int, int]]:
    """Contiguous (start, end) runs of sorted row numbers."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out
