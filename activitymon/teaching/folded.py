"""A burst's sentence and its members' details: "19 processes died, nsurlsessiond …
and 15 more, among them the largest, Safari …", "24 processes were warned that
pressure is Warning …", "the device wrote 2 LowMemory reports …". Qt-free, no state.
"""

from __future__ import annotations

from activitymon.model import (
    Era,
    Event,
    KernelFacts,
    Killed,
    Launched,
    LevelChanged,
    NoteCause,
    Notified,
    PressureLevel,
    ReportWritten,
    Responded,
    band_label,
)
from activitymon.teaching.burst import Burst
from activitymon.teaching.sentences import LEVEL_WORDS, level_meaning, reason_words
from activitymon.units import UnitSystem, format_bytes

#: members named in a folded line before "and N more"
MAX_NAMED = 4


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
