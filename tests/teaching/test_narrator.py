"""The narrator: a line for each kill with its reason and threshold; pressure changes,
warnings and responses; a replayed report's kills summarised; live OOM kills."""

from __future__ import annotations

from activitymon.model import (
    Era,
    Event,
    Killed,
    KillReason,
    LevelChanged,
    MemoryStats,
    Notified,
    PressureLevel,
    ProcessInfo,
    Responded,
    Snapshot,
)
from activitymon.model.memory import JetsamThresholds
from activitymon.sources.sim import SimulatorSource
from activitymon.teaching.narrator import Narrator

MB = 1 << 20
TH = JetsamThresholds(soft_pages=29_491, idle_pages=19_660, critical_pages=9_830)


def _snap(t: float, available: int, procs=(), era=Era.MODERN, level=None) -> Snapshot:
    return Snapshot(
        time=t,
        memory=MemoryStats(page_size=16384, total_pages=196_608, available_pages=available),
        processes=tuple(procs),
        era=era,
        thresholds=TH,
        level=level,
    )


def test_an_idle_kill_names_the_threshold_the_figure_and_the_victim() -> None:
    n = Narrator()
    n.narrate(_snap(47.0, 19_700), [])
    kill = Killed(47.9, 42, "nsurlsessiond", KillReason.IDLE_EXIT, 0, int(7.9 * MB))
    lines = n.narrate(_snap(48.0, 19_480), [kill])
    kills = [line for line in lines if line.kind == "kill"]
    assert len(kills) == 1
    assert kills[0].text == (
        "47.9 s — available memory 19,480 pages fell below the idle threshold (19,660): "
        "jetsam kills idle-band processes first: nsurlsessiond (band 0 IDLE, 7.90 MB) "
        "(reason idle-exit)"
    )
    assert kills[0].pid == 42
    assert kills[0].event is kill
    assert kills[0].term == "idle-exit"


def test_a_burst_of_kills_is_one_line_each_shorter_after_the_first() -> None:
    n = Narrator()
    kills = [Killed(10.0 + i * 0.2, i, f"p{i}", KillReason.VM_PAGESHORTAGE, 30) for i in range(3)]
    lines = [line for line in n.narrate(_snap(11.0, 9_000), kills) if line.kind == "kill"]
    assert len(lines) == 3
    assert "fell below the critical threshold (9,830)" in lines[0].text
    for line, kill in zip(lines[1:], kills[1:], strict=True):
        assert line.text.startswith(f"{kill.t:.1f} s — still below the critical threshold")
        assert "reason vm-pageshortage" in line.text


def test_a_missed_moment_is_told_honestly() -> None:
    n = Narrator()
    kill = Killed(5.0, 1, "cloudd", KillReason.IDLE_EXIT, 0)
    (line,) = [line for line in n.narrate(_snap(5.0, 19_825), [kill]) if line.kind == "kill"]
    assert "fell below the idle threshold (19,660 pages; the last sample read 19,825)" in line.text


def test_limit_kill_and_oom_kill_say_why_without_thresholds() -> None:
    n = Narrator()
    game = Killed(3.0, 7, "Game", KillReason.PER_PROCESS_LIMIT, 100, 1500 * MB)
    oom = Killed(4.0, 8, "chrome", KillReason.OOM)
    lines = n.narrate(_snap(4.0, 100_000), [game, oom])
    assert "crossed its own fatal memory limit" in lines[0].text
    assert "OOM killer ended chrome" in lines[1].text


def test_pressure_changes_warnings_and_responses() -> None:
    n = Narrator()
    events: list[Event] = [
        LevelChanged(1.0, PressureLevel.WARN, 20_000, 12),
        Notified(1.0, 5, "Music", PressureLevel.WARN),
        Notified(1.0, 6, "Maps", PressureLevel.WARN),
        Responded(1.5, 5, "Music", 17 * MB),
    ]
    text = [line.text for line in n.narrate(_snap(2.0, 40_000), events)]
    assert text[0].startswith("1.0 s — pressure is now Warning (memorystatus_level 12 %)")
    assert "2 processes were warned that pressure is Warning (Music, Maps)" in text[1]
    assert "Music answered the warning and freed 17.0 MB" in text[2]


def test_threshold_crossings_are_told_once_each_way() -> None:
    n = Narrator()
    assert n.narrate(_snap(1.0, 40_000), []) == []
    down = n.narrate(_snap(2.0, 29_000), [])
    assert [line.text for line in down] == [
        "2.0 s — available memory 29,000 pages fell below the soft threshold (29,491): "
        "jetsam kills processes over their soft (high-water) limit"
    ]
    assert n.narrate(_snap(3.0, 28_000), []) == []
    up = n.narrate(_snap(4.0, 50_000), [])
    assert "back above the soft threshold" in up[0].text


def test_a_replayed_report_is_summarised() -> None:
    victims = [
        ProcessInfo(1, "a", band=0, kill_reason="idle-exit"),
        ProcessInfo(2, "b", band=0, kill_reason="idle-exit"),
        ProcessInfo(3, "c", band=30, kill_reason="vm-pageshortage"),
        ProcessInfo(4, "d", band=100, kill_reason="vm-pageshortage"),
    ]
    kills = [Killed(0.0, p.pid, p.name, KillReason(p.kill_reason or ""), p.band) for p in victims]
    snap = Snapshot(
        0.0, MemoryStats(16384, 1000), tuple(victims), era=Era.MODERN, device="iPhone12,1"
    )
    lines = Narrator().narrate(snap, kills)
    assert lines[0].text == (
        "this report recorded 4 kills on iPhone12,1: a (idle-exit), b (idle-exit), "
        "c (vm-pageshortage), d (vm-pageshortage)"
    )
    assert len([line for line in lines if line.kind == "kill"]) == 4


def test_macos_idle_exit_is_about_pressure_not_thresholds() -> None:
    kill = Killed(2.0, 9, "photoanalysisd", KillReason.IDLE_EXIT, 0)
    (line,) = Narrator().narrate(_snap(2.0, 1000, era=Era.MACOS, level=PressureLevel.WARN), [kill])
    assert "pressure is Warning: macOS ends idle processes that allow idle exit" in line.text


def test_the_simulator_s_every_kill_gets_a_line_with_reason_and_threshold() -> None:
    source = SimulatorSource.open(None, seed=0)
    n = Narrator()
    kills: list[Killed] = []
    lines = []
    for _ in range(80):
        source.advance(1.0)
        events = source.drain_events()
        kills += [e for e in events if isinstance(e, Killed)]
        lines += n.narrate(source.sample(), events)
    assert kills
    kill_lines = {line.event: line for line in lines if line.kind == "kill"}
    for kill in kills:
        line = kill_lines[kill]
        assert f"reason {kill.reason.value}" in line.text
        assert kill.name in line.text
        if kill.reason in (KillReason.IDLE_EXIT, KillReason.VM_PAGESHORTAGE):
            assert " threshold (" in line.text
