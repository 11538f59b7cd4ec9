"""The vocabulary of the release table (``rule_table``): the values some rules take,
and a rule's history as rows ``Since(release, value, tag, where)``."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: the oldest release modelled; rows start here
FIRST_RELEASE = 2050


class ActiveRule(enum.Enum):
    """Which of a process's two limits applies (§3.3)."""

    #: elevated-inactive band with that attribute → active; dirty-tracked → active iff
    #: dirty; otherwise active iff the effective band is FOREGROUND or above
    FOREGROUND_OR_DIRTY = "foreground-or-dirty"
    #: tracked → dirty, or clean + idle-exit + band > 0; RunningBoard-managed apps →
    #: while they hold an assertion; others → band > 0
    ASSERTION = "assertion"


class HighwaterFrom(enum.Enum):
    """From which available-pages threshold the jetsam thread runs high-water kills."""

    #: ``memorystatus_available_pages <= memorystatus_available_pages_highwater``
    #: (10 % of memory), a threshold of its own
    HIGHWATER_10 = "highwater-10"
    #: only inside the critical loop (``LEGACY_HIWATER``)
    CRITICAL = "critical"
    #: at or below the soft (pressure) threshold, or unhealthy
    SOFT = "soft"


class AgingPolicy(enum.Enum):
    #: no deferred band at all (xnu-2050)
    NONE = "none"
    #: tracked daemons 10 s in band 1, apps to 0
    LEGACY = "legacy"
    #: daemons 2 / 5 / 10 s by relaunch likelihood in the system aging band, apps 2 s in
    #: the applications aging band
    SYSPROCS_RECLAIMED_FIRST = "sysprocs-reclaimed-first"


class BandRequests(enum.Enum):
    """What a request for a band reserved to the kernel becomes (§1.3)."""

    #: no bands to reserve (xnu-2050's priority list)
    KEPT = "kept"
    #: ``JETSAM_PRIORITY_IDLE_DEFERRED`` (1) becomes ``JETSAM_PRIORITY_IDLE``
    DEFERRED_TO_IDLE = "deferred-to-idle"
    #: either aging band of the policy becomes idle
    AGING_BANDS_TO_IDLE = "aging-bands-to-idle"
    #: everything above idle up to the applications aging band becomes idle (unentitled)
    RESERVED_RANGE_TO_IDLE = "reserved-range-to-idle"
    #: everything above idle up to ``JETSAM_PRIORITY_AGING_BAND2`` (2 / 20) becomes idle,
    #: whatever the aging policy (a Mac too)
    UP_TO_AGING_BAND2_TO_IDLE = "up-to-aging-band2-to-idle"


class DefaultLimitWarning(enum.Enum):
    """Where the ledger warns a process running under the device's task limit (§3.4)."""

    #: ``PHYS_FOOTPRINT_WARNING_LEVEL``: 80 % of the limit
    PERCENT_80 = "80 %"
    #: ``max_task_footprint_warning_level``: 100 MB below the limit (50 MB on devices
    #: under 1 GiB), never under 80 %, used while memorystatus writes the default to the
    #: ledger as -1
    BELOW_LIMIT = "limit − 100 MB"


class LimitKind(enum.Enum):
    """What a process's memory limit is to the kernel (§3.4)."""

    #: xnu-2050: ``hiwat_pages`` on resident pages, killed by the jetsam thread's own
    #: high-water loop; never a synchronous kill, no ledger warning
    HIWAT_RESIDENT = "hiwat-resident"
    #: xnu-2422: a ledger limit whose crossing only warns; the process is a high-water
    #: candidate killed inside the critical loop (``LEGACY_HIWATER``)
    HIGHWATER_ONLY = "highwater-only"
    #: xnu-2782 →: fatal limits kill on the allocating thread, soft ones make candidates
    FATAL_OR_SOFT = "fatal-or-soft"


class KillLogFormat(enum.Enum):
    """How the kernel writes a kill to its log (bsd/kern/kern_memorystatus.c)."""

    #: printf "memorystatus: jetsam killing pid %d [%s] - memorystatus_available_pages: %d"
    JETSAM_KILLING = "jetsam-killing"
    #: the same with the cause name: "… [%s] (%s) - …"; band 0 "idle exiting pid"
    JETSAM_KILLING_CAUSE = "jetsam-killing-cause"
    #: the same with the band: "… [%s] (%s %d) - …", "(highwater %d)" (xnu-3247)
    JETSAM_KILLING_CAUSE_BAND = "jetsam-killing-cause-band"
    #: printf "%lu.%02d memorystatus: …" (milliseconds as %02d) with ``p_name``;
    #: "jetsam killing top process pid" outside band 0 (xnu-3789)
    UPTIME_JETSAM_KILLING = "uptime-jetsam-killing"
    #: os_log "%lu.%03d memorystatus: %s pid %d [%s] (%s %d) - memorystatus_available_pages"
    UPTIME_ACTION = "uptime-action"
    #: the same with the footprint: "… (%s %d) %lluKB - …"
    UPTIME_ACTION_KB = "uptime-action-kb"
    #: the same with " compressor_size:%u" at the end
    UPTIME_ACTION_KB_COMPRESSOR = "uptime-action-kb-compressor"
    #: memorystatus_log without the uptime: "memorystatus: %s pid %d [%s] (%s %d) %lluKB …"
    ACTION_KB_COMPRESSOR = "action-kb-compressor"
    #: "(%s %d %llus rf:%s)": the seconds in the band and the relaunch flags
    ACTION_BAND_TIME = "action-band-time"


class LimitLogFormat(enum.Enum):
    """The kernel's line when a process crosses its memory limit
    (``memorystatus_on_ledger_footprint_exceeded`` and what replaced it)."""

    #: no ledger limit (xnu-2050; a Mac before xnu-3789)
    NONE = "none"
    #: "process %d (%s) %s physical memory footprint limit of %d MB": "approaching" at
    #: the warning level, "exceeded" at the limit, each time the ledger calls back
    APPROACHING_OR_EXCEEDED = "approaching-or-exceeded"
    #: "process %d (%s) exceeded physical memory footprint limit of %d MB", each time
    EXCEEDED_LIMIT_OF = "exceeded-limit-of"
    #: "process %d (%s) exceeded physical memory footprint, the %s%sMemoryLimit of %d MB"
    #: ("Active"/"Inactive", "Hard"/"Soft"), each time
    EXCEEDED_NAMED_LIMIT = "exceeded-named-limit"
    #: the same with ``p_name``, once per process per limit (active, inactive)
    EXCEEDED_NAMED_LIMIT_ONCE = "exceeded-named-limit-once"
    #: "EXC_RESOURCE -> %s[%d] exceeded mem limit: %s%s %d MB (%s)", once per limit
    EXC_RESOURCE = "exc-resource"
    #: "memorystatus: %s [%d] exceeded mem limit: %s%s %d MB (%s)", once per limit
    MEMORYSTATUS_EXCEEDED = "memorystatus-exceeded"


class CompressorSpaceKills(enum.Enum):
    """What jetsam does while the compressor is low on space (iOS)."""

    #: nothing of its own (no ``vm-compressor-space-shortage`` cause yet)
    NONE = "none"
    #: high-water offenders first, then the top process in band order with cause
    #: ``vm-compressor-space-shortage``
    AFTER_HIGHWATER = "after-highwater"
    #: the top process in band order at once, before any high-water kill
    BEFORE_HIGHWATER = "before-highwater"


@dataclass(frozen=True, slots=True)
class Since(Generic[T]):
    """A rule's value from release ``xnu`` on, as read at ``tag`` in ``where``."""

    xnu: int
    value: T
    tag: str
    where: str
    #: what in ``where`` says so
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Rule(Generic[T]):
    #: the ``XnuRules`` field it fills
    field: str
    what: str
    history: tuple[Since[T], ...]
    #: where a Mac (no ``CONFIG_JETSAM``) differs: its own history
    on_macos: tuple[Since[T], ...] = ()

    def since(self, xnu: int, *, macos: bool = False) -> Since[T]:
        """The row in force at ``xnu`` (the oldest row for an older release)."""
        rows = self.on_macos if macos and self.on_macos else self.history
        chosen = rows[0]
        for row in rows:
            if row.xnu <= xnu:
                chosen = row
        return chosen
