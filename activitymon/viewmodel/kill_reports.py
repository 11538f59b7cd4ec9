"""Which jetsam report recorded a kill, and what the event timeline says about a kill
(the report, or why there is none), without Qt."""

from __future__ import annotations

from collections.abc import Sequence

from activitymon.model import Era, JetsamReport, Killed
from activitymon.reports import format_summary, render_report
from activitymon.sim.report_rules import no_report_reason
from activitymon.sim.rules import XnuRules

NO_REPORT = "No jetsam report recorded this kill."


def report_text(report: JetsamReport) -> str:
    """What ``activitymon report`` says about it, then the report as written."""
    return f"{format_summary(report)}\n\n— the report as written —\n\n{render_report(report)}"


def report_for_kill(reports: Sequence[JetsamReport], kill: Killed) -> JetsamReport | None:
    """The newest report that lists this victim: by pid, or by name where the report
    has no pids (legacy LowMemory text, which also cuts names to 16 characters)."""
    for report in reversed(reports):
        for p in report.victims:
            if p.pid is not None and kill.pid >= 0:
                if p.pid == kill.pid:
                    return report
            elif p.name and kill.name.startswith(p.name):
                return report
    return None


def why_no_report(kill: Killed, device_rules: tuple[XnuRules, Era] | None) -> str:
    """Why no report shows this kill: on the simulator, by its device's release rules
    (never written, or not yet); elsewhere, only that none did."""
    if device_rules is None:
        return NO_REPORT
    return no_report_reason(kill, *device_rules)
