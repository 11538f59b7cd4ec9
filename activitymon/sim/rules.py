"""The memorystatus rules of each XNU release the device profiles claim, as data.

A profile's ``xnu`` field (2107, 2423, 7195, 8796, 11417 …) selects one frozen
:class:`XnuRules`; the kernel, the jetsam loop, aging, notifications and the report
builder read their release-dependent choices from it instead of branching on the era.
``docs/SIMULATOR.md`` cites, beside each rule, the file and function at the tag read.

Embedded-only releases have no public tag: iOS 6's xnu-2107 is read at the nearest
published tag of its line (xnu-2050.48.11), iOS 7's xnu-2423 at xnu-2422.1.72.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from functools import cache

from activitymon.model import Era, KillReason


class ActiveRule(enum.Enum):
    """Which of a process's two limits applies (§3.3)."""

    #: xnu-3247 … 10063 ``proc_jetsam_state_is_active_locked``: elevated-inactive band
    #: with that attribute → active; dirty-tracked → active iff dirty; otherwise
    #: active iff effective band ≥ FOREGROUND (also applied to iOS 6/7, whose single
    #: limit had only a "background" flag: a simplification, see docs/SIMULATOR.md)
    FOREGROUND_OR_DIRTY = "foreground-or-dirty"
    #: xnu-11417 ``memstat_proc_is_active_locked``: tracked → dirty, or clean +
    #: idle-exit + band > 0; RunningBoard-managed apps → while they hold an assertion;
    #: others → band > 0
    ASSERTION = "assertion"


class HighwaterFrom(enum.Enum):
    """From which available-pages threshold the jetsam thread runs high-water kills."""

    #: xnu-2050: ``memorystatus_available_pages <= memorystatus_available_pages_highwater``
    #: (10 % of memory), a threshold of its own
    HIGHWATER_10 = "highwater-10"
    #: xnu-2422: only inside the critical loop (``LEGACY_HIWATER``)
    CRITICAL = "critical"
    #: xnu-6153 … 11417: below the soft (pressure) threshold or unhealthy
    SOFT = "soft"


class AgingPolicy(enum.Enum):
    #: xnu-2422 … 4903 (compiled-in Legacy): tracked daemons 10 s in band 1, apps to 0
    LEGACY = "legacy"
    #: xnu-6153 … 11417 (SysProcsReclaimedFirst): daemons 2 / 5 / 10 s by relaunch
    #: likelihood in the system aging band, apps 2 s in the applications aging band
    SYSPROCS_RECLAIMED_FIRST = "sysprocs-reclaimed-first"
    #: macOS from xnu-8792: no aging
    NONE = "none"


@dataclass(frozen=True, slots=True)
class XnuRules:
    #: the public tag the rules were read at
    tag: str
    active_rule: ActiveRule
    #: a separate idle threshold and the ``KILL_IDLE`` action (xnu-11215.61 →)
    idle_threshold: bool
    #: critical threshold raised by 5 % of memory while band 0 is occupied
    #: (xnu-2422 … 10063)
    critical_idle_offset: bool
    #: critical 4 % instead of 5 % above 3 GiB of DRAM (xnu-6153 →)
    critical_4_above_3gib: bool
    highwater_from: HighwaterFrom
    #: the victim's purgeable memory is purged first (xnu-4903 →)
    purge_before_kill: bool
    aging: AgingPolicy
    #: a snapshot is posted at most once per this many seconds (0: no timeout)
    snapshot_timeout_s: float
    #: kills in the idle band (and, with ``quiet_deferred``, the system aging band) alone
    #: post no snapshot (``memorystatus_should_post_snapshot``)
    quiet_idle: bool
    quiet_deferred: bool
    #: notifications only to bands ≥ BACKGROUND_OPPORTUNISTIC (xnu-4903 →)
    notify_band_floor: bool
    #: sustained-pressure kills (xnu-8019 →, iOS)
    sustained_pressure: bool
    #: kill-cause names this release's reports write, where they differ from the newest
    renamed: tuple[tuple[KillReason, str], ...] = ()
    #: the iOS 6.1 LowMemory report: plist keys beside the text, a short memory block,
    #: no fds column, ``**End**`` (the article's ``LowMemory-2013-11-03-001623.plist``)
    ios6_report: bool = False

    def quiet_band(self, band: int, era: Era) -> bool:
        """A kill in ``band`` posts no snapshot by itself."""
        if band == 0:
            return self.quiet_idle
        return self.quiet_deferred and band == era.scale

    def reason_name(self, reason: KillReason) -> str:
        for cause, name in self.renamed:
            if cause is reason:
                return name
        return reason.value


#: iOS 6 (xnu-2107; read at xnu-2050.48.11). The victims of the page-shortage path in
#: the article's report carry ``[vm]`` (``kMemorystatusFlagsKilledVM``, set by
#: ``memorystatus_kill_top_proc_from_VM``).
XNU_2107 = XnuRules(
    tag="xnu-2050.48.11",
    active_rule=ActiveRule.FOREGROUND_OR_DIRTY,
    idle_threshold=False,
    critical_idle_offset=False,
    critical_4_above_3gib=False,
    highwater_from=HighwaterFrom.HIGHWATER_10,
    purge_before_kill=False,
    aging=AgingPolicy.LEGACY,
    snapshot_timeout_s=0.0,
    quiet_idle=False,
    quiet_deferred=False,
    notify_band_floor=False,
    sustained_pressure=False,
    renamed=((KillReason.VM_PAGESHORTAGE, "vm"),),
    ios6_report=True,
)
#: iOS 7 (xnu-2423; read at xnu-2422.1.72)
XNU_2423 = XnuRules(
    tag="xnu-2422.1.72",
    active_rule=ActiveRule.FOREGROUND_OR_DIRTY,
    idle_threshold=False,
    critical_idle_offset=True,
    critical_4_above_3gib=False,
    highwater_from=HighwaterFrom.CRITICAL,
    purge_before_kill=False,
    aging=AgingPolicy.LEGACY,
    snapshot_timeout_s=0.0,
    quiet_idle=True,
    quiet_deferred=False,
    notify_band_floor=False,
    sustained_pressure=False,
)
#: iOS 14 (xnu-7195.141.2)
XNU_7195 = XnuRules(
    tag="xnu-7195.141.2",
    active_rule=ActiveRule.FOREGROUND_OR_DIRTY,
    idle_threshold=False,
    critical_idle_offset=True,
    critical_4_above_3gib=True,
    highwater_from=HighwaterFrom.SOFT,
    purge_before_kill=True,
    aging=AgingPolicy.SYSPROCS_RECLAIMED_FIRST,
    snapshot_timeout_s=30.0,
    quiet_idle=True,
    quiet_deferred=True,
    notify_band_floor=True,
    sustained_pressure=False,
)
#: iOS 16 (xnu-8796.141.3): the ×10 band scale
XNU_8796 = XnuRules(
    tag="xnu-8796.141.3",
    active_rule=ActiveRule.FOREGROUND_OR_DIRTY,
    idle_threshold=False,
    critical_idle_offset=True,
    critical_4_above_3gib=True,
    highwater_from=HighwaterFrom.SOFT,
    purge_before_kill=True,
    aging=AgingPolicy.SYSPROCS_RECLAIMED_FIRST,
    snapshot_timeout_s=30.0,
    quiet_idle=True,
    quiet_deferred=True,
    notify_band_floor=True,
    sustained_pressure=True,
)
#: iOS 18.4+ / macOS 15.4+ (xnu-11417.121.6)
XNU_11417 = XnuRules(
    tag="xnu-11417.121.6",
    active_rule=ActiveRule.ASSERTION,
    idle_threshold=True,
    critical_idle_offset=False,
    critical_4_above_3gib=True,
    highwater_from=HighwaterFrom.SOFT,
    purge_before_kill=True,
    aging=AgingPolicy.SYSPROCS_RECLAIMED_FIRST,
    snapshot_timeout_s=30.0,
    quiet_idle=True,
    quiet_deferred=True,
    notify_band_floor=True,
    sustained_pressure=True,
)

#: first xnu release of each rule set, newest last
_RELEASES: tuple[tuple[int, XnuRules], ...] = (
    (0, XNU_2107),
    (2422, XNU_2423),
    (6153, XNU_7195),
    (8792, XNU_8796),
    (11215, XNU_11417),
)


@cache
def rules_for(xnu: int, era: Era) -> XnuRules:
    """The rule set of the newest release at or below ``xnu``. macOS has no aging
    (from xnu-8792) and no sustained-pressure kills (no ``CONFIG_JETSAM``)."""
    chosen = XNU_2107
    for first, rules in _RELEASES:
        if xnu >= first:
            chosen = rules
    if era is Era.MACOS:
        chosen = replace(chosen, aging=AgingPolicy.NONE, sustained_pressure=False)
    return chosen
