"""Which report recorded a kill, and why none did (no QApplication)."""

from __future__ import annotations

from activitymon.model import Era, JetsamReport, Killed, KillReason, ReportFormat, ReportProcess
from activitymon.sim.rules import rules_for
from activitymon.viewmodel.kill_reports import NO_REPORT, report_for_kill, why_no_report


def _report(pid: int | None, name: str) -> JetsamReport:
    return JetsamReport(
        format=ReportFormat.JETSAM_JSON,
        page_size=16384,
        product="iPhone10,3",
        processes=(
            ReportProcess(name, pid, rpages=5760, reason="vm-pageshortage", priority=75),
            ReportProcess("SpringBoard", 101, rpages=10000, priority=160),
        ),
    )


KILL = Killed(t=3.0, pid=9, name="MobileMail", reason=KillReason.VM_PAGESHORTAGE, band=75)


def test_the_newest_report_naming_the_pid() -> None:
    older, newer = _report(9, "MobileMail"), _report(9, "MobileMail")
    assert report_for_kill([older, newer], KILL) is newer
    assert report_for_kill([_report(1, "x")], KILL) is None


def test_a_report_without_pids_names_the_victim_cut_to_16_characters() -> None:
    legacy = _report(None, "MobileMail"[:16])
    assert report_for_kill([legacy], KILL) is legacy
    assert report_for_kill([_report(None, "Safari")], KILL) is None


def test_why_no_report() -> None:
    assert why_no_report(KILL, None) == NO_REPORT
    menu_kill = Killed(t=1.0, pid=9, name="x", reason=KillReason.JETTISONED, band=0)
    # iPhone10,3 runs xnu-8796 (resources/devices/iPhone10_3.toml)
    assert "simulator's menu" in why_no_report(menu_kill, (rules_for(8796, Era.MODERN), Era.MODERN))
