"""The checks of the fast path (:mod:`activitymon.reports.fast_facts`): a parsed
JetsamEvent held to what the sanity pass keeps, without walking it value by value.

One pass over the process entries finds their shapes (keys and value types; a report
has a handful), so every known key is held to the type the model takes; the keys held
to a narrower range (pid, pages, fds, band) and floats are gathered as columns and held
by ``min``/``max`` (floats finite). Nested values are allowed only where Apple writes
them (``states`` a list of strings, ``physicalPages`` an object of integers and lists of
integers); the few top-level values are walked (:func:`sound`). Anything else raises
:class:`Refused`: the full readers decide.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from itertools import chain
from operator import itemgetter
from typing import Any

from activitymon.reports.sanity import MAX_PAGES, PAGE_SIZE_RANGE

#: containers nested deeper than this in the few values walked go to the full readers
MAX_DEPTH = 8
_INT32 = (-(1 << 31), (1 << 31) - 1)
_INT64 = (-(1 << 63), (1 << 63) - 1)
_NONE = type(None)
_SCALARS = frozenset({str, int, float, bool, _NONE})
_NUMBERS = frozenset({int, float})

#: process keys → the types the model takes (``bool`` is never an ``int`` here)
_PROCESS_TYPES: dict[str, frozenset[type]] = {
    "name": frozenset({str}),
    "pid": frozenset({int}),
    "uuid": frozenset({str}),
    "rpages": frozenset({int}),
    "lifetimeMax": frozenset({int}),
    "purgeable": frozenset({int}),
    "fds": frozenset({int}),
    "cpuTime": frozenset({int, float}),
    "age": frozenset({int}),
    "coalition": frozenset({int}),
    "priority": frozenset({int}),
    "reason": frozenset({str}),
    "states": frozenset({list}),
    "killDelta": frozenset({int}),
    "genCount": frozenset({int}),
    "idleDelta": frozenset({int}),
    "physicalPages": frozenset({dict}),
}
#: process keys held to a range narrower than 64 bits (``sanity.py``)
_PROCESS_RANGES: dict[str, tuple[int, int]] = {
    "pid": (0, _INT32[1]),
    "rpages": (0, MAX_PAGES),
    "lifetimeMax": (0, MAX_PAGES),
    "purgeable": (0, MAX_PAGES),
    "fds": (0, _INT32[1]),
    "priority": _INT32,
}


class Refused(Exception):
    """Not for the fast path: the full readers decide."""


def _no_constant(word: str) -> Any:
    raise Refused(word)


_decoder = json.JSONDecoder(parse_constant=_no_constant)


def loads(text: str) -> Any:
    return _decoder.decode(text)


def sound(value: Any, depth: int = 0) -> bool:
    """What the sanity pass keeps as it is: 64-bit integers, finite floats, shallow
    containers (a walk: only for the few top-level values)."""
    kind = type(value)
    if kind is int:
        return bool(_INT64[0] <= value <= _INT64[1])
    if kind is float:
        return math.isfinite(value)
    if kind in _SCALARS:
        return True
    if depth >= MAX_DEPTH:
        return False
    if kind is dict:
        return all(sound(v, depth + 1) for v in value.values())
    return kind is list and all(sound(v, depth + 1) for v in value)


def _numbers_in(values: list[Any], bounds: tuple[int, int], mixed: bool) -> bool:
    """Every number in ``values`` (a column of scalars) within ``bounds`` and finite;
    ``mixed``: the column holds other types too."""
    numbers = [v for v in values if type(v) in _NUMBERS] if mixed else values
    if not numbers:
        return True
    return bool(bounds[0] <= min(numbers) and max(numbers) <= bounds[1])  # inf: out of any


def _column(procs: list[dict[str, Any]], key: str) -> list[Any]:
    try:
        return list(map(itemgetter(key), procs))
    except KeyError:
        return [p[key] for p in procs if key in p]


def _physical_pages(column: list[dict[str, Any]]) -> None:
    """Objects of integers and lists of integers (what iOS 14+ writes), in 64 bits."""
    values = list(chain.from_iterable(map(dict.values, column)))
    kinds = set(map(type, values))
    if not kinds <= {int, list}:
        raise Refused("physicalPages")
    if list in kinds:
        items = list(chain.from_iterable(v for v in values if type(v) is list))
        if not set(map(type, items)) <= {int}:
            raise Refused("physicalPages")
        values = [v for v in values if type(v) is int] + items
    if not _numbers_in(values, _INT64, mixed=False):
        raise Refused("physicalPages")


def _check_column(key: str, kinds: set[type], procs: list[dict[str, Any]]) -> list[Any] | None:
    """Hold the values of ``key`` (which have ``kinds``) to what the sanity pass keeps;
    the column when it had to be gathered (integers of other keys fit 64 bits: no run
    of :data:`MAX_INT_DIGITS` digits is in the file)."""
    allowed = _PROCESS_TYPES.get(key)
    if allowed is not None and not kinds <= allowed:
        raise Refused(key)
    if key == "states":
        column = _column(procs, key)
        if not set(map(type, chain.from_iterable(column))) <= {str}:
            raise Refused(key)
    elif key == "physicalPages":
        column = _column(procs, key)
        _physical_pages(column)
    elif not kinds <= _SCALARS:  # a container under a key the model does not know
        column = _column(procs, key)
        if not all(map(sound, column)):
            raise Refused(key)
    elif key in _PROCESS_RANGES or float in kinds:
        column = _column(procs, key)
        bounds = _PROCESS_RANGES.get(key, _INT64)
        if not _numbers_in(column, bounds, mixed=not kinds <= _NUMBERS):
            raise Refused(key)
    else:
        return None
    return column


def checked_processes(body: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, list[Any]]]:
    """The process entries, refused unless each known key has a type the model takes
    and every value is one the sanity pass keeps; and the columns gathered, by key.

    One pass over the entries finds their shapes (keys and value types: a report has
    a handful); columns are gathered only for the keys held to a range."""
    procs = body.get("processes", [])
    if type(procs) is not list:
        raise Refused("processes")
    if procs and set(map(type, procs)) != {dict}:
        raise Refused("a process entry")
    shapes: set[tuple[Any, ...]] = set()
    add = shapes.add
    for p in procs:
        add((*p, *map(type, p.values())))  # its keys, then their types
    kinds: dict[str, set[type]] = {}
    for shape in shapes:
        half = len(shape) // 2
        for key, kind in zip(shape[:half], shape[half:], strict=True):
            kinds.setdefault(key, set()).add(kind)
    columns: dict[str, list[Any]] = {}
    for key, seen in kinds.items():
        column = _check_column(key, seen, procs)
        if column is not None:
            columns[key] = column
    return procs, columns


def page_size(body: dict[str, Any]) -> int:
    if "memoryStatus" not in body:
        return 4096
    status = body["memoryStatus"]
    if type(status) is not dict:
        raise Refused("memoryStatus")
    pages = status.get("memoryPages", {})
    if type(pages) is not dict or not _counts_in(pages.values(), (0, MAX_PAGES)):
        raise Refused("memoryPages")
    if not all(sound(v) for k, v in status.items() if k not in ("memoryPages", "pageSize")):
        raise Refused("memoryStatus")
    if "pageSize" not in status:
        return 4096
    size = status["pageSize"]
    low, high = PAGE_SIZE_RANGE
    if type(size) is not int or not low <= size <= high or size & (size - 1):
        raise Refused("pageSize")
    return size


def _counts_in(values: Iterable[object], bounds: tuple[int, int]) -> bool:
    counts: list[int] = []
    for value in values:
        if type(value) is not int:
            return False
        counts.append(value)
    return not counts or (bounds[0] <= min(counts) and max(counts) <= bounds[1])
