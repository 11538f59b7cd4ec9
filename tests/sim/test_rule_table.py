"""The release table, rule by rule and release by release (issue 29 items 1–2).

Every expectation is a literal read in XNU at the tag named beside it (files under
``bsd/kern/`` unless a path is given), never computed by the code under test. Each rule
is checked at the last release without its value and the first release with it, so
moving a boundary or changing a value fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from activitymon.model import Era, KillReason
from activitymon.sim.rule_table import RULES, release_tag
from activitymon.sim.rules import (
    RULE_FIELDS,
    ActiveRule,
    AgingPolicy,
    BandRequests,
    HighwaterFrom,
    KillLogFormat,
    KillRecord,
    LimitLogFormat,
    kill_record,
    rule_row,
    rules_for,
)

L = Era.LEGACY

#: (rule, release, value there) — the boundary releases of every rule
MATRIX: list[tuple[str, int, Any]] = [
    # memorystatus_on_ledger_footprint_exceeded first in xnu-2422.1.72 ("approaching" /
    # "exceeded"); xnu-2782.1.97 prints only when warning == FALSE; xnu-3247.1.106 names
    # "the %s%sMemoryLimit"; xnu-3789.1.32 prints once per limit
    # (memorystatus_turnoff_exception_and_get_fatalness); xnu-4570.1.46
    # memorystatus_log_exception "EXC_RESOURCE -> …"; xnu-11417.121.6 "memorystatus: …"
    ("limit_log", 2107, LimitLogFormat.NONE),
    ("limit_log", 2422, LimitLogFormat.APPROACHING_OR_EXCEEDED),
    ("limit_log", 2781, LimitLogFormat.APPROACHING_OR_EXCEEDED),
    ("limit_log", 2782, LimitLogFormat.EXCEEDED_LIMIT_OF),
    ("limit_log", 3246, LimitLogFormat.EXCEEDED_LIMIT_OF),
    ("limit_log", 3247, LimitLogFormat.EXCEEDED_NAMED_LIMIT),
    ("limit_log", 3788, LimitLogFormat.EXCEEDED_NAMED_LIMIT),
    ("limit_log", 3789, LimitLogFormat.EXCEEDED_NAMED_LIMIT_ONCE),
    ("limit_log", 4569, LimitLogFormat.EXCEEDED_NAMED_LIMIT_ONCE),
    ("limit_log", 4570, LimitLogFormat.EXC_RESOURCE),
    ("limit_log", 11416, LimitLogFormat.EXC_RESOURCE),
    ("limit_log", 11417, LimitLogFormat.MEMORYSTATUS_EXCEEDED),
    # kill lines: 3247.1.106 adds the band, 3789.1.32 the "%lu.%02d" uptime
    ("kill_log", 3246, KillLogFormat.JETSAM_KILLING_CAUSE),
    ("kill_log", 3247, KillLogFormat.JETSAM_KILLING_CAUSE_BAND),
    ("kill_log", 3788, KillLogFormat.JETSAM_KILLING_CAUSE_BAND),
    ("kill_log", 3789, KillLogFormat.UPTIME_JETSAM_KILLING),
    ("kill_log", 4569, KillLogFormat.UPTIME_JETSAM_KILLING),
    ("kill_log", 4570, KillLogFormat.UPTIME_ACTION),
    # kern_memorystatus.c · memstat_proc_is_active_locked first in xnu-11215.1.10
    ("active_rule", 10063, ActiveRule.FOREGROUND_OR_DIRTY),
    ("active_rule", 11215, ActiveRule.ASSERTION),
    # kern_memorystatus_policy.c · memorystatus_pick_action: KILL_IDLE in xnu-11215.61.5
    ("idle_threshold", 10063, False),
    ("idle_threshold", 11215, True),
    # memorystatus_update_levels_locked: no idle offset at 2050, the offset at 2422.1.72
    ("critical_idle_offset", 2107, False),
    ("critical_idle_offset", 2422, True),
    ("critical_idle_offset", 10063, True),
    ("critical_idle_offset", 11215, False),
    # memorystatus_init: memorystatus_critical_threshold_mb (4 % above 3 GiB) at 6153
    ("critical_4_above_3gib", 4903, False),
    ("critical_4_above_3gib", 6153, True),
    # 2050 memorystatus_jetsam_thread: highwater at 10 %; 2422 memorystatus_thread:
    # LEGACY_HIWATER in the critical loop; 2782: the loop runs while ≤ pressure
    ("highwater_from", 2107, HighwaterFrom.HIGHWATER_10),
    ("highwater_from", 2422, HighwaterFrom.CRITICAL),
    ("highwater_from", 2423, HighwaterFrom.CRITICAL),
    ("highwater_from", 2782, HighwaterFrom.SOFT),
    # memorystatus_kill_proc: vm_purgeable_purge_task_owned from xnu-4570.51.1
    ("purge_before_kill", 3789, False),
    ("purge_before_kill", 4570, True),
    ("purge_before_kill", 4903, True),
    # no deferred band at 2050; DEFERRED_IDLE_EXIT_TIME_SECS at 2422;
    # kJetsamAgingPolicySysProcsReclaimedFirst is the default from 6153.11.26
    ("aging", 2107, AgingPolicy.NONE),
    ("aging", 2422, AgingPolicy.LEGACY),
    ("aging", 4903, AgingPolicy.LEGACY),
    ("aging", 6153, AgingPolicy.SYSPROCS_RECLAIMED_FIRST),
    # memorystatus_update: IDLE_DEFERRED → IDLE (2422), both aging bands (3789),
    # idle < p ≤ applications_aging_band (8796), ≤ JETSAM_PRIORITY_AGING_BAND2 (11215)
    ("band_requests", 2107, BandRequests.KEPT),
    ("band_requests", 2422, BandRequests.DEFERRED_TO_IDLE),
    ("band_requests", 3247, BandRequests.DEFERRED_TO_IDLE),
    ("band_requests", 3789, BandRequests.AGING_BANDS_TO_IDLE),
    ("band_requests", 8019, BandRequests.AGING_BANDS_TO_IDLE),
    ("band_requests", 8792, BandRequests.RESERVED_RANGE_TO_IDLE),
    ("band_requests", 11215, BandRequests.UP_TO_AGING_BAND2_TO_IDLE),
    # memorystatus_thread: JETSAM_SNAPSHOT_TIMEOUT_SECS (30) from xnu-3247.1.106
    ("snapshot_timeout_s", 2782, 0.0),
    ("snapshot_timeout_s", 3247, 30.0),
    ("snapshot_timeout_s", 7195, 30.0),
    ("snapshot_timeout_s", 11417, 30.0),
    # memorystatus_thread: "priority != JETSAM_PRIORITY_IDLE" from 2422.1.72
    ("quiet_idle", 2107, False),
    ("quiet_idle", 2422, True),
    # memorystatus_post_snapshot: IDLE_DEFERRED too (non-Legacy policy) from 6153.11.26
    ("quiet_deferred", 4903, False),
    ("quiet_deferred", 6153, True),
    ("quiet_deferred", 11417, True),
    # memorystatus_update_jetsam_snapshot_entry_locked: page counts from 3789.1.32
    ("snapshot_refresh", 3247, False),
    ("snapshot_refresh", 3789, True),
    # memorystatus_bg_pressure_eligible: the band floor from 4903.221.2
    ("notify_band_floor", 4570, False),
    ("notify_band_floor", 4903, True),
    ("notify_band_floor", 7195, True),
    # VM_PRESSURE_MINIMUM_RSIZE (CONFIG_EMBEDDED): none on the 2050 jetsam path,
    # 10 MB at 2422 (vm_pressure.c), 1 MB at 4570.1.46, 6 MB from 4903.221.2
    ("min_notify_mb", 2107, 0),
    ("min_notify_mb", 2422, 10),
    ("min_notify_mb", 3789, 10),
    ("min_notify_mb", 4570, 1),
    ("min_notify_mb", 4903, 6),
    ("min_notify_mb", 11417, 6),
    # memorystatus_update_vm_pressure(TRUE/FALSE) and vm_pressure.c ·
    # vm_find_pressure_candidate: xnu-2422.1.72's foreground and largest-process notes;
    # xnu-2050.48.11 has neither (memorystatus_request_vm_pressure_candidate), and from
    # xnu-2782.1.97 iOS runs the level-based rounds (the TRUE call only from the sysctl)
    ("notify_foreground_and_largest", 2107, False),
    ("notify_foreground_and_largest", 2422, True),
    ("notify_foreground_and_largest", 2423, True),
    ("notify_foreground_and_largest", 2782, False),
    ("notify_foreground_and_largest", 3789, False),
    # vm_pressure.c · vm_try_pressure_candidates (2050): a pid with no knote is skipped
    ("daemons_listen", 2107, False),
    ("daemons_listen", 2422, True),
    # WARNING_ / CRITICAL_NOTIFICATION_RESTING_PERIOD = 25 s from 3789.1.32
    ("notify_rest_s", 3247, 0.0),
    # is_knote_registered_modify_task_pressure_bits(kn_max, …, task, kVMPressureCritical,
    # kVMPressureWarning) at 2422.1.72, 2782.1.97 and 3247.1.106; (…, task, 0, …) and
    # memorystatus_klist_reset_all_for_level at 3789.1.32
    ("notify_clears_other_level", 2107, False),
    ("notify_clears_other_level", 2422, True),
    ("notify_clears_other_level", 3788, True),
    ("notify_clears_other_level", 3789, False),
    ("notify_rest_s", 3789, 25.0),
    ("notify_rest_s", 11417, 25.0),
    # kern_memorystatus_notify.c: the sustained-pressure handler from 8019.41.5
    ("sustained_pressure", 7195, False),
    ("sustained_pressure", 8019, True),
    # osfmk/vm/vm_compressor.c · vm_compressor_init: CONFIG_EMBEDDED divisors at 4570
    ("embedded_divisors", 3789, False),
    ("embedded_divisors", 4570, True),
    # report keys: the iOS 12.4 fixture (4903) has no priority, the iOS 14.2 one (7195) has
    ("report_priority_keys", 6153, False),
    ("report_priority_keys", 7195, True),
    # kill-cause names: [vm] (2050 kMemorystatusFlagsKilledVM), vm-thrashing (2782 …
    # 4570 memorystatus_kill_cause_name), proc-thrashing from 4903
    ("renamed", 2107, ((KillReason.VM_PAGESHORTAGE, "vm"),)),
    ("renamed", 2423, ()),
    ("renamed", 2782, ((KillReason.PROC_THRASHING, "vm-thrashing"),)),
    ("renamed", 4570, ((KillReason.PROC_THRASHING, "vm-thrashing"),)),
    ("renamed", 4903, ()),
    ("ios6_report", 2107, True),
    ("ios6_report", 2422, False),
    # memorystatus_update (2050.48.11) and memorystatus_pages_update (2422.1.72) publish
    # only moves of memorystatus_delta; xnu-2782.1.97 (VM_PRESSURE_EVENTS) every value
    ("published_in_steps", 2107, True),
    ("published_in_steps", 2423, True),
    ("published_in_steps", 2781, True),
    ("published_in_steps", 2782, False),
    # memorystatus_get_pressure_locked (2050.48.11), memorystatus_update_pressure_locked
    # (2422.1.72): the level from memorystatus_suspended_count; vm_pressure_response
    # (osfmk, 2782.1.97) from the compressor
    ("level_from_suspended", 2107, True),
    ("level_from_suspended", 2423, True),
    ("level_from_suspended", 2781, True),
    ("level_from_suspended", 2782, False),
    # no memorystatus_on_ledger_footprint_exceeded at xnu-2050.48.11; 2422.1.72 kills a
    # process without a limit of its own; 3247.1.106 "System_wide task limit is always
    # fatal"
    ("task_limit", 2107, False),
    ("task_limit", 2422, True),
    ("task_limit", 3246, True),
    ("task_limit", 3247, True),
    # entitled_max_task_pmem: none at xnu-6153.141.1, in memorystatus_init at 7195.81.3
    ("entitled_limit", 6153, False),
    ("entitled_limit", 7194, False),
    ("entitled_limit", 7195, True),
    # vm_pageout_scan calls memorystatus_kill_on_VM_page_shortage at xnu-8796.141.3,
    # not at xnu-10063.141.1; xnu-2050.48.11 memorystatus_kill_top_proc_from_VM
    ("vm_path_kills", 2107, True),
    ("vm_path_kills", 2423, True),
    ("vm_path_kills", 10001, True),
    ("vm_path_kills", 10002, False),
    # CONFIG_JETSAM: memorystatus_thread kills no idle-exit process of its own
    ("idle_exit_before_notes", 2107, False),
    ("idle_exit_before_notes", 11417, False),
    ("idle_exit_per_note", 2423, False),
    ("idle_exit_per_note", 11417, False),
]


@pytest.mark.parametrize(("rule", "xnu", "value"), MATRIX)
def test_rule_value_at_each_boundary_release(rule: str, xnu: int, value: Any) -> None:
    assert getattr(rules_for(xnu, L), rule) == value


#: where a Mac (no CONFIG_JETSAM) differs
MACOS_MATRIX: list[tuple[str, int, Any]] = [
    # !CONFIG_JETSAM: no memorystatus_on_ledger_footprint_exceeded before xnu-3789.1.32,
    # whose memorystatus_turnoff_exception_and_get_fatalness is built for a Mac too
    ("limit_log", 3788, LimitLogFormat.NONE),
    ("limit_log", 3789, LimitLogFormat.EXCEEDED_NAMED_LIMIT_ONCE),
    # memorystatus_init: the aging bands are 0 on macOS from xnu-8792
    ("aging", 8020, AgingPolicy.LEGACY),
    ("aging", 8792, AgingPolicy.NONE),
    # memorystatus_should_post_snapshot: IDLE_DEFERRED is quiet whatever the policy
    ("quiet_deferred", 8020, False),
    ("quiet_deferred", 8792, True),
    ("min_notify_mb", 11417, 10),
    # xnu-2422.1.72: !CONFIG_JETSAM runs the level-based memorystatus_update_vm_pressure
    ("notify_foreground_and_largest", 2422, False),
    # memorystatus_update_vm_pressure: memorystatus_idle_exit_from_VM once per loop at
    # xnu-2422.1.72; from xnu-2782.1.97 the idle exits come first (MAX_IDLE_KILLS)
    ("idle_exit_per_note", 2781, True),
    ("idle_exit_per_note", 2782, False),
    ("idle_exit_before_notes", 2781, False),
    ("idle_exit_before_notes", 2782, True),
    ("sustained_pressure", 11417, False),
    ("embedded_divisors", 11417, False),
    # task.c · task_init: "jetsam not configured; ignoring" max_task_pmem;
    # initialize_entitled_max_task_limit is CONFIG_JETSAM only
    ("task_limit", 3247, False),
    ("task_limit", 11417, False),
    ("entitled_limit", 7195, False),
    ("entitled_limit", 11417, False),
]


@pytest.mark.parametrize(("rule", "xnu", "value"), MACOS_MATRIX)
def test_rule_value_on_a_mac(rule: str, xnu: int, value: Any) -> None:
    assert getattr(rules_for(xnu, Era.MACOS), rule) == value


def test_a_release_between_two_profiles_has_its_own_rules_not_an_older_profiles() -> None:
    """rules_for(4903) is xnu-4903's: purge before kill and the band floor on, no
    aging for apps yet (issue 29: it used to return xnu-2422's rules)."""
    rules = rules_for(4903, L)
    assert rules.tag == "xnu-4903.221.2"
    assert rules.purge_before_kill is True
    assert rules.notify_band_floor is True
    assert rules.aging is AgingPolicy.LEGACY
    assert rules.highwater_from is HighwaterFrom.SOFT
    assert rules.snapshot_timeout_s == 30.0


@pytest.mark.parametrize(
    ("xnu", "tag"),
    [
        (2107, "xnu-2050.48.11"),
        (2423, "xnu-2422.1.72"),
        (4570, "xnu-4570.51.1"),
        (7195, "xnu-7195.141.2"),
        (8796, "xnu-8796.141.3"),
        (11417, "xnu-11417.121.6"),
    ],
)
def test_each_release_names_the_tag_it_was_read_at(xnu: int, tag: str) -> None:
    assert release_tag(xnu) == tag
    assert rules_for(xnu, L).tag == tag


def test_every_rule_has_one_row_each_citing_a_tag_and_a_function() -> None:
    assert sorted(rule.field for rule in RULES) == sorted(RULE_FIELDS)
    for rule in RULES:
        for row in (*rule.history, *rule.on_macos):
            assert row.tag.startswith(("xnu-", "iPhone OS")), rule.field
            assert " · " in row.where or row.where.startswith("shared/fixtures"), rule.field


def test_a_rule_row_is_found_for_a_citation() -> None:
    row = rule_row("purge_before_kill", 4903, L)
    assert (row.xnu, row.tag) == (4570, "xnu-4570.51.1")
    assert row.where.endswith("memorystatus_kill_proc")


# -- the one decision: does this kill get into a report ------------------------------

R2107 = rules_for(2107, L)
R2423 = rules_for(2423, L)
R7195 = rules_for(7195, L)
R11417 = rules_for(11417, Era.MODERN)
MAC = rules_for(11417, Era.MACOS)


@pytest.mark.parametrize(
    ("rules", "era", "reason", "band", "record"),
    [
        # a force quit from the simulator's menu: never
        (R11417, Era.MODERN, KillReason.JETTISONED, 100, KillRecord.NONE),
        # memstat_kill_idle_process never touches the snapshot (a Mac)
        (MAC, Era.MACOS, KillReason.IDLE_EXIT, 0, KillRecord.NONE),
        # 2050 memorystatus_jetsam_thread: post_snapshot after any kill, band 0 too
        (R2107, L, KillReason.VM_PAGESHORTAGE, 0, KillRecord.POSTED),
        # 2422 memorystatus_kill_top_process / memorystatus_thread: idle band alone quiet
        (R2423, L, KillReason.VM_PAGESHORTAGE, 0, KillRecord.IF_TAKEN),
        (R2423, L, KillReason.VM_PAGESHORTAGE, 1, KillRecord.POSTED),
        # 6153+ memorystatus_post_snapshot: IDLE_DEFERRED takes the snapshot, no post
        (R7195, L, KillReason.VM_PAGESHORTAGE, 1, KillRecord.HELD),
        (R11417, Era.MODERN, KillReason.IDLE_EXIT, 0, KillRecord.IF_TAKEN),
        (R11417, Era.MODERN, KillReason.VM_PAGESHORTAGE, 10, KillRecord.HELD),
        (R11417, Era.MODERN, KillReason.VM_PAGESHORTAGE, 20, KillRecord.POSTED),
        # memorystatus_act_on_hiwat_processes: a high-water kill always posts
        (R11417, Era.MODERN, KillReason.HIGHWATER, 0, KillRecord.POSTED),
        (R7195, L, KillReason.PER_PROCESS_LIMIT, 1, KillRecord.POSTED),
    ],
)
def test_which_kill_gets_a_report(
    rules: Any, era: Era, reason: KillReason, band: int, record: KillRecord
) -> None:
    assert kill_record(rules, reason, band, era) is record


# -- where each row starts -------------------------------------------------------------

#: the release each row of a rule starts at: mostly the line of the tag it cites
#: (xnu-2782.1.97 → 2782; 8792 for xnu-8796, 10002 for xnu-10063, the iOS/macOS pairs'
#: first; a row read at a later tag says where it starts in its text), and
#: 2050 for the first row of every rule: xnu-2050 (iOS 6) is the oldest release the
#: simulator models, so each rule has a value from there on. A boundary moved by one
#: release either way fails here; MATRIX above holds the values on each side.
ROWS: dict[str, tuple[int, ...]] = {
    "elevated_band": (2050, 3789, 8019),
    "idle_exit_before_notes": (2050,),
    "idle_exit_per_note": (2050,),
    "kill_log": (2050, 2782, 3247, 3789, 4570, 6153, 8019, 11215, 11417),
    "limit_log": (2050, 2422, 2782, 3247, 3789, 4570, 11417),
    "priority_list": (2050, 2422),
    "published_in_steps": (2050, 2422, 2782),
    "level_from_suspended": (2050, 2422, 2782),
    "notify_list_head": (2050, 2422),
    "notify_foreground_and_largest": (2050, 2422, 2782),
    "vm_path_kills": (2050, 2422, 10002),
    "limit_kind": (2050, 2422, 2782),
    "active_rule": (2050, 3247, 11215),
    "idle_threshold": (2050, 11215),
    "critical_idle_offset": (2050, 2422, 11215),
    "critical_4_above_3gib": (2050, 6153),
    "highwater_from": (2050, 2422, 2782),
    "purge_before_kill": (2050, 4570),
    "aging": (2050, 2422, 6153),
    "band_requests": (2050, 2422, 3789, 8792, 11215),
    "snapshot_timeout_s": (2050, 3247),
    "quiet_idle": (2050, 2422),
    "quiet_deferred": (2050, 6153),
    "snapshot_refresh": (2050, 3789),
    "notify_band_floor": (2050, 4903),
    "min_notify_mb": (2050, 2422, 4570, 4903),
    "daemons_listen": (2050, 2422),
    "notify_rest_s": (2050, 3789),
    "notify_clears_other_level": (2050, 2422, 3789),
    "sustained_pressure": (2050, 8019),
    "embedded_divisors": (2050, 4570),
    "report_priority_keys": (2050, 7195),
    "renamed": (2050, 2422, 2782, 4903),
    "ios6_report": (2050, 2422),
    "task_limit": (2050, 2422, 3247),
    "entitled_limit": (2050, 7195),
    "default_limit_warning": (2050, 3789, 11215),
    "compressor_space_kills": (2050, 4903, 11417),
}

#: a Mac's own rows (no CONFIG_JETSAM), where a rule has them
MACOS_ROWS: dict[str, tuple[int, ...]] = {
    "limit_log": (2050, 3789, 4570, 11417),
    "idle_exit_before_notes": (2050, 2782),
    "idle_exit_per_note": (2050, 2782),
    "aging": (2050, 2422, 8792),
    "quiet_deferred": (2050, 8792),
    "notify_foreground_and_largest": (2050,),
    "min_notify_mb": (2050,),
    "sustained_pressure": (2050,),
    "embedded_divisors": (2050,),
    "task_limit": (2050,),
    "entitled_limit": (2050,),
    "compressor_space_kills": (2050,),
}


def test_each_row_starts_at_its_release() -> None:
    assert {rule.field: tuple(row.xnu for row in rule.history) for rule in RULES} == ROWS
    macos = {rule.field: tuple(r.xnu for r in rule.on_macos) for rule in RULES if rule.on_macos}
    assert macos == MACOS_ROWS


@pytest.mark.parametrize(
    ("xnu", "tag"),
    [
        (1504, "xnu-2050.48.11"),  # older than any line modelled: the oldest's tag
        (2050, "xnu-2050.48.11"),
        (2421, "xnu-2050.48.11"),
        (2422, "xnu-2422.1.72"),
        (2781, "xnu-2422.1.72"),
        (2782, "xnu-2782.1.97"),
        (3246, "xnu-2782.1.97"),
        (3247, "xnu-3247.1.106"),
        (3788, "xnu-3247.1.106"),
        (3789, "xnu-3789.1.32"),
        (4569, "xnu-3789.1.32"),
        (4570, "xnu-4570.51.1"),
        (4902, "xnu-4570.51.1"),
        (4903, "xnu-4903.221.2"),
        (6152, "xnu-4903.221.2"),
        (6153, "xnu-6153.11.26"),
        (7194, "xnu-6153.11.26"),
        (7195, "xnu-7195.141.2"),
        (8018, "xnu-7195.141.2"),
        (8019, "xnu-8019.41.5"),
        (8791, "xnu-8019.41.5"),
        (8792, "xnu-8796.141.3"),
        (10001, "xnu-8796.141.3"),
        (10002, "xnu-10063.141.1"),
        (11214, "xnu-10063.141.1"),
        (11215, "xnu-11215.61.5"),
        (11416, "xnu-11215.61.5"),
    ],
)
def test_a_release_line_reads_the_tag_of_the_last_line_at_or_before_it(xnu: int, tag: str) -> None:
    assert release_tag(xnu) == tag
