"""A process as a memory monitor sees it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from activitymon.model.headroom import headroom_bytes


class ProcessState(enum.StrEnum):
    """State flags; the token names are the ones jetsam reports use where they exist."""

    FRONTMOST = "frontmost"
    BACKGROUND = "background"
    SUSPENDED = "suspended"
    DAEMON = "daemon"
    IDLE = "idle"
    DIRTY = "dirty"
    TRACKED = "tracked"
    IDLE_EXIT = "idle-exit"
    FROZEN = "frozen"
    #: over its soft limit: a high-water candidate
    HIGHWATER = "highwater"
    #: killed or exiting: still listed in the sample that saw it die
    TERMINATED = "terminated"
    ZOMBIE = "zombie"
    RUNNING = "running"
    SLEEPING = "sleeping"
    STOPPED = "stopped"


class LimitOrigin(enum.StrEnum):
    """Where a process's limits come from (the simulator knows; live sources do not)."""

    #: its own: set at launch, in a scenario, or with ``memorystatus_control``
    OWN = "own"
    #: the device's task limit (``max_task_pmem``): the default, always fatal
    TASK = "task"
    #: raised by ``com.apple.developer.kernel.increased-memory-limit`` (xnu-7195 →)
    ENTITLED = "entitled"
    #: the device's jetsam properties (launchd / RunningBoard), by label
    PROPERTIES = "jetsam-properties"


@dataclass(frozen=True, slots=True)
class MemoryLimit:
    """A per-process memory limit: fatal (kill when crossed) or soft (high-water mark)."""

    bytes: int
    fatal: bool = True


@dataclass(frozen=True, slots=True)
class ProcessInfo:
    """One process in one sample. Unknown values are ``None``, never a fake 0.

    ``band`` is the effective jetsam band on the snapshot's era scale (iOS/macOS) and
    ``None`` where the source has no bands; on Linux ``oom_score_adj`` and ``oom_score``
    carry the kill order instead.
    """

    pid: int
    name: str
    footprint_bytes: int | None = None
    rss_bytes: int | None = None
    compressed_bytes: int | None = None
    band: int | None = None
    requested_band: int | None = None
    active_limit: MemoryLimit | None = None
    inactive_limit: MemoryLimit | None = None
    #: the limit that applies now (active or inactive, by state)
    limit: MemoryLimit | None = None
    states: frozenset[ProcessState] = field(default_factory=frozenset)
    cpu_percent: float | None = None
    lifetime_max_bytes: int | None = None
    purgeable_bytes: int | None = None
    oom_score_adj: int | None = None
    oom_score: int | None = None
    user: str | None = None
    #: order of entry into its band (lower entered earlier); the kill order within a band
    band_seq: int | None = None
    #: why it was killed, where a recorded moment (a jetsam report) says so
    kill_reason: str | None = None
    #: where its limits come from: a :class:`LimitOrigin` value, where the source knows
    limit_origin: str | None = None

    @property
    def headroom_bytes(self) -> int | None:
        """Bytes left before the applied limit: limit − footprint (negative over a soft
        limit); see :mod:`activitymon.model.headroom`."""
        return headroom_bytes(self)

    def has(self, state: ProcessState) -> bool:
        return state in self.states
