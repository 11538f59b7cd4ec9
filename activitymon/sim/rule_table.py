"""Every release-dependent rule of the simulated kernel, one row per rule.

Each :class:`Rule` says what the rule is, the first release that has each of its
values (``Since``) and where that value was read: the public tag, the file and the
function. ``rules.rules_for(xnu, era)`` derives a release's :class:`XnuRules` from this
table, so a release between two device profiles (4903, 6153 …) gets exactly what its
line has, and a newcomer finds where a rule for a given release lives in one place.

Release numbers are the XNU line (2050, 2422, 2782 … 11417); where the iOS and macOS
lines differ (8019 / 8020, 8792 / 8796, 10002 / 10063) the first of the pair is used.
Embedded-only releases have no public tag: iOS 6's xnu-2107 is read at xnu-2050.48.11,
iOS 7's xnu-2423 at xnu-2422.1.72. Files are under ``bsd/kern/`` unless a path says
otherwise. To add a rule: a field on ``rules.XnuRules`` and a row here (a test checks
that every field has exactly one row).
"""

from __future__ import annotations

from typing import Any

from activitymon.model import KillReason
from activitymon.sim.rule_types import (
    ActiveRule,
    AgingPolicy,
    BandRequests,
    CompressorSpaceKills,
    DefaultLimitWarning,
    HighwaterFrom,
    KillLogFormat,
    LimitKind,
    Rule,
    Since,
)

KMS = "bsd/kern/kern_memorystatus.c"
NOTIFY = "bsd/kern/kern_memorystatus_notify.c"
POLICY = "bsd/kern/kern_memorystatus_policy.c"
HEADER = "bsd/sys/kern_memorystatus.h"

T2050 = "xnu-2050.48.11"
T2422 = "xnu-2422.1.72"

# fmt: off
RULES: tuple[Rule[Any], ...] = (
    Rule(
        "elevated_band",
        "the elevated-inactive band (legacy scale), active for a process with the attribute",
        (
            Since(2050, None, T2422, f"{HEADER} · JETSAM_PRIORITY_*", "no such band"),
            Since(3789, 3, "xnu-3789.1.32", f"{HEADER} · JETSAM_PRIORITY_ELEVATED_INACTIVE",
                  "= JETSAM_PRIORITY_BACKGROUND"),
            Since(8019, 4, "xnu-8019.41.5", f"{HEADER} · JETSAM_PRIORITY_ELEVATED_INACTIVE",
                  "= JETSAM_PRIORITY_MAIL"),
        ),
    ),
    Rule(
        "idle_exit_before_notes",
        "a Mac's pressure thread kills idle-exit processes, 1 s apart, before telling anyone",
        (
            Since(2050, False, T2050, f"{KMS} · memorystatus_thread", "CONFIG_JETSAM: none"),
        ),
        on_macos=(
            Since(2050, False, T2422, f"{KMS} · memorystatus_thread", "kill_idle_exit_proc"),
            Since(2782, True, "xnu-2782.1.97", f"{KMS} · memorystatus_update_vm_pressure",
                  "MAX_IDLE_KILLS, delay(1000000) per kill"),
        ),
    ),
    Rule(
        "kill_log",
        "the line the kernel writes for a kill (its log: dmesg, later the unified log)",
        (
            Since(2050, KillLogFormat.JETSAM_KILLING, T2050,
                  f"{KMS} · memorystatus_kill_top_proc, memorystatus_kill_hiwat_proc", "printf"),
            Since(2782, KillLogFormat.JETSAM_KILLING_CAUSE, "xnu-2782.1.97",
                  f"{KMS} · memorystatus_kill_top_process", "jetsam_kill_cause_name[cause]"),
            Since(4570, KillLogFormat.UPTIME_ACTION, "xnu-4570.51.1",
                  f"{KMS} · memorystatus_kill_proc", "os_log_with_startup_serial"),
            Since(6153, KillLogFormat.UPTIME_ACTION_KB, "xnu-6153.11.26",
                  f"{KMS} · memorystatus_kill_proc", "footprint in KB"),
            Since(8019, KillLogFormat.UPTIME_ACTION_KB_COMPRESSOR, "xnu-8019.41.5",
                  f"{KMS} · memorystatus_kill_proc", "compressor_size"),
            Since(11215, KillLogFormat.ACTION_KB_COMPRESSOR, "xnu-11215.61.5",
                  f"{KMS} · memorystatus_kill_proc", "memorystatus_log, no uptime"),
            Since(11417, KillLogFormat.ACTION_BAND_TIME, "xnu-11417.121.6",
                  f"{KMS} · memorystatus_kill_proc", "seconds in band, relaunch flags"),
        ),
    ),
    Rule(
        "priority_list",
        "one list of numeric priorities, highest killed first, newest first among equals",
        (
            Since(2050, True, T2050, f"{KMS} · memorystatus_add_node, memorystatus_list_change",
                  "descending priority; inserted before the first node of equal priority"),
            Since(2422, False, T2422, f"{KMS} · memorystatus_update_priority_locked",
                  "memstat_bucket[] bands, killed from band 0, FIFO inside a band"),
        ),
    ),
    Rule(
        "published_in_steps",
        "available pages are published only when they move by memorystatus_delta (5 %)",
        (
            Since(2050, True, T2050, f"{KMS} · memorystatus_update",
                  "below critical, or ± memorystatus_delta since the last value"),
            Since(2422, True, T2422, f"{KMS} · memorystatus_pages_update"),
            Since(2782, False, "xnu-2782.1.97", f"{KMS} · memorystatus_pages_update",
                  "VM_PRESSURE_EVENTS: every value"),
        ),
    ),
    Rule(
        "level_from_suspended",
        "the pressure level below the pressure threshold comes from the suspended count",
        (
            Since(2050, True, T2050, f"{KMS} · memorystatus_get_pressure_locked",
                  "> 4 suspended: Normal, 1–4: Warning, none: Urgent"),
            Since(2422, True, T2422, f"{KMS} · memorystatus_update_pressure_locked"),
            Since(2782, False, "xnu-2782.1.97", f"{KMS} · vm_pressure_response"),
        ),
    ),
    Rule(
        "notify_list_head",
        "one pressure note per event, to the first eligible process in list order",
        (
            Since(2050, True, T2050, f"{KMS} · memorystatus_request_vm_pressure_candidate"),
            Since(2422, False, T2422, "bsd/kern/vm_pressure.c · vm_find_pressure_candidate"),
        ),
    ),
    Rule(
        "vm_path_kills",
        "without a pager, the pageout scan kills the next victim itself when it is stuck",
        (
            Since(2050, True, T2050, "osfmk/vm/vm_pageout.c · vm_pageout_scan",
                  "memorystatus_kill_top_proc_from_VM (kMemorystatusFlagsKilledVM)"),
            Since(2422, True, T2422, "osfmk/vm/vm_pageout.c · vm_pageout_scan",
                  "memorystatus_kill_on_VM_page_shortage(FALSE)"),
            Since(10002, False, "xnu-10063.141.1", "osfmk/vm/vm_pageout.c · vm_pageout_scan",
                  "no such call"),
        ),
    ),
    Rule(
        "limit_kind",
        "what a per-process memory limit is",
        (
            Since(2050, LimitKind.HIWAT_RESIDENT, T2050, f"{KMS} · memorystatus_kill_hiwat_proc",
                  "hiwat_pages against resident pages, in the jetsam thread only"),
            Since(2422, LimitKind.HIGHWATER_ONLY, T2422,
                  f"{KMS} · memorystatus_on_ledger_footprint_exceeded",
                  "no kill for a process with a high-water mark"),
            Since(2782, LimitKind.FATAL_OR_SOFT, "xnu-2782.1.97",
                  f"{KMS} · memorystatus_on_ledger_footprint_exceeded",
                  "P_MEMSTAT_FATAL_MEMLIMIT: memorystatus_kill_process_sync"),
        ),
    ),
    Rule(
        "active_rule", "which of a process's two limits applies",
        (
            Since(2050, ActiveRule.FOREGROUND_OR_DIRTY, T2422,
                  f"{KMS} · memorystatus_update_priority_locked",
                  "P_MEMSTAT_MEMLIMIT_BACKGROUND: no limit at ≥ FOREGROUND"),
            Since(3247, ActiveRule.FOREGROUND_OR_DIRTY, "xnu-3247.1.106",
                  f"{KMS} · proc_jetsam_state_is_active_locked"),
            Since(11215, ActiveRule.ASSERTION, "xnu-11215.1.10",
                  f"{KMS} · memstat_proc_is_active_locked"),
        ),
    ),
    Rule(
        "idle_threshold",
        "a separate idle threshold and the KILL_IDLE action (band 0 dies as idle-exit)",
        (
            Since(2050, False, "xnu-8796.141.3",
                  f"{POLICY} · memorystatus_pick_action", "no idle action"),
            Since(11215, True, "xnu-11215.61.5",
                  f"{POLICY} · memorystatus_pick_action", "KILL_IDLE"),
        ),
    ),
    Rule(
        "critical_idle_offset",
        "critical threshold raised by 5 % of memory while band 0 is occupied",
        (
            Since(2050, False, T2050,
                  f"{KMS} · memorystatus_update_levels_locked", "no offset"),
            Since(2422, True, T2422,
                  f"{KMS} · memorystatus_update_levels_locked",
                  "memorystatus_available_pages_critical_idle_offset"),
            Since(11215, False, "xnu-11215.61.5",
                  f"{POLICY} · memorystatus_pick_action", "the idle threshold replaces it"),
        ),
    ),
    Rule(
        "critical_4_above_3gib", "critical 4 % instead of 5 % of memory above 3 GiB of DRAM",
        (
            Since(2050, False, T2050,
                  f"{HEADER} · CRITICAL_PERCENT", "5"),
            Since(6153, True, "xnu-6153.11.26",
                  f"{KMS} · memorystatus_init",
                  "critical_threshold_percentage_larger_devices"),
        ),
    ),
    Rule(
        "highwater_from",
        "from which available-pages level the jetsam thread kills high-water offenders",
        (
            Since(2050, HighwaterFrom.HIGHWATER_10, T2050,
                  f"{KMS} · memorystatus_jetsam_thread",
                  "memorystatus_available_pages_highwater, HIGHWATER_PERCENT"),
            Since(2422, HighwaterFrom.CRITICAL, T2422,
                  f"{KMS} · memorystatus_thread", "LEGACY_HIWATER inside the critical loop"),
            Since(2782, HighwaterFrom.SOFT, "xnu-2782.1.97",
                  f"{KMS} · memorystatus_thread",
                  "loop while available ≤ pressure, high-water first"),
        ),
    ),
    Rule(
        "purge_before_kill",
        "the victim's owned purgeable memory is purged first; it survives if that was enough",
        (
            Since(2050, False, "xnu-4570.1.46",
                  f"{KMS} · memorystatus_kill_proc", "no purge"),
            Since(4570, True, "xnu-4570.51.1",
                  f"{KMS} · memorystatus_kill_proc",
                  "vm_purgeable_purge_task_owned, memorystatus_purge_before_jetsam_success"),
        ),
    ),
    Rule(
        "aging", "how a process asking for band 0 ages on the way",
        (
            Since(2050, AgingPolicy.NONE, T2050,
                  f"{KMS} · memorystatus_list_change", "one list, no deferred band"),
            Since(2422, AgingPolicy.LEGACY, T2422,
                  f"{KMS} · memorystatus_schedule_idle_demotion_locked",
                  "DEFERRED_IDLE_EXIT_TIME_SECS"),
            Since(6153, AgingPolicy.SYSPROCS_RECLAIMED_FIRST, "xnu-6153.11.26",
                  f"{KMS} · jetsam_aging_policy = kJetsamAgingPolicySysProcsReclaimedFirst"),
        ),
        on_macos=(
            Since(2050, AgingPolicy.NONE, T2050,
                  f"{KMS} · memorystatus_list_change", "one list, no deferred band"),
            Since(2422, AgingPolicy.LEGACY, T2422,
                  f"{KMS} · memorystatus_schedule_idle_demotion_locked"),
            Since(8792, AgingPolicy.NONE, "xnu-8792.41.9",
                  f"{KMS} · memorystatus_init", "aging bands are 0 on macOS"),
        ),
    ),
    Rule(
        "band_requests", "what a request for a band reserved to the kernel becomes",
        (
            Since(2050, BandRequests.KEPT, T2050,
                  f"{KMS} · memorystatus_list_change", "any priority"),
            Since(2422, BandRequests.DEFERRED_TO_IDLE, T2422,
                  f"{KMS} · memorystatus_update", "IDLE_DEFERRED is reserved: adjusted to IDLE"),
            Since(3789, BandRequests.AGING_BANDS_TO_IDLE, "xnu-3789.1.32",
                  f"{KMS} · memorystatus_update", "both aging bands are reserved"),
            Since(8792, BandRequests.RESERVED_RANGE_TO_IDLE, "xnu-8796.141.3",
                  f"{KMS} · memorystatus_update",
                  "idle < priority ≤ applications_aging_band, unentitled"),
            Since(11215, BandRequests.UP_TO_AGING_BAND2_TO_IDLE, "xnu-11215.1.10",
                  f"{KMS} · memorystatus_update",
                  "idle < priority ≤ JETSAM_PRIORITY_AGING_BAND2, unentitled"),
        ),
    ),
    Rule(
        "snapshot_timeout_s",
        "a jetsam snapshot is posted at most once per this many seconds (0: every pass)",
        (
            Since(2050, 0.0, T2050,
                  f"{KMS} · memorystatus_jetsam_thread", "note sent after every pass that killed"),
            Since(3247, 30.0, "xnu-3247.1.106",
                  f"{KMS} · memorystatus_thread", "JETSAM_SNAPSHOT_TIMEOUT_SECS"),
        ),
    ),
    Rule(
        "quiet_idle", "a kill in the idle band alone takes no snapshot and asks for no post",
        (
            Since(2050, False, T2050,
                  f"{KMS} · memorystatus_jetsam_thread", "post_snapshot after any kill"),
            Since(2422, True, T2422,
                  f"{KMS} · memorystatus_thread, memorystatus_kill_top_process",
                  "priority != JETSAM_PRIORITY_IDLE"),
        ),
    ),
    Rule(
        "quiet_deferred", "a kill in the system aging band alone asks for no post either",
        (
            Since(2050, False, T2422,
                  f"{KMS} · memorystatus_thread", "idle band only"),
            Since(6153, True, "xnu-6153.11.26",
                  f"{KMS} · memorystatus_post_snapshot",
                  "IDLE_DEFERRED too, unless the aging policy is Legacy"),
        ),
        on_macos=(
            Since(2050, False, T2422,
                  f"{KMS} · memorystatus_thread", "idle band only"),
            Since(8792, True, "xnu-8792.41.9",
                  f"{KMS} · memorystatus_should_post_snapshot", "IDLE and IDLE_DEFERRED"),
        ),
    ),
    Rule(
        "snapshot_refresh", "a kill refreshes its snapshot entry's page counts",
        (
            Since(2050, False, T2050,
                  f"{KMS} · memorystatus_mark_pid_in_snapshot", "flags only"),
            Since(3789, True, "xnu-3789.1.32",
                  f"{KMS} · memorystatus_update_jetsam_snapshot_entry_locked",
                  "always update the page counts on a kill"),
        ),
    ),
    Rule(
        "notify_band_floor", "pressure notifications only to bands ≥ BACKGROUND_OPPORTUNISTIC",
        (
            Since(2050, False, T2422,
                  f"{KMS} · memorystatus_bg_pressure_eligible", "state only"),
            Since(4903, True, "xnu-4903.221.2",
                  f"{KMS} · memorystatus_bg_pressure_eligible",
                  "effective priority < BACKGROUND_OPPORTUNISTIC is ineligible"),
        ),
    ),
    Rule(
        "min_notify_mb", "the resident size below which a process is never told of pressure (MB)",
        (
            Since(2050, 0, T2050,
                  f"{KMS} · memorystatus_request_vm_pressure_candidate", "no size test"),
            Since(2422, 10, T2422,
                  "bsd/kern/vm_pressure.c · vm_find_pressure_candidate",
                  "VM_PRESSURE_MINIMUM_RSIZE"),
            Since(4570, 1, "xnu-4570.1.46",
                  f"{KMS} · VM_PRESSURE_MINIMUM_RSIZE", "CONFIG_EMBEDDED"),
            Since(4903, 6, "xnu-4903.221.2",
                  f"{KMS} · VM_PRESSURE_MINIMUM_RSIZE", "CONFIG_EMBEDDED"),
        ),
        on_macos=(
            Since(2050, 10, T2422,
                  "bsd/kern/vm_pressure.c · VM_PRESSURE_MINIMUM_RSIZE"),
        ),
    ),
    Rule(
        "daemons_listen",
        "daemons that do not answer warnings are still told (registered for pressure)",
        (
            Since(2050, False, T2050, "bsd/kern/vm_pressure.c · vm_try_pressure_candidates",
                  "a pid without a knote is skipped; iOS 6 daemons registering none is an "
                  "estimate"),
            Since(2422, True, T2422, "bsd/kern/vm_pressure.c · vm_find_pressure_candidate",
                  "every registered process; libdispatch memory-pressure sources"),
        ),
    ),
    Rule(
        "notify_rest_s",
        "after a whole Warning or Critical round, no new round at that level for this long",
        (
            Since(2050, 0.0, T2050,
                  f"{KMS} · memorystatus_request_vm_pressure_candidate", "told once until Normal"),
            Since(3789, 25.0, "xnu-3789.1.32",
                  f"{KMS} · memorystatus_update_vm_pressure",
                  "WARNING_ / CRITICAL_NOTIFICATION_RESTING_PERIOD"),
        ),
    ),
    Rule(
        "sustained_pressure", "band 0 is killed after the level stays non-Normal for 10 minutes",
        (
            Since(2050, False, "xnu-7195.141.2",
                  f"{NOTIFY} · memorystatus_update_vm_pressure", "none"),
            Since(8019, True, "xnu-8019.41.5",
                  f"{NOTIFY} · memorystatus_update_vm_pressure", "sustained_pressure_handler"),
        ),
        on_macos=(
            Since(2050, False, "xnu-11417.121.6",
                  f"{NOTIFY} · memorystatus_update_vm_pressure", "CONFIG_JETSAM only"),
        ),
    ),
    Rule(
        "embedded_divisors", "the compressor's embedded thresholds (divisors 20 / 30 / 40)",
        (
            Since(2050, False, "xnu-3789.70.16",
                  "osfmk/vm/vm_compressor.c · vm_compressor_init", "11/13/20 or 20/25/35"),
            Since(4570, True, "xnu-4570.1.46",
                  "osfmk/vm/vm_compressor.c · vm_compressor_init", "CONFIG_EMBEDDED: 20/30/40"),
        ),
        on_macos=(
            Since(2050, False, "xnu-11417.121.6",
                  "osfmk/vm/vm_compressor.c · vm_compressor_init"),
        ),
    ),
    Rule(
        "report_priority_keys", "JetsamEvent entries carry priority and physicalPages",
        (
            Since(2050, False, "iPhone OS 12.4",
                  "shared/fixtures jetsam_vm-pageshortage.crash", "xnu-4903: neither key"),
            Since(7195, True, "iPhone OS 14.2",
                  "shared/fixtures JetsamEvent-2020-10-15-172958.ips.synced",
                  "xnu-7195.40: both keys"),
        ),
    ),
    Rule(
        "renamed",
        "kill-cause names this release's reports write, where they differ from the newest",
        (
            Since(2050, ((KillReason.VM_PAGESHORTAGE, "vm"),), T2050,
                  f"{HEADER} · kMemorystatusFlagsKilledVM; the article's report shows [vm]"),
            Since(2422, (), "iPhone OS 7.0.4",
                  "shared/fixtures kkbox_LowMemory-2015-08-07-112054.log: [vm-pageshortage]"),
            Since(2782, ((KillReason.PROC_THRASHING, "vm-thrashing"),), "xnu-2782.1.97",
                  f"{KMS} · memorystatus_kill_cause_name"),
            Since(4903, (), "xnu-4903.221.2",
                  f"{KMS} · memorystatus_kill_cause_name", "proc-thrashing"),
        ),
    ),
    Rule(
        "ios6_report",
        "the iOS 6.1 LowMemory report: plist keys beside the text, short memory block, no fds",
        (
            Since(2050, True, T2050,
                  f"{HEADER} · memorystatus_jetsam_snapshot_entry_t",
                  "pid, name, priority, pages, flags, uuid"),
            Since(2422, False, T2422,
                  f"{HEADER} · memorystatus_jetsam_snapshot_entry_t", "max_pages, state, fds …"),
        ),
    ),
    Rule(
        "task_limit",
        "a process without a limit of its own runs under the device's task limit "
        "(max_task_pmem), fatal: killed per-process-limit when it crosses it",
        (
            Since(2050, False, T2050,
                  "osfmk/kern/task.c · task_init", "no phys_footprint ledger, no max_task_pmem"),
            Since(2422, True, T2422,
                  f"{KMS} · memorystatus_on_ledger_footprint_exceeded",
                  "kills the process when p_memstat_memlimit <= 0 (no limit of its own)"),
            Since(3247, True, "xnu-3247.1.106",
                  f"{KMS} · memorystatus_update",
                  "memlimit <= 0: -1, 'System_wide task limit is always fatal'"),
        ),
        on_macos=(
            Since(2050, False, "xnu-11417.121.6",
                  "osfmk/kern/task.c · task_init",
                  "max_task_pmem needs CONFIG_JETSAM: 'jetsam not configured; ignoring'"),
        ),
    ),
    Rule(
        "entitled_limit",
        "com.apple.developer.kernel.increased-memory-limit raises a process's limits to "
        "the device's entitled_max_task_pmem",
        (
            Since(2050, False, "xnu-6153.141.1",
                  f"{KMS} · memorystatus_init", "no entitled_max_task_pmem"),
            Since(7195, True, "xnu-7195.81.3",
                  f"{KMS} · memorystatus_act_on_entitled_task_limit",
                  "bsd/kern/kern_exec.c · proc_increased_memory_limit_entitled"),
        ),
        on_macos=(
            Since(2050, False, "xnu-11417.121.6",
                  f"{KMS} · initialize_entitled_max_task_limit", "CONFIG_JETSAM only"),
        ),
    ),
    Rule(
        "default_limit_warning", "where the ledger warns a process running under the task limit",
        (
            Since(2050, DefaultLimitWarning.PERCENT_80, T2422,
                  "osfmk/kern/task.c · task_init",
                  "ledger_set_limit(…, max_task_footprint, PHYS_FOOTPRINT_WARNING_LEVEL)"),
            Since(3789, DefaultLimitWarning.BELOW_LIMIT, "xnu-3789.1.32",
                  "osfmk/kern/task.c · task_init / task_set_phys_footprint_limit_internal",
                  "max_task_footprint_warning_level for a limit of -1"),
            Since(11215, DefaultLimitWarning.PERCENT_80, "xnu-11215.1.10",
                  f"{KMS} · memstat_set_memlimits_locked",
                  "the default is stored in MB, written with PHYS_FOOTPRINT_WARNING_LEVEL"),
        ),
    ),
    Rule(
        "compressor_space_kills",
        "while the compressor is low on space (over 98 % of the pages it can hold), jetsam "
        "kills the top process in band order with vm-compressor-space-shortage",
        (
            Since(2050, CompressorSpaceKills.NONE, "xnu-4570.1.46",
                  f"{KMS} · memorystatus_kill_cause_name", "no such cause"),
            Since(4903, CompressorSpaceKills.AFTER_HIGHWATER, "xnu-7195.81.3",
                  f"{KMS} · memorystatus_thread",
                  "memorystatus_act_on_hiwat_processes, then the top process with "
                  "kill_under_pressure_cause (osfmk/vm/vm_compressor.c · "
                  "compressor_needs_to_swap → memorystatus_kill_on_VM_compressor_space_shortage)"),
            Since(11417, CompressorSpaceKills.BEFORE_HIGHWATER, "xnu-11417.101.15",
                  f"{POLICY} · memorystatus_pick_action",
                  "msh_compressor_exhausted → KILL_TOP_PROCESS before KILL_HIWATER"),
        ),
        on_macos=(
            Since(2050, CompressorSpaceKills.NONE, "xnu-11417.121.6",
                  f"{POLICY} · memorystatus_pick_action",
                  "no CONFIG_JETSAM: the Mac's own exhaustion path (idle band, then low-swap)"),
        ),
    ),
)
# fmt: on

#: the tag each release line was read at, for ``XnuRules.tag``
RELEASE_TAGS: tuple[tuple[int, str], ...] = (
    (2050, T2050),
    (2422, T2422),
    (2782, "xnu-2782.1.97"),
    (3247, "xnu-3247.1.106"),
    (3789, "xnu-3789.1.32"),
    (4570, "xnu-4570.51.1"),
    (4903, "xnu-4903.221.2"),
    (6153, "xnu-6153.11.26"),
    (7195, "xnu-7195.141.2"),
    (8019, "xnu-8019.41.5"),
    (8792, "xnu-8796.141.3"),
    (10002, "xnu-10063.141.1"),
    (11215, "xnu-11215.61.5"),
    (11417, "xnu-11417.121.6"),
)


def release_tag(xnu: int) -> str:
    """The public tag the rules of release line ``xnu`` were read at."""
    chosen = RELEASE_TAGS[0][1]
    for first, tag in RELEASE_TAGS:
        if first <= xnu:
            chosen = tag
    return chosen
