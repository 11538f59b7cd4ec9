"""Run statistics integrated exactly over simulated time: how long available pages
stayed below each jetsam threshold, how long the device spent at each pressure level,
and the lowest ``memorystatus_level`` seen. Updated on every page-count change."""

from __future__ import annotations

from dataclasses import dataclass, field

from activitymon.model import JetsamThresholds, PressureLevel


@dataclass(frozen=True, slots=True)
class RunStats:
    #: seconds with available pages below ``soft``, ``idle`` and ``critical``
    time_below: dict[str, float]
    time_at_level: dict[PressureLevel, float]
    peak_level: PressureLevel
    min_memorystatus_level: int


@dataclass(slots=True)
class StatsKeeper:
    thresholds: JetsamThresholds | None
    total_pages: int
    last_t: float = 0.0
    last_available: int = 0
    last_level: PressureLevel = PressureLevel.NORMAL
    peak_level: PressureLevel = PressureLevel.NORMAL
    min_level: int = 100
    below: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(("soft", "idle", "critical"), 0.0)
    )
    at_level: dict[PressureLevel, float] = field(
        default_factory=lambda: dict.fromkeys(PressureLevel, 0.0)
    )

    def _account(self, now: float) -> None:
        dt = now - self.last_t
        if dt <= 0:
            return
        self.at_level[self.last_level] += dt
        th = self.thresholds
        if th is not None:
            avail = self.last_available
            if avail < th.soft_pages:
                self.below["soft"] += dt
            if avail < th.idle_pages:
                self.below["idle"] += dt
            if avail < th.critical_pages:
                self.below["critical"] += dt
        self.last_t = now

    def observe(self, now: float, available: int, level: PressureLevel) -> None:
        """The state from ``now`` on; the time since the last call goes to the old one."""
        self._account(now)
        self.last_t = now
        self.last_available = available
        self.last_level = level
        if level.severity > self.peak_level.severity:
            self.peak_level = level
        self.min_level = min(self.min_level, available * 100 // self.total_pages)

    def read(self, now: float) -> RunStats:
        self._account(now)
        return RunStats(
            time_below=dict(self.below),
            time_at_level=dict(self.at_level),
            peak_level=self.peak_level,
            min_memorystatus_level=self.min_level,
        )
