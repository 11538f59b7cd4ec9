"""What a value read from a recording may be, checked before it leaves the reader.

A recording is a file anyone can write: a footprint may be text, a page count may
have 400 digits, a time may be infinite. The model's values are plain dataclasses that
take whatever they are given, and a Qt view that sorts a text footprint against
integers crashes the window. So every value the reader builds — a process, the system
part of a snapshot, an event — is checked here against its field's type and range
before anyone sees it; a value that fails is a ``ValueError`` naming the field, and
the reader turns it into one line naming the file.

Types come from the dataclasses' own annotations (so a field added later is checked
too); ranges are :data:`RANGES` by field name, else by suffix (``*_bytes``,
``*_pages``), else 64-bit integers and finite floats.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from activitymon.model.text import shortened

INT64 = (-(1 << 63), (1 << 63) - 1)
#: more pages than this (4 PiB of 4 KiB pages) is no machine's
MAX_PAGES = 1 << 40
MAX_BYTES = 1 << 62
#: a recorded clock beyond this many seconds (either way) is not a clock
MAX_SECONDS = 1e12
#: the longest text a field may hold (a process name, a device, a path)
MAX_TEXT = 65_536
MAX_FLOAT = 1e18

Range = tuple[float, float]
#: ranges by field name (ints and floats)
RANGES: dict[str, Range] = {
    # replayed legacy reports give their processes the stand-in pids -1, -2 …
    "pid": (-(1 << 31), (1 << 31) - 1),
    "bytes": (0, MAX_BYTES),
    "page_size": (512, 1 << 20),
    "band": (-1000, 1000),
    "requested_band": (-1000, 1000),
    "oom_score_adj": (-1000, 1000),
    "oom_score": (-(1 << 31), (1 << 31) - 1),
    "memorystatus_level": (0, 100),
    "cpu_percent": (0, 1e6),
    "t": (-MAX_SECONDS, MAX_SECONDS),
    "time": (-MAX_SECONDS, MAX_SECONDS),
    "wall_time": (0, MAX_SECONDS),
}
_BY_SUFFIX: tuple[tuple[str, Range], ...] = (
    ("_bytes", (0, MAX_BYTES)),
    ("_pages", (0, MAX_PAGES)),
    ("_us", (0, INT64[1])),
    ("_avg10", (0, 100)),
    ("_avg60", (0, 100)),
    ("_avg300", (0, 100)),
)

Check = Callable[[Any], None]


def _shown(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return f"an integer of {len(str(abs(value)))} digits"
    if isinstance(value, str):
        return repr(shortened(value, 40))
    if isinstance(value, list | tuple | dict):
        return f"a {'list' if isinstance(value, list | tuple) else 'table'}"
    return shortened(repr(value), 40)


def _number(value: float) -> str:
    """A bound for a message: 2^62 rather than 4.61169e+18."""
    if value >= 1 << 20 and float(value).is_integer() and int(value) & (int(value) - 1) == 0:
        return f"2^{int(value).bit_length() - 1}"
    if value <= -(1 << 20) and float(value).is_integer() and -int(value) & (-int(value) - 1) == 0:
        return f"-2^{(-int(value)).bit_length() - 1}"
    if value >= 1 << 20 and float(value).is_integer() and (int(value) + 1) & int(value) == 0:
        return f"2^{int(value).bit_length()}-1"
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.0e}"


def range_of(name: str, default: Range) -> Range:
    found = RANGES.get(name)
    if found is not None:
        return found
    for suffix, bounds in _BY_SUFFIX:
        if name.endswith(suffix):
            return bounds
    return default


def _int_check(name: str) -> Check:
    low, high = range_of(name, INT64)

    def check(value: Any) -> None:
        if type(value) is not int or not low <= value <= high:
            raise ValueError(
                f"{name}: expected an integer from {_number(low)} to {_number(high)}, "
                f"got {_shown(value)}"
            )

    return check


def _float_check(name: str) -> Check:
    low, high = range_of(name, (-MAX_FLOAT, MAX_FLOAT))

    def check(value: Any) -> None:
        kind = type(value)
        if (kind is not float and kind is not int) or not low <= value <= high:
            # NaN fails every comparison, infinity the range
            raise ValueError(
                f"{name}: expected a number from {_number(low)} to {_number(high)}, "
                f"got {_shown(value)}"
            )

    return check


def _text_check(name: str) -> Check:
    def check(value: Any) -> None:
        if type(value) is not str or len(value) > MAX_TEXT:
            raise ValueError(f"{name}: expected text, got {_shown(value)}")

    return check


def _bool_check(name: str) -> Check:
    def check(value: Any) -> None:
        if type(value) is not bool:
            raise ValueError(f"{name}: expected true or false, got {_shown(value)}")

    return check


def _instance_check(name: str, cls: type) -> Check:
    nested = checker(cls) if dataclasses.is_dataclass(cls) else None

    def check(value: Any) -> None:
        if not isinstance(value, cls):
            raise ValueError(f"{name}: expected {cls.__name__}, got {_shown(value)}")
        if nested is not None:
            nested(value)

    return check


def _set_check(name: str, member: type) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, frozenset) or not all(isinstance(m, member) for m in value):
            raise ValueError(f"{name}: expected a set of {member.__name__}, got {_shown(value)}")

    return check


def _optional(check: Check) -> Check:
    def maybe(value: Any) -> None:
        if value is not None:
            check(value)

    return maybe


def _mapping_check(name: str, value_check: Check) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, Mapping) or len(value) > 256:
            raise ValueError(f"{name}: expected a table, got {_shown(value)}")
        for key, item in value.items():
            if type(key) is not str or len(key) > 256:
                raise ValueError(f"{name}: expected text keys, got {_shown(key)}")
            value_check(item)

    return check


def _tuple_check(name: str, parts: tuple[Any, ...]) -> Check | None:
    if len(parts) == 2 and parts[1] is not Ellipsis:  # (pid, reason): next_victim
        first, second = _check_for(f"{name}[0]", parts[0]), _check_for(f"{name}[1]", parts[1])

        def check(value: Any) -> None:
            if not isinstance(value, tuple) or len(value) != 2:
                raise ValueError(f"{name}: expected a pair, got {_shown(value)}")
            if first is not None:
                first(value[0])
            if second is not None:
                second(value[1])

        return check
    return None  # tuples of processes: each row is checked as it is built


def _check_for(name: str, hint: Any) -> Check | None:
    """A check for a value annotated ``hint``; ``None``: nothing to check here."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = _check_for(name, args[0]) if len(args) == 1 else None
        return None if inner is None else _optional(inner)
    if origin is typing.ClassVar:
        return None
    if origin is frozenset:
        return _set_check(name, typing.get_args(hint)[0])
    if origin is tuple:
        return _tuple_check(name, typing.get_args(hint))
    if origin is Mapping or origin is dict:
        value_hint = typing.get_args(hint)[1]
        return _mapping_check(name, _check_for(f"{name}[]", value_hint) or (lambda v: None))
    if hint is bool:
        return _bool_check(name)
    if hint is int:
        return _int_check(name)
    if hint is float:
        return _float_check(name)
    if hint is str:
        return _text_check(name)
    if isinstance(hint, type) and (issubclass(hint, enum.Enum) or dataclasses.is_dataclass(hint)):
        return _instance_check(name, hint)
    return None


@cache
def checker(cls: type) -> Check:
    """A function that raises ``ValueError`` ("footprint_bytes: expected an integer
    from 0 to …, got 'abc'") unless every field of an instance of ``cls`` holds a value
    of its type and range."""
    hints = typing.get_type_hints(cls)
    checks: list[tuple[str, Check]] = []
    for f in dataclasses.fields(cls):
        found = _check_for(f.name, hints[f.name])
        if found is not None:
            checks.append((f.name, found))

    def check(value: Any) -> None:
        for name, one in checks:
            one(getattr(value, name))

    return check


def unchecked_fields(cls: type) -> list[str]:
    """Fields of ``cls`` whose annotation gives no check (for tests: every field of a
    value a recording holds is either checked or deliberately left to its reader)."""
    hints = typing.get_type_hints(cls)
    return [f.name for f in dataclasses.fields(cls) if _check_for(f.name, hints[f.name]) is None]


def is_finite(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


#: the system part's tables (``None`` allowed where marked) and their inner tables
_TABLES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "memory": (False, ()),
    "thresholds": (True, ()),
    "psi": (True, ("some",)),
    "next_victim": (True, ()),
    "extra": (True, ()),
}
_TEXTS = ("level", "era", "device")


def check_shape(system: Mapping[str, Any]) -> None:
    """The system part has tables where tables belong and text where text does (the
    values inside are checked once they are built)."""
    for key, (optional, inner) in _TABLES.items():
        value = system.get(key)
        if value is None and optional:
            continue
        if type(value) is not dict:
            raise ValueError(f"{key}: expected a table, got {_kind(value)}")
        for name in inner:
            if type(value.get(name)) is not dict:
                raise ValueError(f"{key}.{name}: expected a table, got {_kind(value.get(name))}")
    psi = system.get("psi")
    if psi is not None and psi.get("full") is not None and type(psi["full"]) is not dict:
        raise ValueError(f"psi.full: expected a table, got {_kind(psi['full'])}")
    time = system.get("time")
    number = isinstance(time, int | float) and not isinstance(time, bool)
    if not (number and time is not None and -MAX_SECONDS <= time <= MAX_SECONDS):
        raise ValueError(f"time: expected a number of seconds, got {_kind(time)}")
    extra = system.get("extra") or {}
    for name, value in extra.items():
        if type(value) not in (int, float):
            raise ValueError(
                f"extra.{shortened(str(name), 24)}: expected a number, got {_kind(value)}"
            )
    for key in _TEXTS:
        value = system.get(key)
        if value is not None and type(value) is not str:
            raise ValueError(f"{key}: expected text, got {_kind(value)}")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    names: dict[type, str] = {list: "a list", dict: "a table", str: "text"}
    return names.get(type(value), shortened(repr(value), 24))
