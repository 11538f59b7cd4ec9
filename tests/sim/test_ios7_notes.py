"""iOS 7's own pressure notes: xnu-2422's two paths on the iPad mini (xnu-2423), each
read in bsd/kern/kern_memorystatus.c · memorystatus_update_vm_pressure and
bsd/kern/vm_pressure.c at xnu-2422.1.72."""

from __future__ import annotations

from activitymon.model import Notified
from activitymon.sim import Simulator
from tests.sim.conftest import make_sim

# memorystatus_delta = 5 × 131,072 / 100 pages (512 MB); pressure threshold 3 ×
PRESSURE = 19_659


def ipad() -> tuple[Simulator, dict[str, int]]:
    sim = make_sim(profile="iPad2,5")
    pids = {
        "front": sim.launch("front", "foreground", 20, "frontmost"),
        "big": sim.launch("big", "background", 60, "background"),
        "mid": sim.launch("mid", "background", 30, "background"),
        "small": sim.launch("small", "background", 9, "background"),
        "asleep": sim.launch("asleep", "background", 80, "suspended"),
        # memory taken by a suspended process: the pageout path never picks it
        "filler": sim.launch("filler", "background", 1, "suspended"),
    }
    sim.drain_events()
    return sim, pids


def squeeze_to(sim: Simulator, filler: int, pages: int) -> None:
    """Take memory so that the real available count is exactly ``pages``."""
    k = sim.kernel
    proc = k.procs[filler]
    k.set_pages(proc, proc.pages + k.vm.available_ios - pages)
    assert k.vm.available_ios == pages


def notes(sim: Simulator) -> list[tuple[float, int]]:
    return [(e.t, e.pid) for e in sim.drain_events() if isinstance(e, Notified)]


def test_the_foreground_app_is_told_each_time_the_available_count_falls() -> None:
    """memorystatus_thread ends with memorystatus_update_vm_pressure(TRUE): while
    pressured, a count lower than memorystatus_last_foreground_pressure_pages sends
    vm_find_pressure_foreground_candidates, which takes every FOREGROUND knote from the
    active and the dormant list alike (no 'already told' test)."""
    sim, pids = ipad()
    squeeze_to(sim, pids["filler"], PRESSURE - 2_000)
    sim.advance(0.1)
    assert (0.0, pids["front"]) in notes(sim)
    squeeze_to(sim, pids["filler"], PRESSURE - 9_000)  # a whole memorystatus_delta lower
    sim.advance(0.1)
    assert (0.1, pids["front"]) in notes(sim)


def test_the_pageout_path_tells_the_largest_once_and_never_one_under_10_mb() -> None:
    """vm_find_pressure_candidate: one knote per call, the largest resident size of at
    least VM_PRESSURE_MINIMUM_RSIZE (10 MB), not suspended
    (memorystatus_bg_pressure_eligible); its knote moves to the dormant list, which
    vm_reset_active_list refills only without CONFIG_JETSAM."""
    sim, pids = ipad()
    squeeze_to(sim, pids["filler"], PRESSURE - 2_000)
    sim.advance(30)
    told = [pid for _, pid in notes(sim)]
    assert told == [pids["front"], pids["big"], pids["mid"]]


def test_back_to_normal_resets_the_foreground_mark() -> None:
    """memorystatus_update_vm_pressure: an unpressured change sets
    memorystatus_last_foreground_pressure_pages back to (unsigned int)-1, so the next
    pressured run tells the foreground app again at any count."""
    sim, pids = ipad()
    squeeze_to(sim, pids["filler"], PRESSURE - 2_000)
    sim.advance(0.1)
    squeeze_to(sim, pids["filler"], PRESSURE + 9_000)
    sim.advance(0.1)
    sim.drain_events()
    squeeze_to(sim, pids["filler"], PRESSURE - 2_000)
    sim.advance(0.1)
    assert (0.2, pids["front"]) in notes(sim)  # the count it was told at before
