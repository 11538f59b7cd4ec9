"""Which glossary term explains which thing on screen.

The views ask here rather than spelling term names themselves, so one table says what
explains a memory figure, a column, an event kind, a band or a kill reason; the tests
check every name here is in the glossary.
"""

from __future__ import annotations

from collections.abc import Mapping

from activitymon.model import Era, EventKind, KillReason, PressureLevel, band_names

#: the memory panel's figures (``ui/memory_panel.py`` FIELDS keys)
MEMORY_FIGURE_TERMS: Mapping[str, str] = {
    "physical": "physical-memory",
    "used": "memory-used",
    "app": "app-memory",
    "wired": "wired-memory",
    "compressed": "compressed-memory",
    "cached": "cached-files",
    "swap": "swap-used",
    "level": "pressure-level",
}

#: the process table's columns (``ui/columns.py`` keys)
COLUMN_TERMS: Mapping[str, str] = {
    "pid": "pid",
    "name": "process-name",
    "footprint": "footprint",
    "rss": "rss",
    "compressed": "process-compressed",
    "band": "band",
    "active_limit": "active-limit",
    "inactive_limit": "inactive-limit",
    "headroom": "headroom",
    "oom_score_adj": "oom_score_adj",
    "oom_score": "oom_score",
    "state": "state",
    "cpu": "cpu",
    "lifetime_max": "lifetime-max",
    "user": "user",
    "kill_reason": "kill-reason",
}

#: the page-class view's legend (``ui/graph/page_classes.py`` keys)
PAGE_CLASS_TERMS: Mapping[str, str] = {
    "wired": "wired-memory",
    "app": "app-memory",
    "compressed": "compressed-memory",
    "file_backed": "cached-files",
    "kernel_reclaimable": "reclaimable-slab",
    "free": "free-memory",
}

#: the pressure graph's threshold lines
THRESHOLD_TERMS: Mapping[str, str] = {
    "soft": "soft-threshold",
    "idle": "idle-threshold",
    "critical": "critical-threshold",
    "warn": "warn-threshold",
}

#: glyphs of the legends (graph and band view)
GLYPH_TERMS: Mapping[str, str] = {
    "▼": "kill",
    "●": "notification-marker",
    "◆": "respond",
    "✕": "limit_exceeded",
    "▨": "highwater-glyph",
    "■": "near-limit",
}

EVENT_TERMS: Mapping[EventKind, str] = {kind: kind.value for kind in EventKind}

LEVEL_TERMS: Mapping[PressureLevel, str] = {
    PressureLevel.NORMAL: "pressure-normal",
    PressureLevel.WARN: "pressure-warn",
    PressureLevel.CRITICAL: "pressure-critical",
}


def reason_term(reason: KillReason | str) -> str:
    """The term of a kill reason: its XNU name string."""
    return str(reason.value if isinstance(reason, KillReason) else reason)


def band_term(band: int, era: Era) -> str:
    """The term of a band: its XNU name, or ``band`` for an unnamed one (6, 7, 11 …); on
    iOS 6's priority list the named priority, or ``priority-list``."""
    return band_names(era).get(band, "priority-list" if era.is_priority_list else "band")


def all_band_names() -> set[str]:
    """Every band name of every era."""
    return {name for era in Era for name in band_names(era).values()}


#: the process inspector's figures, formula and memory map (``ui/inspector/``)
INSPECTOR_TERMS: Mapping[str, str] = {
    "virtual": "virtual-size",
    "resident": "rss",
    "lazy": "virtual-size",
    "swapped": "swapped-size",
    "dirty": "dirty-memory",
    "map": "memory-map",
    "share_mode": "share-mode",
    "private": "private-memory",
    "shared": "shared-memory",
    "headroom": "headroom",
    "tombstone": "tombstone",
}
