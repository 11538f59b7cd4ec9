"""The narrator: plain-language lines for what the kernel decided, built from the
device's own rules (:class:`~activitymon.model.KernelFacts`), its samples and its
events.

"44.3 s — available memory 1.42 GB fell below the idle threshold (1.44 GB): jetsam kills
idle processes (band 0) first, oldest first: 19 processes, nsurlsessiond (band 0 IDLE,
10.4 MB), cloudd … (reason idle-exit)". A burst of kills, notifications or answers of
one kind is one line that grows (``details`` lists every member); sizes are in bytes,
with the page counts in ``note`` (the tooltip).

Narration is a function of time: the lines for a moment depend only on the facts and
on the samples and events up to that moment, fed in order, one sample with the events
since the one before. So the window can rebuild what a live run showed at any moment
of a recording (``rewind``), and ``activitymon simulate --narrate`` writes the same
sentences. Nothing here reads a sample's processes (a recording's past samples have
none). Qt-free; ``ui/narration_view.py`` shows the lines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from activitymon.model import (
    Event,
    KernelFacts,
    Killed,
    KillReason,
    Launched,
    LevelChanged,
    LimitExceeded,
    LimitWarning,
    NoteCause,
    Notified,
    ReportWritten,
    Responded,
    Snapshot,
)
from activitymon.teaching.burst import (
    Burst,
    BurstKey,
    fold_key,
    kill_cause,
    line_pages,
)
from activitymon.teaching.folded import folded_sentence, highest_level, who
from activitymon.teaching.narration_line import NarrationLine
from activitymon.teaching.sentences import (
    Line,
    line_meaning,
    lines_of,
    reason_words,
)
from activitymon.units import UnitSystem, format_bytes

#: NarrationLine lives in narration_line.py; importing it from here still works
__all__ = ["BURST_S", "LEVEL_BURST_S", "NarrationLine", "Narrator", "pid_of"]

#: events of one kind this close together (simulated seconds) are one line
BURST_S = 2.0
#: level changes this close together are flapping, one line; slower ones each tell
LEVEL_BURST_S = 1.0


class Narrator:
    """Keeps what the next sample needs: the last sample, which lines memory is below,
    the open bursts, and who was killed (a launch of one of them is a relaunch)."""

    def __init__(
        self,
        facts: KernelFacts | None = None,
        units: UnitSystem = UnitSystem.BINARY,
        *,
        recorded: bool = False,
    ) -> None:
        self.facts = facts
        self.units = units
        #: the source shows recorded moments (a replayed report): one summary per moment
        self.recorded = recorded
        self.reset()

    def reset(self) -> None:
        self._prev: Snapshot | None = None
        #: lines available memory is below, and those whose crossing was said
        self._below: set[Line] = set()
        self._told: set[Line] = set()
        self._bursts: dict[BurstKey, Burst] = {}
        self._serial = 0
        self._killed_at: dict[str, float] = {}
        #: why each process was last sent a note (its answer answers that)
        self._note_cause: dict[int, NoteCause] = {}
        #: fatal limits crossed this sample, by pid: the kill that follows tells them
        self._exceeded: dict[int, LimitExceeded] = {}
        #: when each process last got a limit warning (its note is that warning)
        self._limit_warned: dict[int, float] = {}
        #: the last sample at which the level changed or a line was crossed
        self._changed_at = -math.inf

    def configure(self, facts: KernelFacts | None, *, recorded: bool = False) -> None:
        """A new source: its facts, and whether it shows recorded moments."""
        self.facts = facts
        self.recorded = recorded
        self.reset()

    # -- one sample ---------------------------------------------------------------------
    def narrate(self, snapshot: Snapshot, events: Sequence[Event]) -> list[NarrationLine]:
        """The lines this sample adds or changes (a growing burst comes again under
        its serial), in the order they were first told."""
        out: dict[int, NarrationLine] = {}
        kills = [e for e in events if isinstance(e, Killed)]
        if self.recorded and kills:
            summary = self._report_summary(snapshot, kills)
            out[summary.serial] = summary
            events = [e for e in events if not isinstance(e, Killed)]
        for event in sorted(events, key=lambda e: e.t):
            told = self._event(event, snapshot)
            if told is not None:
                out[told.serial] = told
        for exceeded in self._exceeded.values():  # no kill followed (a cut-off recording)
            line = self._plain(exceeded, _exceeded_text(exceeded, self.units), "limit",
                               "fatal-limit", exceeded.pid)  # fmt: skip
            out[line.serial] = line
        self._exceeded.clear()
        # a crossing is seen at the sample, after the events that led to it
        for crossing in self._crossings(snapshot):
            out[crossing.serial] = crossing
        if any(line.kind in ("level", "threshold") for line in out.values()):
            # memory changed state: kills and reports of a later sample are another
            # pass, told below it, not folded into a line above it (an iPad's hog,
            # killed 6 s after "13.5 s — … processes died", was counted there)
            self._changed_at = snapshot.time
        self._prev = snapshot
        return sorted(out.values(), key=lambda line: line.serial)

    def narrate_all(
        self, moments: Iterable[tuple[Snapshot, Sequence[Event]]]
    ) -> list[NarrationLine]:
        """Every line of a run, each in its final form, in order."""
        final: dict[int, NarrationLine] = {}
        for snapshot, events in moments:
            for line in self.narrate(snapshot, events):
                final[line.serial] = line
        return [final[k] for k in sorted(final)]

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def _size(self, pages: int, snapshot: Snapshot) -> str:
        return format_bytes(pages * snapshot.memory.page_size, self.units)

    # -- thresholds ---------------------------------------------------------------------
    def _crossings(self, snapshot: Snapshot) -> list[NarrationLine]:
        facts, avail = self.facts, snapshot.memory.available_pages
        if facts is None or avail is None or snapshot.thresholds is None:
            return []
        fell: list[NarrationLine] = []
        above: list[tuple[str, int]] = []
        for line in lines_of(facts):
            pages = line_pages(line, snapshot, facts)
            if pages is None:
                continue
            meaning = line_meaning(line, facts)
            below, was = avail < pages, line in self._below
            if below and not was:
                self._below.add(line)
                if line in self._told:
                    continue  # a kill's own line said it
                self._told.add(line)
                now, limit = self._pair(avail, pages, snapshot)
                fell.append(
                    NarrationLine(
                        snapshot.time,
                        f"available memory {now} fell below {meaning.name} ({limit}): "
                        f"{meaning.below}",
                        "threshold",
                        meaning.term,
                        note=f"available memory {avail:,} pages; {meaning.name}: {pages:,} pages",
                        serial=self._next_serial(),
                    )
                )
            elif was and not below:
                self._below.discard(line)
                self._told.discard(line)
                above.append((meaning.name, pages))
        if not above:
            return fell
        # memory is back: what happens next is another episode, told on lines of its
        # own, not folded into a line that sits above this one (the iPod's hog died
        # 4.5 s after "17.0 s — … 20 processes died" and was counted there)
        self._bursts.clear()
        for line in lines_of(facts):  # a kill below a line after this fell below it again
            pages = line_pages(line, snapshot, facts)
            if pages is not None and avail >= pages:
                self._told.discard(line)
        names = [f"{name} ({self._size(pages, snapshot)})" for name, pages in above]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        back = NarrationLine(
            snapshot.time,
            f"available memory {self._size(avail, snapshot)} is back above {joined}",
            "threshold",
            line_meaning(Line(lines_of(facts)[0]), facts).term,
            note=f"available memory {avail:,} pages; "
            + "; ".join(f"{name}: {pages:,} pages" for name, pages in above),
            serial=self._next_serial(),
        )
        return [*fell, back]

    def _pair(self, a: int, b: int, snapshot: Snapshot) -> tuple[str, str]:
        """Two sizes that read differently when the pages differ (307 MB and 307 MB
        would say nothing): one more digit until they do."""
        size = snapshot.memory.page_size
        x, y = self._size(a, snapshot), self._size(b, snapshot)
        if x != y or a == b:
            return x, y
        return f"{a * size / 2**20:.1f} MB", f"{b * size / 2**20:.1f} MB"

    def _lowest(self, snapshot: Snapshot) -> int | None:
        """Available pages when a kill was decided: the lower of the sample before and
        this one (a kill frees memory, so the sample after it may read higher)."""
        values = [s.memory.available_pages for s in (self._prev, snapshot) if s is not None]
        known = [v for v in values if v is not None]
        return min(known) if known else None

    # -- events ---------------------------------------------------------------------------
    def _event(self, event: Event, snapshot: Snapshot) -> NarrationLine | None:
        if isinstance(event, Notified):
            self._note_cause[event.pid] = event.cause
            if event.cause is not NoteCause.PRESSURE:
                return self._single(event, snapshot)
        if isinstance(event, Killed) and event.reason is KillReason.PER_PROCESS_LIMIT:
            exceeded = self._exceeded.pop(event.pid, None)
            if exceeded is not None:
                self._killed_at[event.name] = event.t
                return self._limit_kill(event, exceeded, snapshot)
        cause = None
        if isinstance(event, Killed):
            told = frozenset(self._told)
            cause = kill_cause(
                event, self._lowest(snapshot), snapshot, self.facts, told=told, units=self.units
            )
        relaunch = isinstance(event, Launched) and event.name in self._killed_at
        answers = self._note_cause.get(event.pid) if isinstance(event, Responded) else None
        key = fold_key(event, cause, self.facts, relaunch, answers=answers)
        if key is None:
            return self._single(event, snapshot)
        burst = self._bursts.get(key)
        window = LEVEL_BURST_S if isinstance(event, LevelChanged) else BURST_S
        # a process told of twice is two moments, not "2 processes" (Game, Game)
        again = burst is not None and burst.has_member(pid_of(event))
        # a kill or report pass that ended before memory changed state is over
        over = burst is not None and burst.kind in ("kill", "report")
        over = over and burst is not None and burst.last_t < self._changed_at
        if burst is None or event.t - burst.last_t > window or again or over:
            burst = Burst.start(key, event, self._next_serial(), cause)
            if isinstance(event, LevelChanged):
                burst.level_figure = self._level_figure(event, snapshot)
            self._bursts[key] = burst
        else:
            burst.add(event)
        if isinstance(event, Killed):
            self._killed_at[event.name] = event.t
            if cause is not None and cause.line is not None:
                self._told.add(cause.line)
        elif isinstance(event, Launched) and relaunch:
            burst.killed_at[event.name] = self._killed_at.pop(event.name)
        return self._burst_line(burst, snapshot)

    def _burst_line(self, burst: Burst, snapshot: Snapshot) -> NarrationLine:
        first = burst.events[0]
        sentence, details = folded_sentence(burst, snapshot.era, self.facts, self.units)
        return NarrationLine(
            first.t,
            sentence,
            burst.kind,
            burst.term,
            pid_of(first),
            first,
            level=highest_level(burst),
            details=details if len(burst.events) > 1 else (),
            members=tuple(burst.events),
            note=burst.note,
            serial=burst.serial,
        )

    def _single(self, event: Event, snapshot: Snapshot) -> NarrationLine | None:
        if isinstance(event, LimitWarning):
            limit = format_bytes(event.limit_bytes, self.units)
            text = (
                f"{event.name} reached {event.warning_percent} % of its {limit} memory limit"
                f"{_whose(event.origin)}: the kernel sends it a memory warning about its own "
                "limit, whatever the system's pressure"
            )
            self._limit_warned[event.pid] = event.t
            return self._plain(event, text, "limit", "limit_warning", event.pid)
        if isinstance(event, Notified):
            if event.cause is NoteCause.LIMIT:
                if self._limit_warned.get(event.pid) == event.t:
                    return None  # the limit warning's line said it
                text = (
                    f"{event.name} was sent a memory warning about its own memory limit, "
                    "whatever the system's pressure"
                )
            else:
                text = (
                    f"{event.name} was sent a memory warning by hand (as Xcode's Simulate "
                    "Memory Warning does), whatever the system's pressure"
                )
            return self._plain(event, text, "notify", "notify", event.pid)
        if isinstance(event, LimitExceeded):
            limit = format_bytes(event.limit_bytes, self.units)
            if event.fatal:
                # the kill that follows at once tells it (one line, not two)
                self._exceeded[event.pid] = event
                return None
            text = (
                f"{event.name} went over its soft {limit} memory limit: it keeps running, "
                "but if memory runs short it is killed before others (high-water)"
            )
            return self._plain(event, text, "limit", "soft-limit", event.pid)
        return None

    def _limit_kill(self, e: Killed, exceeded: LimitExceeded, snapshot: Snapshot) -> NarrationLine:
        """A fatal limit crossed and the kill it caused, as one line."""
        text = (
            f"{who(e, snapshot.era, self.units)} crossed its fatal "
            f"{format_bytes(exceeded.limit_bytes, self.units)} memory limit"
            f"{_whose(exceeded.origin)}: killed at once, whatever the pressure "
            f"({reason_words(e.reason, self.facts)})"
        )
        return NarrationLine(
            e.t, text, "kill", e.reason.value, e.pid, e, members=(exceeded, e),
            serial=self._next_serial(),
        )  # fmt: skip

    def _plain(
        self, event: Event, text: str, kind: str, term: str, pid: int | None
    ) -> NarrationLine:
        return NarrationLine(
            event.t, text, kind, term, pid, event, members=(event,), serial=self._next_serial()
        )

    @staticmethod
    def _level_figure(e: LevelChanged, snapshot: Snapshot) -> str:
        if e.memorystatus_level is not None:
            return f" (memorystatus_level {e.memorystatus_level} %)"
        if snapshot.psi is not None:
            return f" (processes stalled {snapshot.psi.some_avg10:.1f} % of the last 10 s)"
        return ""

    def _report_summary(self, snapshot: Snapshot, kills: list[Killed]) -> NarrationLine:
        burst = Burst.recorded(kills, self._next_serial(), snapshot)
        sentence, details = folded_sentence(burst, snapshot.era, self.facts, self.units)
        return NarrationLine(
            snapshot.time,
            sentence,
            "summary",
            "report",
            kills[0].pid,
            kills[0],
            details=details,
            members=tuple(kills),
            serial=burst.serial,
        )


def pid_of(event: Event) -> int | None:
    """The pid an event is about (``None`` for a level change or a report)."""
    if isinstance(event, LevelChanged | ReportWritten):
        return None
    return event.pid


#: what a limit is, by where it comes from (``LimitOrigin`` values)
_ORIGINS = {
    "task": " (the device's task limit, every app's unless it has its own)",
    "entitled": " (raised from the task limit by the increased-memory-limit entitlement)",
    "jetsam-properties": " (from the device's jetsam properties)",
}


def _whose(origin: str | None) -> str:
    return _ORIGINS.get(origin or "", "")


def _exceeded_text(e: LimitExceeded, units: UnitSystem) -> str:
    return (
        f"{e.name} crossed its fatal {format_bytes(e.limit_bytes, units)} memory limit"
        f"{_whose(e.origin)}: it is killed at once"
    )
