"""Per-process limits (issue 3 §5, xnu-memorystatus.md §3.3–§3.4)."""

from __future__ import annotations

from activitymon.model import (
    Killed,
    KillReason,
    LimitExceeded,
    LimitWarning,
    Notified,
    PressureLevel,
    ProcessState,
)
from tests.sim.conftest import kills, make_sim


def test_warning_at_80_percent_then_fatal_kill_at_the_limit() -> None:
    sim = make_sim()
    pid = sim.launch("app", "foreground", 70, ProcessState.FRONTMOST, limit_mb=100)
    sim.drain_events()
    sim.allocate(pid, 5)  # 75 MB: below 80 MB
    assert not [e for e in sim.drain_events() if isinstance(e, LimitWarning)]
    sim.allocate(pid, 10)  # 85 MB
    events = sim.drain_events()
    warnings = [e for e in events if isinstance(e, LimitWarning)]
    assert [(w.pid, w.limit_bytes) for w in warnings] == [(pid, 100 << 20)]
    # iOS: an app that only listens for pressure gets it as a memory warning
    assert [(e.pid, e.level) for e in events if isinstance(e, Notified)] == [
        (pid, PressureLevel.WARN)
    ]
    sim.allocate(pid, 10)  # 95 MB: still under; no second warning
    assert not [e for e in sim.drain_events() if isinstance(e, LimitWarning)]
    sim.allocate(pid, 10)  # 105 MB: over a fatal limit
    events = sim.drain_events()
    exceeded = [e for e in events if isinstance(e, LimitExceeded)]
    assert [(e.pid, e.fatal) for e in exceeded] == [(pid, True)]
    assert [(k.pid, k.reason) for k in kills(events)] == [(pid, KillReason.PER_PROCESS_LIMIT)]
    assert pid not in sim.snapshot().by_pid


def test_warning_rearms_after_dipping_below() -> None:
    sim = make_sim()
    pid = sim.launch("app", "foreground", 85, ProcessState.FRONTMOST, limit_mb=100)
    sim.free(pid, 20)
    sim.drain_events()
    sim.allocate(pid, 20)
    assert len([e for e in sim.drain_events() if isinstance(e, LimitWarning)]) == 1


def test_soft_limit_marks_a_highwater_candidate_that_keeps_running() -> None:
    sim = make_sim(population=True)
    pid = sim.launch("leaky", "background", 20, limit_mb=50, limit_fatal=False)
    sim.drain_events()
    sim.allocate(pid, 60)
    sim.advance(10)
    events = sim.drain_events()
    exceeded = [e for e in events if isinstance(e, LimitExceeded)]
    assert [(e.pid, e.fatal) for e in exceeded] == [(pid, False)]  # one EXC_RESOURCE
    assert not kills(events)
    info = sim.snapshot().by_pid[pid]
    assert ProcessState.HIGHWATER in info.states
    assert sim.snapshot().next_victim == (pid, "highwater")


def test_highwater_kill_waits_for_available_pages_below_soft() -> None:
    sim = make_sim(population=True)
    leaky = sim.launch("leaky", "background", 20, limit_mb=50, limit_fatal=False)
    sim.allocate(leaky, 60)
    hog = sim.launch("hog", "foreground", 100, ProcessState.FRONTMOST)
    th = sim.thresholds
    assert th is not None
    sim.grow(hog, rate_mb_per_s=100)
    first_kill: Killed | None = None
    while first_kill is None and sim.now < 200:
        sim.advance(0.5)
        found = kills(sim.drain_events())
        first_kill = found[0] if found else None
        if first_kill is None:
            assert sim.available_pages >= th.soft_pages - 2000
    assert first_kill is not None
    assert (first_kill.pid, first_kill.reason) == (leaky, KillReason.HIGHWATER)


def test_active_and_inactive_limits_follow_the_state() -> None:
    sim = make_sim()
    pid = sim.launch(
        "app", "foreground", 150, ProcessState.FRONTMOST, limit_mb=400, inactive_limit_mb=100
    )
    info = sim.snapshot().by_pid[pid]
    assert info.limit is not None
    assert info.limit.bytes == 400 << 20
    sim.drain_events()
    sim.suspend(pid)  # inactive: the 100 MB limit applies and is already exceeded …
    assert not kills(sim.drain_events())
    sim.allocate(pid, 1)  # … so the next allocation kills (ledger_set_limit stores only)
    events = sim.drain_events()
    assert [(k.pid, k.reason) for k in kills(events)] == [(pid, KillReason.PER_PROCESS_LIMIT)]


def test_set_limit_applies_on_the_next_allocation() -> None:
    sim = make_sim()
    pid = sim.launch("daemon", "important", 40)
    sim.drain_events()
    sim.set_limit(pid, 30, fatal=True)
    assert not kills(sim.drain_events())
    sim.allocate(pid, 0.1)
    assert [(k.pid, k.reason) for k in kills(sim.drain_events())] == [
        (pid, KillReason.PER_PROCESS_LIMIT)
    ]
