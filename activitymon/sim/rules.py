"""The memorystatus rules of an XNU release, derived from the release table.

``rules_for(xnu, era)`` reads every row of :mod:`activitymon.sim.rule_table` at the
release ``xnu`` (any release, not only the device profiles' 2107, 2423, 7195, 8796 and
11417) and returns one frozen :class:`XnuRules`; the kernel, the jetsam loop, aging,
notifications and the report builder read their release-dependent choices from it and
never branch on a release number themselves. ``kill_record`` is the one place that
decides whether a kill gets into a jetsam report.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from activitymon.model import Era, KillReason
from activitymon.sim.rule_table import RULES, release_tag
from activitymon.sim.rule_types import (
    ActiveRule,
    AgingPolicy,
    BandRequests,
    CompressorSpaceKills,
    DefaultLimitWarning,
    HighwaterFrom,
    KillLogFormat,
    LimitKind,
    LimitLogFormat,
    Rule,
    Since,
)

__all__ = [
    "ActiveRule",
    "AgingPolicy",
    "BandRequests",
    "CompressorSpaceKills",
    "DefaultLimitWarning",
    "HighwaterFrom",
    "KillLogFormat",
    "KillRecord",
    "LimitKind",
    "LimitLogFormat",
    "XnuRules",
    "kill_record",
    "rule_row",
    "rules_for",
]


@dataclass(frozen=True, slots=True)
class XnuRules:
    """One release's rules; each field is a row of ``rule_table.RULES``."""

    #: the public tag the release's line was read at
    tag: str
    #: the release the rules were derived for
    xnu: int
    kill_log: KillLogFormat
    elevated_band: int | None
    idle_exit_before_notes: bool
    #: a Mac before xnu-2782: one idle exit with each pass of the pressure thread's loop
    idle_exit_per_note: bool
    priority_list: bool
    published_in_steps: bool
    level_from_suspended: bool
    notify_list_head: bool
    #: xnu-2422: foreground apps told by the jetsam thread as available pages fall, the
    #: largest registered process by the pageout path (once per registration)
    notify_foreground_and_largest: bool
    vm_path_kills: bool
    limit_kind: LimitKind
    #: the line written when a process crosses its memory limit
    limit_log: LimitLogFormat
    active_rule: ActiveRule
    idle_threshold: bool
    critical_idle_offset: bool
    critical_4_above_3gib: bool
    highwater_from: HighwaterFrom
    purge_before_kill: bool
    aging: AgingPolicy
    band_requests: BandRequests
    snapshot_timeout_s: float
    quiet_idle: bool
    quiet_deferred: bool
    snapshot_refresh: bool
    notify_band_floor: bool
    min_notify_mb: int
    daemons_listen: bool
    notify_rest_s: float
    #: a note at Warning clears the process's Critical mark and the other way round
    notify_clears_other_level: bool
    sustained_pressure: bool
    embedded_divisors: bool
    report_priority_keys: bool
    renamed: tuple[tuple[KillReason, str], ...]
    ios6_report: bool
    #: a process without a limit of its own runs under the device's task limit
    #: (``max_task_pmem``) as a fatal limit
    task_limit: bool
    #: the increased-memory-limit entitlement raises a process's limits
    entitled_limit: bool
    #: where the ledger warns a process running under the task limit
    default_limit_warning: DefaultLimitWarning
    #: what jetsam does while the compressor is low on space (iOS)
    compressor_space_kills: CompressorSpaceKills

    def reason_name(self, reason: KillReason) -> str:
        """The kill cause as this release's reports spell it."""
        for cause, name in self.renamed:
            if cause is reason:
                return name
        return reason.value


#: the fields every release has from the table (``tag`` and ``xnu`` are not rules)
RULE_FIELDS = tuple(f.name for f in fields(XnuRules) if f.name not in ("tag", "xnu"))


def _rule(name: str) -> Rule[Any]:
    for rule in RULES:
        if rule.field == name:
            return rule
    raise KeyError(name)


def rule_row(name: str, xnu: int, era: Era) -> Since[Any]:
    """The table row that gives rule ``name`` its value at release ``xnu`` (for a
    citation on screen or in a message)."""
    return _rule(name).since(xnu, macos=era is Era.MACOS)


@cache
def rules_for(xnu: int, era: Era) -> XnuRules:
    """Every rule at release ``xnu`` (a Mac reads the rows' macOS history where one
    differs: no ``CONFIG_JETSAM``)."""
    macos = era is Era.MACOS
    values = {rule.field: rule.since(xnu, macos=macos).value for rule in RULES}
    return XnuRules(tag=release_tag(xnu), xnu=xnu, **values)


class KillRecord(enum.Enum):
    """What a kill does to the jetsam snapshot, hence whether a report shows it."""

    #: never in a report: a user's force quit, a Mac's idle exit on the pressure thread
    #: (``memstat_kill_idle_process`` never touches the snapshot)
    NONE = "none"
    #: marked only in a snapshot another kill already took; asks for no post
    IF_TAKEN = "if-taken"
    #: takes (or marks) the snapshot but asks for no post: a later pass posts it
    HELD = "held"
    #: takes (or marks) the snapshot and asks for it to be posted at the end of the pass
    POSTED = "posted"

    @property
    def takes_snapshot(self) -> bool:
        return self in (KillRecord.HELD, KillRecord.POSTED)

    @property
    def marks_snapshot(self) -> bool:
        return self is not KillRecord.NONE

    @property
    def asks_post(self) -> bool:
        return self is KillRecord.POSTED


def kill_record(
    rules: XnuRules,
    reason: KillReason,
    band: int | None,
    era: Era,
    *,
    from_pageout: bool = False,
) -> KillRecord:
    """Whether (and how) a kill gets into a jetsam report, by the release's rules.

    * a user kill (``jettisoned``), a Mac's idle exit and its low-swap kill: never
      (``no_paging_space_action`` signals the process itself, kern_proc.c);
    * high-water and per-process-limit kills: always, and they ask for the post
      (``memorystatus_act_on_hiwat_processes``, ``memorystatus_kill_process_sync``);
    * on releases that keep them quiet, a kill in the idle band alone takes no snapshot
      (``memorystatus_kill_top_process``: ``aPid_ep != JETSAM_PRIORITY_IDLE``) and one
      in the system aging band takes it but asks for no post
      (``memorystatus_post_snapshot`` / ``memorystatus_should_post_snapshot``);
    * a Mac's kill for compressor space: always, in the idle band too;
    * a kill by the pageout scan (``from_pageout``: xnu-2050
      ``memorystatus_kill_top_proc_from_VM``) takes the snapshot but never posts it:
      only the jetsam thread sends the note, after a kill of its own;
    * any other kill takes the snapshot and asks for the post.
    """
    if reason is KillReason.JETTISONED:
        return KillRecord.NONE
    if era is Era.MACOS and reason in (KillReason.IDLE_EXIT, KillReason.LOW_SWAP):
        return KillRecord.NONE
    if from_pageout:
        return KillRecord.HELD
    if reason in (KillReason.HIGHWATER, KillReason.PER_PROCESS_LIMIT) or band is None:
        return KillRecord.POSTED
    if rules.priority_list:
        return KillRecord.POSTED  # memorystatus_jetsam_thread: post_snapshot after any kill
    if era is Era.MACOS and reason is KillReason.VM_COMPRESSOR_SPACE_SHORTAGE:
        # !CONFIG_JETSAM (xnu-11417.121.6): memorystatus_kill_top_process forces the
        # snapshot, and memorystatus_should_post_snapshot posts for a thrashing cause
        # (is_reason_thrashing) even in the idle band
        return KillRecord.POSTED
    if band == 0 and rules.quiet_idle:
        return KillRecord.IF_TAKEN
    if band == era.scale and rules.quiet_deferred:
        return KillRecord.HELD
    return KillRecord.POSTED


def _check_table() -> None:
    """Every ``XnuRules`` field has exactly one row, and rows run oldest first."""
    names = [rule.field for rule in RULES]
    if sorted(names) != sorted(RULE_FIELDS):
        missing = set(RULE_FIELDS) - set(names)
        extra = set(names) - set(RULE_FIELDS)
        raise AssertionError(f"rule table: missing {missing or '-'}, unknown {extra or '-'}")
    for rule in RULES:
        for rows in (rule.history, rule.on_macos):
            releases = [row.xnu for row in rows]
            if releases != sorted(set(releases)):
                raise AssertionError(f"rule table: {rule.field} rows out of order")


_check_table()

#: the rules of each device profile's release, derived like any other (names kept for
#: the code and probes that read them)
XNU_2107 = rules_for(2107, Era.PRIORITY_LIST)
XNU_2423 = rules_for(2423, Era.LEGACY)
XNU_7195 = rules_for(7195, Era.LEGACY)
XNU_8796 = rules_for(8796, Era.MODERN)
XNU_11417 = rules_for(11417, Era.MODERN)
