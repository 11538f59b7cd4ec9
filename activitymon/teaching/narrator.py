"""The narrator: one plain-language line per decision the kernel made, from the events
of a tick and the thresholds in the snapshot.

"47.9 s — available memory 23,480 pages fell below the idle threshold (23,591): jetsam
kills idle-band processes first: nsurlsessiond (band 0 IDLE, 7.9 MB)". It works on
anything that gives snapshots and events: the simulator, a replayed report (whose kills
arrive together: "this report recorded 4 kills: …") and live sources (a pressure change,
an OOM kill). Qt-free; the pane in ``ui/narration_view.py`` shows the lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from activitymon.model import (
    Era,
    Event,
    Killed,
    KillReason,
    LevelChanged,
    LimitExceeded,
    LimitWarning,
    Notified,
    PressureLevel,
    ReportWritten,
    Responded,
    Snapshot,
    band_label,
)
from activitymon.model.memory import JetsamThresholds
from activitymon.units import UnitSystem, format_bytes

LEVEL_WORDS = {
    PressureLevel.NORMAL: "Normal",
    PressureLevel.WARN: "Warning",
    PressureLevel.CRITICAL: "Critical",
}
#: threshold name → what jetsam does below it (newest iOS kernel, reference §4.3–§4.4)
THRESHOLD_ACTS = {
    "soft": "jetsam kills processes over their soft (high-water) limit",
    "idle": "jetsam kills idle-band processes first",
    "critical": "the system is unhealthy: jetsam kills in band order, lowest band first",
}
#: kill reason → (threshold it answers, what jetsam does)
REASON_THRESHOLD = {
    KillReason.IDLE_EXIT: "idle",
    KillReason.VM_PAGESHORTAGE: "critical",
    KillReason.HIGHWATER: "soft",
}
MAX_NAMED = 4
#: kills of one reason this close together are told as one burst
BURST_S = 2.0


@dataclass(frozen=True)
class NarrationLine:
    t: float
    text: str
    #: what the line is about: "kill", "level", "threshold", "notify", "respond",
    #: "limit", "report", "summary"
    kind: str
    #: the glossary term that explains it
    term: str
    pid: int | None = None
    event: Event | None = None

    def __str__(self) -> str:
        return self.text


def _pages(n: int) -> str:
    return f"{n:,} pages"


class Narrator:
    """Keeps what it needs between ticks: the last level, available memory and which
    thresholds it was below, and the recorded moments already summarised."""

    def __init__(self, units: UnitSystem = UnitSystem.BINARY) -> None:
        self.units = units
        self.reset()

    def reset(self) -> None:
        self._prev: Snapshot | None = None
        self._below: set[str] = set()
        #: (reason, time) of the last kill: a burst of the same reason reads shorter
        self._last_kill: tuple[KillReason, float] | None = None

    def narrate(self, snapshot: Snapshot, events: Sequence[Event]) -> list[NarrationLine]:
        lines: list[NarrationLine] = []
        prev = self._prev
        lines += self._threshold_crossings(snapshot, events)
        kills = [e for e in events if isinstance(e, Killed)]
        if kills and _recorded(snapshot):
            lines.append(self._report_summary(snapshot, kills))
        notified: list[Notified] = []
        for event in events:
            if isinstance(event, Notified):
                notified.append(event)
                continue
            line = self._line(event, snapshot, prev)
            if line is not None:
                lines.append(line)
        if notified:
            lines.append(self._notified(notified))
        self._prev = snapshot
        return sorted(lines, key=lambda line: line.t)

    # -- thresholds -------------------------------------------------------------------
    def _threshold_crossings(
        self, snapshot: Snapshot, events: Sequence[Event]
    ) -> list[NarrationLine]:
        th, avail = snapshot.thresholds, snapshot.memory.available_pages
        if th is None or avail is None or snapshot.era is Era.MACOS:
            return []
        lines: list[NarrationLine] = []
        named = {e for e in events if isinstance(e, Killed)}
        explained = {REASON_THRESHOLD.get(e.reason) for e in named}
        for name, pages in _thresholds(th):
            below = avail < pages
            was = name in self._below
            if below and not was:
                self._below.add(name)
                if name in explained:
                    continue  # the kill's own line tells it
                lines.append(
                    NarrationLine(
                        snapshot.time,
                        f"{snapshot.time:.1f} s — available memory {_pages(avail)} fell below "
                        f"the {name} threshold ({pages:,}): {THRESHOLD_ACTS[name]}",
                        "threshold",
                        f"{name}-threshold",
                    )
                )
            elif was and not below:
                self._below.discard(name)
                lines.append(
                    NarrationLine(
                        snapshot.time,
                        f"{snapshot.time:.1f} s — available memory {_pages(avail)} is back above "
                        f"the {name} threshold ({pages:,})",
                        "threshold",
                        f"{name}-threshold",
                    )
                )
        return lines

    # -- one event --------------------------------------------------------------------
    def _line(
        self, event: Event, snapshot: Snapshot, prev: Snapshot | None
    ) -> NarrationLine | None:
        t = f"{event.t:.1f} s —"
        if isinstance(event, Killed):
            return self._kill(event, snapshot, prev)
        if isinstance(event, LevelChanged):
            return self._level(event, snapshot)
        if isinstance(event, Responded):
            freed = format_bytes(event.freed_bytes, self.units)
            return NarrationLine(
                event.t,
                f"{t} {event.name} answered the warning and freed {freed}: every page freed "
                "raises available memory and can keep the thresholds from being crossed",
                "respond",
                "respond",
                event.pid,
                event,
            )
        if isinstance(event, LimitWarning):
            limit = format_bytes(event.limit_bytes, self.units)
            return NarrationLine(
                event.t,
                f"{t} {event.name} reached 80 % of its {limit} limit: the kernel sends it a "
                "memory warning, even if system pressure is Normal",
                "limit",
                "limit_warning",
                event.pid,
                event,
            )
        if isinstance(event, LimitExceeded):
            limit = format_bytes(event.limit_bytes, self.units)
            if event.fatal:
                text = f"{t} {event.name} crossed its fatal {limit} limit: it is killed at once"
            else:
                text = (
                    f"{t} {event.name} went over its soft {limit} limit: it keeps running, "
                    "but it is now first in line (high-water) when memory gets short"
                )
            return NarrationLine(
                event.t,
                text,
                "limit",
                "fatal-limit" if event.fatal else "soft-limit",
                event.pid,
                event,
            )
        if isinstance(event, ReportWritten):
            return NarrationLine(
                event.t,
                f"{t} a jetsam report was written ({event.format}): it lists every process "
                "and why the victims died",
                "report",
                "report",
                None,
                event,
            )
        return None

    def _who(self, e: Killed, snapshot: Snapshot) -> str:
        parts = []
        if e.band is not None and snapshot.era is not None:
            parts.append(f"band {band_label(e.band, snapshot.era)}")
        if e.footprint_bytes is not None:
            parts.append(format_bytes(e.footprint_bytes, self.units))
        return f"{e.name} ({', '.join(parts)})" if parts else e.name

    def _kill(self, e: Killed, snapshot: Snapshot, prev: Snapshot | None) -> NarrationLine:
        t = f"{e.t:.1f} s —"
        who = self._who(e, snapshot)
        th = snapshot.thresholds
        name = REASON_THRESHOLD.get(e.reason)
        avail = _lowest_available(snapshot, prev)
        if snapshot.era is Era.MACOS and e.reason is KillReason.IDLE_EXIT:
            level = LEVEL_WORDS.get(snapshot.level or PressureLevel.WARN, "raised")
            text = (
                f"{t} pressure is {level}: macOS ends idle processes that allow idle exit, "
                f"one a second: {who} (reason idle-exit)"
            )
        elif name is not None and th is not None:
            pages = dict(_thresholds(th))[name]
            last = self._last_kill
            if last is not None and last[0] is e.reason and e.t - last[1] <= BURST_S:
                text = f"{t} still below the {name} threshold ({pages:,}): {who} (reason " + (
                    f"{e.reason.value})"
                )
            elif avail is not None and avail < pages:
                text = (
                    f"{t} available memory {_pages(avail)} fell below the {name} threshold "
                    f"({pages:,}): {THRESHOLD_ACTS[name]}: {who} (reason {e.reason.value})"
                )
            else:  # the sample missed the moment: say what is known
                seen = f"; the last sample read {avail:,}" if avail is not None else ""
                text = (
                    f"{t} available memory fell below the {name} threshold ({pages:,} pages"
                    f"{seen}): {THRESHOLD_ACTS[name]}: {who} (reason {e.reason.value})"
                )
        elif e.reason is KillReason.PER_PROCESS_LIMIT:
            text = (
                f"{t} {who} crossed its own fatal memory limit: killed at once, whatever the "
                "pressure (reason per-process-limit)"
            )
        elif e.reason is KillReason.OOM:
            text = (
                f"{t} the kernel's OOM killer ended {who}: the process with the highest "
                "oom_score when memory ran out (reason oom)"
            )
        else:
            text = f"{t} jetsam killed {who} (reason {e.reason.value})"
        self._last_kill = (e.reason, e.t)
        return NarrationLine(e.t, text, "kill", e.reason.value, e.pid, e)

    def _level(self, e: LevelChanged, snapshot: Snapshot) -> NarrationLine:
        word = LEVEL_WORDS[e.level]
        pct = e.memorystatus_level if e.memorystatus_level is not None else None
        at = f" (memorystatus_level {pct} %)" if pct is not None else ""
        if e.level is PressureLevel.NORMAL:
            what = "the compressor holds little again; apps may rebuild their caches"
        elif e.level is PressureLevel.WARN:
            what = "processes registered for memory warnings are told, lowest band first"
        else:
            what = "the compressor holds most of memory; everyone registered is warned again"
        if snapshot.era is Era.MACOS and e.level is not PressureLevel.NORMAL:
            what += "; macOS starts ending idle processes that allow idle exit"
        return NarrationLine(
            e.t,
            f"{e.t:.1f} s — pressure is now {word}{at}: {what}",
            "level",
            {
                PressureLevel.NORMAL: "pressure-normal",
                PressureLevel.WARN: "pressure-warn",
                PressureLevel.CRITICAL: "pressure-critical",
            }[e.level],
            None,
            e,
        )

    def _notified(self, events: list[Notified]) -> NarrationLine:
        first = events[0]
        names = ", ".join(e.name for e in events[:MAX_NAMED])
        more = f" and {len(events) - MAX_NAMED} more" if len(events) > MAX_NAMED else ""
        word = LEVEL_WORDS[first.level]
        count = "1 process was" if len(events) == 1 else f"{len(events)} processes were"
        if first.level is PressureLevel.NORMAL:
            what = f"told that pressure is back to Normal ({names}{more})"
        else:
            again = " again" if first.level is PressureLevel.CRITICAL else ""
            what = (
                f"warned{again} that pressure is {word} ({names}{more}): a chance to free "
                "memory before anyone is killed"
            )
        return NarrationLine(
            first.t,
            f"{first.t:.1f} s — {count} {what}",
            "notify",
            "notify",
            first.pid,
            first,
        )

    def _report_summary(self, snapshot: Snapshot, kills: list[Killed]) -> NarrationLine:
        named = ", ".join(f"{k.name} ({k.reason.value})" for k in kills[:MAX_NAMED])
        more = f" and {len(kills) - MAX_NAMED} more" if len(kills) > MAX_NAMED else ""
        n = "1 kill" if len(kills) == 1 else f"{len(kills)} kills"
        device = f" on {snapshot.device}" if snapshot.device else ""
        return NarrationLine(
            snapshot.time,
            f"this report recorded {n}{device}: {named}{more}",
            "summary",
            "report",
            kills[0].pid,
            kills[0],
        )


def _thresholds(th: JetsamThresholds) -> list[tuple[str, int]]:
    return [("soft", th.soft_pages), ("idle", th.idle_pages), ("critical", th.critical_pages)]


def _lowest_available(snapshot: Snapshot, prev: Snapshot | None) -> int | None:
    """Available pages when the kill was decided: the lower of the sample before and
    this one (a kill frees memory, so the sample after it may read higher)."""
    values = [s.memory.available_pages for s in (prev, snapshot) if s is not None]
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _recorded(snapshot: Snapshot) -> bool:
    """A recorded moment (a replayed report) marks its victims on the processes."""
    return any(p.kill_reason is not None for p in snapshot.processes)
