"""Pressure alerts for a live machine, without Qt: when to notify, and what to say.

A live source (one whose time moves by itself: this Mac, this Linux machine) is
watched for its pressure level (``kern.memorystatus_vm_pressure_level`` on macOS, the
PSI-derived level on Linux). Each change to a *worse* level is an alert, unless the
notifications are switched off or one was given too recently: a level that flaps
(warning, normal, warning …) notifies once per ``cooldown`` seconds, while a rise past
the last level notified (warning, then critical) always does. The first level seen is
where the watch starts, not a change.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import PressureLevel, Snapshot
from activitymon.sources import SourceKind
from activitymon.units import format_percent

#: seconds before the same or a lower level notifies again
DEFAULT_COOLDOWN_S = 120.0

LEVEL_NAMES = {
    PressureLevel.NORMAL: "Normal",
    PressureLevel.WARN: "Warning",
    PressureLevel.CRITICAL: "Critical",
}

_ADVICE = {
    PressureLevel.NORMAL: "Memory is plentiful again.",
    PressureLevel.WARN: "The system is short of memory and asks apps to free some.",
    PressureLevel.CRITICAL: "The system is very short of memory: apps may be closed.",
}


#: the sources that watch this machine as it runs (not a simulation, report or recording)
LIVE_KINDS = frozenset({SourceKind.MACOS, SourceKind.LINUX})


def is_live(kind: SourceKind | None) -> bool:
    """A live machine: its pressure is the machine's own, now."""
    return kind in LIVE_KINDS


def level_name(level: PressureLevel | None) -> str:
    return "Unknown" if level is None else LEVEL_NAMES[level]


def pressure_line(snapshot: Snapshot) -> str:
    """``Memory pressure: Warning — 12 % available`` (or the PSI figure on Linux)."""
    line = f"Memory pressure: {level_name(snapshot.level)}"
    if snapshot.psi is not None:
        return f"{line} — PSI some {format_percent(snapshot.psi.some_avg10)} (10 s average)"
    if snapshot.memorystatus_level is not None:
        return f"{line} — {snapshot.memorystatus_level} % available"
    return line


def window_title(description: str, level: PressureLevel | None) -> str:
    """The title names the level first, so a glance at a window list tells it."""
    return description if level is None else f"{level_name(level)} — {description}"


@dataclass(frozen=True)
class Alert:
    level: PressureLevel
    title: str
    message: str


class AlertPolicy:
    """Feed it each live snapshot's level with the time (monotonic seconds); it answers
    the alert to show, if any."""

    def __init__(self, cooldown: float = DEFAULT_COOLDOWN_S) -> None:
        self.cooldown = cooldown
        self.level: PressureLevel | None = None
        self._last_alert: tuple[float, PressureLevel] | None = None

    def reset(self) -> None:
        """A new source: its first level is a start, not a change."""
        self.level = None
        self._last_alert = None

    def observe(self, snapshot: Snapshot, now: float, *, enabled: bool = True) -> Alert | None:
        previous, level = self.level, snapshot.level
        if level is None:
            return None
        self.level = level
        if previous is None or level.severity <= previous.severity or not enabled:
            return None
        if self._last_alert is not None:
            when, notified = self._last_alert
            if now - when < self.cooldown and level.severity <= notified.severity:
                return None  # flapping: said already
        self._last_alert = (now, level)
        where = snapshot.device or "this machine"
        title = f"Memory pressure {level_name(level)} on {where}"
        return Alert(level, title, f"{_ADVICE[level]}\n{pressure_line(snapshot)}")
