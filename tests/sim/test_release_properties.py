"""Invariants of the per-release simulator, whatever the profile and the load
(hypothesis; issue 11)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.model import Event, KillReason, ProcessState
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
