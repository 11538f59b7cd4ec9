"""Every built-in scenario tells the story a teacher expects (issue 3 §10)."""

from __future__ import annotations

import itertools

from activitymon.model import (
    Event,
    Killed,
    KillReason,
    LevelChanged,
    LimitExceeded,
    LimitWarning,
    Notified,
    PressureLevel,
    ReportFormat,
    Responded,
)
from activitymon.sim import Simulator, load_scenario


def run(name: str, until: float | None = None) -> tuple[Simulator, list[Event]]:
    scenario = load_scenario(name)
    sim = Simulator.from_scenario(scenario)
    sim.run_until(scenario.duration if until is None else until)
    return sim, sim.drain_events()


def kills(events: list[Event]) -> list[Killed]:
    return [e for e in events if isinstance(e, Killed)]


def levels(events: list[Event]) -> list[PressureLevel]:
    return [e.level for e in events if isinstance(e, LevelChanged)]


def test_hog_innocents_die_in_band_order_until_the_hog_is_slain() -> None:
    sim, events = run("hog")
    found = kills(events)
    assert found[-1].name == "hog"
    assert {k.reason for k in found} == {KillReason.VM_PAGESHORTAGE}
    bands = [k.band or 0 for k in found]
    if sim.era.is_priority_list:
        # xnu-2050 (the article's iPod): the highest priority dies first
        assert bands == sorted(bands, reverse=True)
        assert min(bands[:-1]) > (found[-1].band or 0)
        assert 2 <= len(sim.drain_reports()) <= 5  # a handful, as on the device
        return
    assert bands == sorted(bands)
    assert len(found) > 10
    assert max(bands[:-1]) < (found[-1].band or 0)
    assert PressureLevel.WARN in levels(events)
    reports = sim.drain_reports()
    assert reports
    assert reports[0].format is ReportFormat.LOWMEMORY_PLIST
    assert any(v.name == "hog" for r in reports for v in r.victims)


def test_fatal_limit_kills_at_the_limit_without_pressure() -> None:
    _, events = run("fatal-limit")
    story = [
        (type(e).__name__, getattr(e, "name", None))
        for e in events
        if isinstance(e, LimitWarning | LimitExceeded | Killed)
    ]
    assert story == [
        ("LimitWarning", "PhotoFilter"),
        ("LimitExceeded", "PhotoFilter"),
        ("Killed", "PhotoFilter"),
    ]
    assert kills(events)[0].reason is KillReason.PER_PROCESS_LIMIT
    assert levels(events) == []  # pressure never left Normal


def test_highwater_offender_survives_until_available_falls_below_soft() -> None:
    _sim, events = run("highwater")
    exceeded = [e for e in events if isinstance(e, LimitExceeded)]
    assert [(e.name, e.fatal) for e in exceeded] == [("photolibraryd", False)]
    first = kills(events)[0]
    assert (first.name, first.reason) == ("photolibraryd", KillReason.HIGHWATER)
    assert first.t - exceeded[0].t > 20  # it kept running meanwhile
    assert all(k.reason is KillReason.IDLE_EXIT for k in kills(events)[1:])


def test_warnings_redeem_and_nobody_dies() -> None:
    _, events = run("warnings-redeem")
    assert not kills(events)
    assert levels(events)[:2] == [PressureLevel.WARN, PressureLevel.NORMAL]
    freed = sum(
        e.freed_bytes for e in events if isinstance(e, Responded) and e.name == "PhotoEditor"
    )
    assert freed > 1 << 30
    # its own limit never came into it: the warnings were the system's
    assert not [e for e in events if isinstance(e, LimitWarning | LimitExceeded)]
    assert any(isinstance(e, Notified) and e.level is PressureLevel.NORMAL for e in events)


def test_suspended_apps_die_before_the_foreground_app() -> None:
    sim, events = run("foreground-vs-suspended")
    found = kills(events)
    assert found
    assert {k.band for k in found} == {0}
    assert "Camera" in {p.name for p in sim.snapshot().processes}
    apps = [k.name for k in found if k.name in {"Mail", "Maps", "Safari", "Music"}]
    assert apps == ["Mail", "Maps", "Safari", "Music"]  # entry order; Music suspended last


def test_mac_idle_exit_spares_dirty_daemons() -> None:
    sim, events = run("mac-idle-exit")
    found = kills(events)
    assert found
    assert {k.reason for k in found} == {KillReason.IDLE_EXIT}
    gaps = [round(b.t - a.t, 6) for a, b in itertools.pairwise(found)]
    assert all(g >= 1.0 for g in gaps)
    alive = {p.name for p in sim.snapshot().processes}
    assert {"mds_stores", "backupd"} <= alive
    assert levels(events)[-1] is PressureLevel.NORMAL


def test_sustained_pressure_story() -> None:
    _, events = run("sustained-pressure")
    found = kills(events)
    assert found
    assert min(k.t for k in found) >= 605
    assert {k.reason for k in found} == {KillReason.SUSTAINED_MEMORY_PRESSURE}


def test_demo_tells_the_story_within_two_minutes_and_keeps_going() -> None:
    sim, events = run("demo", 120)
    assert PressureLevel.WARN in levels(events)
    assert any(isinstance(e, Notified) for e in events)
    assert any(isinstance(e, Responded) for e in events)
    assert PressureLevel.CRITICAL in levels(events)
    found = kills(events)
    game = [k for k in found if k.name == "Game"]
    assert game
    # the game meets its own limit: 3 GB with the increased-memory-limit entitlement
    assert game[0].reason is KillReason.PER_PROCESS_LIMIT
    assert (game[0].footprint_bytes or 0) > 3072 << 20
    before = [k for k in found if k.t < game[0].t]
    assert [k.band or 0 for k in before] == sorted(k.band or 0 for k in before)
    assert KillReason.IDLE_EXIT in {k.reason for k in before}
    assert {k.reason for k in before if (k.band or 0) > 0} == {
        KillReason.VM_COMPRESSOR_SPACE_SHORTAGE
    }
    sim.run_until(400)
    later = sim.drain_events()
    assert [e for e in later if e.kind.value == "launch" and getattr(e, "name", "") == "Game"]
    assert kills(later)
