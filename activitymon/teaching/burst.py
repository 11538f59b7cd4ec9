"""Bursts: kills, warnings, answers and launches of one kind, close together, told as
one line that grows ("19 processes died: nsurlsessiond …, cloudd … and 15 more"),
with every member in ``details``. And the cause of a kill on this device: which of
its lines memory was below, said in the device's own terms (``sentences``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from activitymon.model import (
    Era,
    Event,
    KernelFacts,
    Killed,
    KillReason,
    Launched,
    LevelChanged,
    NoteCause,
    Notified,
    Platform,
    PressureLevel,
    ReportWritten,
    Responded,
    Snapshot,
    Threshold,
    band_label,
)
from activitymon.teaching.sentences import (
    LEVEL_TERMS,
    LEVEL_WORDS,
    Line,
    level_meaning,
    line_meaning,
    reason_words,
)
from activitymon.units import UnitSystem, format_bytes

#: members named in a folded line before "and N more"
MAX_NAMED = 4
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
        if not raised:
            return Line.CRITICAL
        if lowest is not None and lowest < th.critical_pages:
            return Line.CRITICAL
        if lowest is not None and lowest < th.idle_pages:
            return Line.RAISED_CRITICAL
        return Line.RAISED_CRITICAL if e.band == 0 else Line.CRITICAL
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
    return None if not pct else snapshot.memory.total_pages * pct // 100


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


# -- sentences -------------------------------------------------------------------------
def who(e: Killed | Launched, era: Era | None, units: UnitSystem) -> str:
    parts = []
    if e.band is not None and era is not None:
        # "priority 16 …" on iOS 6's list reads on its own; a band needs its word
        label = band_label(e.band, era)
        parts.append(label if era.is_priority_list else f"band {label}")
    if isinstance(e, Killed) and e.footprint_bytes is not None:
        parts.append(format_bytes(e.footprint_bytes, units))
    return f"{e.name} ({', '.join(parts)})" if parts else e.name


def _names(items: list[str], largest: str | None) -> str:
    named = ", ".join(items[:MAX_NAMED])
    more = len(items) - MAX_NAMED
    if more <= 0:
        return named
    tail = f" and {more} more"
    if largest is not None and largest not in items[:MAX_NAMED]:
        tail += f", among them the largest, {largest}"
    return named + tail


def _kills(burst: Burst, era: Era | None, facts: KernelFacts | None, units: UnitSystem) -> str:
    kills = [e for e in burst.events if isinstance(e, Killed)]
    first = kills[0]
    reason = reason_words(first.reason, facts)
    cause = burst.cause.text if burst.cause else "jetsam killed"
    if len(kills) == 1:
        return f"{cause}: {who(first, era, units)} ({reason})"
    biggest = max(kills, key=lambda k: k.footprint_bytes or 0)
    largest = who(biggest, era, units) if biggest.footprint_bytes else None
    names = _names([who(k, era, units) for k in kills], largest)
    return f"{cause}: {len(kills)} processes died, {names} ({reason})"


def _summary(burst: Burst, era: Era | None, facts: KernelFacts | None, units: UnitSystem) -> str:
    kills = [e for e in burst.events if isinstance(e, Killed)]
    n = "1 kill" if len(kills) == 1 else f"{len(kills)} kills"
    device = f" on {burst.device}" if burst.device else ""
    items = [f"{k.name} ({reason_words(k.reason, facts)})" for k in kills]
    return f"this report recorded {n}{device}: {_names(items, None)}"


def _notified(burst: Burst, facts: KernelFacts | None) -> str:
    told = [e for e in burst.events if isinstance(e, Notified)]
    level = told[0].level
    names = _names([e.name for e in told], None)
    subject = f"{told[0].name} was" if len(told) == 1 else f"{len(told)} processes were"
    if level is PressureLevel.NORMAL:
        text = f"{subject} told that pressure is back to Normal" + (
            f" ({names})" if len(told) > 1 else ""
        )
    else:
        again = " again" if level is PressureLevel.CRITICAL else ""
        listed = f" ({names})" if len(told) > 1 else ""
        text = (
            f"{subject} warned{again} that pressure is {LEVEL_WORDS[level]}{listed}: a chance "
            "to free memory before anyone is killed"
        )
    if facts is not None and facts.notify_floor_band is not None:
        text += f" (this release tells only processes in band {facts.notify_floor_band} or above)"
    return text


def _responded(burst: Burst, facts: KernelFacts | None, units: UnitSystem) -> str:
    answers = [e for e in burst.events if isinstance(e, Responded)]
    why = "freed memory raises available memory and can keep pressure from rising"
    if facts is not None and facts.thresholds:
        why = "freed memory raises available memory and can keep the thresholds from being crossed"
    if burst.key[1] == NoteCause.LIMIT.value:
        why = "it is further from its own limit now"
    elif burst.key[1] == NoteCause.REQUEST.value:
        why = "freed memory raises available memory"
    if len(answers) == 1:
        a = answers[0]
        return (
            f"{a.name} answered the warning and freed {format_bytes(a.freed_bytes, units)}: {why}"
        )
    total = format_bytes(sum(a.freed_bytes for a in answers), units)
    names = _names([f"{a.name} {format_bytes(a.freed_bytes, units)}" for a in answers], None)
    return (
        f"{len(answers)} processes answered the warning and freed {total} in all ({names}): {why}"
    )


def _launch_item(e: Launched, burst: Burst, era: Era | None, units: UnitSystem) -> str:
    item = who(e, era, units)
    killed = burst.killed_at.get(e.name)
    if killed is not None:
        item += f", relaunched {e.t - killed:.1f} s after it was killed"
    return item


def _launched(burst: Burst, era: Era | None, units: UnitSystem) -> str:
    started = [e for e in burst.events if isinstance(e, Launched)]
    if len(started) == 1:
        e = started[0]
        killed = burst.killed_at.get(e.name)
        if killed is not None:
            return f"{who(e, era, units)} relaunched, {e.t - killed:.1f} s after it was killed"
        return f"{who(e, era, units)} launched"
    names = _names([_launch_item(e, burst, era, units) for e in started], None)
    return f"{len(started)} processes launched: {names}"


def folded_sentence(
    burst: Burst, era: Era | None, facts: KernelFacts | None, units: UnitSystem
) -> tuple[str, tuple[str, ...]]:
    """The burst's sentence and one detail per member."""
    if burst.kind == "kill":
        sentence = _kills(burst, era, facts, units)
    elif burst.kind == "summary":
        sentence = _summary(burst, era, facts, units)
    elif burst.kind == "notify":
        sentence = _notified(burst, facts)
    elif burst.kind == "respond":
        sentence = _responded(burst, facts, units)
    elif burst.kind == "level":
        sentence = _levels(burst, facts)
    elif burst.kind == "report":
        sentence = _reports(burst, facts)
    else:
        sentence = _launched(burst, era, units)
    return sentence, tuple(_detail(e, burst, era, facts, units) for e in burst.events)


def _detail(
    e: Event, burst: Burst, era: Era | None, facts: KernelFacts | None, units: UnitSystem
) -> str:
    at = f"{e.t:.1f} s"
    if isinstance(e, Killed):
        return f"{at}  {who(e, era, units)}: {reason_words(e.reason, facts)}"
    if isinstance(e, Notified):
        return f"{at}  {e.name} told: {LEVEL_WORDS[e.level]}"
    if isinstance(e, Responded):
        return f"{at}  {e.name} freed {format_bytes(e.freed_bytes, units)}"
    if isinstance(e, Launched):
        return f"{at}  {_launch_item(e, burst, era, units)}"
    if isinstance(e, LevelChanged):
        return f"{at}  {LEVEL_WORDS[e.level]}{_ms_level(e)}"
    if isinstance(e, ReportWritten):
        victims = "" if e.victims is None else f", {e.victims} killed"
        return f"{at}  {e.format} report{victims}"
    return at


def _reports(burst: Burst, facts: KernelFacts | None) -> str:
    written = [e for e in burst.events if isinstance(e, ReportWritten)]
    kind = (facts.report_format if facts else None) or "jetsam"
    marked = [e.victims for e in written if e.victims is not None]
    victims = sum(marked)
    count = "1 victim" if victims == 1 else f"{victims} victims"
    if len(written) == 1:
        e = written[0]
        where = f" to {e.path}" if e.path else ""
        text = f"the device wrote a {kind} report{where}: it lists every process"
        if marked:
            each = "it" if victims == 1 else "each"
            text += f" and marks {count} with the reason {each} died"
    else:
        text = f"the device wrote {len(written)} {kind} reports, one per kill pass"
        if marked:
            text += f": together they mark {count} with the reason each died"
    timeout = facts.report_timeout_s if facts else None
    if timeout:
        text += (
            f"; kills in the next {timeout:g} s wait for a later report (this release posts "
            f"at most one every {timeout:g} s)"
        )
    return text


def _ms_level(e: LevelChanged) -> str:
    return "" if e.memorystatus_level is None else f" (memorystatus_level {e.memorystatus_level} %)"


def _levels(burst: Burst, facts: KernelFacts | None) -> str:
    changes = [e for e in burst.events if isinstance(e, LevelChanged)]
    last = changes[-1]
    meaning = level_meaning(last.level, facts)
    if len(changes) == 1:
        return f"pressure is now {LEVEL_WORDS[last.level]}{burst.level_figure}: {meaning}"
    seen = sorted({e.level for e in changes})
    words = ", ".join(LEVEL_WORDS[level] for level in seen[:-1]) + f" and {LEVEL_WORDS[seen[-1]]}"
    span = last.t - changes[0].t
    within = f"in {span:.1f} s" if span >= 0.1 else "within a tenth of a second"
    return (
        f"pressure changed {len(changes)} times {within} between {words}, and is now "
        f"{LEVEL_WORDS[last.level]}{_ms_level(last)}: {meaning}"
    )


def highest_level(burst: Burst) -> PressureLevel | None:
    """The highest level a level burst reached (its colour)."""
    levels = [e.level for e in burst.events if isinstance(e, LevelChanged)]
    return max(levels) if levels else None


def relaunch_of(event: Event, killed_at: Mapping[str, float]) -> bool:
    return isinstance(event, Launched) and event.name in killed_at
