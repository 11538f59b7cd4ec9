"""The jetsam snapshot and the report built from it.

Rows of the release table (:mod:`activitymon.sim.rule_table`); see its docstring."""

from __future__ import annotations

from typing import Any

from activitymon.model import KillReason
from activitymon.sim.rule_rows.sources import HEADER, KMS, T2050, T2422
from activitymon.sim.rule_types import (
    Rule,
    Since,
)

# fmt: off
RULES: tuple[Rule[Any], ...] = (
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
)
# fmt: on
