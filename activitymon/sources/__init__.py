"""Sources of snapshots: one module per platform behind :class:`Source`.

:func:`open_source` is the one dispatch point; ``auto`` picks live macOS on a Mac and
the simulator elsewhere, so the app always has something real to show.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from activitymon.sources.base import (
    Ability,
    AccessDenied,
    Capability,
    Clocked,
    ClockedSource,
    HistoryDraining,
    KernelDescribing,
    MemoryMapReading,
    NoticesDraining,
    PressureForcing,
    ProcessGone,
    ReportsDraining,
    Seekable,
    Source,
    SourceError,
    SourceUnavailable,
    Steerable,
    Terminating,
    TerminatingSource,
    abilities_of,
    kernel_facts_of,
)

SOURCE_NAMES = ("auto", "sim", "macos", "linux", "replay")

__all__ = [
    "SOURCE_NAMES",
    "Ability",
    "AccessDenied",
    "Capability",
    "Clocked",
    "ClockedSource",
    "HistoryDraining",
    "KernelDescribing",
    "MemoryMapReading",
    "NoticesDraining",
    "PressureForcing",
    "ProcessGone",
    "ReportsDraining",
    "Seekable",
    "Source",
    "SourceError",
    "SourceUnavailable",
    "Steerable",
    "Terminating",
    "TerminatingSource",
    "abilities_of",
    "kernel_facts_of",
    "open_source",
    "resolve_auto",
]


def resolve_auto(platform: str = sys.platform) -> str:
    """The source ``auto`` means on this platform."""
    return "macos" if platform == "darwin" else "sim"


def open_source(
    name: str = "auto",
    *,
    scenario: str | None = None,
    seed: int | None = None,
    reports: Sequence[str] = (),
) -> Source:
    """Open a source by name. Raises :class:`SourceError` with a one-line message."""
    if name not in SOURCE_NAMES:
        raise SourceError(f"unknown source {name!r} (choose from {', '.join(SOURCE_NAMES)})")
    if name == "auto":
        name = "replay" if reports else resolve_auto()
    if name == "sim":
        from activitymon.sources.sim import SimulatorSource

        return SimulatorSource.open(scenario, seed=seed)
    if name == "macos":
        from activitymon.sources.macos import open_macos_source

        return open_macos_source()
    if name == "linux":
        from activitymon.sources.linux import open_linux_source

        return open_linux_source()
    from activitymon.sources.replay import open_replay_source

    return open_replay_source(reports)
