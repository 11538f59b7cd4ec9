"""A simulated process: what memorystatus keeps per process (§12 item 2), plus the
response policy that decides how it answers a memory warning."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from activitymon.limits import MAX_MB, MAX_SIM_SECONDS
from activitymon.model import LimitOrigin, MemoryLimit, ProcessState
from activitymon.sim.clock import Timer
from activitymon.sim.region_layout import RegionLayout
from activitymon.sim.xnu import MB

APP_STATES = frozenset({ProcessState.FRONTMOST, ProcessState.BACKGROUND, ProcessState.SUSPENDED})
STATE_NAMES = ("frontmost", "background", "suspended", "daemon")
RELAUNCH_NAMES = ("low", "medium", "high")

_RESPONSE = re.compile(
    r"^\s*(?:(?P<ignore>ignore)|free\s+(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>%|mb))"
    r"(?:\s+after\s+(?P<delay>\d+(?:\.\d+)?)\s*s)?\s*$",
    re.IGNORECASE,
)

DEFAULT_RESPONSE_DELAY_S = 0.5


@dataclass(frozen=True, slots=True)
class ResponsePolicy:
    """How a process answers a memory warning: ``ignore``, ``free N%`` or ``free N MB``,
    optionally ``after N s`` (default 0.5 s)."""

    percent: float = 0.0
    megabytes: float = 0.0
    delay_s: float = DEFAULT_RESPONSE_DELAY_S

    @property
    def ignores(self) -> bool:
        return self.percent <= 0 and self.megabytes <= 0

    def bytes_to_free(self, footprint: int) -> int:
        want = footprint * self.percent / 100 if self.percent else self.megabytes * MB
        return max(0, min(int(want), footprint - MB))

    @classmethod
    def parse(cls, text: str) -> ResponsePolicy:
        """Raises ``ValueError`` with the expected forms."""
        match = _RESPONSE.match(text)
        if match is None:
            raise ValueError(
                'expected "ignore", "free N%" or "free N MB" (optionally "after N s"), '
                f'got "{text}"'
            )
        delay = DEFAULT_RESPONSE_DELAY_S
        if match["delay"]:
            delay = _bounded(match["delay"], MAX_SIM_SECONDS, "a delay of 0–{} s")
        if match["ignore"]:
            return cls(delay_s=delay)
        if match["unit"] == "%":
            return cls(
                percent=_bounded(match["amount"], 100.0, "a percentage 0–{}%"), delay_s=delay
            )
        return cls(
            megabytes=_bounded(match["amount"], MAX_MB, "an amount of 0–{} MB"), delay_s=delay
        )


def _bounded(digits: str, high: float, expected: str) -> float:
    """A decimal number of the policy's text, at most ``high`` (a 400-digit amount is
    refused, never read as infinity). Raises ``ValueError`` naming the range."""
    whole = digits.partition(".")[0].lstrip("0")
    value = float(digits) if len(whole) <= 19 else math.inf
    if value > high:
        shown = digits if len(whole) <= 19 else f"a number of {len(whole)} digits"
        raise ValueError(f"expected {expected.format(f'{high:,.0f}')}, got {shown}")
    return value


@dataclass(eq=False)
class SimProcess:
    pid: int
    name: str
    state: ProcessState
    requested_band: int
    band: int
    seq: int
    start_time: float
    pages: int = 0
    page_size: int = 16384
    lifetime_max_pages: int = 0
    purgeable_pages: int = 0
    active_limit: MemoryLimit | None = None
    inactive_limit: MemoryLimit | None = None
    #: the limit is the device's task limit (XNU stores -1: the ledger's default
    #: warning level applies)
    active_default: bool = False
    inactive_default: bool = False
    limit_origin: LimitOrigin | None = None
    #: the share of new memory the compressor cannot take (GPU / IOKit memory), and the
    #: pages of it held now
    pinned_percent: int = 0
    pinned_pages: int = 0
    #: its jetsam-properties key and kind (launchd label, bundle id …)
    label: str = ""
    kind: str = "daemon"
    dirty: bool = False
    tracked: bool = False
    idle_exit: bool = False
    relaunch: str = "low"
    response: ResponsePolicy = field(default_factory=ResponsePolicy)
    alive: bool = True
    # growth ("allocate and touch memory in chunks")
    grow_bytes_per_s: float = 0.0
    chunk_pages: int = 0
    grow_timer: Timer | None = None
    aging_timer: Timer | None = None
    response_timer: Timer | None = None
    # limit bookkeeping (§3.4): above the warning level / above the limit, re-armed below
    over_warning: bool = False
    over_limit: bool = False
    #: over a soft (non-fatal) limit: a high-water candidate
    hwm: bool = False
    exc_resource_sent: set[str] = field(default_factory=set)
    # notification bits (§4.5)
    notified_warn: bool = False
    notified_critical: bool = False
    #: xnu-2422: its knote is on the dormant list (told once: the pageout path never
    #: chooses it again)
    pressure_dormant: bool = False
    # report fields
    uuid: str = ""
    coalition: int = 0
    fds: int = 50
    cpu_rate: float = 0.01
    #: the jetsam pass tried and failed to kill it (purge saved it); skipped this pass
    skip_in_pass: bool = False
    #: ``P_MEMSTAT_USE_ELEVATED_INACTIVE_BAND``: in the elevated-inactive band it keeps
    #: its active limit (an app doing background work)
    elevated_inactive: bool = False
    #: fork order (``allproc`` lists the newest first)
    spawn_seq: int = 0
    #: when it entered its band (``p_memstat_prio_start``)
    band_since: float = 0.0
    #: its dirty regions, resized with every footprint change (sim/regions.py)
    layout: RegionLayout = field(default_factory=RegionLayout)

    @property
    def footprint(self) -> int:
        return self.pages * self.page_size

    @property
    def compressible_pages(self) -> int:
        """The pages the compressor may hold a share of (all but the pinned ones)."""
        return self.pages - self.pinned_pages

    @property
    def is_app(self) -> bool:
        return self.state in APP_STATES

    @property
    def suspended(self) -> bool:
        return self.state is ProcessState.SUSPENDED

    def is_active(self, elevated_band: int | None) -> bool:
        """§3.3, xnu-11417 ``memstat_proc_is_active_locked``: tracked → dirty, or clean +
        idle-exit + band > 0; RunningBoard-managed apps → while they hold an assertion
        (not suspended); others → band > 0. A process in the elevated-inactive band
        stays active."""
        if self.elevated_inactive and self.band == elevated_band:
            return True
        if self.tracked:
            return self.dirty or (self.idle_exit and self.band > 0)
        if self.is_app:
            return not self.suspended
        return self.band > 0

    def is_active_by_band(self, elevated_band: int | None, foreground_band: int) -> bool:
        """§3.3, xnu-3247 … 10063 ``proc_jetsam_state_is_active_locked``: in the
        elevated-inactive band → active; dirty-tracked → active iff dirty; otherwise
        active iff the effective band is FOREGROUND or above. An app sent to the
        background is held to its inactive limit at once."""
        if self.elevated_inactive and self.band == elevated_band:
            return True
        if self.tracked:
            return self.dirty
        return self.band >= foreground_band

    def states(self) -> frozenset[ProcessState]:
        out = {self.state}
        if self.state is ProcessState.DAEMON and self.idle_exit and not self.dirty:
            out.add(ProcessState.IDLE)
        if self.dirty:
            out.add(ProcessState.DIRTY)
        if self.tracked:
            out.add(ProcessState.TRACKED)
        if self.idle_exit:
            out.add(ProcessState.IDLE_EXIT)
        if self.hwm:
            out.add(ProcessState.HIGHWATER)
        return frozenset(out)

    def report_states(self) -> tuple[str, ...]:
        """The ``states`` tokens of a jetsam report (jetsam-report-formats.md §4.5):
        SpringBoard gets none; daemons get ``daemon`` and, when clean and able to
        idle-exit, ``idle``."""
        if self.state is ProcessState.DAEMON:
            if self.name == "SpringBoard":
                return ()
            return ("daemon", "idle") if self.idle_exit and not self.dirty else ("daemon",)
        return (self.state.value,)
