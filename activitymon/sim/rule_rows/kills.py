"""The kill paths: the jetsam thread, the pageout scan, a Mac's idle exits, sustained
pressure, and the kernel's log line for a kill.

Rows of the release table (:mod:`activitymon.sim.rule_table`); see its docstring."""

from __future__ import annotations

from typing import Any

from activitymon.sim.rule_rows.sources import KMS, NOTIFY, POLICY, T2050, T2422
from activitymon.sim.rule_types import (
    CompressorSpaceKills,
    HighwaterFrom,
    KillLogFormat,
    Rule,
    Since,
)

# fmt: off
RULES: tuple[Rule[Any], ...] = (
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
    Rule(
        "idle_exit_before_notes",
        "a Mac's pressure thread kills idle-exit processes, 1 s apart, before telling anyone",
        (
            Since(2050, False, T2050, f"{KMS} · memorystatus_thread", "CONFIG_JETSAM: none"),
        ),
        on_macos=(
            Since(2050, False, T2422, f"{KMS} · memorystatus_update_vm_pressure",
                  "one idle exit per note instead (idle_exit_per_note)"),
            Since(2782, True, "xnu-2782.1.97", f"{KMS} · memorystatus_update_vm_pressure",
                  "MAX_IDLE_KILLS, delay(1000000) per kill"),
        ),
    ),
    Rule(
        "idle_exit_per_note",
        "a Mac's pressure thread has one idle-exit process killed with each note it sends "
        "while the level is not Normal, and one more when no one is left to tell",
        (
            Since(2050, False, T2050, f"{KMS} · memorystatus_thread", "CONFIG_JETSAM: none"),
        ),
        on_macos=(
            Since(2050, True, T2422, f"{KMS} · memorystatus_update_vm_pressure",
                  "!CONFIG_JETSAM: memorystatus_idle_exit_from_VM once per loop "
                  "(try_dispatch_vm_clients), INTER_NOTIFICATION_DELAY 250 ms apart; "
                  "kill_idle_exit_proc: the first clean idle-exit process of the idle band"),
            Since(2782, False, "xnu-2782.1.97", f"{KMS} · memorystatus_update_vm_pressure",
                  "the idle exits come first (idle_exit_before_notes)"),
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
        "kill_log",
        "the line the kernel writes for a kill (its log: dmesg, later the unified log)",
        (
            Since(2050, KillLogFormat.JETSAM_KILLING, T2050,
                  f"{KMS} · memorystatus_kill_top_proc, memorystatus_kill_hiwat_proc", "printf"),
            Since(2782, KillLogFormat.JETSAM_KILLING_CAUSE, "xnu-2782.1.97",
                  f"{KMS} · memorystatus_kill_top_process", "jetsam_kill_cause_name[cause]"),
            Since(3247, KillLogFormat.JETSAM_KILLING_CAUSE_BAND, "xnu-3247.1.106",
                  f"{KMS} · memorystatus_kill_top_process", "(%s %d): cause and band"),
            Since(3789, KillLogFormat.UPTIME_JETSAM_KILLING, "xnu-3789.1.32",
                  f"{KMS} · memorystatus_kill_top_process", "%lu.%02d uptime, p_name"),
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
)
# fmt: on
