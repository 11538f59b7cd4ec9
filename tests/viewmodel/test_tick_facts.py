"""The tick carries the source's KernelFacts: from the simulator's rules, from a
replayed report, and from a recording (which keeps the recorded source's facts)."""

from __future__ import annotations

from pathlib import Path

from activitymon.model import (
    JetsamReport,
    KillReason,
    Platform,
    ReportFormat,
    ReportProcess,
    Threshold,
)
from activitymon.recording import RecordingWriter
from activitymon.sources.recording import RecordingSource
from activitymon.sources.replay import facts_of
from activitymon.sources.sim import SimulatorSource
from activitymon.viewmodel.sampling import read_tick
from activitymon.viewmodel.tick import ClockState


def test_a_simulator_tick_carries_its_release_facts() -> None:
    source = SimulatorSource.open("hog")  # the iOS 6 iPod touch
    tick = read_tick(source, 1, ClockState())
    assert tick.facts is not None
    assert tick.facts.platform is Platform.IOS
    assert tick.facts.compressor is False
    assert Threshold.IDLE not in tick.facts.thresholds


def test_a_recording_keeps_the_recorded_facts(tmp_path: Path) -> None:
    source = SimulatorSource.open("hog")
    path = tmp_path / "r.amrec"
    with RecordingWriter(
        path,
        source="sim",
        description=source.describe(),
        facts=source.kernel_facts(),
    ) as writer:
        writer.add(source.sample(), [], [])
    played = RecordingSource.open(path)
    try:
        assert read_tick(played, 1, ClockState()).facts == source.kernel_facts()
    finally:
        played.close()


def test_a_recording_without_facts_says_it_does_not_know(tmp_path: Path) -> None:
    source = SimulatorSource.open("hog")
    path = tmp_path / "old.amrec"
    with RecordingWriter(path, source="sim", description="d") as writer:
        writer.add(source.sample(), [], [])
    played = RecordingSource.open(path)
    try:
        assert read_tick(played, 1, ClockState()).facts is None
    finally:
        played.close()


def test_a_replayed_report_keeps_its_own_spelling_of_a_reason() -> None:
    report = JetsamReport(
        format=ReportFormat.JETSAM_JSON,
        page_size=16384,
        os_version="iPhone OS 9.3.5 (13G36)",
        processes=(ReportProcess(name="a", pid=1, priority=0, reason="vm-thrashing"),),
    )
    facts = facts_of(report)
    assert facts.os_name == "iOS 9.3.5"
    assert facts.reported_as(KillReason.PROC_THRASHING) == "vm-thrashing"
    assert facts.report_format == "JetsamEvent"
