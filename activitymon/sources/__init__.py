"""Sources of snapshots: one module per platform behind :class:`Source`.

:func:`open_source` is the one dispatch point; ``auto`` picks live macOS on a Mac and
the simulator elsewhere, so the app always has something real to show.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from activitymon.sources.base import (
    KNOWN,
    AccessDenied,
    Capability,
    Clocked,
    ClockedSource,
    HistoryDraining,
    KernelDescribing,
    KernelLogDraining,
    MemoryMapReading,
    NoticesDraining,
    PressureForcing,
    ProcessGone,
    ReportsDraining,
    Seekable,
    Source,
    SourceError,
    SourceKind,
    SourceUnavailable,
    Steerable,
    Terminating,
    TerminatingSource,
    capabilities_of,
    kernel_facts_of,
)

SOURCE_NAMES = ("auto", *(kind.value for kind in SourceKind if kind is not SourceKind.RECORDING))

__all__ = [
    "KNOWN",
    "SOURCE_NAMES",
    "AccessDenied",
    "Capability",
    "Clocked",
    "ClockedSource",
    "HistoryDraining",
    "KernelDescribing",
    "KernelLogDraining",
    "MemoryMapReading",
    "NoticesDraining",
    "PressureForcing",
    "ProcessGone",
    "ReportsDraining",
    "Seekable",
    "Source",
    "SourceError",
    "SourceKind",
    "SourceUnavailable",
    "Steerable",
    "Terminating",
    "TerminatingSource",
    "capabilities_of",
    "check_source_choice",
    "kernel_facts_of",
    "live_source_name",
    "open_source",
    "resolve_auto",
]


def resolve_auto(platform: str = sys.platform) -> str:
    """The source ``auto`` means on this platform."""
    return SourceKind.MACOS if platform == "darwin" else SourceKind.SIMULATOR


def live_source_name(platform: str = sys.platform) -> str:
    """The source that watches this machine (File → Watch This Machine)."""
    return SourceKind.MACOS if platform == "darwin" else SourceKind.LINUX


def check_source_choice(name: str, reports: Sequence[str] = ()) -> None:
    """Raise :class:`SourceError` (one line) when report files are given to a source
    that does not replay them."""
    if reports and name not in ("auto", SourceKind.REPORTS):
        raise SourceError("report files can only be opened with --source auto or replay")


def open_source(
    name: str = "auto",
    *,
    scenario: str | None = None,
    seed: int | None = None,
    reports: Sequence[str] = (),
    jetsam_properties: str | None = None,
) -> Source:
    """Open a source by name. Raises :class:`SourceError` with a one-line message."""
    if name not in SOURCE_NAMES:
        raise SourceError(f"unknown source {name!r} (choose from {', '.join(SOURCE_NAMES)})")
    check_source_choice(name, reports)
    if name == "auto":
        name = SourceKind.REPORTS if reports else resolve_auto()
    if name == SourceKind.SIMULATOR:
        from activitymon.sources.sim import SimulatorSource

        return SimulatorSource.open(scenario, seed=seed, jetsam_properties=jetsam_properties)
    if name == SourceKind.MACOS:
        from activitymon.sources.macos import open_macos_source

        return open_macos_source()
    if name == SourceKind.LINUX:
        from activitymon.sources.linux import open_linux_source

        return open_linux_source()
    from activitymon.sources.replay import open_replay_source

    return open_replay_source(reports)
