"""Bands (issue 3 §2, §3): FIFO queues in entry order, XNU names on each era's scale."""

from __future__ import annotations

import pytest

from activitymon.model import Era, band_name
from activitymon.sim import SimulatorError
from activitymon.sim.bands import BandQueues
from activitymon.sim.process import SimProcess
from tests.sim.conftest import make_sim


def proc(pid: int, pages: int = 1) -> SimProcess:
    from activitymon.model import ProcessState

    return SimProcess(pid, f"p{pid}", ProcessState.DAEMON, 0, 0, 0, 0.0, pages=pages)


def test_band_is_fifo_with_head_insertion() -> None:
    q = BandQueues()
    a, b, c, d = proc(1), proc(2), proc(3), proc(4)
    for p in (a, b, c):
        q.insert(p, 0)
    q.insert(d, 0, head=True)
    assert [p.pid for p in q.band(0)] == [4, 1, 2, 3]
    assert [p.seq for p in q.band(0)] == sorted(p.seq for p in q.band(0))
    q.insert(a, 0)  # re-entering a band goes to the tail
    assert [p.pid for p in q.band(0)] == [4, 2, 3, 1]


def test_kill_order_walks_bands_upward() -> None:
    q = BandQueues()
    q.insert(proc(1), 100)
    q.insert(proc(2), 0)
    q.insert(proc(3), 30)
    q.insert(proc(4), 0)
    assert [p.pid for p in q.in_order()] == [2, 4, 3, 1]


def test_sorting_a_band_puts_the_largest_first_and_renumbers() -> None:
    q = BandQueues()
    for pid, pages in ((1, 10), (2, 30), (3, 20)):
        q.insert(proc(pid, pages), 100)
    q.sort_band(100, lambda p: p.pages)
    assert [p.pid for p in q.band(100)] == [2, 3, 1]
    assert [p.seq for p in q.band(100)] == sorted(p.seq for p in q.band(100))


def test_eras_and_band_names() -> None:
    # xnu-2050 has no bands: one list of priorities (bsd/kern/kern_memorystatus.c ·
    # memorystatus_add_node)
    assert make_sim(profile="iPod5,1").era is Era.PRIORITY_LIST
    assert make_sim(profile="iPad2,5").era is Era.LEGACY
    assert make_sim(profile="iPhone12,1").era is Era.MODERN
    assert make_sim(profile="Mac").era is Era.MACOS
    assert band_name(100, Era.MODERN) == "FOREGROUND"
    assert band_name(10, Era.LEGACY) == "FOREGROUND"


def test_snapshot_lists_processes_in_band_order_with_entry_numbers() -> None:
    sim = make_sim(population=True)
    snap = sim.snapshot()
    keys = [(p.band, p.band_seq) for p in snap.processes]
    assert keys == sorted(keys)
    assert all(p.band is not None and 0 <= p.band <= 210 for p in snap.processes)


def test_set_band_by_name_and_errors() -> None:
    sim = make_sim()
    pid = sim.launch("d", "important", 5)
    sim.set_band(pid, "foreground")
    assert sim.snapshot().by_pid[pid].band == 100
    with pytest.raises(SimulatorError, match="band"):
        sim.set_band(pid, "hgh")
    with pytest.raises(SimulatorError, match="no running process with pid 9999"):
        sim.set_band(9999, 0)
