"""The one protocol every source implements, and the errors it may raise.

A source turns a platform (or the simulator, or a report) into :class:`Snapshot`
values. Errors are translated here, at the boundary: a vanished process or a refused
permission is normal and becomes ``None`` in the snapshot; only a source that cannot
work at all raises :class:`SourceUnavailable`.
"""

from __future__ import annotations

import enum
from typing import Protocol, runtime_checkable

from activitymon.model import Event, Snapshot


class Capability(enum.StrEnum):
    """What a source can know or do; the UI shows or hides columns and views by it."""

    FOOTPRINT = "footprint"
    RSS = "rss"
    COMPRESSED = "compressed"
    CPU = "cpu"
    LIFETIME_MAX = "lifetime_max"
    BANDS = "bands"
    LIMITS = "limits"
    OOM_SCORE = "oom_score"
    PRESSURE_LEVEL = "pressure_level"
    MEMORYSTATUS_LEVEL = "memorystatus_level"
    THRESHOLDS = "thresholds"
    PAGE_CLASSES = "page_classes"
    PSI = "psi"
    EVENTS = "events"
    #: quit / force quit real processes
    TERMINATE = "terminate"
    #: a simulated device that can be driven (play, step, hog, pressure …)
    SIMULATOR = "simulator"
    #: a recorded moment (report replay) rather than a live system
    REPLAY = "replay"


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

    #: short name as given to ``--source``: "sim", "linux", "macos", "replay"
    name: str

    @property
    def capabilities(self) -> frozenset[Capability]: ...

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


@runtime_checkable
class ClockedSource(Source, Protocol):
    """A source that owns its clock (the simulator, a replay): time moves only when
    :meth:`advance` is called, so the same calls give the same snapshots."""

    def advance(self, seconds: float) -> None: ...


@runtime_checkable
class TerminatingSource(Source, Protocol):
    """A live source that can ask a process to quit (SIGTERM) or force it (SIGKILL)."""

    def terminate(self, pid: int, *, force: bool) -> None:
        """Raises :class:`AccessDenied` or :class:`ProcessGone` with a one-line message."""
        ...
