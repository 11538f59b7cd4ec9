"""The kernel's page accounting at its edges (``sim/kernel.py``): a footprint shrinking
by one page, pinned (graphics) pages given back in proportion, the VM's purge of
volatile memory, and the simulator's automatic pids.

Page counts are on the iPhone 11's 16 KiB pages (``vm_page_size`` 16384 on arm64):
1 MiB is 64 pages."""

from __future__ import annotations

from activitymon.sim import Simulator
from tests.sim.conftest import make_sim


def _resident(sim: Simulator) -> tuple[int, int, int]:
    vm = sim.kernel.vm
    return vm.anon, vm.pinned, vm.free


def test_a_footprint_shrinking_by_one_page_gives_that_page_back() -> None:
    sim = make_sim()
    pid = sim.launch("p", "background", 1)  # 64 pages
    proc = sim.kernel.procs[pid]
    assert proc.pages == 64
    anon, pinned, free = _resident(sim)
    assert sim.kernel.set_pages(proc, 63) == -1
    assert proc.pages == 63
    assert _resident(sim) == (anon - 1, pinned, free + 1)


def test_pinned_pages_go_back_in_proportion_rounded_down() -> None:
    # 64 pages, half of them pinned (graphics_percent 50): 32 pinned; giving back 3
    # pages gives back 3 × 32 // 64 = 1 pinned page and 2 others
    sim = make_sim()
    pid = sim.launch("game", "foreground", 1, "frontmost", graphics_percent=50)
    proc = sim.kernel.procs[pid]
    assert (proc.pages, proc.pinned_pages) == (64, 32)
    anon, pinned, free = _resident(sim)
    sim.kernel.set_pages(proc, 61)
    assert proc.pinned_pages == 31
    assert type(proc.pinned_pages) is int
    assert _resident(sim) == (anon - 2, pinned - 1, free + 3)


def test_an_unchanged_footprint_changes_no_page() -> None:
    sim = make_sim()
    pid = sim.launch("p", "background", 1)
    proc = sim.kernel.procs[pid]
    before = _resident(sim)
    assert sim.kernel.set_pages(proc, 64) == 0
    assert _resident(sim) == before


def test_the_vm_purges_the_largest_volatile_memory_first_and_only_what_it_needs() -> None:
    # vm.py step 5: volatile purgeable memory is purged when free pages run out; the
    # simulator takes the largest first (it keeps no purgeable token ages) and stops
    # once it has what it needs
    sim = make_sim()
    small = sim.launch("small", "idle", 1, purgeable_mb=1)  # 64 purgeable pages
    big = sim.launch("big", "idle", 1, purgeable_mb=2)  # 128
    hook = sim.kernel.vm.purge_hook
    assert hook is not None
    volatile = sim.kernel.vm.purgeable
    assert hook(128) == 128  # exactly what it needs: the big one alone
    assert sim.kernel.procs[small].purgeable_pages == 64
    sim = make_sim()
    small = sim.launch("small", "idle", 1, purgeable_mb=1)
    big = sim.launch("big", "idle", 1, purgeable_mb=2)
    hook = sim.kernel.vm.purge_hook
    assert hook is not None
    volatile = sim.kernel.vm.purgeable
    assert hook(100) == 128
    assert sim.kernel.procs[big].purgeable_pages == 0
    assert sim.kernel.procs[small].purgeable_pages == 64
    assert sim.kernel.vm.purgeable == volatile - 128
    assert hook(10) == 64
    assert sim.kernel.procs[small].purgeable_pages == 0
    assert hook(10) == 0  # nothing left to purge
    snap = sim.snapshot().by_pid
    assert (snap[small].purgeable_bytes, snap[big].purgeable_bytes) == (0, 0)


def test_automatic_pids_count_up_from_100() -> None:
    # docs/SIMULATOR.md: a process without a pid gets the next one from 100 upward,
    # each in a coalition of its own (ids from 101)
    sim = make_sim()
    first = sim.launch("a", "background", 1)
    second = sim.launch("b", "background", 1)
    assert (first, second) == (100, 101)
    assert sim.kernel.procs[first].coalition == 101
    assert sim.kernel.procs[second].coalition == 102


def test_a_kill_logs_the_seconds_since_the_last_band_change() -> None:
    # xnu-11417.121.6: "(%s %d %llus rf:%s)", the seconds since p_memstat_prio_start,
    # which _memstat_record_prio_transition sets when the priority changes (a request
    # for the band it is in returns early: "no change in priority")
    sim = make_sim()
    pid = sim.launch("p", "background", 5)
    sim.run_until(5)
    sim.set_band(pid, 40)
    sim.run_until(6)
    sim.set_band(pid, 40)  # no change: the clock keeps running
    sim.run_until(8)
    sim.set_limit(pid, 1)
    sim.allocate(pid, 1)
    (line,) = [x.text for x in sim.drain_kernel_log() if "killing_specific_process" in x.text]
    assert "memorystatus: killing_specific_process pid 100 [p] (per-process-limit 40 3s " in line


def test_a_negative_amount_neither_allocates_nor_frees() -> None:
    sim = make_sim()
    pid = sim.launch("p", "background", 1)
    sim.allocate(pid, -1)
    assert sim.kernel.procs[pid].pages == 64
    sim.free(pid, -1)
    assert sim.kernel.procs[pid].pages == 64


def test_a_process_with_a_graphics_share_of_100_percent_pins_every_page() -> None:
    sim = make_sim()
    pid = sim.launch("game", "foreground", 2, "frontmost", graphics_percent=100)  # 128 pages
    proc = sim.kernel.procs[pid]
    assert (proc.pages, proc.pinned_pages) == (128, 128)


def test_a_one_page_process_gives_its_pinned_page_back() -> None:
    sim = make_sim()
    pid = sim.launch("tiny", "foreground", 16 / 1024, "frontmost", graphics_percent=100)
    proc = sim.kernel.procs[pid]
    assert (proc.pages, proc.pinned_pages) == (1, 1)
    sim.kernel.set_pages(proc, 0)
    assert (proc.pages, proc.pinned_pages) == (0, 0)


def test_a_process_of_no_bytes_holds_no_page() -> None:
    sim = make_sim()
    pid = sim.launch("empty", "background", 0)
    assert sim.kernel.procs[pid].pages == 0


def test_a_death_gives_back_its_pages_pinned_and_not() -> None:
    sim = make_sim()
    sim.launch("bystander", "background", 1)  # 64 pages that stay
    pid = sim.launch("game", "foreground", 1, "frontmost", graphics_percent=50)  # 32 + 32
    anon, pinned, free = _resident(sim)
    sim.kill(pid)
    assert _resident(sim) == (anon - 32, pinned - 32, free + 64)


def test_the_level_is_available_pages_in_percent_of_all_pages() -> None:
    # kern_memorystatus.c: memorystatus_level = available_pages * 100 / atop_64(max_mem)
    sim = make_sim()
    sim.launch("p", "background", 300)
    k = sim.kernel
    assert k.memorystatus_level == k.available * 100 // k.total_pages
    assert 0 < k.memorystatus_level < 100


def test_an_ios6_high_water_mark_is_never_fatal() -> None:
    # xnu-2050 kern_memorystatus.c: one hiwat_pages per process, acted on by the jetsam
    # thread (memorystatus_kill_hiwat_proc), never a fatal ledger limit
    sim = make_sim(profile="iPod5,1")
    pid = sim.launch("app", "foreground", 5, "frontmost", limit_mb=10)
    limit = sim.kernel.applied_limit(sim.kernel.procs[pid])
    assert limit is not None
    assert (limit.bytes, limit.fatal) == (10 * 1024 * 1024, False)


def test_a_synchronous_kills_report_starts_no_new_generation() -> None:
    # xnu-11417.121.6 memorystatus_kill_process_sync: "Fire off snapshot notification"
    # inline, without memorystatus_post_snapshot's js_gencount++ (the count starts at 0,
    # memorystatus_init_jetsam_snapshot_locked)
    sim = make_sim()
    pid = sim.launch("p", "background", 5)
    sim.set_limit(pid, 1)
    sim.allocate(pid, 1)
    sim.run_until(1)
    (report,) = sim.drain_reports()
    assert report.gen_counter == 0
    assert [p.name for p in report.processes if p.reason] == ["p"]


def test_xnu_2422_an_own_limit_is_a_high_water_mark_the_task_limit_kills() -> None:
    # xnu-2422 memorystatus_on_ledger_footprint_exceeded: a process's own limit is a
    # high-water mark (never fatal); only the device's task limit, for a process without
    # a limit of its own, kills. Active: its own 10 MB; suspended: the task limit.
    sim = make_sim(profile="iPad2,5", task_limit=True)
    pid = sim.launch("app", "foreground", 5, "frontmost", limit_mb=10, inactive_limit_mb=None)
    proc = sim.kernel.procs[pid]
    active = sim.kernel.applied_limit(proc)
    assert active is not None
    assert (active.bytes, active.fatal) == (10 * 1024 * 1024, False)
    sim.suspend(pid)
    inactive = sim.kernel.applied_limit(proc)
    assert inactive is not None
    assert inactive.fatal
    assert inactive.bytes != 10 * 1024 * 1024
