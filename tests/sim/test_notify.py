"""Pressure notifications (issue 3 §7, xnu-memorystatus.md §4.5)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.model import Notified, PressureLevel, ProcessState, Responded
from activitymon.sim import Simulator
from tests.sim.conftest import make_sim, notifications

WARN, CRITICAL, NORMAL = PressureLevel.WARN, PressureLevel.CRITICAL, PressureLevel.NORMAL


def device() -> tuple[Simulator, dict[str, int]]:
    sim = make_sim()
    pids = {
        "idle": sim.launch("idle", "idle", 50),
        "aging": sim.launch("aging", 10, 50),
        "tiny": sim.launch("tiny", "background", 5),
        "suspended": sim.launch("suspended", "background", 50, ProcessState.SUSPENDED),
        "bg_small": sim.launch("bg_small", "background", 10),
        "bg_large": sim.launch("bg_large", "background", 80),
        "fg": sim.launch("fg", "foreground", 200, ProcessState.FRONTMOST),
        "home": sim.launch("home", "home", 100),
    }
    sim.drain_events()
    return sim, pids


def test_one_process_every_250_ms_lowest_band_then_largest_first() -> None:
    sim, pids = device()
    sim.simulate_pressure(WARN)
    sim.advance(3)
    notes = notifications(sim.drain_events())
    assert [n.pid for n in notes] == [pids[k] for k in ("bg_large", "bg_small", "fg", "home")]
    assert [n.t for n in notes] == [0.0, 0.25, 0.5, 0.75]
    assert {n.level for n in notes} == {WARN}


def test_ineligible_processes_are_never_told() -> None:
    sim, pids = device()
    sim.simulate_pressure(CRITICAL)
    sim.advance(3)
    told = {n.pid for n in notifications(sim.drain_events())}
    for name in ("idle", "aging", "tiny", "suspended"):  # band < 20, < 6 MB, suspended
        assert pids[name] not in told


def test_normal_round_clears_notified_so_a_new_warning_warns_again_xnu11417() -> None:
    sim, pids = device()
    sim.simulate_pressure(WARN)
    sim.advance(2)
    sim.simulate_pressure(None)  # back to Normal: after 5 s the Normal round at t = 7 …
    sim.advance(10)
    assert {n.level for n in notifications(sim.drain_events())} == {WARN, NORMAL}
    sim.simulate_pressure(WARN)  # … so a Warning at t = 12, inside 25 s, warns again
    sim.advance(2)
    warned = [n for n in notifications(sim.drain_events()) if n.level is WARN]
    assert [n.pid for n in warned] == [pids[k] for k in ("bg_large", "bg_small", "fg", "home")]
    assert [n.t for n in warned] == [12.0, 12.25, 12.5, 12.75]


def test_resting_period_25_s_after_a_non_normal_round_xnu11417() -> None:
    sim, pids = device()
    sim.simulate_pressure(WARN)  # the Warning round ends at t = 0.75
    sim.advance(2)
    sim.simulate_pressure(CRITICAL)
    sim.advance(2)
    assert {n.level for n in notifications(sim.drain_events())} == {WARN, CRITICAL}
    sim.simulate_pressure(WARN)  # back to Warning from a Critical round: resting
    sim.advance(15)
    assert not [n for n in notifications(sim.drain_events()) if n.level is WARN]
    sim.simulate_pressure(CRITICAL)  # t = 19: Critical rests too (its round ended at 2.75)
    sim.advance(2)
    assert not notifications(sim.drain_events())
    sim.advance(10)  # t = 31
    sim.simulate_pressure(WARN)  # the drop is told at t = 36, after the Warning rest
    sim.advance(6)
    warned = [n for n in notifications(sim.drain_events()) if n.level is WARN]
    # a falling level goes highest band first
    assert [n.pid for n in warned] == [pids[k] for k in ("home", "fg", "bg_large", "bg_small")]
    assert warned[0].t == 36.0


def test_a_drop_must_last_5_s_and_normal_goes_highest_band_first() -> None:
    sim, pids = device()
    sim.simulate_pressure(WARN)
    sim.advance(2)
    sim.drain_events()
    sim.simulate_pressure(None)
    sim.advance(4.9)
    assert not notifications(sim.drain_events())
    sim.advance(2)
    normal = [n for n in notifications(sim.drain_events()) if n.level is NORMAL]
    assert [n.pid for n in normal] == [pids[k] for k in ("home", "fg", "bg_large", "bg_small")]
    assert normal[0].t == 7.0


def test_responses_free_memory_and_say_how_much() -> None:
    sim = make_sim()
    pid = sim.launch("app", "background", 100, on_warning="free 40%")
    mb = sim.launch("mb", "background", 100, on_warning="free 30 MB after 2 s")
    deaf = sim.launch("deaf", "background", 100)
    sim.drain_events()
    sim.simulate_pressure(WARN)
    sim.advance(5)
    events = sim.drain_events()
    told = {e.pid: e.t for e in events if isinstance(e, Notified)}
    responses = {e.pid: e for e in events if isinstance(e, Responded)}
    assert set(responses) == {pid, mb}
    assert responses[pid].freed_bytes == 40 << 20
    assert responses[pid].t == told[pid] + 0.5  # default delay
    assert responses[mb].freed_bytes == 30 << 20
    assert responses[mb].t == told[mb] + 2.0
    snap = sim.snapshot().by_pid
    # footprints move by a few percent on their own (background activity)
    assert abs((snap[pid].footprint_bytes or 0) - (60 << 20)) < 4 << 20
    assert abs((snap[deaf].footprint_bytes or 0) - (100 << 20)) < 4 << 20


def test_memory_warning_to_one_process() -> None:
    sim = make_sim()
    pid = sim.launch("app", "foreground", 100, ProcessState.FRONTMOST, on_warning="free 50%")
    sim.drain_events()
    sim.memory_warning(pid)
    sim.advance(1)
    events = sim.drain_events()
    assert [(e.pid, e.level) for e in events if isinstance(e, Notified)] == [(pid, WARN)]
    assert [e.freed_bytes for e in events if isinstance(e, Responded)] == [50 << 20]


@settings(max_examples=25, deadline=None)
@given(
    procs=st.lists(
        st.tuples(
            st.sampled_from([0, 10, 20, 30, 40, 100, 160]),
            st.integers(1, 300),
            st.sampled_from(["daemon", "frontmost", "background", "suspended"]),
        ),
        min_size=1,
        max_size=15,
    ),
    hog_rate=st.integers(0, 300),
    forced=st.sampled_from([None, "warn", "critical"]),
)
def test_no_notification_reaches_an_ineligible_process(
    procs: list[tuple[int, int, str]], hog_rate: int, forced: str | None
) -> None:
    sim = make_sim(population=True)
    for i, (band, mb, state) in enumerate(procs):
        sim.launch(f"p{i}", band, mb, state)
    if hog_rate:
        hog = sim.launch("hog", 100, 10, "frontmost")
        sim.grow(hog, rate_mb_per_s=hog_rate)
    if forced:
        sim.simulate_pressure(forced)
    k = sim.kernel
    bad: list[str] = []
    original = k.pressure._deliver

    def deliver(proc, level):
        if proc.band < 20 or proc.footprint < 6 << 20 or proc.suspended or not proc.alive:
            bad.append(f"{proc.name} band {proc.band} {proc.footprint} {proc.state}")
        original(proc, level)

    k.pressure._deliver = deliver  # type: ignore[method-assign]
    sim.advance(60)
    assert not bad
