"""Events in words: the kind's title, the process, one line of detail (the event
timeline, the inspector's story and ``activitymon inspect``)."""

from __future__ import annotations

from activitymon.model import (
    Event,
    EventKind,
    KernelFacts,
    Killed,
    Launched,
    LevelChanged,
    LimitExceeded,
    LimitWarning,
    NoteCause,
    Notified,
    PriorityModel,
    ReportWritten,
    Responded,
)
from activitymon.units import MISSING, UnitSystem, format_bytes

KIND_TITLES: dict[EventKind, str] = {
    EventKind.LEVEL: "Level",
    EventKind.NOTIFY: "Notification",
    EventKind.RESPOND: "Response",
    EventKind.LIMIT_WARNING: "Limit warning",
    EventKind.LIMIT_EXCEEDED: "Limit exceeded",
    EventKind.KILL: "Kill",
    EventKind.REPORT: "Report",
    EventKind.LAUNCH: "Launch",
    EventKind.EXIT: "Exit",
}


def event_process(event: Event) -> str:
    pid = getattr(event, "pid", None)
    name = getattr(event, "name", None)
    if pid is None or name is None:
        return ""
    return name if pid < 0 else f"{name} ({pid})"  # report rows without a pid: no number


def event_detail(
    event: Event, units: UnitSystem = UnitSystem.BINARY, facts: KernelFacts | None = None
) -> str:
    """One line saying what happened, with sizes in the chosen units; a kill's reason
    by its one name, with the device's report spelling beside it where that differs
    (``facts``)."""
    if isinstance(event, LevelChanged):
        level = (
            f"memorystatus_level {event.memorystatus_level} %"
            if event.memorystatus_level is not None
            else ""
        )
        return f"pressure {event.level.label} {level}".strip()
    if isinstance(event, Notified):
        if event.cause is NoteCause.LIMIT:
            return "memory warning: near its own limit"
        if event.cause is NoteCause.REQUEST:
            return "memory warning sent by hand"
        return f"{event.level.label} notification delivered"
    if isinstance(event, Responded):
        return f"freed {format_bytes(event.freed_bytes, units)}"
    if isinstance(event, LimitWarning):
        limit = format_bytes(event.limit_bytes, units)
        return f"at {event.warning_percent} % of its {limit} limit"
    if isinstance(event, LimitExceeded):
        kind = "fatal" if event.fatal else "soft (high-water)"
        return f"over its {kind} {format_bytes(event.limit_bytes, units)} limit"
    if isinstance(event, Killed):
        band = MISSING if event.band is None else str(event.band)
        reason = event.reason.value
        spelled = reason if facts is None else facts.reported_as(event.reason)
        if spelled != reason:
            reason += f" (report: {spelled})"
        word = "band"
        if facts is not None and facts.priority_model is PriorityModel.PRIORITY_LIST:
            word = "priority"  # iOS 6: a number on its list, not a band
        return f"{reason} · {word} {band} · {format_bytes(event.footprint_bytes, units)}"
    if isinstance(event, ReportWritten):
        victims = "" if event.victims is None else f" · {event.victims} killed"
        return f"{event.format} report {event.path}".rstrip() + victims
    if isinstance(event, Launched):
        return "launched" + ("" if event.band is None else f" in band {event.band}")
    return "exited"
