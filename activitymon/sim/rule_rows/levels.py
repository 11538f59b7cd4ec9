"""Available pages, the thresholds and the pressure level.

Rows of the release table (:mod:`activitymon.sim.rule_table`); see its docstring."""

from __future__ import annotations

from typing import Any

from activitymon.sim.rule_rows.sources import HEADER, KMS, POLICY, T2050, T2422
from activitymon.sim.rule_types import (
    Rule,
    Since,
)

# fmt: off
RULES: tuple[Rule[Any], ...] = (
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
)
# fmt: on
