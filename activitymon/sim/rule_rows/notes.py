"""Pressure notifications: who is told, in what order, how often.

Rows of the release table (:mod:`activitymon.sim.rule_table`); see its docstring."""

from __future__ import annotations

from typing import Any

from activitymon.sim.rule_rows.sources import KMS, T2050, T2422
from activitymon.sim.rule_types import (
    Rule,
    Since,
)

# fmt: off
RULES: tuple[Rule[Any], ...] = (
    Rule(
        "notify_list_head",
        "one pressure note per event, to the first eligible process in list order",
        (
            Since(2050, True, T2050, f"{KMS} · memorystatus_request_vm_pressure_candidate"),
            Since(2422, False, T2422, "bsd/kern/vm_pressure.c · vm_find_pressure_candidate"),
        ),
    ),
    Rule(
        "notify_foreground_and_largest",
        "the jetsam thread tells the foreground apps each time available pages fall; the "
        "pageout path tells the largest registered process (≥ 10 MB, not told in the last "
        "10 s), one per wake, then never again",
        (
            Since(2050, False, T2050, f"{KMS} · memorystatus_request_vm_pressure_candidate",
                  "one note per pass to the head of the list"),
            Since(2422, True, T2422, f"{KMS} · memorystatus_update_vm_pressure",
                  "TRUE from memorystatus_thread: vm_find_pressure_foreground_candidates when "
                  "memorystatus_available_pages < memorystatus_last_foreground_pressure_pages; "
                  "FALSE from the pressure thread: bsd/kern/vm_pressure.c · "
                  "vm_find_pressure_candidate (largest resident ≥ VM_PRESSURE_MINIMUM_RSIZE, "
                  "VM_PRESSURE_NOTIFY_WAIT_PERIOD 10000 ms, knote moved to the dormant list)"),
            Since(2782, False, "xnu-2782.1.97", f"{KMS} · memorystatus_update_vm_pressure",
                  "level-based rounds on iOS too; the TRUE call only from the manual trigger"),
        ),
        on_macos=(
            Since(2050, False, T2422, f"{KMS} · memorystatus_update_vm_pressure",
                  "!CONFIG_JETSAM: level-based rounds"),
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
        "notify_clears_other_level",
        "a note at Warning clears the process's Critical mark and a note at Critical its "
        "Warning mark, so it is told again when the level comes back",
        (
            Since(2050, False, T2050,
                  f"{KMS} · memorystatus_request_vm_pressure_candidate",
                  "one mark until Normal (memorystatus_check_pressure_reset)"),
            Since(2422, True, T2422, f"{KMS} · memorystatus_update_vm_pressure",
                  "is_knote_registered_modify_task_pressure_bits(…, kVMPressureCritical, "
                  "kVMPressureWarning) and (…, kVMPressureWarning, kVMPressureCritical)"),
            Since(3789, False, "xnu-3789.1.32", f"{KMS} · memorystatus_update_vm_pressure",
                  "pressure_level_to_clear 0: the resting period resets the marks instead"),
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
)
# fmt: on
