"""What happens between samples: level changes, notifications, kills, reports.

Each event is a frozen value with a time ``t`` in the source's clock (simulated
seconds for the simulator) and a ``kind``. :func:`event_to_dict` gives the JSON Lines
contract of ``activitymon simulate --events``; :func:`event_from_dict` reads it back.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from activitymon.model.levels import PressureLevel


class KillReason(enum.StrEnum):
    """Kill causes by XNU's newest name strings (xnu-memorystatus.md §2.1)."""

    JETTISONED = "jettisoned"
    HIGHWATER = "highwater"
    VNODE_LIMIT = "vnode-limit"
    VM_PAGESHORTAGE = "vm-pageshortage"
    PROC_THRASHING = "proc-thrashing"
    FC_THRASHING = "fc-thrashing"
    PER_PROCESS_LIMIT = "per-process-limit"
    DISK_SPACE_SHORTAGE = "disk-space-shortage"
    IDLE_EXIT = "idle-exit"
    ZONE_MAP_EXHAUSTION = "zone-map-exhaustion"
    VM_COMPRESSOR_THRASHING = "vm-compressor-thrashing"
    VM_COMPRESSOR_SPACE_SHORTAGE = "vm-compressor-space-shortage"
    LOW_SWAP = "low-swap"
    SUSTAINED_MEMORY_PRESSURE = "sustained-memory-pressure"
    VM_PAGEOUT_STARVATION = "vm-pageout-starvation"
    LONG_IDLE_EXIT = "long-idle-exit"
    #: Linux: the kernel OOM killer (or a user-space killer) ended the process
    OOM = "oom"


#: how reports of older releases spell today's causes: "vm-thrashing" is xnu-3248 …
#: 4570's name of kMemorystatusKilledVMThrashing, today's proc-thrashing; iOS 6's
#: LowMemory reports write "vm" for a page-shortage kill (kMemorystatusFlagsKilledVM,
#: xnu-2050, the article's ``[vm]``)
REPORT_SPELLINGS: Mapping[str, KillReason] = {
    "vm-thrashing": KillReason.PROC_THRASHING,
    "vm": KillReason.VM_PAGESHORTAGE,
}


def reason_of_report(text: str | None) -> KillReason:
    """The model's reason for a report's ``reason`` string; unknown ones are
    ``jettisoned`` (XNU's generic cause)."""
    if text is None:
        return KillReason.JETTISONED
    if text in REPORT_SPELLINGS:
        return REPORT_SPELLINGS[text]
    try:
        return KillReason(text)
    except ValueError:
        return KillReason.JETTISONED


def reason_shown(text: str) -> str:
    """One name per reason everywhere: today's, with the report's own spelling beside
    it where that differs (``proc-thrashing (report: vm-thrashing)``)."""
    if not text:
        return text
    name = reason_of_report(text).value
    return name if name == text else f"{name} (report: {text})"


class EventKind(enum.StrEnum):
    LEVEL = "level"
    NOTIFY = "notify"
    RESPOND = "respond"
    LIMIT_WARNING = "limit_warning"
    LIMIT_EXCEEDED = "limit_exceeded"
    KILL = "kill"
    REPORT = "report"
    LAUNCH = "launch"
    EXIT = "exit"


@dataclass(frozen=True, slots=True)
class LevelChanged:
    kind: ClassVar[EventKind] = EventKind.LEVEL
    t: float
    level: PressureLevel
    available_pages: int | None = None
    memorystatus_level: int | None = None


class NoteCause(enum.StrEnum):
    """Why a process was sent a memory note."""

    #: the pressure thread's round after a level change (``memorystatus_update_vm_pressure``)
    PRESSURE = "pressure"
    #: its footprint reached the warning level of its own limit: iOS delivers the
    #: ledger's warning as a memory warning, whatever the system's pressure
    LIMIT = "limit"
    #: asked for by hand (Xcode's Simulate Memory Warning; the simulator's Warn)
    REQUEST = "request"


@dataclass(frozen=True, slots=True)
class Notified:
    """A pressure (or memory-warning) notification delivered to one process."""

    kind: ClassVar[EventKind] = EventKind.NOTIFY
    t: float
    pid: int
    name: str
    level: PressureLevel
    #: why it was sent: a level change reaches processes in rounds, a limit warning or a
    #: request only the one process (``level`` is then the note's, not the system's)
    cause: NoteCause = NoteCause.PRESSURE


@dataclass(frozen=True, slots=True)
class Responded:
    """A process answered a notification by freeing memory: it redeemed itself."""

    kind: ClassVar[EventKind] = EventKind.RESPOND
    t: float
    pid: int
    name: str
    freed_bytes: int


@dataclass(frozen=True, slots=True)
class LimitWarning:
    """Footprint crossed the ledger's warning level of the applied limit (80 %, or the
    release's level for the device's task limit)."""

    kind: ClassVar[EventKind] = EventKind.LIMIT_WARNING
    t: float
    pid: int
    name: str
    limit_bytes: int
    #: the warning level, in percent of the limit
    warning_percent: int = 80
    #: where the limit comes from (a ``LimitOrigin`` value), where the source knows
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class LimitExceeded:
    """Footprint crossed the applied limit: a fatal limit kills, a soft one marks a
    high-water candidate (EXC_RESOURCE)."""

    kind: ClassVar[EventKind] = EventKind.LIMIT_EXCEEDED
    t: float
    pid: int
    name: str
    limit_bytes: int
    fatal: bool
    #: where the limit comes from (a ``LimitOrigin`` value), where the source knows
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Killed:
    kind: ClassVar[EventKind] = EventKind.KILL
    t: float
    pid: int
    name: str
    reason: KillReason
    band: int | None = None
    footprint_bytes: int | None = None


@dataclass(frozen=True, slots=True)
class ReportWritten:
    kind: ClassVar[EventKind] = EventKind.REPORT
    t: float
    #: where it was written ("" for a report kept in memory: the window's simulator)
    path: str
    format: str
    #: how many processes it marks as killed
    victims: int | None = None
    #: the report's incident id (finds a report kept in memory)
    incident: str | None = None


@dataclass(frozen=True, slots=True)
class Launched:
    kind: ClassVar[EventKind] = EventKind.LAUNCH
    t: float
    pid: int
    name: str
    band: int | None = None


@dataclass(frozen=True, slots=True)
class Exited:
    """A process ended on its own (or vanished between two samples of a live source)."""

    kind: ClassVar[EventKind] = EventKind.EXIT
    t: float
    pid: int
    name: str


Event = (
    LevelChanged
    | Notified
    | Responded
    | LimitWarning
    | LimitExceeded
    | Killed
    | ReportWritten
    | Launched
    | Exited
)

EVENT_TYPES: Mapping[EventKind, type[Event]] = {
    cls.kind: cls
    for cls in (
        LevelChanged,
        Notified,
        Responded,
        LimitWarning,
        LimitExceeded,
        Killed,
        ReportWritten,
        Launched,
        Exited,
    )
}


def event_to_dict(event: Event) -> dict[str, Any]:
    """The JSON Lines form: ``t`` and ``kind`` first, then the kind's fields.

    Levels are written by name (``"warn"``), reasons by XNU string.
    """
    out: dict[str, Any] = {"t": round(event.t, 6), "kind": event.kind.value}
    for f in dataclasses.fields(event):
        if f.name == "t":
            continue
        value = getattr(event, f.name)
        if isinstance(value, PressureLevel):
            value = value.label
        elif isinstance(value, enum.Enum):
            value = value.value
        out[f.name] = value
    return out


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """Inverse of :func:`event_to_dict`; raises ``ValueError`` on a malformed record."""
    try:
        kind = EventKind(data["kind"])
    except (KeyError, ValueError) as exc:
        raise ValueError(f"not an event record: kind {data.get('kind')!r}") from exc
    cls = EVENT_TYPES[kind]
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            if f.default is dataclasses.MISSING:
                raise ValueError(f"{kind.value} event lacks {f.name!r}")
            continue
        value = data[f.name]
        if f.name == "level":
            value = PressureLevel.parse(str(value))
        elif f.name == "reason":
            value = KillReason(value)
        elif f.name == "cause":
            value = NoteCause(value)
        kwargs[f.name] = value
    return cls(**kwargs)
