"""The simulated device's :class:`~activitymon.model.KernelFacts`, derived from its
profile and its release's rules (``sim/rules.py``): what the narrator, the lessons'
fact checks and the glossary may say about this device, and nothing the rules do not
give it."""

from __future__ import annotations

from activitymon.model import (
    Era,
    KernelFacts,
    LevelSource,
    Platform,
    PriorityModel,
    ReportFormat,
    Threshold,
)
from activitymon.sim.profiles import DeviceProfile
from activitymon.sim.rules import AgingPolicy, HighwaterFrom, LimitKind, XnuRules, rules_for
from activitymon.sim.xnu import HIGHWATER_PERCENT

#: what the device's reports are called
REPORT_NAMES = {
    ReportFormat.JETSAM_IPS: "JetsamEvent",
    ReportFormat.JETSAM_JSON: "JetsamEvent",
    ReportFormat.LOWMEMORY_TEXT: "LowMemory",
    ReportFormat.LOWMEMORY_PLIST: "LowMemory",
}
_HIGHWATER_FROM = {HighwaterFrom.SOFT: Threshold.SOFT, HighwaterFrom.CRITICAL: Threshold.CRITICAL}


def _level_source(profile: DeviceProfile, rules: XnuRules) -> LevelSource:
    if rules.level_from_suspended:
        return LevelSource.SUSPENDED_COUNT
    return LevelSource.COMPRESSOR if profile.compressor else LevelSource.AVAILABLE_PAGES


def kernel_facts(profile: DeviceProfile, rules: XnuRules | None = None) -> KernelFacts:
    """The facts of ``profile`` running its release (``rules``: the profile's own by
    default)."""
    era = profile.era
    rules = rules or rules_for(profile.xnu, era)
    mac = era is Era.MACOS
    thresholds: frozenset[Threshold] = frozenset()
    if not mac:
        thresholds = frozenset({Threshold.SOFT, Threshold.CRITICAL})
        if rules.idle_threshold:
            thresholds |= {Threshold.IDLE}
    quiet = ((0,) if rules.quiet_idle else ()) + ((era.scale,) if rules.quiet_deferred else ())
    os_name = profile.os_version.replace("iPhone OS", "iOS").split(" (")[0]
    return KernelFacts(
        platform=Platform.MACOS if mac else Platform.IOS,
        release=rules.tag,
        os_name=os_name,
        priority_model=PriorityModel.PRIORITY_LIST if rules.priority_list else PriorityModel.BANDS,
        idle_band=not rules.priority_list,
        compressor=profile.compressor,
        level_source=_level_source(profile, rules),
        thresholds=thresholds,
        page_shortage_kills=not mac,
        critical_raised_while_idle=rules.critical_idle_offset and not mac,
        soft_limits=True,
        fatal_limits=rules.limit_kind is LimitKind.FATAL_OR_SOFT,
        highwater_below=None if mac else _HIGHWATER_FROM.get(rules.highwater_from),
        highwater_percent=(
            HIGHWATER_PERCENT
            if not mac and rules.highwater_from is HighwaterFrom.HIGHWATER_10
            else None
        ),
        aging=None if rules.aging is AgingPolicy.NONE else rules.aging.value,
        purge_before_kill=rules.purge_before_kill,
        notify_floor_band=2 * era.scale if rules.notify_band_floor else None,
        sustained_pressure_kills=rules.sustained_pressure,
        idle_exit_under_pressure=mac,
        report_format=REPORT_NAMES[profile.report_format],
        report_timeout_s=rules.snapshot_timeout_s,
        quiet_bands=quiet,
        reason_spellings=rules.renamed,
    )
