"""A burst's sentence, written out (``teaching/folded.py``): reports, level changes,
notes and answers, launches and a replayed report's summary, on test_narrator's
devices (iOS 18: JetsamEvent reports, at most one every 30 s, notes to band 20 and
above; a Mac: no thresholds)."""

from __future__ import annotations

from activitymon.model import (
    Era,
    Event,
    Killed,
    KillReason,
    Launched,
    LevelChanged,
    MemoryStats,
    NoteCause,
    Notified,
    PressureLevel,
    ProcessInfo,
    ReportWritten,
    Responded,
    Snapshot,
)
from activitymon.teaching.narrator import NarrationLine, Narrator
from tests.teaching.device_facts import IOS_18, MAC, MB
from tests.teaching.test_narrator import _snap

WAIT = (
    "; kills in the next 30 s wait for a later report (this release posts at most one every 30 s)"
)
WARN, NORMAL = PressureLevel.WARN, PressureLevel.NORMAL


def _told(n: Narrator, kind: str, *batches: tuple[float, int, list[Event]]) -> NarrationLine:
    lines: list[NarrationLine] = []
    for t, available, events in batches:
        lines += n.narrate(_snap(t, available), events)
    (line,) = [x for x in lines if x.kind == kind]
    return line


def test_one_report_with_one_victim() -> None:
    report = ReportWritten(1.0, "/tmp/x.ips", "JetsamEvent", 1)
    line = _told(Narrator(IOS_18), "report", (1.0, 50_000, [report]))
    assert line.text == (
        "1.0 s — the device wrote a JetsamEvent report to /tmp/x.ips: it lists every process "
        "and marks 1 victim with the reason it died" + WAIT
    )
    assert line.details == ()


def test_one_report_with_three_victims() -> None:
    report = ReportWritten(1.0, "", "JetsamEvent", 3)
    line = _told(Narrator(IOS_18), "report", (1.0, 50_000, [report]))
    assert line.text == (
        "1.0 s — the device wrote a JetsamEvent report: it lists every process and marks 3 "
        "victims with the reason each died" + WAIT
    )


def test_two_reports_in_one_line() -> None:
    reports: list[Event] = [
        ReportWritten(1.0, "", "JetsamEvent", 2),
        ReportWritten(1.5, "", "JetsamEvent", 3),
    ]
    line = _told(Narrator(IOS_18), "report", (1.0, 50_000, reports))
    assert line.text == (
        "1.0 s — the device wrote 2 JetsamEvent reports, one per kill pass: together they "
        "mark 5 victims with the reason each died" + WAIT
    )
    assert line.details == (
        "1.0 s  JetsamEvent report, 2 killed",
        "1.5 s  JetsamEvent report, 3 killed",
    )


def test_a_report_on_an_unknown_device() -> None:
    report = ReportWritten(1.0, "", "JetsamEvent", None)
    line = _told(Narrator(None), "report", (1.0, 50_000, [report]))
    assert line.text == "1.0 s — the device wrote a jetsam report: it lists every process"


def test_three_level_changes_in_a_second() -> None:
    changes: list[Event] = [
        LevelChanged(0.0, WARN, 40_000, 20),
        LevelChanged(0.5, PressureLevel.CRITICAL, 40_000, None),
        LevelChanged(0.9, NORMAL, 40_000, 30),
    ]
    line = _told(Narrator(IOS_18), "level", (1.0, 50_000, changes))
    assert line.text == (
        "0.0 s — pressure changed 3 times in 0.9 s between Normal, Warning and Critical, and "
        "is now Normal (memorystatus_level 30 %): enough memory is left uncompressed again"
    )
    assert line.details == (
        "0.0 s  Warning (memorystatus_level 20 %)",
        "0.5 s  Critical",
        "0.9 s  Normal (memorystatus_level 30 %)",
    )


def test_level_changes_a_tenth_of_a_second_apart_and_closer() -> None:
    tenth: list[Event] = [LevelChanged(0.0, WARN, 40_000, 20), LevelChanged(0.1, NORMAL, 40_000)]
    line = _told(Narrator(IOS_18), "level", (1.0, 50_000, tenth))
    assert line.text.startswith("0.0 s — pressure changed 2 times in 0.1 s between Normal and ")
    assert line.text.endswith("and is now Normal: enough memory is left uncompressed again")
    closer: list[Event] = [LevelChanged(0.0, WARN, 40_000), LevelChanged(0.05, NORMAL, 40_000)]
    line = _told(Narrator(IOS_18), "level", (1.0, 50_000, closer))
    assert "pressure changed 2 times within a tenth of a second between" in line.text


def test_notes_that_pressure_is_back_to_normal() -> None:
    two: list[Event] = [Notified(1.0, 5, "a", NORMAL), Notified(1.2, 6, "b", NORMAL)]
    line = _told(Narrator(IOS_18), "notify", (1.0, 50_000, two))
    assert line.text == (
        "1.0 s — 2 processes were told that pressure is back to Normal (a, b) (this release "
        "tells only processes in band 20 or above)"
    )
    one = _told(Narrator(MAC), "notify", (1.0, 50_000, [Notified(1.0, 5, "a", NORMAL)]))
    assert one.text == "1.0 s — a was told that pressure is back to Normal"


def test_an_answer_says_what_it_bought_by_why_it_was_told() -> None:
    def answer(facts: object, cause: NoteCause) -> str:
        n = Narrator(facts)  # type: ignore[arg-type]  # KernelFacts
        events: list[Event] = [
            Notified(1.0, 5, "app", WARN, cause=cause),
            Responded(1.2, 5, "app", 10 * MB),
        ]
        return _told(n, "respond", (1.2, 50_000, events)).text

    freed = (
        "1.2 s — app answered the warning and freed 10.0 MB: freed memory raises available memory"
    )
    assert answer(IOS_18, NoteCause.REQUEST) == freed
    assert answer(IOS_18, NoteCause.PRESSURE) == (
        freed + " and can keep the thresholds from being crossed"
    )
    assert answer(MAC, NoteCause.PRESSURE) == freed + " and can keep pressure from rising"


def test_a_relaunch_inside_a_launch_burst() -> None:
    killed: list[Event] = [Killed(1.0, 5, "a", KillReason.IDLE_EXIT, 0)]
    launched: list[Event] = [Launched(4.0, 9, "a", 0), Launched(4.5, 10, "b", 0)]
    line = _told(Narrator(IOS_18), "launch", (1.0, 19_000, killed), (4.0, 50_000, launched))
    assert line.text == (
        "4.0 s — 2 processes launched: a (band 0 IDLE), relaunched 3.0 s after it was killed, "
        "b (band 0 IDLE)"
    )


def _summary(count: int) -> str:
    victims = [ProcessInfo(i, name, band=0, kill_reason="idle-exit") for i, name in
               enumerate("abcdef"[:count], 1)]  # fmt: skip
    kills = [Killed(0.0, p.pid, p.name, KillReason.IDLE_EXIT, 0) for p in victims]
    snap = Snapshot(
        0.0, MemoryStats(16384, 1000), tuple(victims), era=Era.MODERN, device="iPhone12,1"
    )
    (line,) = Narrator(recorded=True).narrate(snap, kills)
    return line.text


def test_a_replayed_reports_summary_names_four_and_counts_the_rest() -> None:
    assert _summary(1) == "0.0 s — this report recorded 1 kill on iPhone12,1: a (reason idle-exit)"
    assert _summary(2) == (
        "0.0 s — this report recorded 2 kills on iPhone12,1: a (reason idle-exit), "
        "b (reason idle-exit)"
    )
    assert _summary(5).endswith("d (reason idle-exit) and 1 more")
    assert _summary(6) == (
        "0.0 s — this report recorded 6 kills on iPhone12,1: a (reason idle-exit), "
        "b (reason idle-exit), c (reason idle-exit), d (reason idle-exit) and 2 more"
    )
