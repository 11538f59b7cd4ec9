"""The narrator at its edges: sizes that would read alike, several lines crossed back at
once, the 2 s burst window, a single event's line without details, line numbers.

The device is test_narrator's iOS 18 phone: 16 KiB pages, soft 29,491 pages (460.8 MiB,
"461 MB"), idle 19,660 (307.2 MiB), critical 9,830 (153.6 MiB, "154 MB")."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from activitymon.model import (
    Era,
    Killed,
    KillReason,
    LevelChanged,
    LimitExceeded,
    MemoryStats,
    PressureLevel,
    ProcessInfo,
    Snapshot,
)
from activitymon.model.memory import JetsamThresholds
from activitymon.teaching.burst import kill_cause, line_pages
from activitymon.teaching.narration_line import NarrationLine
from activitymon.teaching.narrator import BURST_S, LEVEL_BURST_S, Narrator
from activitymon.teaching.sentences import Line
from tests.teaching.device_facts import IOS_14, IOS_18, MB
from tests.teaching.test_narrator import _snap


def test_sizes_that_would_read_alike_get_one_more_digit() -> None:
    n = Narrator(IOS_18)
    (soft,) = n.narrate(_snap(1.0, 19_700), [])  # below soft only
    # 19,650 pages = 307.03 MiB, the idle threshold's 19,660 = 307.19 MiB: "307 MB" both
    (idle,) = n.narrate(_snap(2.0, 19_650), [])
    assert idle.text.startswith(
        "2.0 s — available memory 307.0 MB fell below the idle threshold (307.2 MB): "
    )
    assert (soft.serial, idle.serial) == (1, 2)  # lines are numbered from 1


def test_two_lines_crossed_back_at_once_are_one_sentence() -> None:
    n = Narrator(IOS_18)
    n.narrate(_snap(1.0, 40_000), [])
    assert len(n.narrate(_snap(2.0, 15_000), [])) == 2  # soft and idle
    (up,) = n.narrate(_snap(3.0, 50_000), [])
    assert up.text == (
        "3.0 s — available memory 781 MB is back above the soft threshold (461 MB) and "
        "the idle threshold (307 MB)"
    )


def test_three_lines_crossed_back_at_once_are_listed_with_commas() -> None:
    n = Narrator(IOS_18)
    n.narrate(_snap(1.0, 40_000), [])
    assert len(n.narrate(_snap(2.0, 5_000), [])) == 3
    (up,) = n.narrate(_snap(3.0, 50_000), [])
    assert up.text == (
        "3.0 s — available memory 781 MB is back above the soft threshold (461 MB), the "
        "idle threshold (307 MB) and the critical threshold (154 MB)"
    )


def test_kills_less_than_2_s_apart_are_one_line_with_a_detail_each() -> None:
    assert BURST_S == 2.0
    n = Narrator(IOS_18)
    a = Killed(5.0, 1, "a", KillReason.IDLE_EXIT, 0, MB)
    b = Killed(6.5, 2, "b", KillReason.IDLE_EXIT, 0, MB)
    (first,) = [line for line in n.narrate(_snap(5.0, 19_000), [a]) if line.kind == "kill"]
    assert first.details == ()  # one event: nothing to unfold
    (second,) = n.narrate(_snap(6.5, 19_000), [b])
    assert second.serial == first.serial  # the same line, grown
    assert len(second.details) == 2


def test_a_line_made_by_hand_has_no_number_yet() -> None:
    assert NarrationLine(1.0, "x", "threshold", "soft").serial == 0


def test_a_new_source_is_live_unless_told_otherwise() -> None:
    n = Narrator(IOS_18, recorded=True)
    n.configure(IOS_18)
    assert n.recorded is False


def test_level_changes_more_than_1_s_apart_are_told_each() -> None:
    assert LEVEL_BURST_S == 1.0
    n = Narrator(IOS_18)
    (warn,) = n.narrate(_snap(1.0, 40_000), [LevelChanged(1.0, PressureLevel.WARN, 40_000, 20)])
    crit = LevelChanged(2.5, PressureLevel.CRITICAL, 40_000, 10)
    (critical,) = n.narrate(_snap(2.5, 40_000), [crit])
    assert critical.serial == warn.serial + 1  # a line of its own
    assert critical.text.startswith("2.5 s — pressure is now Critical (memorystatus_level 10 %)")


def test_back_above_is_the_soft_thresholds_term() -> None:
    n = Narrator(IOS_18)
    n.narrate(_snap(1.0, 40_000), [])
    n.narrate(_snap(2.0, 5_000), [])
    (up,) = n.narrate(_snap(3.0, 50_000), [])
    assert up.term == "soft-threshold"


def test_a_sample_without_thresholds_tells_no_crossing() -> None:
    n = Narrator(IOS_18)
    assert n.narrate(replace(_snap(1.0, 15_000), thresholds=None), []) == []


def test_a_line_cannot_be_changed() -> None:
    line = NarrationLine(1.0, "x", "threshold", "soft")
    with pytest.raises(FrozenInstanceError):
        line.t = 2.0  # type: ignore[misc]  # the point: frozen


def test_a_replayed_reports_line_points_at_its_first_kill() -> None:
    victims = [
        ProcessInfo(1, "a", band=0, kill_reason="idle-exit"),
        ProcessInfo(2, "b", band=30, kill_reason="vm-pageshortage"),
    ]
    kills = [Killed(0.0, p.pid, p.name, KillReason(p.kill_reason or ""), p.band) for p in victims]
    snap = Snapshot(
        0.0, MemoryStats(16384, 1000), tuple(victims), era=Era.MODERN, device="iPhone12,1"
    )
    (line,) = Narrator(recorded=True).narrate(snap, kills)
    assert (line.pid, line.event) == (1, kills[0])


def test_memory_at_a_threshold_is_not_below_it() -> None:
    # jetsam acts below a threshold (sim/jetsam.py: avail < th.soft_pages …), and so
    # does the narration: 29,491 pages is the soft threshold itself
    n = Narrator(IOS_18)
    n.narrate(_snap(1.0, 40_000), [])
    assert n.narrate(_snap(2.0, 29_491), []) == []
    (down,) = n.narrate(_snap(3.0, 29_490), [])
    assert "fell below the soft threshold" in down.text


def test_kills_exactly_2_s_apart_are_still_one_line() -> None:
    n = Narrator(IOS_18)
    a = Killed(5.0, 1, "a", KillReason.IDLE_EXIT, 0, MB)
    b = Killed(7.0, 2, "b", KillReason.IDLE_EXIT, 0, MB)
    (first,) = [x for x in n.narrate(_snap(5.0, 19_000), [a]) if x.kind == "kill"]
    (second,) = n.narrate(_snap(7.0, 19_000), [b])
    assert second.serial == first.serial


def test_a_fatal_limit_crossed_without_a_kill_after_it_is_told() -> None:
    # a cut-off recording: the kill that follows a crossing is not in it
    n = Narrator(IOS_18)
    (line,) = n.narrate(_snap(1.0, 50_000), [LimitExceeded(1.0, 5, "app", 100 * MB, True)])
    assert line.text == "1.0 s — app crossed its fatal 100 MB memory limit: it is killed at once"


def test_a_kills_own_line_is_not_told_again_and_the_lines_below_it_are() -> None:
    n = Narrator(IOS_18)
    n.narrate(_snap(1.0, 40_000), [])
    lines = n.narrate(_snap(2.0, 5_000), [Killed(2.0, 5, "a", KillReason.IDLE_EXIT, 0)])
    said = [x.text.split(": ")[0] for x in lines]
    assert said == [
        "2.0 s — available memory 78.1 MB fell below the idle threshold (307 MB)",
        "2.0 s — available memory 78.1 MB fell below the soft threshold (461 MB)",
        "2.0 s — available memory 78.1 MB fell below the critical threshold (154 MB)",
    ]


def test_with_nothing_raised_ios_14_tells_the_lines_after_the_raised_one() -> None:
    # idle figure = critical: band 0 is empty, the critical threshold is not raised, so
    # the raised line has no place (line_pages None) and the critical one is still told
    level = JetsamThresholds(soft_pages=29_491, idle_pages=9_830, critical_pages=9_830)
    n = Narrator(IOS_14)
    n.narrate(replace(_snap(1.0, 40_000), thresholds=level), [])
    lines = n.narrate(replace(_snap(2.0, 5_000), thresholds=level), [])
    assert [x.text.split(": ")[0] for x in lines] == [
        "2.0 s — available memory 78.1 MB fell below the soft threshold (461 MB)",
        "2.0 s — available memory 78.1 MB fell below the critical threshold (154 MB)",
    ]
    snap = replace(_snap(1.0, 5_000), thresholds=level)
    assert line_pages(Line.RAISED_CRITICAL, snap, IOS_14) is None


def test_a_kill_decided_at_the_threshold_names_no_figure() -> None:
    kill = Killed(2.0, 5, "a", KillReason.IDLE_EXIT, 0)
    cause = kill_cause(kill, 19_660, _snap(2.0, 19_660), IOS_18)
    assert cause.text == (
        "available memory fell below the idle threshold (307 MB): jetsam kills idle "
        "processes (band 0) first, oldest first"
    )


def test_a_line_a_kill_told_is_told_again_once_memory_is_back() -> None:
    # the kill at 2.5 s said the idle line (memory itself never read below it); once
    # memory is back above the soft line, falling below the idle line is news again
    n = Narrator(IOS_18)
    n.narrate(_snap(1.0, 40_000), [])
    n.narrate(_snap(2.0, 25_000), [])
    n.narrate(_snap(3.0, 25_000), [Killed(2.5, 5, "a", KillReason.IDLE_EXIT, 0)])
    (back,) = n.narrate(_snap(4.0, 40_000), [])
    assert back.text == "4.0 s — available memory 625 MB is back above the soft threshold (461 MB)"
    lines = n.narrate(_snap(5.0, 15_000), [])
    assert [x.text.split(": ")[0] for x in lines] == [
        "5.0 s — available memory 234 MB fell below the soft threshold (461 MB)",
        "5.0 s — available memory 234 MB fell below the idle threshold (307 MB)",
    ]


def test_back_above_one_line_memory_is_still_below_the_others() -> None:
    n = Narrator(IOS_18)
    n.narrate(_snap(1.0, 40_000), [])
    n.narrate(_snap(2.0, 5_000), [])  # below all three
    (back,) = n.narrate(_snap(3.0, 15_000), [])
    assert back.text.endswith("is back above the critical threshold (154 MB)")
    (kill,) = n.narrate(_snap(4.0, 15_000), [Killed(3.5, 5, "a", KillReason.IDLE_EXIT, 0)])
    assert kill.text.startswith(
        "3.5 s — available memory is still below the idle threshold (307 MB): jetsam kills idle"
    )
