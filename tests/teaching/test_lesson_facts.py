"""The facts a checkpoint declares: read with one-line errors, and checked against what
the lesson's run showed (issue 24 §4)."""

from __future__ import annotations

import pytest

from activitymon.model import (
    Era,
    JetsamReport,
    KernelFacts,
    Killed,
    KillReason,
    MemoryStats,
    Platform,
    PressureLevel,
    ProcessInfo,
    ReportFormat,
    ReportProcess,
    Snapshot,
    Threshold,
)
from activitymon.teaching.lesson_facts import (
    CheckpointFacts,
    FactsError,
    LessonWitness,
    check_facts,
    parse_facts,
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("x", "'facts' must be a table"),
        ({"colour": 1}, "unknown key 'colour'"),
        ({"killed": "Game"}, "facts.killed: expected a list of names"),
        ({"kills": -1}, "facts.kills: expected a count"),
        ({"kills": True}, "facts.kills: expected a count"),
        ({"compressor": "no"}, "facts.compressor: expected true or false"),
        ({"reason": "tired"}, "'tired' is not a valid KillReason"),
        ({"thresholds": ["low"]}, "'low' is not a valid Threshold"),
        ({"level": "purple"}, "unknown pressure level"),
    ],
)
def test_bad_facts_get_one_line(body: object, expected: str) -> None:
    with pytest.raises(FactsError) as exc:
        parse_facts(body)
    assert expected in str(exc.value)
    assert "\n" not in str(exc.value)


def _witness() -> LessonWitness:
    w = LessonWitness()
    snap = Snapshot(
        5.0,
        MemoryStats(16384, 1000),
        (ProcessInfo(1, "Camera", band=10), ProcessInfo(2, "SpringBoard", band=16)),
        level=PressureLevel.WARN,
        era=Era.LEGACY,
    )
    facts = KernelFacts(
        platform=Platform.IOS,
        compressor=True,
        thresholds=frozenset({Threshold.SOFT, Threshold.CRITICAL}),
    )
    kills = [
        Killed(3.0, 7, "cloudd", KillReason.VM_PAGESHORTAGE, 0),
        Killed(4.0, 8, "Mail", KillReason.VM_PAGESHORTAGE, 0),
    ]
    report = JetsamReport(
        format=ReportFormat.JETSAM_JSON,
        page_size=16384,
        largest_process="Camera",
        processes=(ReportProcess("Mail", pid=8, reason="vm-pageshortage"),),
    )
    w.observe(snap, kills, [report], facts)
    return w


def test_facts_that_hold_say_nothing() -> None:
    want = CheckpointFacts(
        killed=("cloudd",),
        alive=("Camera",),
        kills=2,
        reason="vm-pageshortage",
        first_killed_band="IDLE",
        last_killed="Mail",
        level=PressureLevel.WARN,
        thresholds=frozenset({Threshold.SOFT, Threshold.CRITICAL}),
        compressor=True,
        band_scale=Era.LEGACY,
        report_victims=1,
        report_largest="Camera",
        unreported=1,
    )
    w = _witness()
    assert check_facts(want, w, w.kills[-1]) == []


def test_each_fact_that_does_not_hold_is_one_line() -> None:
    want = CheckpointFacts(
        killed=("Game",),
        alive=("cloudd",),
        kills=5,
        reason="idle-exit",
        first_killed_band="BACKGROUND",
        last_killed="cloudd",
        level=PressureLevel.CRITICAL,
        thresholds=frozenset({Threshold.IDLE}),
        compressor=False,
        band_scale=Era.MODERN,
        report_victims=3,
        report_largest="Game",
        unreported=0,
    )
    w = _witness()
    problems = check_facts(want, w, w.kills[-1])
    assert len(problems) == 13
    assert "Game was to be killed by now; killed so far: ['cloudd', 'Mail']" in problems
    assert "the report on screen was to mark 3 victims, it marks 1" in problems
    assert "1 kills were to be in no report yet" not in " ".join(problems)
    assert "0 kills were to be in no report yet, 1 are" in problems


def test_a_report_on_screen_is_the_one_checked_and_the_replay_adds_no_kills() -> None:
    w = _witness()
    shown = JetsamReport(format=ReportFormat.JETSAM_JSON, page_size=16384, largest_process="X")
    w.show(shown)
    w.observe(None, [Killed(9.0, 9, "ghost", KillReason.IDLE_EXIT, 0)])
    assert [k.name for k in w.kills] == ["cloudd", "Mail"]
    assert check_facts(CheckpointFacts(report_largest="X", report_victims=0), w, None) == []
