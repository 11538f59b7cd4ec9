"""The state lanes for reports without priority (before iOS 13), one process per rule:
jetsam reaches idle daemons first (a daemon that is also idle, whatever else it is),
then suspended apps, background, other daemons, the frontmost app (issue 29: the
idle-daemon rule could change unnoticed)."""

from __future__ import annotations

from activitymon.model import MemoryStats, ProcessInfo, ProcessState, Snapshot
from activitymon.viewmodel.lanes import state_lanes

D, IDLE, S, B, F = (
    ProcessState.DAEMON,
    ProcessState.IDLE,
    ProcessState.SUSPENDED,
    ProcessState.BACKGROUND,
    ProcessState.FRONTMOST,
)


def _lanes(procs: list[ProcessInfo]) -> list[tuple[str, list[str]]]:
    snap = Snapshot(0.0, MemoryStats(page_size=4096, total_pages=1000), tuple(procs))
    return [(lane.title, [p.name for p in lane.processes]) for lane in state_lanes(snap)]


def test_each_process_lands_in_the_first_lane_its_states_fit() -> None:
    procs = [
        ProcessInfo(1, "springboard"),
        ProcessInfo(2, "front", states=frozenset({F})),
        ProcessInfo(3, "busy-daemon", states=frozenset({D})),
        ProcessInfo(4, "idle-daemon", states=frozenset({D, IDLE})),
        ProcessInfo(5, "idle-bg-daemon", states=frozenset({D, IDLE, B})),
        ProcessInfo(6, "idle-app", states=frozenset({IDLE})),
        ProcessInfo(7, "suspended", states=frozenset({S})),
        ProcessInfo(8, "bg-daemon", states=frozenset({D, B})),
        ProcessInfo(9, "killed-daemon", states=frozenset({D, IDLE}), kill_reason="vm-pageshortage"),
    ]
    assert _lanes(procs) == [
        ("killed (kill order)", ["killed-daemon"]),
        ("idle daemons", ["idle-daemon", "idle-bg-daemon"]),
        ("suspended apps", ["suspended"]),
        ("background", ["bg-daemon"]),
        ("daemons", ["busy-daemon"]),
        ("frontmost", ["front"]),
        ("no state (SpringBoard …)", ["springboard", "idle-app"]),
    ]


def test_a_lane_lists_its_processes_in_entry_order_then_pid() -> None:
    procs = [
        ProcessInfo(30, "c", states=frozenset({D, IDLE}), band_seq=2),
        ProcessInfo(10, "a", states=frozenset({D, IDLE}), band_seq=5),
        ProcessInfo(20, "b", states=frozenset({D, IDLE})),
        ProcessInfo(5, "d", states=frozenset({D, IDLE})),
    ]
    assert _lanes(procs) == [("idle daemons", ["c", "a", "d", "b"])]


def test_lane_order_and_term() -> None:
    snap = Snapshot(
        0.0,
        MemoryStats(page_size=4096, total_pages=1000),
        (ProcessInfo(1, "x", states=frozenset({S})), ProcessInfo(2, "y", states=frozenset({F}))),
    )
    lanes = state_lanes(snap)
    assert [(lane.title, lane.order, lane.term) for lane in lanes] == [
        ("suspended apps", 2.0, "state"),
        ("frontmost", 5.0, "state"),
    ]
