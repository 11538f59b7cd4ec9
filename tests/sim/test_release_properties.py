"""Invariants of the per-release simulator, whatever the profile and the load
(hypothesis; issue 11)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.model import Event, KillReason, LevelChanged, Notified, ProcessState
from activitymon.reports.writers import render_report
from activitymon.sim import Simulator, device_profiles
from activitymon.sim.rules import rules_for
from tests.sim.conftest import kills, make_sim

PROFILES = sorted(device_profiles())

#: the reasons each page-shortage path may write (release → kill causes the loop uses)
LOOP_REASONS = {
    KillReason.HIGHWATER,
    KillReason.VM_PAGESHORTAGE,
    KillReason.IDLE_EXIT,
    KillReason.PER_PROCESS_LIMIT,
    KillReason.SUSTAINED_MEMORY_PRESSURE,
    KillReason.VM_COMPRESSOR_SPACE_SHORTAGE,
    KillReason.LOW_SWAP,
}


def loaded(profile: str, rate: float, apps: int, seed: int) -> Simulator:
    sim = make_sim(profile=profile, population=True, seed=seed)
    for i in range(apps):
        sim.launch(f"bg{i}", "background", 5 + 7 * i, ProcessState.BACKGROUND)
    hog = sim.launch("hog", "foreground", 4, ProcessState.FRONTMOST)
    sim.grow(hog, rate_mb_per_s=rate)
    return sim


@settings(max_examples=12, deadline=None)
@given(
    profile=st.sampled_from(PROFILES),
    rate=st.floats(min_value=20, max_value=400),
    apps=st.integers(min_value=0, max_value=6),
    seed=st.integers(min_value=0, max_value=3),
)
def test_kills_and_reports_follow_the_release(
    profile: str, rate: float, apps: int, seed: int
) -> None:
    sim = loaded(profile, rate, apps, seed)
    rules = rules_for(sim.profile.xnu, sim.era)
    sim.advance(45)
    found = kills(sim.drain_events())
    assert {k.reason for k in found} <= LOOP_REASONS
    if not rules.idle_threshold:
        # before xnu-11215.61 nothing dies as idle-exit on iOS
        assert sim.era.name == "MACOS" or KillReason.IDLE_EXIT not in {k.reason for k in found}
    names = {rules.reason_name(r) for r in KillReason}
    gens: list[int] = []
    for report in sim.drain_reports():
        for p in report.processes:
            assert p.rpages is not None
            assert p.lifetime_max is not None
            assert 0 <= p.rpages <= p.lifetime_max  # refreshed at the kill, never lagging
            if p.killed:
                assert p.reason in names
                if report.gen_counter is not None:
                    assert p.gen_count is not None
                    assert p.gen_count < report.gen_counter
        if report.gen_counter is not None:
            gens.append(report.gen_counter)
    assert gens == sorted(set(gens))


@settings(max_examples=6, deadline=None)
@given(profile=st.sampled_from(PROFILES), seed=st.integers(min_value=0, max_value=5))
def test_same_scenario_and_seed_same_bytes(profile: str, seed: int) -> None:
    def run() -> tuple[list[str], list[Event]]:
        sim = loaded(profile, 200, 3, seed)
        sim.advance(40)
        return [render_report(r) for r in sim.drain_reports()], sim.drain_events()

    assert run() == run()


LEVELS = st.sampled_from(["warn", "critical", "normal"])


@settings(max_examples=25, deadline=None)
@given(steps=st.lists(st.tuples(LEVELS, st.floats(min_value=0.1, max_value=40)), max_size=12))
def test_told_again_only_after_normal_or_a_new_round_xnu11417(
    steps: list[tuple[str, float]],
) -> None:
    """A process told Warning (or Critical) is told that level again only after it was
    told Normal, or in a later round, which only a level transition starts
    (kern_memorystatus_notify.c · memorystatus_update_vm_pressure)."""
    sim = make_sim()
    for i, band in enumerate(["background", "background", "foreground", "home"]):
        sim.launch(f"p{i}", band, 20 + 10 * i)
    last: dict[tuple[int, str], float] = {}
    normal_since: dict[int, float] = {}
    changes: list[float] = []
    for level, seconds in steps:
        sim.simulate_pressure(None if level == "normal" else level)
        sim.advance(seconds)
        for event in sim.drain_events():
            if isinstance(event, LevelChanged):
                changes.append(event.t)
            if not isinstance(event, Notified):
                continue
            if event.level.name == "NORMAL":
                normal_since[event.pid] = event.t
                continue
            key = (event.pid, event.level.name)
            if key in last:
                told_normal = normal_since.get(event.pid, -1.0) >= last[key]
                new_round = any(last[key] < t <= event.t for t in changes)
                assert told_normal or new_round, (key, last[key], event.t)
            last[key] = event.t
