"""Sentences that were false beside their screen, one test per class of error (the
truth audit after issues 22–24). Expectations are literals: what the sentence must say,
and what it must not, written from what the events mean in XNU:

* a limit warning reaches one process whatever the system's pressure
  (``memorystatus_on_ledger_footprint_exceeded`` with ``warning`` set): its memory
  warning is not a pressure round, so no "warned that pressure is Warning";
* one process told twice within a burst's window is two moments, not "2 processes";
* a fatal limit kills at once on the allocating thread: one line, not two;
* xnu-2050's level below the soft threshold counts suspended apps (the line is the soft
  threshold, named once);
* a Mac ends idle-exit processes before it notifies anyone (xnu-2782 →
  ``memorystatus_update_vm_pressure``).
"""

from __future__ import annotations

import pytest

from activitymon.cli import main
from activitymon.model import (
    Era,
    Event,
    Killed,
    KillReason,
    LevelChanged,
    LimitExceeded,
    LimitWarning,
    MemoryStats,
    NoteCause,
    Notified,
    PressureLevel,
    Responded,
    Snapshot,
)
from activitymon.teaching.narrator import Narrator
from tests.teaching.device_facts import IOS_6, IOS_18, MAC, MB, TH


def _snap(t: float, era: Era = Era.MODERN) -> Snapshot:
    return Snapshot(
        time=t,
        memory=MemoryStats(page_size=16384, total_pages=196_608, available_pages=100_000),
        processes=(),
        era=era,
        thresholds=TH,
    )


def _told(narrator: Narrator, *moments: tuple[float, list[Event]]) -> list[str]:
    lines = narrator.narrate_all((_snap(t), events) for t, events in moments)
    return [line.text for line in lines]


def test_a_limit_warning_is_one_line_about_the_limit_not_about_pressure() -> None:
    warned: list[Event] = [
        LimitWarning(8.8, 7, "Game", 600 * MB, 80),
        Notified(8.8, 7, "Game", PressureLevel.WARN, NoteCause.LIMIT),
    ]
    lines = _told(Narrator(IOS_18), (9.0, warned))
    assert lines == [
        "8.8 s — Game reached 80 % of its 600 MB memory limit: the kernel sends it a memory "
        "warning about its own limit, whatever the system's pressure"
    ]


def test_one_process_warned_twice_is_two_lines_not_two_processes() -> None:
    def warning(t: float) -> list[Event]:
        return [
            LimitWarning(t, 7, "Game", 600 * MB, 80),
            Notified(t, 7, "Game", PressureLevel.WARN, NoteCause.LIMIT),
        ]

    lines = _told(
        Narrator(IOS_18),
        (9.0, [*warning(8.8)]),
        (10.0, [Responded(9.3, 7, "Game", 80 * MB)]),
        (11.0, [*warning(10.8)]),
        (12.0, [Responded(11.3, 7, "Game", 80 * MB)]),
    )
    answers = [line for line in lines if "answered" in line]
    assert answers == [
        "9.3 s — Game answered the warning and freed 80.0 MB: it is further from its own limit now",
        "11.3 s — Game answered the warning and freed 80.0 MB: it is further from its own "
        "limit now",
    ]
    assert not any("2 processes" in line or "160 MB" in line for line in lines)


def test_pressure_notes_to_the_same_process_twice_do_not_count_it_twice() -> None:
    lines = _told(
        Narrator(IOS_18),
        (1.0, [Notified(0.5, 5, "Music", PressureLevel.WARN)]),
        (2.0, [Notified(1.5, 5, "Music", PressureLevel.WARN)]),
    )
    assert [line.split(" — ")[1][:45] for line in lines] == [
        "Music was warned that pressure is Warning: a ",
        "Music was warned that pressure is Warning: a ",
    ]


def test_a_fatal_limit_and_its_kill_are_one_line() -> None:
    events: list[Event] = [
        LimitExceeded(34.9, 9, "Game", 3072 * MB, True, "entitled"),
        Killed(34.9, 9, "Game", KillReason.PER_PROCESS_LIMIT, 100, 3082 * MB),
    ]
    lines = _told(Narrator(IOS_18), (35.0, events))
    assert lines == [
        "34.9 s — Game (band 100 FOREGROUND, 3.01 GB) crossed its fatal 3.00 GB memory limit "
        "(raised from the task limit by the increased-memory-limit entitlement): killed at "
        "once, whatever the pressure (reason per-process-limit)"
    ]


def test_a_memory_warning_by_hand_is_not_called_pressure() -> None:
    lines = _told(
        Narrator(IOS_18), (2.0, [Notified(1.0, 5, "Maps", PressureLevel.WARN, NoteCause.REQUEST)])
    )
    assert lines == [
        "1.0 s — Maps was sent a memory warning by hand (as Xcode's Simulate Memory Warning "
        "does), whatever the system's pressure"
    ]


def test_ios_6_names_its_one_line_the_soft_threshold() -> None:
    n = Narrator(IOS_6)
    lines = n.narrate_all(
        [(_snap(1.0, Era.PRIORITY_LIST), [LevelChanged(1.0, PressureLevel.WARN)])]
    )
    assert lines[0].sentence == (
        "pressure is now Warning: available memory is below the soft threshold and 1–4 apps "
        "are suspended; registered processes are told, one at a time"
    )


def test_a_mac_ends_idle_processes_before_it_tells_anyone() -> None:
    lines = Narrator(MAC).narrate_all(
        [(_snap(1.0, Era.MACOS), [LevelChanged(1.0, PressureLevel.WARN, None, 39)])]
    )
    assert lines[0].sentence == (
        "pressure is now Warning (memorystatus_level 39 %): the compressor has taken so much "
        "memory that what is left uncompressed fell below the kernel's Warning mark; macOS "
        "first ends clean idle processes that allow idle exit, one a second, then tells the "
        "processes registered for memory warnings"
    )


def test_a_level_that_flaps_within_an_instant_says_so() -> None:
    flaps: list[Event] = [
        LevelChanged(32.0, PressureLevel.CRITICAL),
        LevelChanged(32.001, PressureLevel.WARN),
    ]
    (line,) = Narrator(IOS_18).narrate_all([(_snap(33.0), flaps)])
    assert line.sentence.startswith(
        "pressure changed 2 times within a tenth of a second between Warning and Critical"
    )


def test_the_limit_warning_scenario_is_told_as_it_happens(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """limit-warning.toml: Game (600 MB fatal limit, frees 80 MB when warned) grows
    40 MB/s from 3 s, stops at 12 s, allocates 250 MB at 18 s; the iPhone 11 warns at
    80 % (xnu-11417 PHYS_FOOTPRINT_WARNING_LEVEL)."""
    assert main(["simulate", "limit-warning", "--narrate", "-"]) == 0
    lines = capsys.readouterr().out.splitlines()
    warned = "reached 80 % of its 600 MB memory limit: the kernel sends it a memory warning"
    assert [line.split("\t")[0] for line in lines if warned in line] == ["8.8", "10.8", "18.0"]
    assert "pressure is Warning" not in "\n".join(lines)
    assert "(Game, Game)" not in "\n".join(lines)
    assert (
        lines[1]
        == "9.3\tGame answered the warning and freed 80.0 MB: it is further from its own limit now"
    )
    assert (
        lines[3]
        == "11.3\tGame answered the warning and freed 80.0 MB: it is further from its own limit now"
    )
    assert lines[5] == (
        "18.0\tGame (band 100 FOREGROUND, 700 MB) crossed its fatal 600 MB memory limit: "
        "killed at once, whatever the pressure (reason per-process-limit)"
    )


def test_a_kill_after_memory_came_back_is_a_line_of_its_own() -> None:
    """The iPod's hog died 4.5 s after "17.0 s — … 20 processes died" and was counted
    on that line, below "18.0 s — available memory is back above the critical
    threshold": once memory is told back above its lines, a later kill is a new line
    that says memory fell below again (not "still below")."""

    def at(t: float, available: int) -> Snapshot:
        memory = MemoryStats(page_size=16384, total_pages=196_608, available_pages=available)
        return Snapshot(time=t, memory=memory, processes=(), thresholds=TH)

    def kill(t: float, pid: int, name: str) -> Killed:
        return Killed(t, pid, name, KillReason.VM_PAGESHORTAGE, 0, 10 * MB)

    moments: list[tuple[Snapshot, list[Event]]] = [
        (at(16.0, 100_000), []),
        (at(17.0, 9_000), [kill(16.90, 11, "Maps"), kill(16.95, 12, "Mail")]),
        (at(18.0, 100_000), []),
        (at(19.0, 9_500), [kill(18.90, 13, "Notes")]),
    ]
    lines = [line.text for line in Narrator(IOS_18).narrate_all(moments)]
    kills = [line for line in lines if "died" in line or "Notes" in line]
    assert len(kills) == 2
    assert kills[0].startswith("16.9 s — available memory")
    assert "2 processes died" in kills[0]
    assert "Notes" not in kills[0]
    assert kills[1].startswith("18.9 s — available memory 148 MB fell below the critical")
    assert "still" not in kills[1]
    back = next(i for i, line in enumerate(lines) if "back above" in line)
    assert lines.index(kills[1]) > back


def test_a_kill_after_the_level_changed_is_not_folded_into_an_earlier_line() -> None:
    """An iPad's hog was counted on "13.5 s — … processes died" though lines below it,
    at 15.5 and 17.5 s, warned it that pressure was Warning: once the level changed
    (or a line was crossed) at a later sample, a kill is a pass of its own."""

    def at(t: float) -> Snapshot:
        memory = MemoryStats(page_size=16384, total_pages=196_608, available_pages=9_000)
        return Snapshot(time=t, memory=memory, processes=(), thresholds=TH)

    def kill(t: float, pid: int, name: str) -> Killed:
        return Killed(t, pid, name, KillReason.VM_PAGESHORTAGE, 0, 10 * MB)

    moments: list[tuple[Snapshot, list[Event]]] = [
        (at(7.0), []),  # memory below its lines already: they are told here
        (at(8.0), [kill(7.5, 11, "Maps")]),
        (at(9.0), [kill(8.9, 12, "Mail"), LevelChanged(9.0, PressureLevel.WARN, 9_000, 4)]),
        (at(11.0), [kill(10.5, 13, "hog")]),
    ]
    lines = [line.text for line in Narrator(IOS_18).narrate_all(moments)]
    first = next(line for line in lines if "Maps" in line)
    assert "Mail" in first
    assert "hog" not in first
    hog = next(i for i, line in enumerate(lines) if "hog" in line)
    assert lines[hog].startswith("10.5 s — ")
    level = next(i for i, line in enumerate(lines) if "pressure is now Warning" in line)
    assert hog > level
