"""Whether the simulated device writes a jetsam report for a kill, and if not, why
(for the event timeline: a kill without its report says why, or that it is due).

The rules are the report builder's (``report_builder.Reporter``): a user kill from the
simulator's menu writes none; on the modern scale a kill in the idle or aging band
alone takes no snapshot (XNU's idle-snapshot exception, xnu-memorystatus.md §10); any
other kill is in the next report, which the device posts at most once every
``SNAPSHOT_TIMEOUT_S`` seconds.
"""

from __future__ import annotations

from activitymon.model import Era, Killed, KillReason
from activitymon.sim.xnu import SNAPSHOT_TIMEOUT_S, idle_snapshot_max_band

_FILLS_ALWAYS = frozenset({KillReason.HIGHWATER, KillReason.PER_PROCESS_LIMIT})


def no_report_reason(kill: Killed, era: Era | None) -> str:
    """Why no report shows this kill: never written (and why), or not written yet."""
    if kill.reason is KillReason.JETTISONED:
        return (
            "This kill came from the simulator's menu (a force quit, reason jettisoned); "
            "the device writes no jetsam report for it."
        )
    if (
        era is Era.MODERN
        and kill.band is not None
        and kill.band <= idle_snapshot_max_band(era)
        and kill.reason not in _FILLS_ALWAYS
    ):
        return (
            f"No report will name it: on the modern band scale a kill in band {kill.band} "
            "(idle or aging) alone takes no snapshot (XNU's idle-snapshot exception); only a "
            "later kill in a higher band in the same pass starts a report."
        )
    return (
        "No jetsam report recorded this kill yet: the device posts the report of a kill "
        f"pass at most once every {SNAPSHOT_TIMEOUT_S:g} s, so it follows."
    )
