"""When the compressor (or a Mac's swap) runs out of room (sim/jetsam.py).

Expectations are literals from XNU at the tag named:

* xnu-11417.121.6 bsd/kern/kern_memorystatus_policy.c · ``memorystatus_pick_action``,
  ``!CONFIG_JETSAM``: nothing while healthy, then high-water offenders, then
  MEMORYSTATUS_KILL_IDLE while ``memstat_get_idle_proccnt() > 0``, else
  MEMORYSTATUS_KILL_NONE ("The no paging space action will be performed synchronously
  by the thread performing the compression/swap").
* kern_memorystatus.c · ``memorystatus_kill_top_process``, ``!CONFIG_JETSAM``:
  ``if (sort_flag) memorystatus_sort_bucket(JETSAM_PRIORITY_IDLE, …)`` (largest first,
  on the first kill of a wake: ``state->sort_flag = true`` then ``false`` after a kill);
  with ``max_priority == JETSAM_PRIORITY_IDLE`` a process whose dirty state is not
  ``P_DIRTY_ALLOW_IDLE_EXIT`` alone is skipped; ``memstat_get_idle_proccnt`` counts the
  same clean idle-exit processes.
* kern_proc.c · ``no_paging_space_action``: the process with the most compressed pages
  is killed (``JETSAM_REASON_LOWSWAP``) if ``npcs_max_size > (compressed * 50) / 100``;
  at most once per ``no_paging_space_action_throttle_delay_ns`` = ``5 * NSEC_PER_SEC``
  (``delta_since_last_no_space_ns > …``); the kill is a ``psignal_with_reason``, not a
  memorystatus kill: no snapshot.
* kern_memorystatus.c · ``memorystatus_kill_on_VM_compressor_space_shortage(async)``
  sets ``memorystatus_compressor_space_shortage`` and wakes the jetsam thread, which
  clears it after a kill for it (``is_reason_thrashing(cause)``).
* iOS order with the compressor exhausted: high-water offenders first at xnu-7195.81.3
  (``memorystatus_act_on_hiwat_processes``, then the top process), the top process
  before them at xnu-11417.101.15 (``msh_compressor_exhausted`` → KILL_TOP_PROCESS
  before KILL_HIWATER); no such cause before xnu-4903.
* osfmk/vm/vm_pageout.c: ``vm_page_free_target`` on macOS is 15 + pages / 100 (at most
  2000): 670 on a Mac of 1 GiB in 16 KB pages (65,536 pages).
"""

from __future__ import annotations

import pytest

from activitymon.model import Era, KillReason
from activitymon.sim import Simulator
from activitymon.sim.rules import KillRecord, kill_record, rules_for
from tests.sim.conftest import kills, make_sim

MB = 1 << 20
SHORTAGE = KillReason.VM_COMPRESSOR_SPACE_SHORTAGE


# -- a Mac's health ----------------------------------------------------------------------
def small_mac() -> Simulator:
    sim = make_sim(profile="Mac", extra_device="ram_mb = 1024")
    p = sim.kernel.vm.p
    assert (p.total_pages, p.free_target_pages) == (65536, 670)
    assert p.file_min_pages == 1310  # the profile's 2 % of 65,536 pages
    return sim


def set_free_and_file(sim: Simulator, free: int, file: int) -> None:
    vm = sim.kernel.vm
    vm.file = file
    vm.anon += vm.free - free
    assert (vm.free, vm.file) == (free, file)


@pytest.mark.parametrize(
    ("free", "file", "unhealthy"),
    [
        (166, 1310, True),  # under 670 // 4 = 167 with the file cache at its floor
        (167, 1310, False),  # at a quarter of the target: the VM can still make room
        (0, 1310, True),
        (166, 1311, False),  # one file page above the floor: it can be evicted
        (39000, 1310, False),
    ],
)
def test_a_mac_is_unhealthy_when_the_vm_cannot_make_room(
    free: int, file: int, unhealthy: bool
) -> None:
    sim = small_mac()
    set_free_and_file(sim, free, file)
    assert sim.kernel.jetsam.wanted() is unhealthy


def test_a_compressor_shortage_makes_a_mac_unhealthy_with_room_to_spare() -> None:
    sim = small_mac()
    assert sim.kernel.jetsam.wanted() is False
    sim.simulate_compressor_shortage()
    assert sim.kernel.jetsam.wanted() is True


# -- a Mac's idle band, then no paging space -------------------------------------------
def exhausted_mac(monkeypatch: pytest.MonkeyPatch) -> Simulator:
    sim = make_sim(profile="Mac")
    monkeypatch.setattr(sim.kernel.jetsam, "_macos_unhealthy", lambda: True)
    return sim


def test_the_idle_band_is_sorted_largest_first_once_and_only_clean_idle_exits_die(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim = exhausted_mac(monkeypatch)
    small = sim.launch("small", "idle", 10, idle_exit=True)
    large = sim.launch("large", "idle", 30, idle_exit=True)
    medium = sim.launch("medium", "idle", 20, idle_exit=True)
    dirty = sim.launch("dirty", "idle", 50, idle_exit=True, dirty=True)
    plain = sim.launch("plain", "idle", 40)
    k = sim.kernel
    before = [p.pid for p in k.bands.band(0)]
    assert before == [small, large, medium, dirty, plain]
    predicted = k.jetsam.predict()
    assert predicted is not None
    assert (predicted[0].pid, predicted[1]) == (large, SHORTAGE)
    assert [p.pid for p in k.bands.band(0)] == before  # a prediction sorts nothing
    k.jetsam.poke()
    sim.advance(1)
    found = kills(sim.drain_events())
    assert [(x.pid, x.reason) for x in found] == [
        (large, SHORTAGE),
        (medium, SHORTAGE),
        (small, SHORTAGE),
    ]
    assert dirty in k.procs
    assert plain in k.procs
    assert not k.vm.compressed  # nothing compressed: no one holds over half of it


def test_after_the_first_kill_the_head_of_the_sorted_band_dies_not_the_largest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim = exhausted_mac(monkeypatch)
    first = sim.launch("first", "idle", 30, idle_exit=True)
    k = sim.kernel
    k.jetsam.step()  # the first kill of the pass: sorted, the largest dies
    assert first not in k.procs
    small = sim.launch("small", "idle", 10, idle_exit=True)
    sim.launch("large", "idle", 40, idle_exit=True)  # joins the band behind it
    choice = k.jetsam.choose()
    assert choice is not None
    assert (choice[0].pid, choice[1]) == (small, SHORTAGE)
    predicted = k.jetsam.choose(predict=True)
    assert predicted is not None
    assert predicted[0].pid == small


def compress(sim: Simulator, pages: int) -> None:
    sim.kernel.vm.compressed = pages


def test_with_no_idle_process_the_holder_of_over_half_the_compressed_pages_dies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim = exhausted_mac(monkeypatch)
    sim.advance(20)  # (the action's clock starts later than the simulation's)
    hog = sim.launch("hog", "foreground", 300)
    other = sim.launch("other", "background", 200)
    dirty = sim.launch("dirty", "idle", 1, idle_exit=True, dirty=True)  # not idle-exitable
    k = sim.kernel
    compress(sim, 1000)  # shares are the global ratio: 300 of 501 MB, over half
    choice = k.jetsam.choose()
    assert choice is not None
    assert (choice[0].pid, choice[1]) == (hog, KillReason.LOW_SWAP)
    predicted = k.jetsam.predict()
    assert predicted is not None
    assert (predicted[0].pid, predicted[1]) == (hog, KillReason.LOW_SWAP)
    k.jetsam.poke()
    sim.advance(0.001)
    found = kills(sim.drain_events())
    assert [(x.pid, x.reason) for x in found] == [(hog, KillReason.LOW_SWAP)]
    assert dirty in k.procs
    killed_at = found[0].t
    # the other now holds nearly all of it, but the action waits 5 s
    compress(sim, 1000)
    assert k.jetsam.choose() is None
    sim.run_until(killed_at + 5.0)
    compress(sim, 1000)  # (the VM pages some back in each second)
    assert k.jetsam.choose() is None  # not yet: more than 5 s must have passed
    sim.run_until(killed_at + 5.01)
    compress(sim, 1000)
    choice = k.jetsam.choose()
    assert choice is not None
    assert (choice[0].pid, choice[1]) == (other, KillReason.LOW_SWAP)


@pytest.mark.parametrize(("hog_pages", "dies"), [(500, False), (501, True)])
def test_half_of_the_compressed_pages_is_not_over_half_one_page_more_is(
    monkeypatch: pytest.MonkeyPatch, hog_pages: int, dies: bool
) -> None:
    sim = exhausted_mac(monkeypatch)
    pages_per_mb = MB // sim.kernel.page_size
    hog = sim.launch("hog", "foreground", hog_pages / pages_per_mb)
    sim.launch("other", "background", (1000 - hog_pages) / pages_per_mb)
    assert sim.kernel.vm.anon == 1000
    compress(sim, 1000)  # the hog holds hog_pages of the 1,000 compressed pages
    choice = sim.kernel.jetsam.choose()
    assert (choice is not None and choice[0].pid == hog) is dies


def test_a_low_swap_kill_writes_no_report_on_a_mac() -> None:
    mac = rules_for(11417, Era.MACOS)
    assert kill_record(mac, KillReason.LOW_SWAP, 100, Era.MACOS) is KillRecord.NONE
    assert kill_record(mac, KillReason.IDLE_EXIT, 0, Era.MACOS) is KillRecord.NONE
    assert kill_record(mac, KillReason.HIGHWATER, 100, Era.MACOS) is KillRecord.POSTED


def test_a_macs_idle_band_kill_for_compressor_space_is_posted() -> None:
    """kern_memorystatus.c (xnu-11417.121.6), ``!CONFIG_JETSAM``:
    memorystatus_kill_top_process sets ``force_new_snapshot = true`` ("we force a
    snapshot even for IDLE kills") and memorystatus_should_post_snapshot returns
    ``!is_idle_priority || memorystatus_idle_snapshot || snapshot_eligible_kill_cause``
    with kMemorystatusKilledVMCompressorSpaceShortage among is_reason_thrashing; on iOS
    (CONFIG_JETSAM) the idle band stays quiet."""
    mac = rules_for(11417, Era.MACOS)
    assert kill_record(mac, SHORTAGE, 0, Era.MACOS) is KillRecord.POSTED
    ios = rules_for(11417, Era.MODERN)
    assert kill_record(ios, SHORTAGE, 0, Era.MODERN) is KillRecord.IF_TAKEN


def test_an_empty_mac_has_no_one_to_kill(monkeypatch: pytest.MonkeyPatch) -> None:
    sim = exhausted_mac(monkeypatch)
    for proc in list(sim.kernel.procs.values()):
        sim.kernel.kill(proc, KillReason.JETTISONED)
    assert sim.kernel.jetsam.choose() is None


# -- iOS: the compressor's shortage -----------------------------------------------------
def shortage_on(profile: str) -> tuple[Simulator, int, int]:
    sim = make_sim(profile=profile)
    idle = sim.launch("idle", "idle", 5)
    offender = sim.launch("offender", "foreground", 20)
    sim.kernel.hwm.add(offender)
    sim.simulate_compressor_shortage()
    return sim, idle, offender


def test_ios_14_kills_the_high_water_offender_first_when_the_compressor_is_short() -> None:
    sim, _, offender = shortage_on("iPhone8,1")  # xnu-7195
    assert sim.kernel.rules.xnu == 7195
    choice = sim.kernel.jetsam.choose()
    assert choice is not None
    assert (choice[0].pid, choice[1]) == (offender, KillReason.HIGHWATER)


def test_ios_18_kills_the_top_process_first_when_the_compressor_is_short() -> None:
    sim, idle, _ = shortage_on("iPhone12,1")  # xnu-11417
    k = sim.kernel
    for predict in (True, False):
        choice = k.jetsam.choose(predict=predict)
        assert choice is not None
        assert (choice[0].pid, choice[1]) == (idle, SHORTAGE)
    predicted = k.jetsam.predict()
    assert predicted is not None
    assert (predicted[0].pid, predicted[1]) == (idle, SHORTAGE)


def test_the_shortage_is_cleared_by_the_kill_for_it() -> None:
    sim, idle, offender = shortage_on("iPhone12,1")
    k = sim.kernel
    assert k.jetsam.wanted() is True  # plenty of pages: only the shortage
    sim.advance(1)
    found = kills(sim.drain_events())
    assert (found[0].pid, found[0].reason) == (idle, SHORTAGE)
    assert k.jetsam.wanted() is False
    assert offender in k.procs  # plenty of pages: nothing else to do


def test_ios_7_has_no_compressor_space_kills() -> None:
    sim, _, _ = shortage_on("iPad2,5")  # xnu-2423
    sim.advance(1)
    assert kills(sim.drain_events()) == []
    assert sim.kernel.jetsam.wanted() is False


def test_the_prediction_names_the_largest_foreground_app_without_sorting_the_band() -> None:
    """memorystatus_kill_top_process sorts the FOREGROUND band on the pass's first kill
    (``sort_flag``); a prediction changes nothing (xnu-11417.121.6)."""
    sim = make_sim(profile="iPhone12,1")
    small = sim.launch("small", "foreground", 5)
    large = sim.launch("large", "foreground", 50)
    sim.kernel.vm.space_shortage = True
    band = sim.kernel.procs[small].band
    predicted = sim.kernel.jetsam.predict()
    assert predicted is not None
    assert (predicted[0].pid, predicted[1]) == (large, SHORTAGE)
    assert [p.pid for p in sim.kernel.bands.band(band)] == [small, large]
