"""Bands and aging: how processes are ordered for jetsam and where a request for a band lands.

Rows of the release table (:mod:`activitymon.sim.rule_table`); see its docstring."""

from __future__ import annotations

from typing import Any

from activitymon.sim.rule_rows.sources import HEADER, KMS, T2050, T2422
from activitymon.sim.rule_types import (
    AgingPolicy,
    BandRequests,
    Rule,
    Since,
)

# fmt: off
RULES: tuple[Rule[Any], ...] = (
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
)
# fmt: on
