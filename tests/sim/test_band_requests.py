"""Where a request for a band lands, release by release (§1.3), and how aging moves a
process on its way to the idle band (§1.6).

Every expectation is a literal from ``bsd/kern/kern_memorystatus.c`` ·
``memorystatus_update`` and ``bsd/sys/kern_memorystatus.h`` at the tag named:

* xnu-2107 (iOS 6, one priority list): any priority is kept.
* xnu-2422.1.72: ``priority == JETSAM_PRIORITY_IDLE_DEFERRED`` (1) "is reserved for
  internal use; if requested, adjust to JETSAM_PRIORITY_IDLE" (0).
* xnu-3789.1.32: ``(priority == system_procs_aging_band) || (priority ==
  applications_aging_band)`` → IDLE; under the legacy aging policy
  ``applications_aging_band`` is ``JETSAM_PRIORITY_IDLE`` (0), under
  kJetsamAgingPolicySysProcsReclaimedFirst (xnu-6153 →) ``JETSAM_PRIORITY_AGING_BAND2`` (2).
* xnu-8796.141.3: ``priority > JETSAM_PRIORITY_IDLE && priority <=
  applications_aging_band`` → IDLE; bands ×10 (``JETSAM_PRIORITY_IDLE_DEFERRED`` 10,
  ``AGING_BAND2`` 20); on macOS both aging bands are 0 (no range reserved).
* xnu-11215.1.10: ``priority > JETSAM_PRIORITY_IDLE && priority <=
  JETSAM_PRIORITY_AGING_BAND2`` (20) → IDLE, whatever the aging policy.
"""

from __future__ import annotations

import pytest

from activitymon.model import Era, ProcessState
from activitymon.sim.aging import reserved_request
from activitymon.sim.rules import rules_for
from tests.sim.conftest import make_sim

# (xnu, era, scale of its header's bands, requested band, band it becomes)
REQUESTS = [
    # xnu-2107: one priority list, nothing reserved
    (2107, Era.PRIORITY_LIST, 1, 1, 1),
    (2107, Era.PRIORITY_LIST, 1, 2, 2),
    # xnu-2422/2423: IDLE_DEFERRED (1) → IDLE; 2 and 3 kept
    (2423, Era.LEGACY, 1, 0, 0),
    (2423, Era.LEGACY, 1, 1, 0),
    (2423, Era.LEGACY, 1, 2, 2),
    (2423, Era.LEGACY, 1, 3, 3),
    # xnu-3789, legacy aging: system_procs_aging_band 1 → IDLE; applications_aging_band
    # is IDLE itself, so 2 is kept
    (3789, Era.LEGACY, 1, 1, 0),
    (3789, Era.LEGACY, 1, 2, 2),
    (3789, Era.LEGACY, 1, 3, 3),
    # xnu-7195, SysProcsReclaimedFirst: both aging bands (1 and 2) → IDLE
    (7195, Era.LEGACY, 1, 1, 0),
    (7195, Era.LEGACY, 1, 2, 0),
    (7195, Era.LEGACY, 1, 3, 3),
    # xnu-8796: 0 < priority <= applications_aging_band (20) → IDLE
    (8796, Era.MODERN, 10, 0, 0),
    (8796, Era.MODERN, 10, 1, 0),
    (8796, Era.MODERN, 10, 10, 0),
    (8796, Era.MODERN, 10, 15, 0),
    (8796, Era.MODERN, 10, 20, 0),
    (8796, Era.MODERN, 10, 21, 21),
    (8796, Era.MODERN, 10, 25, 25),
    (8796, Era.MODERN, 10, 30, 30),
    # macOS xnu-8796: the aging bands are 0, no range is reserved
    (8796, Era.MACOS, 10, 1, 1),
    (8796, Era.MACOS, 10, 10, 10),
    (8796, Era.MACOS, 10, 20, 20),
    # xnu-11215 →: 0 < priority <= JETSAM_PRIORITY_AGING_BAND2 (20) → IDLE
    (11417, Era.MODERN, 10, 1, 0),
    (11417, Era.MODERN, 10, 10, 0),
    (11417, Era.MODERN, 10, 20, 0),
    (11417, Era.MODERN, 10, 21, 21),
    (11417, Era.MODERN, 10, 25, 25),
]


@pytest.mark.parametrize(("xnu", "era", "scale", "band", "becomes"), REQUESTS)
def test_a_request_for_a_reserved_band_becomes_idle(
    xnu: int, era: Era, scale: int, band: int, becomes: int
) -> None:
    assert reserved_request(band, rules_for(xnu, era), scale) == becomes


def test_a_tracked_daemon_asking_for_a_band_above_idle_goes_there_without_aging() -> None:
    # memorystatus_update: aging (memorystatus_schedule_idle_demotion_locked) only on the
    # way to JETSAM_PRIORITY_IDLE; a request for band 30 (BACKGROUND) is that band
    sim = make_sim()
    pid = sim.launch("d", "important", 5, idle_exit=True)
    sim.set_band(pid, 30)
    sim.run_until(0.01)
    assert sim.snapshot().by_pid[pid].band == 30


def test_a_tracked_daemon_already_idle_asking_for_idle_stays_idle() -> None:
    sim = make_sim()
    pid = sim.launch("d", "important", 5, idle_exit=True, relaunch="high")
    sim.set_band(pid, "idle")
    sim.run_until(10.1)  # aged 10 s in band 10, now in 0
    assert sim.snapshot().by_pid[pid].band == 0
    sim.set_band(pid, "idle")
    sim.run_until(10.2)
    assert sim.snapshot().by_pid[pid].band == 0


def test_an_unknown_relaunch_likelihood_ages_like_low() -> None:
    # xnu-6153 memorystatus_sysprocs_idle_time: case P_MEMSTAT_RELAUNCH_UNKNOWN falls
    # through to P_MEMSTAT_RELAUNCH_LOW: memorystatus_sysprocs_idle_delay_time (10 s) / 5
    sim = make_sim()
    pid = sim.launch("d", "important", 5, idle_exit=True, relaunch="unknown")
    sim.set_band(pid, "idle")
    sim.run_until(1.9)
    assert sim.snapshot().by_pid[pid].band == 10
    sim.run_until(2.1)
    assert sim.snapshot().by_pid[pid].band == 0


def test_a_dirty_daemon_on_a_mac_goes_to_idle_at_once() -> None:
    # macOS (xnu-8792 →): aging bands are 0, nothing is deferred
    sim = make_sim(profile="Mac")
    pid = sim.launch("d", "important", 5, idle_exit=True, dirty=True)
    sim.set_band(pid, "idle")
    sim.run_until(1.0)
    assert sim.snapshot().by_pid[pid].band == 0


def _first_victim_after_two_idle_requests(
    profile: str, state: ProcessState, band: str = "important"
) -> str:
    """Two processes ask for the idle band 0.5 s apart; which one jetsam takes first
    (a band is FIFO: the one there longest; iOS 6's list: the newest among equals)."""
    sim = make_sim(profile=profile)
    first = sim.launch("first", band, 5, state)
    second = sim.launch("second", band, 5, state)
    sim.set_band(first, "idle")
    sim.run_until(0.5)
    sim.set_band(second, "idle")
    sim.run_until(3.0)
    snap = sim.snapshot()
    assert snap.by_pid[first].band == snap.by_pid[second].band  # the idle band
    assert snap.next_victim is not None
    return "first" if snap.next_victim[0] == first else "second"


def test_an_untracked_daemon_goes_straight_to_idle_and_stays_first_in_line() -> None:
    # an untracked daemon is not aged (memorystatus_update: no P_DIRTY_TRACK): it is put
    # in the idle band once, and keeps its place there
    assert _first_victim_after_two_idle_requests("iPhone12,1", ProcessState.DAEMON) == "first"


def test_a_legacy_app_goes_straight_to_idle_and_stays_first_in_line() -> None:
    # xnu-2423: applications_aging_band does not exist, apps go to IDLE at once
    app = ProcessState.BACKGROUND
    assert _first_victim_after_two_idle_requests("iPad2,5", app) == "first"


def test_a_process_already_idle_asking_for_idle_again_is_put_in_line_once() -> None:
    # memorystatus_update_priority_locked: the request re-inserts it at the band's tail
    # (no aging from band 0 to band 0, so nothing moves it again later)
    assert _first_victim_after_two_idle_requests("iPhone12,1", ProcessState.DAEMON, "idle") == (
        "first"
    )


def test_ios6_puts_a_process_on_the_list_once_newest_first() -> None:
    # xnu-2107 memorystatus_list_change: no deferred band; a node goes before the first
    # node of equal priority, so the newest request is first in line
    assert _first_victim_after_two_idle_requests("iPod5,1", ProcessState.DAEMON) == "second"


def test_a_legacy_app_going_idle_is_not_moved_again_later() -> None:
    # xnu-2423 (legacy aging): an app goes to IDLE at once, with no deferred deadline
    # after which it would be put in line again; an untracked daemon that came later
    # stays behind it
    sim = make_sim(profile="iPad2,5")
    app = sim.launch("app", "important", 5, ProcessState.BACKGROUND)
    daemon = sim.launch("daemon", "important", 5)
    sim.set_band(app, "idle")
    sim.run_until(0.5)
    sim.set_band(daemon, "idle")
    sim.run_until(3.0)
    victim = sim.snapshot().next_victim
    assert victim is not None
    assert victim[0] == app


def test_ios6_a_request_for_priority_0_is_not_moved_again_later() -> None:
    # xnu-2107: no aging at all; a process launched at priority 0 later is newer, so
    # first in line (memorystatus_list_change: before the first node of equal priority)
    sim = make_sim(profile="iPod5,1")
    first = sim.launch("first", "important", 5)
    sim.set_band(first, 0)
    sim.run_until(0.5)
    second = sim.launch("second", 0, 5)
    sim.run_until(3.0)
    victim = sim.snapshot().next_victim
    assert victim is not None
    assert victim[0] == second


@pytest.mark.parametrize("start", ["important", "idle"])
def test_an_untracked_daemon_asking_for_idle_is_put_in_line_once(start: str) -> None:
    # memorystatus_update: no dirty tracking, no deferred deadline: the request puts it
    # in the idle band once; a daemon launched there later stays behind it (whether the
    # first came from a higher band or was in the idle band already)
    sim = make_sim()
    first = sim.launch("first", start, 5)
    sim.set_band(first, "idle")
    sim.run_until(0.5)
    second = sim.launch("second", "idle", 5)
    sim.run_until(3.0)
    snap = sim.snapshot()
    assert snap.by_pid[first].band == snap.by_pid[second].band == 0
    assert snap.next_victim is not None
    assert snap.next_victim[0] == first
