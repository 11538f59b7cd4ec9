"""The headroom an app sees (§9: ``os_proc_available_memory()`` = limit − footprint,
floored at 0)."""

from __future__ import annotations

from activitymon.model import (
    MemoryLimit,
    MemoryStats,
    ProcessInfo,
    ProcessState,
    Snapshot,
    frontmost_app,
    headroom_bytes,
    os_proc_available_memory,
    used_fraction,
)

MB = 1 << 20


def _proc(pid: int, footprint_mb: int, limit_mb: int | None, *, fatal: bool = True) -> ProcessInfo:
    limit = None if limit_mb is None else MemoryLimit(limit_mb * MB, fatal)
    return ProcessInfo(pid, f"p{pid}", footprint_bytes=footprint_mb * MB, limit=limit)


def test_headroom_is_the_distance_to_the_applied_limit() -> None:
    assert headroom_bytes(_proc(1, 1500, 2068)) == 568 * MB
    assert _proc(1, 1500, 2068).headroom_bytes == 568 * MB
    assert headroom_bytes(_proc(1, 1500, None)) is None


def test_over_a_soft_limit_the_headroom_is_negative_and_the_call_returns_0() -> None:
    over = _proc(2, 70, 60, fatal=False)
    assert headroom_bytes(over) == -10 * MB
    assert os_proc_available_memory(over) == 0
    assert os_proc_available_memory(_proc(3, 10, 60)) == 50 * MB
    assert os_proc_available_memory(_proc(3, 10, None)) is None


def test_used_fraction() -> None:
    assert used_fraction(_proc(1, 48, 60)) == 0.8
    assert used_fraction(_proc(1, 48, None)) is None


def test_the_frontmost_app_is_the_one_in_frontmost_state() -> None:
    memory = MemoryStats(page_size=16384, total_pages=1000)
    game = ProcessInfo(5, "Game", states=frozenset({ProcessState.FRONTMOST}))
    mail = ProcessInfo(6, "Mail", states=frozenset({ProcessState.SUSPENDED}))
    assert frontmost_app(Snapshot(0.0, memory, (mail, game))) is game
    assert frontmost_app(Snapshot(0.0, memory, (mail,))) is None
