"""OOM lanes and the next victim (pure: built ProcessInfo values)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from activitymon.model import ProcessInfo, ProcessState
from activitymon.sources.linux_lanes import (
    LANE_SPECS,
    kill_order_key,
    lane_key,
    next_oom_victim,
    oom_killable,
    oom_lanes,
)

MB = 1 << 20


def proc(pid: int, adj: int | None, score: int | None, rss_mb: int = 10, **kw) -> ProcessInfo:
    return ProcessInfo(
        pid=pid,
        name=f"p{pid}",
        rss_bytes=rss_mb * MB,
        footprint_bytes=rss_mb * MB,
        oom_score_adj=adj,
        oom_score=score,
        **kw,
    )


def test_lanes_follow_adj_ranges_in_kill_order() -> None:
    procs = [
        proc(10, 0, 667),
        proc(11, 1000, 1334),
        proc(12, 700, 1134),
        proc(13, 200, 800),
        proc(14, -500, 333),
        proc(15, -1000, 0),
        proc(16, None, None),
    ]
    lanes = oom_lanes(procs)
    assert [lane.key for lane in lanes] == [
        "first",
        "preferred",
        "raised",
        "default",
        "protected",
        "never",
        "unknown",
    ]
    assert [[p.pid for p in lane.processes] for lane in lanes] == [
        [11],
        [12],
        [13],
        [10],
        [14],
        [15],
        [16],
    ]
    assert [lane.holds_next_victim for lane in lanes] == [True] + [False] * 6


def test_empty_lanes_are_left_out_unless_asked() -> None:
    assert [lane.key for lane in oom_lanes([proc(1, 0, 0)])] == ["never"]
    assert len(oom_lanes([], include_empty=True)) == len(LANE_SPECS)


def test_within_a_lane_highest_score_then_largest_rss_first() -> None:
    lanes = oom_lanes([proc(4, 0, 600, 5), proc(5, 0, 700, 5), proc(6, 0, 700, 50)])
    assert [p.pid for p in lanes[0].processes] == [6, 5, 4]


def test_next_victim_is_the_highest_score_even_across_lanes() -> None:
    # a huge default process can outscore a small raised one: the score decides
    big, small = proc(20, 0, 1500, 20000), proc(21, 10, 700, 5)
    assert next_oom_victim([small, big]) == big
    lanes = {lane.key: lane for lane in oom_lanes([small, big])}
    assert lanes["default"].holds_next_victim
    assert not lanes["raised"].holds_next_victim


def test_ties_go_to_the_larger_rss() -> None:
    a, b = proc(30, 0, 700, 10), proc(31, 0, 700, 90)
    assert next_oom_victim([a, b]) == b


def test_never_killed_init_kernel_threads_zombies_and_minus_1000() -> None:
    init = proc(1, 0, 667)
    kthread = proc(2, 0, 0, 0)
    zombie = proc(40, 0, 0, 0, states=frozenset({ProcessState.ZOMBIE}))
    pinned = proc(41, -1000, 0, 500)
    for p in (init, kthread, zombie, pinned):
        assert not oom_killable(p)
        assert lane_key(p) == "never"
    assert next_oom_victim([init, kthread, zombie, pinned]) is None
    assert next_oom_victim([init, kthread, zombie, pinned, proc(42, 0, 1)]).pid == 42  # type: ignore[union-attr]


def test_unknown_score_is_never_the_victim() -> None:
    assert next_oom_victim([proc(50, 0, None, 999)]) is None


process_strategy = st.builds(
    proc,
    pid=st.integers(2, 100_000),
    adj=st.one_of(st.none(), st.integers(-1000, 1000)),
    score=st.one_of(st.none(), st.integers(0, 2000)),
    rss_mb=st.integers(0, 4096),
)


@given(st.lists(process_strategy, max_size=40, unique_by=lambda p: p.pid))
def test_every_process_in_exactly_one_lane_and_victim_has_max_score(procs) -> None:
    lanes = oom_lanes(procs)
    placed = [p.pid for lane in lanes for p in lane.processes]
    assert sorted(placed) == sorted(p.pid for p in procs)
    for lane in lanes:
        assert list(lane.processes) == sorted(lane.processes, key=kill_order_key)
        for p in lane.processes:
            if lane.adj_min is not None and lane.key != "never":
                assert lane.adj_min <= p.oom_score_adj <= lane.adj_max  # type: ignore[operator]
    victim = next_oom_victim(procs)
    scored = [p for p in procs if oom_killable(p) and p.oom_score is not None]
    if not scored:
        assert victim is None
    else:
        assert victim is not None
        assert victim.oom_score == max(p.oom_score for p in scored)
        assert victim == min(scored, key=kill_order_key)
        assert sum(lane.holds_next_victim for lane in lanes) == 1


tied_strategy = st.builds(
    proc,
    pid=st.integers(2, 60),
    adj=st.one_of(st.none(), st.sampled_from((-1000, 0, 500))),
    score=st.one_of(st.none(), st.integers(0, 2)),
    rss_mb=st.integers(0, 2),
)


@given(st.lists(tied_strategy, max_size=30, unique_by=lambda p: p.pid))
def test_the_victim_among_many_equals_is_the_killers_pick(procs) -> None:
    """Equal scores and RSS (a thousand idle workers): larger RSS, then lower pid."""
    scored = [p for p in procs if oom_killable(p) and p.oom_score is not None]
    expected = min(scored, key=kill_order_key) if scored else None
    assert next_oom_victim(procs) == expected
