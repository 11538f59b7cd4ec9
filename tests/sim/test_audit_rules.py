"""The rules the audit of issue 23 found, each named by rule and tag; expectations are
read in XNU at that tag (files under bsd/kern/ unless a path is given)."""

from __future__ import annotations

import itertools

from activitymon.model import Killed, KillReason, Notified, ProcessState
from activitymon.sim import Simulator
from activitymon.sim.rules import KillRecord
from tests.sim.conftest import kills, make_sim

# -- JETSAM_PRIORITY_ELEVATED_INACTIVE (bsd/sys/kern_memorystatus.h) -------------------


def _elevated_app(profile: str, band: int, attribute: bool) -> tuple[Simulator, int]:
    sim = make_sim(profile=profile)
    pid = sim.launch(
        "worker",
        "foreground",
        100,
        ProcessState.BACKGROUND,
        limit_mb=300,
        inactive_limit_mb=50,
        elevated_inactive=attribute,
    )
    sim.set_band(pid, band)
    sim.drain_events()
    sim.allocate(pid, 1)  # the next allocation meets the limit that applies now
    return sim, pid


def test_elevated_inactive_is_band_3_with_the_attribute_xnu7195() -> None:
    """xnu-7195.141.2: ELEVATED_INACTIVE = BACKGROUND (3); proc_jetsam_state_is_active_
    locked: the attribute and that band → active (the 300 MB limit)."""
    sim, pid = _elevated_app("iPhone8,1", 3, attribute=True)
    assert not kills(sim.drain_events())
    assert sim.snapshot().by_pid[pid].limit.bytes == 300 << 20  # type: ignore[union-attr]


def test_band_3_without_the_attribute_is_inactive_xnu7195() -> None:
    sim, pid = _elevated_app("iPhone8,1", 3, attribute=False)
    assert [(k.pid, k.reason) for k in kills(sim.drain_events())] == [
        (pid, KillReason.PER_PROCESS_LIMIT)
    ]


def test_elevated_inactive_moved_to_band_4_xnu8796() -> None:
    """xnu-8019.41.5: ELEVATED_INACTIVE = MAIL (4, 40 on the ×10 scale): band 30 is an
    ordinary background band there, even with the attribute."""
    sim, pid = _elevated_app("iPhone10,3", 30, attribute=True)
    assert [(k.pid, k.reason) for k in kills(sim.drain_events())] == [
        (pid, KillReason.PER_PROCESS_LIMIT)
    ]
    sim, pid = _elevated_app("iPhone10,3", 40, attribute=True)
    assert not kills(sim.drain_events())


# -- memorystatus_update: a request for IDLE_DEFERRED (xnu-2422.1.72) --------------------


def test_a_request_for_band_1_becomes_band_0_xnu2423() -> None:
    sim = make_sim(profile="iPad2,5")
    pid = sim.launch("daemon", "background", 5)
    sim.set_band(pid, 1)
    assert sim.snapshot().by_pid[pid].band == 0


def test_a_request_for_band_1_is_kept_before_xnu2422_as_a_priority_xnu2107() -> None:
    """xnu-2050 has no reserved bands: any priority is kept (memorystatus_list_change)."""
    sim = make_sim(profile="iPod5,1")
    pid = sim.launch("daemon", -100, 5)
    sim.set_band(pid, 1)
    assert sim.snapshot().by_pid[pid].band == 1


# -- memorystatus_update_jetsam_snapshot_entry_locked (xnu-3789.1.32) ---------------------


def _entry_pages_after_growth(profile: str) -> tuple[int, int]:
    """(pages when the snapshot was taken, pages its entry shows after the kill)."""
    sim = make_sim(profile=profile)
    k = sim.kernel
    first = k.procs[sim.launch("first", "background", 10, ProcessState.SUSPENDED)]
    grower = k.procs[sim.launch("grower", "background", 10, ProcessState.SUSPENDED)]
    k.reporter.on_kill(first, KillReason.VM_PAGESHORTAGE, KillRecord.POSTED)
    taken = grower.pages
    k.set_pages(grower, grower.pages + 512)
    k.reporter.on_kill(grower, KillReason.VM_PAGESHORTAGE, KillRecord.POSTED)
    assert k.reporter.snapshot is not None
    return taken, k.reporter.snapshot.entries[grower.pid].pages


def test_a_kill_does_not_refresh_its_snapshot_entry_xnu2423() -> None:
    """xnu-2422.1.72 memorystatus_update_snapshot_locked marks the kill only."""
    taken, shown = _entry_pages_after_growth("iPad2,5")
    assert shown == taken


def test_a_kill_refreshes_its_snapshot_entry_xnu7195() -> None:
    """memorystatus_update_jetsam_snapshot_entry_locked: "always update the page counts
    on a kill" (from xnu-3789.1.32)."""
    taken, shown = _entry_pages_after_growth("iPhone8,1")
    assert shown > taken


# -- memorystatus_update_vm_pressure: idle exits before notes (macOS, xnu-2782 →) ---------


def test_a_mac_kills_its_idle_exit_processes_before_telling_anyone_xnu11417() -> None:
    sim = make_sim(profile="Mac")
    idle = [sim.launch(f"idle{i}", "idle", 20, idle_exit=True) for i in range(3)]
    app = sim.launch("app", "foreground", 200, ProcessState.FRONTMOST)
    sim.drain_events()
    sim.simulate_pressure("warn")
    sim.advance(10)
    events = sim.drain_events()
    idle_kills = [e for e in events if isinstance(e, Killed)]
    notes = [e for e in events if isinstance(e, Notified)]
    assert {k.pid for k in idle_kills} == set(idle)
    # one kill, then delay(1000000): a second apart
    gaps = [round(b.t - a.t, 6) for a, b in itertools.pairwise(idle_kills)]
    assert gaps == [1.0, 1.0]
    assert notes
    assert min(n.t for n in notes) >= max(k.t for k in idle_kills) + 1.0
    assert app in {n.pid for n in notes}
