"""Whether the simulated device writes a jetsam report for a kill, and if not, why
(for the event timeline: a kill without its report says why, or that it is due).

The rules are the report builder's, per XNU release (``sim.rules``): a user kill from
the simulator's menu writes none; on releases that keep them quiet, a kill in the
idle band (or the deferred band) alone takes no snapshot; any other kill is in the next
report, which the device posts at most once per the release's snapshot timeout.
"""

from __future__ import annotations

from activitymon.model import Era, Killed, KillReason
from activitymon.sim.errors import ScenarioError
from activitymon.sim.profiles import find_profile
from activitymon.sim.rules import XnuRules, rules_for
from activitymon.sim.scenario import load_scenario

_FILLS_ALWAYS = frozenset({KillReason.HIGHWATER, KillReason.PER_PROCESS_LIMIT})


def device_rules(scenario: str | None, profile: str | None) -> tuple[XnuRules, Era] | None:
    """The release rules of the device a simulator choice runs (``None`` if unknown)."""
    try:
        found = find_profile(profile) if profile else load_scenario(scenario or "demo").profile
    except ScenarioError:
        return None
    if found is None:
        return None
    return rules_for(found.xnu, found.era), found.era


def no_report_reason(kill: Killed, rules: XnuRules, era: Era) -> str:
    """Why no report shows this kill: never written (and why), or not written yet."""
    if kill.reason is KillReason.JETTISONED:
        return (
            "This kill came from the simulator's menu (a force quit, reason jettisoned); "
            "the device writes no jetsam report for it."
        )
    if (
        kill.band is not None
        and kill.reason not in _FILLS_ALWAYS
        and rules.quiet_band(kill.band, era)
    ):
        return (
            f"No report will name it unless a kill in a higher band follows in the same "
            f"pass: on this release ({rules.tag}) a kill in band {kill.band} alone takes "
            "no snapshot, so the device writes no report for it."
        )
    timeout = rules.snapshot_timeout_s
    when = f"at most once every {timeout:g} s" if timeout else "at the end of the kill pass"
    return f"No jetsam report recorded this kill yet: the device posts its report {when}."
