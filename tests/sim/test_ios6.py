"""iOS 6 as it was: xnu-2050's mechanics on the iPod (issue 23 §1), each read in
bsd/kern/kern_memorystatus.c at xnu-2050.48.11 unless a path is given."""

from __future__ import annotations

from activitymon.model import Killed, KillReason, Notified, PressureLevel
from activitymon.reports import parse_report
from activitymon.reports.writers import render_report
from activitymon.sim import Simulator
from tests.sim.conftest import kills, make_sim

# memorystatus_delta = 5 × 131,072 / 100; critical 1 ×, high-water 2 ×, pressure 3 ×
CRITICAL, HIGHWATER, PRESSURE = 6_553, 13_106, 19_659


def ipod() -> Simulator:
    return make_sim(profile="iPod5,1")


def squeeze_to(sim: Simulator, pages: int) -> None:
    """Take memory so that the real available count is exactly ``pages``."""
    k = sim.kernel
    filler = k.procs[sim.launch("filler", -120, 1)]
    k.set_pages(filler, filler.pages + k.vm.available_ios - pages)
    assert k.vm.available_ios == pages


def test_thresholds_are_multiples_of_memorystatus_delta() -> None:
    th = ipod().thresholds
    assert th is not None
    assert (th.critical_pages, th.soft_pages) == (CRITICAL, PRESSURE)


def test_the_highest_priority_dies_first_and_the_newest_among_equals() -> None:
    """memorystatus_add_node inserts before the first node whose priority is ≤ its own;
    memorystatus_kill_top_proc kills from the head."""
    sim = ipod()
    older = sim.launch("older", 8, 5, "suspended")
    newer = sim.launch("newer", 8, 5, "suspended")
    top = sim.launch("top", 16, 5, "suspended")
    low = sim.launch("low", -100, 5, "suspended")
    order = [p.pid for p in sim.snapshot().processes]
    assert order.index(top) < order.index(newer) < order.index(older) < order.index(low)
    squeeze_to(sim, CRITICAL - 1)
    sim.advance(0.02)
    assert [k.pid for k in kills(sim.drain_events())][:3] == [top, newer, older]


def test_a_pass_kills_until_a_whole_delta_step_is_free() -> None:
    """memorystatus_update publishes the count again only after a move of
    memorystatus_delta: small victims keep the published value below critical."""
    sim = ipod()
    small = [sim.launch(f"d{i}", 12, 4, "suspended") for i in range(10)]
    squeeze_to(sim, CRITICAL - 1)
    sim.advance(0.2)
    died = [k.pid for k in kills(sim.drain_events())]
    # 4 MB = 1,024 pages each: the seventh brings 7 × 1,024 ≥ 6,553 pages back
    assert died == list(reversed(small))[:7]


def test_the_level_comes_from_the_suspended_count() -> None:
    """memorystatus_get_pressure_locked: above the pressure threshold Normal; below it
    Normal with more than MEMORYSTATUS_SUSPENDED_THRESHOLD (4) suspended processes,
    Warning with 1–4, Urgent (Critical here) with none."""

    def level(suspended: int) -> PressureLevel:
        sim = ipod()
        for i in range(suspended):
            sim.launch(f"s{i}", 16, 1, "suspended")
        squeeze_to(sim, PRESSURE - 2_000)  # one step below pressure, above high-water
        return sim.level

    assert [level(n) for n in (5, 4, 1, 0)] == [
        PressureLevel.NORMAL,
        PressureLevel.WARN,
        PressureLevel.WARN,
        PressureLevel.CRITICAL,
    ]


def test_one_note_per_pass_to_the_first_registered_process_in_list_order() -> None:
    """memorystatus_request_vm_pressure_candidate gives one pid per request, skipping
    suspended and already-told processes; vm_try_pressure_candidates skips one with no
    knote (daemons of the era registered none: an estimate)."""
    sim = ipod()
    sim.launch("suspended", 16, 20, "suspended")
    daemon = sim.launch("daemon", 12, 20)
    bg = sim.launch("bg-app", 8, 20, "background")
    front = sim.launch("front-app", 2, 20, "frontmost")
    sim.drain_events()
    sim.simulate_pressure("warn")
    sim.advance(2)
    notes = [e for e in sim.drain_events() if isinstance(e, Notified)]
    assert [(n.pid, n.t) for n in notes] == [(bg, 0.0), (front, 0.25)]
    assert daemon not in {n.pid for n in notes}
    sim.simulate_pressure(None)  # back to Normal: memorystatus_check_pressure_reset
    sim.advance(1)
    sim.simulate_pressure("warn")
    sim.advance(1)
    again = [e for e in sim.drain_events() if isinstance(e, Notified)]
    assert [n.pid for n in again] == [bg, front]


def test_a_limit_is_a_resident_high_water_mark_never_a_synchronous_kill() -> None:
    """hiwat_pages: memorystatus_kill_hiwat_proc compares resident pages while the
    published count is ≤ high-water; nothing kills at the limit itself."""
    sim = ipod()
    hwm = sim.launch("leaky", -100, 30, "suspended", limit_mb=10, limit_fatal=True)
    sim.drain_events()
    assert not kills(sim.drain_events())
    assert not [e for e in sim.drain_events() if e.kind.value.startswith("limit")]
    squeeze_to(sim, HIGHWATER - 1)
    sim.advance(0.02)
    assert [(k.pid, k.reason) for k in kills(sim.drain_events())] == [(hwm, KillReason.HIGHWATER)]


def test_the_snapshot_lists_allproc_newest_first_with_one_page_count() -> None:
    """memorystatus_jetsam_snapshot_procs_locked walks allproc (new processes are put at
    its head) and keeps one page count per process."""
    sim = ipod()
    pids = [sim.launch(f"p{i}", -100, 2 + i) for i in range(3)]
    victim = sim.launch("victim", 16, 4, "suspended")
    squeeze_to(sim, CRITICAL - 1)
    sim.advance(0.1)
    (report,) = sim.drain_reports()
    order = [p.name for p in parse_report(render_report(report), "r.plist").processes]
    assert order.index("victim") < order.index("p2") < order.index("p1") < order.index("p0")
    assert all(p.rpages == p.lifetime_max for p in report.processes)
    assert victim not in sim.snapshot().by_pid
    assert {f"p{i}" for i in range(3)} <= set(order)
    assert pids


def test_the_pageout_scan_kills_but_only_the_jetsam_thread_posts() -> None:
    """vm_pageout_scan → memorystatus_kill_top_proc_from_VM (kMemorystatusFlagsKilledVM):
    marked in the snapshot; memorystatus_jetsam_thread sends the note only after a kill
    of its own."""
    sim = ipod()
    first = sim.launch("first", 16, 4, "suspended")
    grower = sim.launch("grower", -110, 10)
    sim.grow(grower, rate_mb_per_s=2, chunk_mb=0.25)  # small steps: the published
    found: list[Killed] = []  # count lags and the scan gets stuck first
    while not found and sim.now < 300:
        sim.advance(0.125)
        found = kills(sim.drain_events())
    assert [k.pid for k in found] == [first]
    assert sim.available_pages > CRITICAL  # the jetsam thread saw nothing to do
    assert sim.drain_reports() == []  # marked, not posted
    # one big step takes the published count below critical: the next kill is the
    # jetsam thread's, and its note posts the snapshot with both
    sim.stop(grower)
    sim.allocate(grower, 40)
    sim.advance(0.1)
    (report,) = sim.drain_reports()
    assert {p.name for p in report.processes if p.killed} == {"first", "grower"}
