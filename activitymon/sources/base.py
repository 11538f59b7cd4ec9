"""The one protocol every source implements, and the errors it may raise.

A source turns a platform (or the simulator, or a report) into :class:`Snapshot`
values. Errors are translated here, at the boundary: a vanished process or a refused
permission is normal and becomes ``None`` in the snapshot; only a source that cannot
work at all raises :class:`SourceUnavailable`.
"""

from __future__ import annotations

import enum
from typing import Protocol, runtime_checkable

from activitymon.model import (
    Event,
    JetsamReport,
    KernelFacts,
    KernelLogLine,
    Position,
    PressureLevel,
    Snapshot,
)
from activitymon.model.regions import MemoryMap


class SourceKind(enum.StrEnum):
    """Which kind of source: what ``--source`` names (and a recording, found by its
    content). The window decides what to show from it and from the capabilities
    (``viewmodel/source_description.py``), never from a name's spelling."""

    SIMULATOR = "sim"
    MACOS = "macos"
    LINUX = "linux"
    #: jetsam reports replayed one at a time
    REPORTS = "replay"
    RECORDING = "recording"


class Capability(enum.StrEnum):
    """What a source knows and what it can do: one vocabulary every decision reads
    (columns, views, toolbars, menus). What it knows a source declares in its
    ``capabilities``; what it can do is an optional protocol below, found by
    :func:`capabilities_of`. The values are kept in recordings: never change one."""

    # -- what it knows (declared; a recording keeps these) --------------------------------
    FOOTPRINT = "footprint"
    RSS = "rss"
    COMPRESSED = "compressed"
    CPU = "cpu"
    LIFETIME_MAX = "lifetime_max"
    BANDS = "bands"
    LIMITS = "limits"
    OOM_SCORE = "oom_score"
    PSI = "psi"
    #: its processes are a report's: kill reasons and the states reports write
    REPLAY = "replay"

    # -- what it can do (an optional protocol; a recording can do none of these) ---------
    #: :class:`Steerable`: a simulated device driven from the GUI (play, hog, pressure …)
    STEERABLE = "steerable"
    #: :class:`Terminating`: quits and force-quits real processes
    TERMINATING = "terminating"
    #: :class:`Seekable`: a timeline that jumps to any moment
    SEEKABLE = "seekable"
    #: :class:`MemoryMapReading`: reads a process's memory map (the inspector)
    MEMORY_MAP = "memory_map"
    #: :class:`KernelLogDraining`: the kernel's own log lines (the Kernel log view)
    KERNEL_LOG = "kernel_log"


#: what a source may know, as opposed to what it can do (only these are recorded)
KNOWN = frozenset(
    {
        Capability.FOOTPRINT,
        Capability.RSS,
        Capability.COMPRESSED,
        Capability.CPU,
        Capability.LIFETIME_MAX,
        Capability.BANDS,
        Capability.LIMITS,
        Capability.OOM_SCORE,
        Capability.PSI,
        Capability.REPLAY,
    }
)


class SourceError(Exception):
    """Base of every error a source raises; its message is one line for the user."""


class SourceUnavailable(SourceError):
    """This source cannot run here (wrong OS, missing kernel interface)."""


class AccessDenied(SourceError):
    """The system refused (EPERM/EACCES) an action on a process."""


class ProcessGone(SourceError):
    """The process exited between listing and acting (ESRCH)."""


@runtime_checkable
class Source(Protocol):
    """A sampler of memory state. Called from the sampler thread, never the GUI's."""

    #: which kind of source; its value is the name ``--source`` takes
    name: SourceKind

    @property
    def capabilities(self) -> frozenset[Capability]:
        """What it knows (members of :data:`KNOWN`); :func:`capabilities_of` adds what
        it can do."""
        ...

    def describe(self) -> str:
        """One line for the status bar: what is being watched."""
        ...

    def sample(self) -> Snapshot:
        """Read the current state. Must not raise for a vanished or protected process."""
        ...

    def drain_events(self) -> list[Event]:
        """Events since the last call, oldest first."""
        ...

    def close(self) -> None: ...


# -- optional abilities -------------------------------------------------------------------
# Each is a runtime-checkable protocol: the sampler asks ``isinstance(source, Seekable)``
# and mypy checks every call made through it. ``capabilities_of`` names those the window
# offers controls for.


@runtime_checkable
class Clocked(Protocol):
    """Owns its clock (the simulator, a replay): time moves only on :meth:`advance`,
    so the same calls give the same snapshots."""

    def advance(self, seconds: float) -> None: ...


@runtime_checkable
class Seekable(Protocol):
    """A timeline of recorded moments (report replay) that can jump to any of them."""

    def seek(self, index: int) -> None:
        """Show moment ``index`` (0-based); raises ``IndexError`` outside the timeline."""
        ...

    def position(self) -> Position:
        """Where the timeline stands."""
        ...


@runtime_checkable
class Terminating(Protocol):
    """A live source that can ask a process to quit (SIGTERM) or force it (SIGKILL)."""

    def terminate(self, pid: int, *, force: bool) -> None:
        """Raises :class:`AccessDenied` or :class:`ProcessGone` with a one-line message."""
        ...


@runtime_checkable
class PressureForcing(Protocol):
    """Can tell processes the system is at a pressure level (``None``: back to what
    memory says): the simulator, and macOS as root (``memory_pressure -S``)."""

    def simulate_pressure(self, level: PressureLevel | None) -> None: ...


@runtime_checkable
class Steerable(PressureForcing, Protocol):
    """A simulated device driven from the GUI: a hog, and each control of the process
    menu. Every call names a pid; an unknown pid raises."""

    def start_hog(self, band: int, *, rate_mb_per_s: float, chunk_mb: float) -> int:
        """Launch a process that grows until killed; its pid."""
        ...

    def grow(self, pid: int, *, rate_mb_per_s: float, chunk_mb: float) -> None: ...

    def stop_growing(self, pid: int) -> None: ...

    def allocate(self, pid: int, mb: float) -> None: ...

    def free(self, pid: int, mb: float) -> None: ...

    def memory_warning(self, pid: int) -> None: ...

    def foreground(self, pid: int) -> None: ...

    def background(self, pid: int) -> None: ...

    def suspend(self, pid: int) -> None: ...

    def set_band(self, pid: int, band: int) -> None: ...

    def set_limit(self, pid: int, limit_mb: float | None, fatal: bool) -> None: ...

    def kill(self, pid: int) -> None: ...


@runtime_checkable
class ReportsDraining(Protocol):
    """Writes jetsam reports as it runs (the simulator)."""

    def drain_reports(self) -> list[JetsamReport]:
        """Reports written since the last call, oldest first."""
        ...


@runtime_checkable
class NoticesDraining(Protocol):
    """Gives one-time notices about what it could not read and why (macOS: "bands need
    root")."""

    def drain_notices(self) -> list[str]:
        """Notices added since the last call."""
        ...


@runtime_checkable
class KernelLogDraining(Protocol):
    """Reads what the watched kernel itself logs about memory: the simulator's lines in
    its release's format, the Linux OOM killer's lines from the ring buffer, a Mac's
    memorystatus messages from the unified log."""

    def drain_kernel_log(self) -> list[KernelLogLine]:
        """Lines logged since the last call, oldest first."""
        ...


@runtime_checkable
class HistoryDraining(Protocol):
    """A timeline that can jump (a recording): after a jump the views start again, with
    the samples before the moment for the graph."""

    def drain_history(self) -> list[Snapshot] | None:
        """``None`` unless the timeline jumped since the last call; then the samples
        before the moment (without their processes), oldest first."""
        ...


@runtime_checkable
class KernelDescribing(Protocol):
    """Knows what its kernel does about memory: which thresholds, compressor, bands,
    limits and report rules the watched device has (what narration may say)."""

    def kernel_facts(self) -> KernelFacts | None:
        """``None`` when this source cannot tell (a recording from an older version)."""
        ...


def kernel_facts_of(source: object) -> KernelFacts | None:
    """The source's :class:`KernelFacts`, or ``None`` for a source that does not know."""
    return source.kernel_facts() if isinstance(source, KernelDescribing) else None


@runtime_checkable
class MemoryMapReading(Protocol):
    """Reads one process's memory map (vmmap's regions) on request: the inspector's
    "Memory Map". Called from the sampler thread, for the processes being inspected."""

    def memory_map(self, pid: int) -> MemoryMap:
        """Raises :class:`ProcessGone` when ``pid`` is not running. A refusal, or a read
        cut short by the process exiting, is a :class:`MemoryMap` whose ``problem``
        says so in one line (with what could be read)."""
        ...


_PROTOCOLS: tuple[tuple[Capability, type], ...] = (
    (Capability.STEERABLE, Steerable),
    (Capability.TERMINATING, Terminating),
    (Capability.SEEKABLE, Seekable),
    (Capability.MEMORY_MAP, MemoryMapReading),
    (Capability.KERNEL_LOG, KernelLogDraining),
)


def capabilities_of(source: Source) -> frozenset[Capability]:
    """What ``source`` knows and what it can do (its protocols, checked with
    ``isinstance``): the one set the window decides by."""
    does = (name for name, proto in _PROTOCOLS if isinstance(source, proto))
    return (source.capabilities & KNOWN) | frozenset(does)


@runtime_checkable
class ClockedSource(Source, Clocked, Protocol):
    """A :class:`Source` that is :class:`Clocked`."""


@runtime_checkable
class TerminatingSource(Source, Terminating, Protocol):
    """A :class:`Source` that is :class:`Terminating`."""
