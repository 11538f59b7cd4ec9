"""Each release rule acts as its row says, at its exact value (issue 29 item 2).

Expectations are literals read in XNU at the tag named beside each test, never computed
by the code under test; each test fails if the rule's value or its boundary moves.
"""

from __future__ import annotations

import pytest

from activitymon.model import Killed, KillReason, ProcessState
from activitymon.sim import Simulator, xnu
from activitymon.sim.kernel import Kernel
from activitymon.sim.xnu import backoff_pages
from tests.sim.conftest import kills, make_sim, notifications

# -- kern_memorystatus_notify.c · memorystatus_update_vm_pressure (xnu-11417.121.6) -----


def test_no_inter_notification_delay_at_or_below_the_backoff_threshold_xnu11417() -> None:
    # backoff_threshold = soft − (soft − critical) / 2: 19,660 − 13,107 / 2 = 13,107
    assert backoff_pages(19_660, 6_553) == 13_107
    # the iPhone 11's thresholds (4 GiB: 15 % / 4 %): 39,321 − (39,321 − 10,485) / 2
    assert backoff_pages(39_321, 10_485) == 24_903


def test_no_delay_at_the_backoff_in_a_live_round_xnu11417(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim = make_sim()
    for i in range(3):
        sim.launch(f"bg{i}", "background", 50)
    th = sim.thresholds
    assert th is not None
    assert (th.soft_pages, th.critical_pages) == (39_321, 10_485)
    sim.drain_events()
    available = {"pages": 24_903}
    monkeypatch.setattr(Kernel, "available", property(lambda _: available["pages"]))
    assert sim.kernel.pressure._no_delay()
    available["pages"] = 24_904
    assert not sim.kernel.pressure._no_delay()
    sim.simulate_pressure("warn")
    sim.advance(1)
    assert [n.t for n in notifications(sim.drain_events())] == [0.0, 0.25, 0.5]
    available["pages"] = 24_903
    sim.simulate_pressure("critical")
    sim.advance(1)
    assert [n.t for n in notifications(sim.drain_events())] == [1.0, 1.0, 1.0]


def _rounds_device() -> tuple[Simulator, list[int]]:
    sim = make_sim()
    pids = [sim.launch(f"bg{i}", "background", 50 + 10 * i) for i in range(4)]
    sim.drain_events()
    return sim, pids


def test_the_critical_rest_is_exactly_25_s_xnu11417() -> None:
    """CRITICAL_NOTIFICATION_RESTING_PERIOD = 25 s: a round ending at 0.75 s rests until
    25.75 s; a Critical wake at 25.5 s tells nobody, one at 26 s starts a round."""
    sim, _ = _rounds_device()
    sim.simulate_pressure("critical")
    sim.advance(2)
    assert [n.t for n in notifications(sim.drain_events())] == [0.0, 0.25, 0.5, 0.75]
    sim.advance(23.5)  # t = 25.5
    sim.simulate_pressure("warn")
    sim.simulate_pressure("critical")  # a wake at Critical, inside the rest
    sim.advance(0.5)  # t = 26
    assert not notifications(sim.drain_events())
    sim.simulate_pressure("warn")
    sim.simulate_pressure("critical")  # the rest is over
    sim.advance(1)
    assert [n.t for n in notifications(sim.drain_events())] == [26.0, 26.25, 26.5, 26.75]


def test_notifications_only_from_the_applications_aging_band_up_xnu11417() -> None:
    # memorystatus_bg_pressure_eligible: effective priority < BACKGROUND_OPPORTUNISTIC (20)
    sim = make_sim()
    below = sim.launch("at19", 19, 50)
    at = sim.launch("at20", 20, 50)
    sim.drain_events()
    sim.simulate_pressure("warn")
    sim.advance(2)
    assert {n.pid for n in notifications(sim.drain_events())} == {at}
    assert below in sim.snapshot().by_pid


def test_notifications_only_from_band_2_up_on_the_legacy_scale_xnu7195() -> None:
    sim = make_sim(profile="iPhone8,1")
    sim.launch("at1", 1, 50)
    at = sim.launch("at2", 2, 50)
    sim.drain_events()
    sim.simulate_pressure("warn")
    sim.advance(2)
    assert {n.pid for n in notifications(sim.drain_events())} == {at}


def test_every_band_is_told_before_the_floor_xnu2423() -> None:
    sim = make_sim(profile="iPad2,5")
    low = sim.launch("at1", 1, 50)
    sim.drain_events()
    sim.simulate_pressure("warn")
    sim.advance(2)
    assert low in {n.pid for n in notifications(sim.drain_events())}


def test_a_process_under_10_mb_is_never_told_xnu2423() -> None:
    # bsd/kern/vm_pressure.c · vm_find_pressure_candidate: VM_PRESSURE_MINIMUM_RSIZE 10 MB
    sim = make_sim(profile="iPad2,5")
    small = sim.launch("small", "background", 9)
    big = sim.launch("big", "background", 10)
    sim.drain_events()
    sim.simulate_pressure("warn")
    sim.advance(2)
    told = {n.pid for n in notifications(sim.drain_events())}
    assert big in told
    assert small not in told


# -- reports: which kill posts (rules.kill_record) ---------------------------------------


def test_an_idle_band_kill_alone_posts_no_report_even_after_the_pass_xnu2423() -> None:
    """xnu-2422.1.72 memorystatus_thread: no snapshot note for an idle-band kill; the
    pass is over one kill step after it, and still nothing is posted."""
    sim = make_sim(profile="iPad2,5")
    idle = sim.launch("idled", "idle", 20, ProcessState.SUSPENDED)
    filler = sim.launch("filler", "critical", 10)
    sim.grow(filler, rate_mb_per_s=4, chunk_mb=0.5)
    found: list[Killed] = []
    while not found:
        sim.advance(0.125)
        found = kills(sim.drain_events())
    sim.stop(filler)
    sim.advance(2)
    assert [(k.pid, k.reason) for k in found] == [(idle, KillReason.VM_PAGESHORTAGE)]
    assert not kills(sim.drain_events())
    assert not sim.drain_reports()
    assert not sim.kernel.jetsam.in_pass


def test_a_highwater_kill_in_the_idle_band_posts_a_report_xnu11417() -> None:
    """memorystatus_act_on_hiwat_processes sets post_snapshot for any high-water kill,
    whatever the band."""
    sim = make_sim()
    hwm = sim.launch("leaky", "idle", 40, ProcessState.SUSPENDED, limit_mb=20, limit_fatal=False)
    filler = sim.launch("filler", "critical", 10)
    sim.grow(filler, rate_mb_per_s=200, chunk_mb=4)
    found: list[Killed] = []
    while not found:
        sim.advance(0.125)
        found = kills(sim.drain_events())
    sim.stop(filler)
    sim.advance(1)
    assert [(k.pid, k.reason) for k in found] == [(hwm, KillReason.HIGHWATER)]
    reports = sim.drain_reports()
    assert len(reports) == 1
    assert [p.reason for p in reports[0].processes if p.killed] == ["highwater"]


# -- sustained pressure (kern_memorystatus_notify.c, xnu-8019 →) -------------------------

RELAUNCHING_IDLE = """
[[action]]
at = 5
do = "pressure"
level = "warn"
""" + "".join(
    f"""
[[action]]
at = 0
every = 0.25
do = "launch"
name = "idle{i}"
band = "idle"
state = "suspended"
footprint_mb = 5
"""
    for i in range(2)
)


def test_sustained_pressure_kills_twice_the_idle_band_then_stops_xnu8796() -> None:
    """600 s after the level leaves Normal the handler kills band 0 500 ms apart, at most
    2 × the processes it held when it fired: 2 relaunching idle processes → 4 kills."""
    sim = make_sim(RELAUNCHING_IDLE, profile="iPhone10,3")
    sim.advance(640)
    found = [
        k for k in kills(sim.drain_events()) if k.reason is KillReason.SUSTAINED_MEMORY_PRESSURE
    ]
    assert [k.t for k in found] == [605.0, 605.5, 606.0, 606.5]


def test_no_sustained_pressure_kills_before_xnu8019_xnu7195() -> None:
    sim = make_sim(RELAUNCHING_IDLE, profile="iPhone8,1")
    sim.advance(640)
    assert not [
        k for k in kills(sim.drain_events()) if k.reason is KillReason.SUSTAINED_MEMORY_PRESSURE
    ]


def test_ios_6_levels_are_multiples_of_memorystatus_delta_xnu2107() -> None:
    """xnu-2050.48.11 bsd/sys/kern_memorystatus.h: DELTA_PERCENT 5, HIGHWATER_PERCENT 10;
    kern_memorystatus.c · memorystatus_update_levels_locked: highwater =
    (HIGHWATER_PERCENT / DELTA_PERCENT) × memorystatus_delta. On 131,072 pages (512 MB of
    4 KiB pages) delta = 6,553 pages and the high-water level 13,106."""
    assert (xnu.DELTA_PERCENT, xnu.HIGHWATER_PERCENT) == (5, 10)
    assert xnu.delta_pages(131_072) == 6_553
    assert xnu.highwater_pages(131_072) == 13_106
