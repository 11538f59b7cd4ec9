"""Every source returns snapshots with the same fields and types.

Append a ``(name, factory)`` pair to :data:`SOURCE_FACTORIES` to hold a new source to
the contract (a factory returns a ready source; live sources that need a particular
OS can use fakes, as the macOS one does).
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from activitymon.model import (
    EventKind,
    JetsamThresholds,
    MemoryLimit,
    MemoryStats,
    PressureStall,
    ProcessInfo,
    Snapshot,
)
from activitymon.model.events import EVENT_TYPES
from activitymon.model.serialize import snapshot_to_dict
from activitymon.sources import Capability, ClockedSource, Source, open_source


def _macos_with_fakes() -> Source:
    from activitymon.sources.macos import MacOSSource
    from tests.macos.fakes import demo_fake

    return MacOSSource(demo_fake())


_REPLAY_DATA = Path(__file__).parent / "reports" / "data"
_REPLAY_REPORTS = [
    str(_REPLAY_DATA / "LowMemory-2013-05-02-093000.plist"),
    str(_REPLAY_DATA / "jetsam-body-modern.json"),
]

SOURCE_FACTORIES: list[tuple[str, Callable[[], Source]]] = [
    ("sim", lambda: open_source("sim")),
    ("macos-fakes", _macos_with_fakes),
    ("replay", lambda: open_source("replay", reports=_REPLAY_REPORTS)),
]
if sys.platform.startswith("linux"):  # the real /proc of this machine
    SOURCE_FACTORIES.append(("linux", lambda: open_source("linux")))


def _check_value(value: object, hint: object, where: str) -> None:
    """``value`` fits the annotation ``hint`` (unions, Optionals, containers)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in typing.get_args(hint):
            try:
                _check_value(value, option, where)
                return
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: {value!r} fits none of {hint}: {errors}")
    if hint is type(None):
        assert value is None, f"{where}: expected None, got {value!r}"
        return
    if hint is float:  # an int is an acceptable float, a bool is not
        assert isinstance(value, int | float), f"{where}: expected float, got {value!r}"
        assert not isinstance(value, bool), f"{where}: expected float, got {value!r}"
        return
    if hint is int:
        assert isinstance(value, int), f"{where}: expected int, got {value!r}"
        assert not isinstance(value, bool), f"{where}: expected int, got {value!r}"
        return
    if origin is not None:
        assert isinstance(value, origin), f"{where}: expected {origin}, got {type(value)}"
        args = typing.get_args(hint)
        if origin is tuple and args and isinstance(value, tuple):
            if len(args) == 2 and args[1] is Ellipsis:
                for i, item in enumerate(value):
                    _check_value(item, args[0], f"{where}[{i}]")
            else:
                for i, (item, arg) in enumerate(zip(value, args, strict=True)):
                    _check_value(item, arg, f"{where}[{i}]")
        elif origin is frozenset and isinstance(value, frozenset):
            for item in value:
                _check_value(item, args[0], f"{where} item")
        elif isinstance(value, Mapping) and args:
            for key, item in value.items():
                _check_value(key, args[0], f"{where} key")
                _check_value(item, args[1], f"{where}[{key!r}]")
        return
    assert isinstance(hint, type), f"{where}: unsupported hint {hint!r}"
    assert isinstance(value, hint), f"{where}: expected {hint.__name__}, got {value!r}"


def _check_dataclass(obj: object, where: str) -> None:
    hints = typing.get_type_hints(type(obj))
    for field in dataclasses.fields(obj):  # type: ignore[arg-type]
        _check_value(getattr(obj, field.name), hints[field.name], f"{where}.{field.name}")


@pytest.fixture(params=SOURCE_FACTORIES, ids=[name for name, _ in SOURCE_FACTORIES])
def source(request: pytest.FixtureRequest) -> typing.Iterator[Source]:
    _name, factory = request.param
    opened = factory()
    yield opened
    opened.close()


def _sample(source: Source) -> Snapshot:
    if isinstance(source, ClockedSource):
        source.advance(2.0)
    return source.sample()


def test_is_a_source(source: Source) -> None:
    assert isinstance(source, Source)
    assert isinstance(source.name, str)
    assert source.name
    description = source.describe()
    assert description
    assert "\n" not in description
    assert all(isinstance(c, Capability) for c in source.capabilities)


def test_snapshot_fields_have_the_model_types(source: Source) -> None:
    snap = _sample(source)
    assert type(snap) is Snapshot
    _check_dataclass(snap, "snapshot")
    _check_dataclass(snap.memory, "memory")
    assert snap.memory.page_size > 0
    assert snap.memory.total_pages > 0
    assert snap.processes, "a source shows at least one process"
    for proc in snap.processes:
        assert type(proc) is ProcessInfo
        _check_dataclass(proc, f"process {proc.pid}")
        for limit in (proc.limit, proc.active_limit, proc.inactive_limit):
            if limit is not None:
                assert type(limit) is MemoryLimit
                assert limit.bytes > 0
    for nested, cls in ((snap.thresholds, JetsamThresholds), (snap.psi, PressureStall)):
        if nested is not None:
            assert type(nested) is cls
            _check_dataclass(nested, cls.__name__)


def test_bands_come_with_an_era(source: Source) -> None:
    snap = _sample(source)
    if any(p.band is not None for p in snap.processes):
        assert snap.era is not None


def test_pids_are_unique_and_time_moves_forward(source: Source) -> None:
    first = _sample(source)
    second = _sample(source)
    assert len({p.pid for p in second.processes}) == len(second.processes)
    assert second.time >= first.time


def test_serialises_to_the_same_keys(source: Source) -> None:
    data = snapshot_to_dict(_sample(source))
    reference = snapshot_to_dict(
        Snapshot(time=0.0, memory=MemoryStats(page_size=4096, total_pages=1), processes=())
    )
    assert data.keys() == reference.keys()
    assert data["memory"].keys() == reference["memory"].keys()


def test_events_are_model_events(source: Source) -> None:
    _sample(source)
    _sample(source)
    for event in source.drain_events():
        assert isinstance(event.kind, EventKind)
        assert type(event) is EVENT_TYPES[event.kind]
        _check_dataclass(event, f"event {event.kind}")
