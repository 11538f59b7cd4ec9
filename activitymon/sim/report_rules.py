"""Whether the simulated device writes a jetsam report for a kill, and if not, why
(for the event timeline: a kill without its report says why, or that it is due).

The decision is ``sim.rules.kill_record``, the one the kernel and the report builder
use: a user kill from the simulator's menu writes none; on releases that keep them
quiet, a kill in the idle band (or the deferred band) alone asks for no report; any
other kill is in the next report, which the device posts at most once per the
release's snapshot timeout.
"""

from __future__ import annotations

from activitymon.model import Era, Killed, KillReason
from activitymon.sim.rules import KillRecord, XnuRules, kill_record


def no_report_reason(kill: Killed, rules: XnuRules, era: Era) -> str:
    """Why no report shows this kill: never written (and why), or not written yet."""
    record = kill_record(rules, kill.reason, kill.band, era)
    if kill.reason is KillReason.JETTISONED:
        return (
            "This kill came from the simulator's menu (a force quit, reason jettisoned); "
            "the device writes no jetsam report for it."
        )
    if record is KillRecord.NONE:
        return (
            f"On this release ({rules.tag}) this kill never touches the jetsam snapshot, "
            "so the device writes no report for it."
        )
    if record is KillRecord.IF_TAKEN:
        return (
            f"No report will name it unless a kill in a higher band follows in the same "
            f"pass: on this release ({rules.tag}) a kill in band {kill.band} alone takes "
            "no snapshot, so the device writes no report for it."
        )
    if not record.asks_post:
        return (
            f"No report yet: on this release ({rules.tag}) a kill in band {kill.band} alone "
            "takes the snapshot but asks for no report; it is in the next one a later kill "
            "asks for."
        )
    timeout = rules.snapshot_timeout_s
    when = f"at most once every {timeout:g} s" if timeout else "at the end of the kill pass"
    return f"No jetsam report recorded this kill yet: the device posts its report {when}."
