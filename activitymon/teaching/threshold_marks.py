"""The lines the graph draws on the available-memory plot, as the device has them and
named as the narration names them: the soft threshold; the 10 % high-water line of
xnu-2050 (iOS 6); the idle threshold (xnu-11215 →) or, on xnu-2422 … 10063, the
*raised* critical threshold (critical + 5 % of memory while band 0 holds a process),
never called an idle threshold there; the critical threshold. Qt-free; ``ui/graph``
draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import JetsamThresholds, KernelFacts, PressureLevel
from activitymon.teaching.sentences import Line, highwater_line_pages, line_meaning, lines_of


@dataclass(frozen=True, slots=True)
class ThresholdMark:
    #: which line: a ``Line`` value ("soft", "idle", "raised-critical", "critical",
    #: "highwater")
    key: str
    #: its label on the graph: "soft threshold", "10 % of memory (high-water)" …
    label: str
    pages: int
    #: the glossary entry its tooltip explains it with
    term: str
    #: the level whose colour it wears (``None``: neutral grey)
    level: PressureLevel | None
    #: the tooltip's first line: what happens below it on this device
    meaning: str


_LEVELS = {Line.SOFT: PressureLevel.WARN, Line.CRITICAL: PressureLevel.CRITICAL}


def _pages(line: Line, th: JetsamThresholds, total_pages: int, facts: KernelFacts) -> int | None:
    if line is Line.SOFT:
        return th.soft_pages
    if line is Line.IDLE:
        return th.idle_pages
    if line is Line.CRITICAL:
        return th.critical_pages
    if line is Line.RAISED_CRITICAL:
        return th.idle_pages if th.idle_pages > th.critical_pages else None
    pct = facts.highwater_percent
    return highwater_line_pages(total_pages, pct) if pct else None


def threshold_marks(
    th: JetsamThresholds, facts: KernelFacts | None, total_pages: int
) -> list[ThresholdMark]:
    """The lines this device has, highest first. Without facts (a source that does not
    say which it has) the three the thresholds hold, an idle line only where it
    differs from the critical one."""
    if facts is None:
        plain = [(Line.SOFT, th.soft_pages), (Line.IDLE, th.idle_pages)]
        plain += [(Line.CRITICAL, th.critical_pages)]
        return [
            ThresholdMark(
                line.value,
                f"{line.value} threshold",
                pages,
                f"{line.value}-threshold",
                _LEVELS.get(line),
                "",
            )
            for line, pages in plain
            if not (line is Line.IDLE and pages == th.critical_pages)
        ]
    marks: list[ThresholdMark] = []
    for line in lines_of(facts):
        pages = _pages(line, th, total_pages, facts)
        if pages is None:
            continue
        meaning = line_meaning(line, facts)
        label = meaning.name.removeprefix("the ")
        if line is Line.HIGHWATER:
            label += " (high-water)"
        marks.append(
            ThresholdMark(line.value, label, pages, meaning.term, _LEVELS.get(line), meaning.below)
        )
    return marks
