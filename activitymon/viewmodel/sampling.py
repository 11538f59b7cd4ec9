"""The sampler's work, without Qt: read a tick, run a command.

:class:`SamplerCore` owns the source and the clock state; the threaded worker and the
manual sampler in ``ui/sampler.py`` each wrap one and only emit what it returns. Only
the thread that owns a core calls it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from activitymon.model import Event, JetsamReport, KernelLogLine, Snapshot
from activitymon.sources import (
    Capability,
    Clocked,
    HistoryDraining,
    KernelLogDraining,
    NoticesDraining,
    PressureForcing,
    ReportsDraining,
    Seekable,
    Source,
    SourceError,
    Steerable,
    Terminating,
    capabilities_of,
    kernel_facts_of,
)
from activitymon.viewmodel.commands import (
    Allocate,
    Background,
    ClockCommand,
    Command,
    CommandFailed,
    CommandResult,
    Foreground,
    Free,
    Grow,
    HogStarted,
    Inspect,
    Kill,
    LevelForced,
    Limit,
    ProcessCommand,
    ProcessSignalled,
    ProcessSteered,
    Reband,
    RefreshMap,
    Seek,
    SetInterval,
    SetPaused,
    SetSpeed,
    SimulatePressure,
    SourceCommand,
    StartHog,
    Step,
    Stepped,
    StopAt,
    StopGrowing,
    StopInspecting,
    Suspend,
    Terminate,
    TimelineMoved,
    Warn,
)
from activitymon.viewmodel.inspecting import InspectionKeeper
from activitymon.viewmodel.lesson_stops import walk_to_stop
from activitymon.viewmodel.sim_sources import current_choice
from activitymon.viewmodel.tick import ClockState, Tick


def read_tick(
    source: Source,
    generation: int,
    clock: ClockState,
    *,
    advance_by: float = 0.0,
    result: CommandResult | None = None,
    capabilities: frozenset[Capability] | None = None,
    earlier_events: Sequence[Event] = (),
) -> Tick:
    """Advance a clocked source by ``advance_by`` (when > 0), sample, drain, describe.
    A :class:`SourceError` becomes a tick without a snapshot that carries the message.
    ``capabilities`` (what the source knows and can do; fixed for its life) are worked
    out when not given."""
    snapshot: Snapshot | None = None
    events: tuple[Event, ...] = ()
    reports: tuple[JetsamReport, ...] = ()
    history: tuple[Snapshot, ...] | None = None
    error: str | None = None
    try:
        if advance_by > 0 and isinstance(source, Clocked):
            source.advance(advance_by)
        snapshot = source.sample()
        events = (*earlier_events, *source.drain_events())
        if isinstance(source, ReportsDraining):
            reports = tuple(source.drain_reports())
        if isinstance(source, HistoryDraining):
            jumped = source.drain_history()
            history = None if jumped is None else tuple(jumped)
    except SourceError as exc:
        error = str(exc)
    notices = tuple(source.drain_notices()) if isinstance(source, NoticesDraining) else ()
    kernel_log: tuple[KernelLogLine, ...] = ()
    if isinstance(source, KernelLogDraining):
        try:
            kernel_log = tuple(source.drain_kernel_log())
        except SourceError as exc:
            notices += (f"kernel log: {exc}",)
    return Tick(
        generation=generation,
        snapshot=snapshot,
        events=events,
        reports=reports,
        history=history,
        notices=notices,
        kernel_log=kernel_log,
        kind=source.name,
        description=source.describe(),
        facts=kernel_facts_of(source),
        capabilities=capabilities_of(source) if capabilities is None else capabilities,
        position=source.position() if isinstance(source, Seekable) else None,
        sim_choice=current_choice(source),
        clock=clock,
        result=result,
        error=error,
    )


def _steerable(source: Source) -> Steerable:
    if not isinstance(source, Steerable):
        raise SourceError(f"the {source.name} source is not a simulator")
    return source


def _steer(source: Source, command: ProcessCommand) -> CommandResult:
    sim = _steerable(source)
    pid = command.pid
    match command:
        case Grow(rate_mb_per_s=rate, chunk_mb=chunk):
            sim.grow(pid, rate_mb_per_s=rate, chunk_mb=chunk)
        case StopGrowing():
            sim.stop_growing(pid)
        case Allocate(mb=mb):
            sim.allocate(pid, mb)
        case Free(mb=mb):
            sim.free(pid, mb)
        case Warn():
            sim.memory_warning(pid)
        case Foreground():
            sim.foreground(pid)
        case Background():
            sim.background(pid)
        case Suspend():
            sim.suspend(pid)
        case Reband(band=band):
            sim.set_band(pid, band)
        case Limit(mb=mb, fatal=fatal):
            sim.set_limit(pid, mb, fatal)
        case Kill():
            sim.kill(pid)
        case _:
            raise SourceError(f"no simulator control for {command.what()}")
    return ProcessSteered(command)


def _run(source: Source, command: SourceCommand) -> CommandResult:
    match command:
        case StartHog(band=band, rate_mb_per_s=rate, chunk_mb=chunk):
            pid = _steerable(source).start_hog(band, rate_mb_per_s=rate, chunk_mb=chunk)
            return HogStarted(pid, band)
        case SimulatePressure(level=level):
            if not isinstance(source, PressureForcing):
                raise SourceError(f"the {source.name} source cannot simulate pressure")
            source.simulate_pressure(level)
            return LevelForced(level)
        case Terminate(pid=pid, name=name, force=force):
            if not isinstance(source, Terminating):
                raise SourceError(f"the {source.name} source cannot quit processes")
            source.terminate(pid, force=force)
            return ProcessSignalled(pid, name, force)
        case ProcessCommand():
            return _steer(source, command)
        case Seek(index=index):
            if not isinstance(source, Seekable):
                raise SourceError("this source is not a report replay")
            source.seek(index)
            return TimelineMoved(source.position())
        case Step(seconds=seconds):
            if not isinstance(source, Clocked):
                raise SourceError(f"the {source.name} source has no clock to step")
            source.advance(seconds)
            return Stepped(seconds)


def run_command(source: Source, command: SourceCommand) -> CommandResult:
    """Run one command; any failure becomes :class:`CommandFailed`, never a raise."""
    try:
        return _run(source, command)
    except SourceError as exc:
        return CommandFailed(command, str(exc))
    except Exception as exc:  # a control on a process that just died, a refused value …
        return CommandFailed(command, f"{command.describe()}: {exc}")


def set_clock(clock: ClockState, command: ClockCommand) -> ClockState:
    match command:
        case SetPaused(paused=paused):
            return dataclasses.replace(clock, paused=paused)
        case SetSpeed(speed=speed):
            return dataclasses.replace(clock, speed=speed)
        case SetInterval(seconds=seconds):
            return dataclasses.replace(clock, interval=seconds)
        case StopAt(checkpoint=checkpoint):
            return dataclasses.replace(clock, stop=checkpoint)


class SamplerCore:
    """A source, its generation and the clock: one tick or one command at a time.

    A timeline (:class:`Seekable`, a report replay) starts paused: it moves when
    the window seeks."""

    def __init__(self, source: Source, generation: int, clock: ClockState) -> None:
        self._source = source
        #: every process's history, and the maps of those inspected (the inspector)
        self.inspector = InspectionKeeper()
        #: a source's capabilities never change: checked once, not on every tick
        self._capabilities = capabilities_of(source)
        self.generation = generation
        self.clock = (
            dataclasses.replace(clock, paused=True) if isinstance(source, Seekable) else clock
        )
        #: the source's time at its last sample (where a stop's walk starts)
        self._now: float | None = None
        #: where a timeline stood at the last tick (a new moment: maps read anew)
        self._moment: tuple[int, int] | None = None

    def tick(self, *, advance: bool = True, interval: float | None = None) -> Tick:
        """One sample; unless paused, a clocked source first moves by one step
        (``interval`` × speed; ``interval`` defaults to the clock's). With a stop armed
        (:class:`StopAt`) the step is walked a tenth of a simulated second at a time and ends,
        paused, where the checkpoint is reached."""
        step = 0.0
        if advance and not self.clock.paused:
            step = (self.clock.interval if interval is None else interval) * self.clock.speed
        stop, source = self.clock.stop, self._source
        if stop is not None and step > 0 and self._now is not None and isinstance(source, Clocked):
            walked = walk_to_stop(source, self._now, step, stop)
            if walked.reached:
                self.clock = dataclasses.replace(self.clock, paused=True, stop=None)
            return self._read(0.0, earlier=walked.events)
        return self._read(step)

    def _read(
        self, step: float, result: CommandResult | None = None, earlier: Sequence[Event] = ()
    ) -> Tick:
        tick = read_tick(
            self._source,
            self.generation,
            self.clock,
            advance_by=step,
            result=result,
            capabilities=self._capabilities,
            earlier_events=earlier,
        )
        if tick.snapshot is not None:
            self._now = tick.snapshot.time
        return self._inspected(tick)

    def perform(self, command: Command) -> Tick | None:
        """Run ``command``: a clock change returns ``None`` (it shows on the next tick);
        a source command is followed by a sample that carries its result; ``Inspect``
        and ``RefreshMap`` by a sample that carries the inspection (its map read) at
        once."""
        if isinstance(command, SetPaused | SetSpeed | SetInterval | StopAt):
            self.clock = set_clock(self.clock, command)
            return None
        if isinstance(command, StopInspecting):
            self.inspector.stop(command.pid)
            return None
        if isinstance(command, Inspect):
            self.inspector.inspect(command.pid)
            return self.tick(advance=False)
        if isinstance(command, RefreshMap):
            self.inspector.refresh(command.pid)
            return self.tick(advance=False)
        return self._read(0.0, run_command(self._source, command))

    def _inspected(self, tick: Tick) -> Tick:
        """Record the tick in every process's history; add the inspections."""
        if tick.history is not None:
            self.inspector.reset()  # the timeline jumped
        if tick.snapshot is None:
            return tick
        self.inspector.observe(tick.snapshot, tick.events)
        if not self.inspector.inspected:
            return tick
        moment = None if tick.position is None else (tick.position.index, tick.position.count)
        if moment != self._moment:  # a report replay's next report: its own notes
            self._moment = moment
            if moment is not None:
                self.inspector.refresh_all()
        return dataclasses.replace(tick, inspections=self.inspector.read(self._source))

    def close(self) -> None:
        self._source.close()
