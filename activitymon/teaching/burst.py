"""Bursts: kills, warnings, answers and launches of one kind, close together, told as
one line that grows ("19 processes died: nsurlsessiond …, cloudd … and 15 more"),
with every member in ``details`` (the sentences are ``folded.py``'s). And the cause of
a kill on this device: which of its lines memory was below, said in the device's own
terms (``sentences``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from activitymon.model import (
    Event,
    KernelFacts,
    Killed,
    KillReason,
    Launched,
    LevelChanged,
    NoteCause,
    Notified,
    Platform,
    ReportWritten,
    Responded,
    Snapshot,
    Threshold,
)
from activitymon.teaching.sentences import (
    LEVEL_TERMS,
    Line,
    highwater_line_pages,
    line_meaning,
)
from activitymon.units import UnitSystem, format_bytes

#: (what, which): kills of one reason and cause, warnings of one level …
BurstKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class KillCause:
    #: the device line the kill answers (``None``: no threshold, e.g. a limit)
    line: Line | None
    #: "available memory 1.42 GB fell below the idle threshold (1.44 GB): jetsam kills …"
    text: str
    note: str = ""


def _size(pages: int, snapshot: Snapshot, units: UnitSystem) -> str:
    return format_bytes(pages * snapshot.memory.page_size, units)


def _kill_line(
    e: Killed, lowest: int | None, snapshot: Snapshot, facts: KernelFacts
) -> Line | None:
    th = snapshot.thresholds
    if e.reason is KillReason.IDLE_EXIT and facts.has(Threshold.IDLE):
        return Line.IDLE
    if e.reason is KillReason.HIGHWATER:
        if facts.highwater_percent:
            return Line.HIGHWATER
        below = facts.highwater_below
        return None if below is None else Line(below.value)
    if e.reason is KillReason.VM_PAGESHORTAGE and facts.page_shortage_kills and th is not None:
        raised = facts.critical_raised_while_idle and th.idle_pages > th.critical_pages
        # the raise holds only while band 0 has a process (memorystatus_update_levels_locked)
        # and band 0 dies first: a victim above it died below the plain critical line, even
        # when the samples around the kill missed that moment
        if not raised or e.band != 0:
            return Line.CRITICAL
        if lowest is not None and lowest < th.critical_pages:
            return Line.CRITICAL
        return Line.RAISED_CRITICAL
    return None


def line_pages(line: Line, snapshot: Snapshot, facts: KernelFacts | None) -> int | None:
    """Where ``line`` lies in this sample, in pages (``None`` if it has none now)."""
    th = snapshot.thresholds
    if th is None:
        return None
    if line is Line.SOFT:
        return th.soft_pages
    if line is Line.IDLE:
        return th.idle_pages
    if line is Line.CRITICAL:
        return th.critical_pages
    if line is Line.RAISED_CRITICAL:
        return th.idle_pages if th.idle_pages > th.critical_pages else None
    pct = facts.highwater_percent if facts else None
    return None if not pct else highwater_line_pages(snapshot.memory.total_pages, pct)


def kill_cause(
    e: Killed,
    lowest: int | None,
    snapshot: Snapshot,
    facts: KernelFacts | None,
    *,
    told: frozenset[Line] = frozenset(),
    units: UnitSystem = UnitSystem.BINARY,
) -> KillCause:
    """Why ``e`` died on this device. ``lowest``: available pages when it was decided;
    ``told``: lines whose crossing the narration already said."""
    if e.reason is KillReason.PER_PROCESS_LIMIT:
        return KillCause(
            None,
            "a process crossed its fatal memory limit (its own, or the device's task limit): "
            "killed at once, whatever the pressure",
        )
    if e.reason is KillReason.OOM:
        return KillCause(
            None,
            "the kernel's OOM killer ended the process with the highest "
            "oom_score when memory ran out",
        )
    if e.reason is KillReason.JETTISONED:
        return KillCause(None, "ended from outside (a force quit), not for memory")
    if facts is None:
        return KillCause(None, "jetsam killed")
    if e.reason is KillReason.IDLE_EXIT and facts.idle_exit_under_pressure:
        return KillCause(
            None,
            "under pressure macOS ends clean idle processes that allow idle exit, one a second",
        )
    if e.reason is KillReason.SUSTAINED_MEMORY_PRESSURE:
        return KillCause(
            None,
            "pressure stayed above Normal for 10 minutes: jetsam kills idle "
            "processes (band 0), one every half second",
        )
    if e.reason is KillReason.VM_COMPRESSOR_SPACE_SHORTAGE:
        if facts.idle_exit_under_pressure:  # a Mac: no jetsam bands to walk
            return KillCause(None, "the compressor ran out of space: jetsam kills idle processes")
        return KillCause(None, "the compressor ran out of room (it holds as many pages as the "
                               "device has memory): jetsam kills in band order, lowest first, "
                               "until it has room again")  # fmt: skip
    if e.reason is KillReason.LOW_SWAP:
        return KillCause(None, "swap and the compressor are exhausted: the largest process dies")
    line = _kill_line(e, lowest, snapshot, facts)
    pages = None if line is None else line_pages(line, snapshot, facts)
    if line is None or pages is None:
        return KillCause(None, "jetsam killed")
    meaning = line_meaning(line, facts)
    limit = _size(pages, snapshot, units)
    if line in told:
        text = f"available memory is still below {meaning.name} ({limit}): {meaning.below}"
        return KillCause(line, text, f"{meaning.name}: {pages:,} pages")
    if lowest is not None and lowest < pages:
        text = (
            f"available memory {_size(lowest, snapshot, units)} fell below {meaning.name} "
            f"({limit}): {meaning.below}"
        )
        note = f"available memory {lowest:,} pages; {meaning.name}: {pages:,} pages"
        return KillCause(line, text, note)
    # the samples around the kill missed the moment memory was below the line
    seen = f"; the nearest sample read {lowest:,} pages" if lowest is not None else ""
    text = f"available memory fell below {meaning.name} ({limit}): {meaning.below}"
    return KillCause(line, text, f"{meaning.name}: {pages:,} pages{seen}")


@dataclass
class Burst:
    key: BurstKey
    kind: str
    term: str
    serial: int
    events: list[Event]
    last_t: float
    #: a kill burst: the cause said once, for the first kill
    cause: KillCause | None = None
    #: a launch burst: when each relaunched name was killed
    killed_at: dict[str, float] = field(default_factory=dict)
    device: str = ""
    #: a single level change: the figure beside it (" (memorystatus_level 12 %)")
    level_figure: str = ""

    @property
    def note(self) -> str:
        return "" if self.cause is None else self.cause.note

    def add(self, event: Event) -> None:
        self.events.append(event)
        self.last_t = event.t

    def has_member(self, pid: int | None) -> bool:
        """Whether the process ``pid`` is already one of the burst's members."""
        if pid is None:
            return False
        return any(getattr(e, "pid", None) == pid for e in self.events)

    @classmethod
    def start(cls, key: BurstKey, event: Event, serial: int, cause: KillCause | None) -> Burst:
        term = {
            "notify": "notify",
            "respond": "respond",
            "launch": "launch",
            "report": "report",
        }.get(key[0], "")
        if isinstance(event, Killed):
            term = event.reason.value
        elif isinstance(event, LevelChanged):
            term = LEVEL_TERMS[event.level]
        return cls(key, key[0], term, serial, [event], event.t, cause)

    @classmethod
    def recorded(cls, kills: list[Killed], serial: int, snapshot: Snapshot) -> Burst:
        """A replayed report's victims, told together."""
        first = kills[0]
        burst = cls(("summary", ""), "summary", "report", serial, list(kills), first.t)
        burst.device = snapshot.device
        return burst


def fold_key(
    event: Event,
    cause: KillCause | None,
    facts: KernelFacts | None,
    relaunch: bool,
    *,
    answers: NoteCause | None = None,
) -> BurstKey | None:
    """The burst ``event`` joins, or ``None`` for an event told on its own (or not
    at all: a first launch on a live machine, an exit). ``answers``: for an answer,
    why its process was last told (an answer to a limit warning is not one to
    pressure)."""
    if isinstance(event, Killed):
        line = "" if cause is None or cause.line is None else cause.line.value
        return ("kill", f"{event.reason.value}/{line}")
    if isinstance(event, Notified):
        return ("notify", event.level.label)
    if isinstance(event, Responded):
        return ("respond", (answers or NoteCause.PRESSURE).value)
    if isinstance(event, Launched):
        ios = facts is not None and facts.platform is Platform.IOS
        return ("launch", "") if ios or relaunch else None
    if isinstance(event, LevelChanged):
        return ("level", "")
    if isinstance(event, ReportWritten):
        return ("report", "")
    return None
