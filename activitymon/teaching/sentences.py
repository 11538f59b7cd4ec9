"""What each threshold, level and kill reason means on *this* device, as clauses the
narrator puts together. Every clause is chosen from the device's
:class:`~activitymon.model.KernelFacts`: a kernel without an idle threshold is never
said to have one, a device without a compressor never has its level blamed on one.
Qt-free, no state.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from activitymon.model import (
    KernelFacts,
    KillReason,
    LevelSource,
    PressureLevel,
    PriorityModel,
    Threshold,
)

LEVEL_WORDS = {
    PressureLevel.NORMAL: "Normal",
    PressureLevel.WARN: "Warning",
    PressureLevel.CRITICAL: "Critical",
}
LEVEL_TERMS = {
    PressureLevel.NORMAL: "pressure-normal",
    PressureLevel.WARN: "pressure-warn",
    PressureLevel.CRITICAL: "pressure-critical",
}


class Line(enum.StrEnum):
    """The available-memory lines a device may have: its thresholds, and the levels
    at which older kernels act that are not thresholds of their own."""

    SOFT = "soft"
    IDLE = "idle"
    CRITICAL = "critical"
    #: xnu-2422 … 10063: critical + 5 % of memory while band 0 holds a process
    RAISED_CRITICAL = "raised-critical"
    #: xnu-2050: high-water kills below 10 % of memory
    HIGHWATER = "highwater"


@dataclass(frozen=True, slots=True)
class LineMeaning:
    #: how the sentence names it: "the idle threshold"
    name: str
    #: what happens below it on this device
    below: str
    #: the glossary term that explains it
    term: str


def _order(facts: KernelFacts) -> str:
    if facts.priority_model is PriorityModel.PRIORITY_LIST:
        return "from the head of its priority list (the highest number first)"
    if facts.idle_band is False:
        return "lowest priority first"
    return "in band order, lowest band first"


def _highwater_clause(facts: KernelFacts) -> str:
    return "jetsam kills any process that is over its soft memory limit (high-water)"


def line_meaning(line: Line, facts: KernelFacts) -> LineMeaning:
    """The name and meaning of one line on this device."""
    if line is Line.SOFT:
        parts = []
        if facts.highwater_below is Threshold.SOFT:
            parts.append(_highwater_clause(facts))
        if facts.level_source is LevelSource.AVAILABLE_PAGES:
            parts.append("without a compressor, the pressure level turns Warning below it")
        elif facts.level_source is LevelSource.COMPRESSOR:
            parts.append("the pressure level does not follow this line, the compressor decides it")
        elif facts.level_source is LevelSource.SUSPENDED_COUNT:
            parts.append(
                "below it the pressure level counts suspended apps: Warning while 1–4 are "
                "left, Critical when none is"
            )
        below = "; ".join(parts) or "the kernel's first warning line"
        return LineMeaning("the soft threshold", below, "soft-threshold")
    if line is Line.IDLE:
        return LineMeaning(
            "the idle threshold",
            "jetsam kills idle processes (band 0) first, oldest first",
            "idle-threshold",
        )
    if line is Line.CRITICAL:
        parts = [f"the system is unhealthy: jetsam kills {_order(facts)}"]
        if facts.highwater_below is Threshold.CRITICAL:
            parts.append("processes over their soft memory limit (high-water) first")
        if facts.level_source is LevelSource.AVAILABLE_PAGES:
            parts.append("the pressure level turns Critical")
        return LineMeaning("the critical threshold", "; ".join(parts), "critical-threshold")
    if line is Line.RAISED_CRITICAL:
        return LineMeaning(
            "the raised critical threshold",
            "while idle processes wait in band 0 this kernel raises its critical threshold "
            "by 5 % of memory, so they die here, oldest first",
            "critical-threshold",
        )
    pct = facts.highwater_percent or 0
    return LineMeaning(
        f"{pct} % of memory",
        f"this kernel kills processes over their high-water mark below {pct} % of memory",
        "high-water-mark",
    )


def highwater_line_pages(total_pages: int, percent: int) -> int:
    """Where xnu-2050's high-water line lies: (HIGHWATER_PERCENT / DELTA_PERCENT) ×
    ``memorystatus_delta``, delta being 5 % of memory (``memorystatus_update_levels_locked``):
    13,106 pages on the 512 MB iPod, one page under 10 % of memory."""
    return (percent // 5) * (5 * total_pages // 100)


def lines_of(facts: KernelFacts) -> tuple[Line, ...]:
    """The lines this device has, highest first."""
    out: list[Line] = []
    if facts.has(Threshold.SOFT):
        out.append(Line.SOFT)
    if facts.highwater_percent:
        out.append(Line.HIGHWATER)
    if facts.has(Threshold.IDLE):
        out.append(Line.IDLE)
    if facts.critical_raised_while_idle and facts.has(Threshold.CRITICAL):
        out.append(Line.RAISED_CRITICAL)
    if facts.has(Threshold.CRITICAL):
        out.append(Line.CRITICAL)
    return tuple(out)


def reason_words(reason: KillReason, facts: KernelFacts | None) -> str:
    """``reason vm-pageshortage``, with the device's own spelling where it differs:
    ``reason vm-pageshortage; its reports write "vm"``."""
    spelled = reason.value if facts is None else facts.reported_as(reason)
    if spelled == reason.value:
        return f"reason {reason.value}"
    return f'reason {reason.value}; its reports write "{spelled}"'


def level_meaning(level: PressureLevel, facts: KernelFacts | None) -> str:
    """What a new pressure level means on this device."""
    source = None if facts is None else facts.level_source
    if source is LevelSource.COMPRESSOR:
        what = {
            PressureLevel.NORMAL: "enough memory is left uncompressed again",
            PressureLevel.WARN: (
                "the compressor has taken so much memory that what is left uncompressed "
                "fell below the kernel's Warning mark; processes registered for memory "
                "warnings are told"
            ),
            PressureLevel.CRITICAL: (
                "what is left uncompressed fell below the Critical mark; everyone "
                "registered is warned again"
            ),
        }[level]
    elif source is LevelSource.AVAILABLE_PAGES:
        what = {
            PressureLevel.NORMAL: "available memory is back above the soft threshold",
            PressureLevel.WARN: (
                "without a compressor the level follows available memory, now below the "
                "soft threshold; processes registered for memory warnings are told"
            ),
            PressureLevel.CRITICAL: (
                "available memory is below the critical threshold; everyone registered "
                "is warned again"
            ),
        }[level]
    elif source is LevelSource.SUSPENDED_COUNT:
        what = {
            PressureLevel.NORMAL: (
                "available memory is above the soft threshold, or more than 4 apps are "
                "suspended (this kernel counts suspended apps)"
            ),
            PressureLevel.WARN: (
                "available memory is below the soft threshold and 1–4 apps are "
                "suspended; registered processes are told, one at a time"
            ),
            PressureLevel.CRITICAL: (
                "available memory is below the soft threshold and no suspended app is "
                'left to kill (the kernel\'s "Urgent")'
            ),
        }[level]
    elif source is LevelSource.PSI:
        what = {
            PressureLevel.NORMAL: "processes rarely wait for memory now",
            PressureLevel.WARN: "processes spend a noticeable share of time waiting for memory",
            PressureLevel.CRITICAL: "processes spend much of their time waiting for memory",
        }[level]
    elif source is LevelSource.AVAILABLE_PERCENT:
        what = {
            PressureLevel.NORMAL: "available memory is above 10 % of RAM again",
            PressureLevel.WARN: "available memory fell below 10 % of RAM",
            PressureLevel.CRITICAL: "available memory fell below 5 % of RAM",
        }[level]
    else:
        what = {
            PressureLevel.NORMAL: "the kernel reports memory is no longer short",
            PressureLevel.WARN: "the kernel reports memory is getting short",
            PressureLevel.CRITICAL: "the kernel reports memory is very short",
        }[level]
    if facts is not None and facts.idle_exit_under_pressure and level is not PressureLevel.NORMAL:
        # xnu-2782 →: memorystatus_update_vm_pressure kills idle-exit processes, one a
        # second, before it notifies anyone
        told = what.rsplit("; ", 1)
        what = (
            f"{told[0]}; macOS first ends clean idle processes that allow idle exit, one a "
            "second, then tells the processes registered for memory warnings"
        )
    return what
