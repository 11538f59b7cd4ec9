"""Per-process memory limits and the device's task limit.

Rows of the release table (:mod:`activitymon.sim.rule_table`); see its docstring."""

from __future__ import annotations

from typing import Any

from activitymon.sim.rule_rows.sources import KMS, T2050, T2422
from activitymon.sim.rule_types import (
    ActiveRule,
    DefaultLimitWarning,
    LimitKind,
    LimitLogFormat,
    Rule,
    Since,
)

# fmt: off
RULES: tuple[Rule[Any], ...] = (
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
        "limit_log",
        "the line the kernel writes when a process crosses its memory limit",
        (
            Since(2050, LimitLogFormat.NONE, T2050, f"{KMS} · memorystatus_kill_hiwat_proc",
                  "no ledger limit, no line"),
            Since(2422, LimitLogFormat.APPROACHING_OR_EXCEEDED, T2422,
                  f"{KMS} · memorystatus_on_ledger_footprint_exceeded",
                  "\"approaching\" / \"exceeded\", p_comm"),
            Since(2782, LimitLogFormat.EXCEEDED_LIMIT_OF, "xnu-2782.1.97",
                  f"{KMS} · memorystatus_on_ledger_footprint_exceeded", "warning == FALSE only"),
            Since(3247, LimitLogFormat.EXCEEDED_NAMED_LIMIT, "xnu-3247.1.106",
                  f"{KMS} · memorystatus_on_ledger_footprint_exceeded",
                  "the %s%sMemoryLimit: Active/Inactive, Hard/Soft"),
            Since(3789, LimitLogFormat.EXCEEDED_NAMED_LIMIT_ONCE, "xnu-3789.1.32",
                  f"{KMS} · memorystatus_turnoff_exception_and_get_fatalness",
                  "once per limit (P_MEMSTAT_MEMLIMIT_*_EXC_TRIGGERED), p_name"),
            Since(4570, LimitLogFormat.EXC_RESOURCE, "xnu-4570.1.46",
                  f"{KMS} · memorystatus_log_exception",
                  "from osfmk/kern/task.c · task_footprint_exceeded, once per limit"),
            Since(11417, LimitLogFormat.MEMORYSTATUS_EXCEEDED, "xnu-11417.121.6",
                  f"{KMS} · memorystatus_log_exception", "memorystatus_log"),
        ),
        on_macos=(
            Since(2050, LimitLogFormat.NONE, "xnu-3247.1.106",
                  f"{KMS} · memorystatus_on_ledger_footprint_exceeded", "CONFIG_JETSAM only"),
            Since(3789, LimitLogFormat.EXCEEDED_NAMED_LIMIT_ONCE, "xnu-3789.1.32",
                  f"{KMS} · memorystatus_turnoff_exception_and_get_fatalness",
                  "outside CONFIG_JETSAM"),
            Since(4570, LimitLogFormat.EXC_RESOURCE, "xnu-4570.1.46",
                  f"{KMS} · memorystatus_log_exception"),
            Since(11417, LimitLogFormat.MEMORYSTATUS_EXCEEDED, "xnu-11417.121.6",
                  f"{KMS} · memorystatus_log_exception", "memorystatus_log"),
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
)
# fmt: on
