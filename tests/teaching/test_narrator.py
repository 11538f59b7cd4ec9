"""The narrator: lines built from the device's facts, bursts folded into one line that
grows, sizes in bytes with pages in the note, launches and relaunches, a replayed
report summarised, live OOM kills. The facts are literals (the table in
docs/SIMULATOR.md), shared with the other narration tests (``device_facts.py``), not
taken from the simulator."""

from __future__ import annotations

from dataclasses import replace

from activitymon.model import (
    Era,
    Event,
    KernelFacts,
    Killed,
    KillReason,
    Launched,
    LevelChanged,
    LevelSource,
    MemoryStats,
    Notified,
    Platform,
    PressureLevel,
    ProcessInfo,
    Responded,
    Snapshot,
)
from activitymon.teaching.narrator import Narrator
from tests.teaching.device_facts import IOS_6, IOS_14, IOS_18, MAC, MB, TH


def _snap(t: float, available: int, era: Era = Era.MODERN) -> Snapshot:
    return Snapshot(
        time=t,
        memory=MemoryStats(page_size=16384, total_pages=196_608, available_pages=available),
        processes=(),
        era=era,
        thresholds=TH,
    )


def test_an_idle_kill_names_the_threshold_in_bytes_and_the_victim() -> None:
    n = Narrator(IOS_18)
    n.narrate(_snap(47.0, 19_700), [])
    kill = Killed(47.9, 42, "nsurlsessiond", KillReason.IDLE_EXIT, 0, int(7.9 * MB))
    (line,) = n.narrate(_snap(48.0, 19_480), [kill])
    # 19,480 × 16 KiB = 304 MB; 19,660 × 16 KiB = 307 MB
    assert line.text == (
        "47.9 s — available memory 304 MB fell below the idle threshold (307 MB): jetsam "
        "kills idle processes (band 0) first, oldest first: nsurlsessiond (band 0 IDLE, "
        "7.90 MB) (reason idle-exit)"
    )
    assert line.note == "available memory 19,480 pages; the idle threshold: 19,660 pages"
    assert line.tab_separated().startswith("47.9\tavailable memory 304 MB")
    assert (line.pid, line.event, line.term) == (42, kill, "idle-exit")


def test_a_burst_of_kills_is_one_line_that_grows_and_names_the_largest() -> None:
    n = Narrator(IOS_18)
    n.narrate(_snap(10.0, 10_000), [])
    small = [
        Killed(10.2 + i * 0.1, i, f"p{i}", KillReason.VM_PAGESHORTAGE, 30, MB) for i in range(5)
    ]
    (first,) = n.narrate(_snap(11.0, 9_000), small[:2])
    game = Killed(11.5, 99, "Game", KillReason.VM_PAGESHORTAGE, 100, 6000 * MB)
    (grown,) = [line for line in n.narrate(_snap(12.0, 50_000), [*small[2:], game])
                if line.kind == "kill"]  # fmt: skip
    assert grown.serial == first.serial  # the same line, replaced
    assert grown.text.startswith("10.2 s — available memory 141 MB fell below the critical")
    assert "6 processes died, p0 (band 30 BACKGROUND, 1.00 MB)" in grown.text
    assert (
        "and 2 more, among them the largest, Game (band 100 FOREGROUND, 5.86 GB) "
        "(reason vm-pageshortage)" in grown.text
    )
    assert len(grown.details) == 6
    assert (
        grown.details[-1] == "11.5 s  Game (band 100 FOREGROUND, 5.86 GB): reason vm-pageshortage"
    )


def test_a_kill_after_a_pause_starts_a_new_line_saying_memory_is_still_below() -> None:
    n = Narrator(IOS_18)
    a = Killed(5.0, 1, "a", KillReason.IDLE_EXIT, 0)
    b = Killed(9.0, 2, "b", KillReason.IDLE_EXIT, 0)
    first = n.narrate(_snap(5.0, 19_000), [a])
    second = n.narrate(_snap(9.0, 19_000), [b])
    assert first[0].serial != second[0].serial
    assert "available memory is still below the idle threshold (307 MB)" in second[0].text


def test_the_ios_6_ipod_has_no_idle_threshold_and_spells_vm() -> None:
    n = Narrator(IOS_6)
    n.narrate(_snap(1.0, 40_000, Era.LEGACY), [])
    lines = n.narrate(
        _snap(2.0, 9_000, Era.LEGACY),
        [Killed(1.5, 3, "cloudd", KillReason.VM_PAGESHORTAGE, 0, 2 * MB)],
    )
    text = " ".join(line.text for line in lines)
    assert "idle threshold" not in text
    assert 'reason vm-pageshortage; its reports write "vm"' in text
    # 10 % of 196,608 pages: xnu-2050's HIGHWATER_PERCENT line, said once
    assert "fell below 10 % of memory (307 MB)" in text
    assert "compressor" not in text.replace("without a compressor", "")


def test_the_ios_14_kernel_raises_critical_while_band_0_holds_processes() -> None:
    n = Narrator(IOS_14)
    n.narrate(_snap(1.0, 40_000, Era.LEGACY), [])
    (line,) = [
        line
        for line in n.narrate(
            _snap(2.0, 15_000, Era.LEGACY),
            [Killed(1.5, 3, "cloudd", KillReason.VM_PAGESHORTAGE, 0)],
        )
        if line.kind == "kill"
    ]
    assert "fell below the raised critical threshold (307 MB)" in line.text
    assert "idle threshold" not in line.text


def test_a_missed_moment_keeps_the_sample_in_the_note() -> None:
    n = Narrator(IOS_18)
    kill = Killed(5.0, 1, "cloudd", KillReason.IDLE_EXIT, 0)
    line = n.narrate(_snap(5.0, 19_825), [kill])[0]
    assert "available memory fell below the idle threshold (307 MB)" in line.text
    assert line.note == "the idle threshold: 19,660 pages; the nearest sample read 19,825 pages"


def test_limit_kill_and_oom_kill_say_why_without_thresholds() -> None:
    n = Narrator(IOS_18)
    game = Killed(3.0, 7, "Game", KillReason.PER_PROCESS_LIMIT, 100, 1500 * MB)
    oom = Killed(4.0, 8, "chrome", KillReason.OOM)
    lines = n.narrate(_snap(4.0, 100_000), [game, oom])
    assert "crossed its fatal memory limit" in lines[0].text
    assert "OOM killer ended the process with the highest oom_score" in lines[1].text
    assert "chrome (reason oom)" in lines[1].text


def test_pressure_warnings_and_answers_fold_into_one_line_each() -> None:
    n = Narrator(IOS_18)
    events: list[Event] = [
        LevelChanged(1.0, PressureLevel.WARN, 20_000, 12),
        Notified(1.0, 5, "Music", PressureLevel.WARN),
        Notified(1.25, 6, "Maps", PressureLevel.WARN),
        Responded(1.5, 5, "Music", 17 * MB),
        Responded(1.75, 6, "Maps", 3 * MB),
    ]
    lines = n.narrate(_snap(2.0, 40_000), events)
    assert [line.kind for line in lines] == ["level", "notify", "respond"]
    assert lines[0].text.startswith("1.0 s — pressure is now Warning (memorystatus_level 12 %)")
    assert lines[0].level is PressureLevel.WARN
    assert "2 processes were warned that pressure is Warning (Music, Maps)" in lines[1].text
    assert "(this release tells only processes in band 20 or above)" in lines[1].text
    assert "2 processes answered the warning and freed 20.0 MB in all" in lines[2].text


def test_a_level_without_a_compressor_follows_available_memory() -> None:
    # a kernel without a compressor whose level follows available pages (iOS 6's own
    # comes from the suspended count: test_narration_truths.py)
    no_compressor = replace(IOS_6, level_source=LevelSource.AVAILABLE_PAGES)
    line = Narrator(no_compressor).narrate(
        _snap(2.0, 20_000, Era.LEGACY), [LevelChanged(1.0, PressureLevel.WARN, 20_000, 10)]
    )[0]
    assert "compressor" not in line.text.replace("without a compressor", "")
    assert "follows available memory" in line.text


def test_threshold_crossings_are_told_once_each_way() -> None:
    n = Narrator(IOS_18)
    assert n.narrate(_snap(1.0, 40_000), []) == []
    (down,) = n.narrate(_snap(2.0, 29_000), [])
    assert down.text == (
        "2.0 s — available memory 453 MB fell below the soft threshold (461 MB): jetsam "
        "kills any process that is over its soft memory limit (high-water); the pressure "
        "level does not follow this line, the compressor decides it"
    )
    assert n.narrate(_snap(3.0, 28_000), []) == []
    (up,) = n.narrate(_snap(4.0, 50_000), [])
    assert up.text == "4.0 s — available memory 781 MB is back above the soft threshold (461 MB)"


def test_launches_and_relaunches() -> None:
    n = Narrator(IOS_18)
    n.narrate(_snap(1.0, 40_000), [Killed(1.0, 4, "Safari", KillReason.IDLE_EXIT, 0)])
    (line,) = n.narrate(_snap(31.0, 40_000), [Launched(31.0, 5, "Safari", 0)])
    assert line.text == "31.0 s — Safari (band 0 IDLE) relaunched, 30.0 s after it was killed"
    (line,) = n.narrate(_snap(40.0, 40_000), [Launched(40.0, 6, "Game", 100)])
    assert line.text == "40.0 s — Game (band 100 FOREGROUND) launched"


def test_a_live_mac_s_launches_are_not_narrated_but_relaunches_are() -> None:
    n = Narrator(MAC)
    n.narrate(_snap(1.0, 0, Era.MACOS), [Killed(1.0, 4, "cloudd", KillReason.IDLE_EXIT, 0)])
    assert n.narrate(_snap(2.0, 0, Era.MACOS), [Launched(2.0, 5, "mdworker", 0)]) == []
    (line,) = n.narrate(_snap(3.0, 0, Era.MACOS), [Launched(3.0, 6, "cloudd", 0)])
    assert "cloudd (band 0 IDLE) relaunched" in line.text


def test_macos_idle_exit_is_about_pressure_not_thresholds() -> None:
    kill = Killed(2.0, 9, "photoanalysisd", KillReason.IDLE_EXIT, 0)
    (line,) = Narrator(MAC).narrate(_snap(2.0, 1000, Era.MACOS), [kill])
    assert "macOS ends clean idle processes that allow idle exit, one a second" in line.text
    assert "threshold" not in line.text


def test_a_replayed_report_is_summarised_once() -> None:
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
    (line,) = Narrator(recorded=True).narrate(snap, kills)
    assert line.text == (
        "0.0 s — this report recorded 4 kills on iPhone12,1: a (reason idle-exit), "
        "b (reason idle-exit), c (reason vm-pageshortage), d (reason vm-pageshortage)"
    )
    assert len(line.details) == 4


def test_a_report_spelling_is_shown_beside_the_one_name() -> None:
    facts = KernelFacts(
        platform=Platform.IOS, reason_spellings=((KillReason.PROC_THRASHING, "vm-thrashing"),)
    )
    kill = Killed(0.0, 1, "a", KillReason.PROC_THRASHING, 0)
    snap = Snapshot(0.0, MemoryStats(16384, 1000), (), era=Era.LEGACY, device="iPhone5,2")
    (line,) = Narrator(facts, recorded=True).narrate(snap, [kill])
    assert 'a (reason proc-thrashing; its reports write "vm-thrashing")' in line.text


def test_without_facts_nothing_is_claimed_about_thresholds() -> None:
    n = Narrator(None)
    n.narrate(_snap(1.0, 40_000), [])
    lines = n.narrate(_snap(2.0, 5_000), [Killed(1.5, 1, "a", KillReason.VM_PAGESHORTAGE, 0)])
    assert [line.text for line in lines] == [
        "1.5 s — jetsam killed: a (band 0 IDLE) (reason vm-pageshortage)"
    ]
