"""One tick of the sampler: everything the window needs, read in the sampler thread.

The window never holds or calls a source: what it shows (the snapshot, events,
reports, notices, the source's description and timeline position) and what it may
offer (its kind and capabilities) arrive in one frozen :class:`Tick`. ``generation``
names the source it came from; the window drops a tick of any other generation, so a
tick queued by a replaced sampler never reaches a view.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import Event, JetsamReport, KernelFacts, KernelLogLine, Position, Snapshot
from activitymon.sources import Capability, SourceKind
from activitymon.teaching.lessons import Checkpoint
from activitymon.viewmodel.commands import CommandResult
from activitymon.viewmodel.inspection import Inspection
from activitymon.viewmodel.sim_sources import SimChoice


@dataclass(frozen=True)
class ClockState:
    """How the sampler ticks: paused or not, simulated seconds per real second, and
    real seconds between samples."""

    paused: bool = False
    speed: float = 1.0
    interval: float = 1.0
    #: a lesson checkpoint to pause at exactly (``StopAt``); cleared when reached
    stop: Checkpoint | None = None


@dataclass(frozen=True)
class Tick:
    """One sample and everything read with it. ``snapshot`` is ``None`` when the
    source failed (``error`` says why) or nothing was sampled."""

    generation: int
    snapshot: Snapshot | None
    events: tuple[Event, ...] = ()
    reports: tuple[JetsamReport, ...] = ()
    #: set when a timeline jumped (a recording's seek): the views start again and take
    #: these samples (without processes) before the snapshot; ``None`` otherwise
    history: tuple[Snapshot, ...] | None = None
    notices: tuple[str, ...] = ()
    #: the kernel's own log lines read with this sample (the Kernel log view)
    kernel_log: tuple[KernelLogLine, ...] = ()
    #: which kind of source (``None`` only in a tick made by hand)
    kind: SourceKind | None = None
    #: one line for the title and status bar: what is being watched
    description: str = ""
    #: what the watched kernel does about memory (``None``: the source does not say)
    facts: KernelFacts | None = None
    #: what the source knows and can do (``sources.capabilities_of``)
    capabilities: frozenset[Capability] = frozenset()
    #: where a timeline (report replay) stands; ``None`` for other sources
    position: Position | None = None
    #: the scenario, profile and seed a simulator runs (what Restart builds again)
    sim_choice: SimChoice | None = None
    clock: ClockState = ClockState()
    #: the answer to the command this tick follows, if any
    result: CommandResult | None = None
    error: str | None = None
    #: the processes being inspected (``Inspect``), each as it is now or as it died
    inspections: tuple[Inspection, ...] = ()
