"""The jetsam loop (issue 3 §6, xnu-memorystatus.md §1.5, §4.4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.model import KillReason
from activitymon.sim import Simulator
from activitymon.sim.process import SimProcess
from tests.sim.conftest import kills, make_sim


def spy_kills(sim: Simulator) -> list[dict[str, Any]]:
    """Record, for every kill, the victim and the state of the device at that moment."""
    k = sim.kernel
    seen: list[dict[str, Any]] = []
    original: Callable[..., None] = k.kill

    def kill(proc: SimProcess, reason: KillReason, **kwargs: Any) -> None:
        if proc.alive:
            others = [p for p in k.procs.values() if p is not proc and not p.skip_in_pass]
            seen.append(
                {
                    "pid": proc.pid,
                    "band": proc.band,
                    "reason": reason,
                    "available": k.available,
                    "lowest_other_band": min((p.band for p in others), default=None),
                    "first_other": (max if k.era.is_priority_list else min)(
                        (p.band for p in others), default=None
                    ),
                }
            )
        original(proc, reason, **kwargs)

    k.kill = kill  # type: ignore[method-assign]
    return seen


def launch_all(sim: Simulator, specs: list[tuple[str, int | str, float]]) -> list[int]:
    return [sim.launch(name, band, mb) for name, band, mb in specs]


def test_kills_walk_bands_upward_oldest_first_until_the_hog_dies() -> None:
    sim = make_sim()
    a, b, c, d, e = launch_all(
        sim,
        [("a", "idle", 30), ("b", "idle", 30), ("c", 30, 30), ("d", 40, 30), ("e", 30, 30)],
    )
    hog = sim.launch("hog", "critical", 10, graphics_percent=100)
    sim.grow(hog, rate_mb_per_s=300)
    sim.advance(120)
    order = kills(sim.drain_events())
    assert [k.pid for k in order] == [a, b, c, e, d, hog]
    assert [k.reason for k in order[:2]] == [KillReason.IDLE_EXIT] * 2
    assert {k.reason for k in order[2:]} == {KillReason.VM_PAGESHORTAGE}


def test_foreground_band_is_sorted_by_footprint_on_the_first_kill() -> None:
    sim = make_sim()
    small, large = launch_all(sim, [("small", "foreground", 50), ("large", "foreground", 400)])
    hog = sim.launch("hog", "critical", 10, graphics_percent=100)
    sim.grow(hog, rate_mb_per_s=300)
    sim.advance(120)
    assert [k.pid for k in kills(sim.drain_events())][:2] == [large, small]


def test_other_bands_stay_in_entry_order() -> None:
    sim = make_sim()
    small, large = launch_all(sim, [("small", "background", 50), ("large", "background", 400)])
    hog = sim.launch("hog", "critical", 10, graphics_percent=100)
    sim.grow(hog, rate_mb_per_s=300)
    sim.advance(120)
    assert [k.pid for k in kills(sim.drain_events())][:2] == [small, large]


def test_modern_idle_kills_start_below_idle_and_band_kills_below_critical() -> None:
    sim = make_sim(population=True)
    seen = spy_kills(sim)
    hog = sim.launch("hog", "critical", 10, graphics_percent=100)
    sim.grow(hog, rate_mb_per_s=200)
    sim.advance(200)
    th = sim.thresholds
    assert th is not None
    assert seen
    for kill in seen:
        if kill["reason"] is KillReason.IDLE_EXIT:
            assert kill["band"] == 0
            assert th.critical_pages <= kill["available"] < th.idle_pages
        elif kill["reason"] is KillReason.VM_PAGESHORTAGE:
            assert kill["available"] < th.critical_pages
    assert {k["reason"] for k in seen} >= {KillReason.IDLE_EXIT, KillReason.VM_PAGESHORTAGE}


def test_legacy_band_0_kills_use_the_raised_critical_threshold() -> None:
    sim = make_sim(profile="iPhone8,1", population=True)
    seen = spy_kills(sim)
    hog = sim.launch("hog", "critical", 10, graphics_percent=100)
    sim.grow(hog, rate_mb_per_s=100)
    sim.advance(200)
    th = sim.thresholds
    assert th is not None
    assert seen
    assert {k["reason"] for k in seen} == {KillReason.VM_PAGESHORTAGE}
    for kill in seen:
        limit = th.idle_pages if kill["band"] == 0 else th.critical_pages
        assert kill["available"] <= limit


def test_purge_before_kill_can_save_the_victim() -> None:
    sim = make_sim(population=True)
    cache = sim.launch("cache", "idle", 5, purgeable_mb=900)
    hog = sim.launch("hog", "critical", 10, graphics_percent=100)
    sim.grow(hog, rate_mb_per_s=50)
    while (sim.snapshot().by_pid[cache].purgeable_bytes or 0) > 0 and sim.now < 300:
        sim.advance(0.1)
        assert cache not in {k.pid for k in kills(sim.drain_events())}
    assert sim.now < 300
    assert cache in sim.snapshot().by_pid  # purged, not killed


def test_next_victim_is_what_jetsam_kills_next() -> None:
    for profile in ("iPhone12,1", "iPhone8,1", "iPod5,1"):
        sim = make_sim(profile=profile, population=True)
        hog = sim.launch("hog", "foreground", 10, graphics_percent=100)
        sim.grow(hog, rate_mb_per_s=60)
        checked = 0
        while sim.now < 200 and hog in sim.snapshot().by_pid:
            predicted = sim.snapshot().next_victim
            sim.advance(0.05)
            found = kills(sim.drain_events())
            if found:
                assert predicted == (found[0].pid, found[0].reason.value), profile
                checked += 1
        # xnu-2050 kills a whole memorystatus_delta step per pass: fewer passes
        assert checked > (2 if profile == "iPod5,1" else 5), profile


bands = st.sampled_from([0, 0, 10, 20, 30, 40, 80, 100, 100, 120, 160, 180])


@settings(max_examples=25, deadline=None)
@given(
    profile=st.sampled_from(["iPhone12,1", "iPhone8,1", "iPod5,1"]),
    procs=st.lists(st.tuples(bands, st.integers(1, 300)), min_size=1, max_size=12),
    hog_band=bands,
    rate=st.integers(20, 400),
)
def test_no_higher_band_dies_of_page_shortage_while_a_lower_band_is_occupied(
    profile: str, procs: list[tuple[int, int]], hog_band: int, rate: int
) -> None:
    sim = make_sim(profile=profile, population=True)
    scale = sim.era.scale
    for i, (band, mb) in enumerate(procs):
        sim.launch(f"p{i}", band // 10 * scale if scale == 1 else band, mb)
    seen = spy_kills(sim)
    hog = sim.launch("hog", hog_band // 10 * scale if scale == 1 else hog_band, 10)
    if hog in sim.snapshot().by_pid:
        sim.grow(hog, rate_mb_per_s=rate)
    sim.advance(90)
    for kill in seen:
        if kill["reason"] is not KillReason.VM_PAGESHORTAGE or kill["first_other"] is None:
            continue
        if sim.era.is_priority_list:
            # xnu-2050: the highest priority dies first
            assert kill["band"] >= kill["first_other"]
        else:
            assert kill["band"] <= kill["first_other"]
