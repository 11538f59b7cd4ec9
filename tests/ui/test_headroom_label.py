"""The status bar's figure for the frontmost app: os_proc_available_memory()."""

from __future__ import annotations

from activitymon.model import MemoryLimit, MemoryStats, ProcessInfo, ProcessState, Snapshot
from activitymon.ui.headroom_label import headroom_text
from activitymon.units import UnitSystem
from tests.ui.conftest import tick

MIB = 1 << 20


def snapshot(*procs: ProcessInfo) -> Snapshot:
    return Snapshot(0.0, MemoryStats(page_size=16384, total_pages=262144), procs)


def test_the_text_is_the_distance_to_the_frontmost_apps_limit() -> None:
    game = ProcessInfo(
        1,
        "Game",
        footprint_bytes=2544 * MIB,
        limit=MemoryLimit(3072 * MIB, True),
        states=frozenset({ProcessState.FRONTMOST}),
    )
    mail = ProcessInfo(2, "Mail", footprint_bytes=90 * MIB, limit=MemoryLimit(2068 * MIB))
    assert headroom_text(snapshot(game, mail), UnitSystem.BINARY) == "Game can use 528 MB more"
    assert headroom_text(snapshot(mail), UnitSystem.BINARY) == ""


def test_the_window_shows_it(window) -> None:
    tick(window, 10)  # the demo's game is frontmost from t = 3
    text = window.status_line.headroom.text()
    assert text.startswith("Game can use ")
    assert text.endswith(" more")
    assert "os_proc_available_memory" in window.status_line.headroom.toolTip()


def test_a_source_that_does_not_know_limits_says_nothing_about_them() -> None:
    """A replayed JetsamEvent report records no process's limit: its frontmost game is
    not "without a memory limit" (the demo's game had 3 GB)."""
    game = ProcessInfo(
        1, "Game", footprint_bytes=2544 * MIB, states=frozenset({ProcessState.FRONTMOST})
    )
    assert headroom_text(snapshot(game), UnitSystem.BINARY) == "Game: no memory limit"
    assert headroom_text(snapshot(game), UnitSystem.BINARY, limits_known=False) == ""
