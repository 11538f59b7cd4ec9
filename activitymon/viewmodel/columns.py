"""The process table's columns: what each shows, how it sorts (on numbers), and which
source capability it needs. Formatting happens here, at display time only.

The two memory columns, side by side:

* **Footprint** is the memory a process *owns*, what it would take with it if it died
  and what the kernel weighs when it picks a victim. On macOS and iOS it is
  ``phys_footprint`` (jetsam's measure: dirty and compressed anonymous memory, IOKit
  and other owned memory). On Linux it is ``RssAnon + RssShmem + VmSwap`` of
  ``/proc/PID/status``: resident anonymous and shared-memory pages plus what is
  swapped out (docs/LINUX.md); file pages are left out, the kernel can drop them.
* **Real Mem** is the resident set size (RSS): every page of the process in RAM now,
  including shared libraries and file pages that other processes count too. It can be
  larger than the footprint (shared and file pages) or smaller (swapped or compressed
  memory is not resident).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from activitymon.model import Era, MemoryLimit, ProcessInfo, ProcessState, band_name, reason_shown
from activitymon.sources import Capability
from activitymon.teaching.glossary import tooltip_of
from activitymon.teaching.terms import COLUMN_TERMS
from activitymon.units import MISSING, UnitSystem, format_bytes, format_pid

SortValue = float | str | None


@dataclass(frozen=True)
class DisplayContext:
    era: Era | None = None
    units: UnitSystem = UnitSystem.BINARY


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort_value: Callable[[ProcessInfo], SortValue]
    display: Callable[[ProcessInfo, DisplayContext], str]
    needs: Capability | None = None
    #: right-aligned like a figure (sorting always uses ``sort_value``)
    numeric: bool = True
    tooltip: str = ""


def _bytes(
    get: Callable[[ProcessInfo], int | None],
) -> Callable[[ProcessInfo, DisplayContext], str]:
    return lambda p, ctx: format_bytes(get(p), ctx.units)


#: where a limit comes from, as the limit columns say it (``LimitOrigin`` values)
_ORIGIN_WORDS = {"task": "task limit", "entitled": "entitled"}


def _limit_text(limit: MemoryLimit | None, ctx: DisplayContext, origin: str | None = None) -> str:
    if limit is None:
        return MISSING
    mark = "fatal" if limit.fatal else "soft"
    word = _ORIGIN_WORDS.get(origin or "")
    return f"{format_bytes(limit.bytes, ctx.units)} ({mark}{', ' + word if word else ''})"


@functools.cache
def _band_text_of(band: int, era: Era | None) -> str:
    if era is None:
        return str(band)
    name = band_name(band, era)
    if name == str(band):
        return str(band)
    if era.is_priority_list and name != "DEFAULT_JETSAM_PRIORITY":
        return f"{band} {name} (est.)"
    return f"{band} {name}"


def column_title(column: Column, era: Era | None) -> str:
    """The header of ``column`` for a source on ``era``: iOS 6's kernel has priorities,
    not bands, so its band column is titled Priority."""
    if column.key == "band" and era is not None and era.is_priority_list:
        return "Priority"
    return column.title


def _band_text(p: ProcessInfo, ctx: DisplayContext) -> str:
    return MISSING if p.band is None else _band_text_of(p.band, ctx.era)


_STATE_ORDER = (
    ProcessState.FRONTMOST,
    ProcessState.BACKGROUND,
    ProcessState.SUSPENDED,
    ProcessState.FROZEN,
    ProcessState.DAEMON,
    ProcessState.IDLE,
    ProcessState.DIRTY,
    ProcessState.IDLE_EXIT,
    ProcessState.HIGHWATER,
    ProcessState.TERMINATED,
    ProcessState.RUNNING,
    ProcessState.SLEEPING,
    ProcessState.STOPPED,
    ProcessState.ZOMBIE,
)


def state_text(p: ProcessInfo) -> str:
    return ", ".join(s.value for s in _STATE_ORDER if s in p.states) or MISSING


def _limit_sort(limit: MemoryLimit | None) -> float | None:
    return None if limit is None else float(limit.bytes)


COLUMNS: tuple[Column, ...] = (
    Column("pid", "PID", lambda p: float(p.pid), lambda p, _: format_pid(p.pid)),
    Column("name", "Process", lambda p: p.name.lower(), lambda p, _: p.name, numeric=False),
    Column(
        "footprint",
        "Footprint",
        lambda p: p.footprint_bytes,
        _bytes(lambda p: p.footprint_bytes),
        Capability.FOOTPRINT,
        tooltip=(
            "the memory the process owns: phys_footprint on macOS/iOS (jetsam's measure); "
            "anonymous + shmem resident + swapped on Linux"
        ),
    ),
    Column(
        "rss",
        "Real Mem",
        lambda p: p.rss_bytes,
        _bytes(lambda p: p.rss_bytes),
        Capability.RSS,
        tooltip="resident set size: all its pages in RAM now, shared libraries and files too",
    ),
    Column(
        "compressed",
        "Compressed",
        lambda p: p.compressed_bytes,
        _bytes(lambda p: p.compressed_bytes),
        Capability.COMPRESSED,
    ),
    Column(
        "band",
        "Band",
        lambda p: None if p.band is None else float(p.band),
        _band_text,
        Capability.BANDS,
        numeric=False,  # "100 FOREGROUND" reads left to right; it still sorts by number
        tooltip="effective jetsam priority band; lower bands are killed first",
    ),
    Column(
        "active_limit",
        "Active limit",
        lambda p: _limit_sort(p.active_limit),
        lambda p, ctx: _limit_text(p.active_limit, ctx, p.limit_origin),
        Capability.LIMITS,
    ),
    Column(
        "inactive_limit",
        "Inactive limit",
        lambda p: _limit_sort(p.inactive_limit),
        lambda p, ctx: _limit_text(p.inactive_limit, ctx, p.limit_origin),
        Capability.LIMITS,
    ),
    Column(
        "headroom",
        "Headroom",
        lambda p: None if p.headroom_bytes is None else float(p.headroom_bytes),
        _bytes(lambda p: p.headroom_bytes),
        Capability.LIMITS,
        tooltip="applied limit minus footprint: what os_proc_available_memory() gives an app",
    ),
    Column(
        "oom_score_adj",
        "oom_score_adj",
        lambda p: None if p.oom_score_adj is None else float(p.oom_score_adj),
        lambda p, _: MISSING if p.oom_score_adj is None else str(p.oom_score_adj),
        Capability.OOM_SCORE,
    ),
    Column(
        "oom_score",
        "oom_score",
        lambda p: None if p.oom_score is None else float(p.oom_score),
        lambda p, _: MISSING if p.oom_score is None else str(p.oom_score),
        Capability.OOM_SCORE,
    ),
    Column("state", "State", state_text, lambda p, _: state_text(p), numeric=False),
    Column(
        "cpu",
        "% CPU",
        lambda p: p.cpu_percent,
        lambda p, _: MISSING if p.cpu_percent is None else f"{p.cpu_percent:.1f}",
        Capability.CPU,
    ),
    Column(
        "lifetime_max",
        "Lifetime max",
        lambda p: p.lifetime_max_bytes,
        _bytes(lambda p: p.lifetime_max_bytes),
        Capability.LIFETIME_MAX,
    ),
    Column("user", "User", lambda p: p.user or "", lambda p, _: p.user or MISSING, numeric=False),
    Column(
        "kill_reason",
        "Killed",
        lambda p: p.kill_reason or "",
        lambda p, _: reason_shown(p.kill_reason or ""),
        Capability.REPLAY,
        numeric=False,
        tooltip="the kill cause the report records (victims only)",
    ),
)

COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def column_tooltip(column: Column, variant: str | None = None) -> str:
    """The header's tooltip: the glossary entry of the column as the ``variant``
    platform reads it (its own short note where the glossary cannot be read)."""
    return tooltip_of(COLUMN_TERMS[column.key], variant) or column.tooltip


def column_index(key: str) -> int:
    return COLUMN_KEYS.index(key)


def visible_by_default(column: Column, capabilities: frozenset[Capability]) -> bool:
    """Shown when the source can know it; ``user`` only where sources report users."""
    if column.key == "user":
        return Capability.TERMINATING in capabilities
    return column.needs is None or column.needs in capabilities
