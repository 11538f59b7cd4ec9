"""What the window asks of the sampler thread, and what comes back: frozen values.

A click becomes one command; :func:`~activitymon.viewmodel.sampling.run_command` runs
it on the source in the sampler thread and answers with one typed result (a hog's pid,
a process signalled, a level forced) or :class:`CommandFailed` with a one-line
message. The result travels back inside the next :class:`~activitymon.viewmodel.Tick`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from activitymon.model import Position, PressureLevel

if TYPE_CHECKING:  # only a field's type: the lessons load when a lesson opens
    from activitymon.teaching.lessons import Checkpoint

# -- the simulator toolbar -------------------------------------------------------------------


@dataclass(frozen=True)
class StartHog:
    """Launch a process in ``band`` that grows by ``chunk_mb`` at ``rate_mb_per_s``."""

    band: int
    rate_mb_per_s: float
    chunk_mb: float = 8.0

    def describe(self) -> str:
        return f"start a hog in band {self.band}"


@dataclass(frozen=True)
class SimulatePressure:
    """Force the pressure level (``None``: let memory decide again)."""

    level: PressureLevel | None

    def describe(self) -> str:
        return "normal pressure" if self.level is None else f"simulated {self.level.label} pressure"


# -- one process (the context menu) ---------------------------------------------------------


@dataclass(frozen=True)
class ProcessCommand:
    """A control aimed at one process; ``name`` is for messages only."""

    pid: int
    name: str

    def what(self) -> str:
        """What the menu calls it, e.g. "Grow 32 MB/s"."""
        return type(self).__name__

    def describe(self) -> str:
        return f"{self.what()} — {self.name} ({self.pid})"


@dataclass(frozen=True)
class Terminate(ProcessCommand):
    """Quit (SIGTERM) or force quit (SIGKILL) a live process."""

    force: bool

    def what(self) -> str:
        return "force quit" if self.force else "quit"


@dataclass(frozen=True)
class Grow(ProcessCommand):
    rate_mb_per_s: float
    chunk_mb: float = 8.0

    def what(self) -> str:
        return f"Grow {self.rate_mb_per_s:g} MB/s"


@dataclass(frozen=True)
class StopGrowing(ProcessCommand):
    def what(self) -> str:
        return "Stop growing"


@dataclass(frozen=True)
class Allocate(ProcessCommand):
    mb: float

    def what(self) -> str:
        return f"Allocate {self.mb:g} MB"


@dataclass(frozen=True)
class Free(ProcessCommand):
    mb: float

    def what(self) -> str:
        return f"Free {self.mb:g} MB"


@dataclass(frozen=True)
class Warn(ProcessCommand):
    """Send a memory warning."""

    def what(self) -> str:
        return "Send Memory Warning"


@dataclass(frozen=True)
class Foreground(ProcessCommand):
    def what(self) -> str:
        return "Bring to Foreground"


@dataclass(frozen=True)
class Background(ProcessCommand):
    def what(self) -> str:
        return "Send to Background"


@dataclass(frozen=True)
class Suspend(ProcessCommand):
    def what(self) -> str:
        return "Suspend"


@dataclass(frozen=True)
class Reband(ProcessCommand):
    band: int

    def what(self) -> str:
        return f"Set band {self.band}"


@dataclass(frozen=True)
class Limit(ProcessCommand):
    mb: float | None
    fatal: bool = True

    def what(self) -> str:
        kind = "fatal" if self.fatal else "soft"
        return "Clear limit" if self.mb is None else f"Set limit {self.mb:g} MB ({kind})"


@dataclass(frozen=True)
class Kill(ProcessCommand):
    def what(self) -> str:
        return "Kill"


# -- the timeline and the sampler's clock -----------------------------------------------------


@dataclass(frozen=True)
class Seek:
    """Show moment ``index`` of a timeline (report replay)."""

    index: int

    def describe(self) -> str:
        return f"report {self.index + 1}"


@dataclass(frozen=True)
class Step:
    """Advance a clocked source by ``seconds`` once, paused or not."""

    seconds: float

    def describe(self) -> str:
        return f"step {self.seconds:g} s"


@dataclass(frozen=True)
class SetPaused:
    paused: bool


@dataclass(frozen=True)
class SetSpeed:
    """Simulated seconds per real second."""

    speed: float


@dataclass(frozen=True)
class SetInterval:
    """Seconds between samples."""

    seconds: float


# -- the inspector ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Inspect:
    """Follow one process: every tick carries its :class:`~activitymon.viewmodel.
    inspection.Inspection` (its map read in the sampler thread) until
    :class:`StopInspecting`."""

    pid: int


@dataclass(frozen=True)
class StopInspecting:
    pid: int


@dataclass(frozen=True)
class RefreshMap:
    """Read an inspected process's memory map now (the map is otherwise read now and
    then, not every tick: ``viewmodel/map_schedule.py``); a sample follows at once."""

    pid: int


SourceCommand = StartHog | SimulatePressure | ProcessCommand | Seek | Step
"""A command that acts on the source (and is followed by a sample)."""


@dataclass(frozen=True)
class StopAt:
    """Pause exactly where this lesson checkpoint is reached — at its time, or on the
    simulated second of its event — whatever the speed (``None``: no stop)."""

    checkpoint: Checkpoint | None


ClockCommand = SetPaused | SetSpeed | SetInterval | StopAt
"""A command that changes only how the sampler ticks."""

InspectCommand = Inspect | StopInspecting | RefreshMap
"""Which processes the sampler inspects (an inspector window opened or closed)."""

Command = SourceCommand | ClockCommand | InspectCommand


# -- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HogStarted:
    pid: int
    band: int


@dataclass(frozen=True)
class LevelForced:
    level: PressureLevel | None


@dataclass(frozen=True)
class ProcessSignalled:
    pid: int
    name: str
    force: bool


@dataclass(frozen=True)
class ProcessSteered:
    """A simulator control on one process ran."""

    command: ProcessCommand


@dataclass(frozen=True)
class TimelineMoved:
    position: Position


@dataclass(frozen=True)
class Stepped:
    seconds: float


@dataclass(frozen=True)
class CommandFailed:
    command: SourceCommand
    message: str


CommandResult = (
    HogStarted
    | LevelForced
    | ProcessSignalled
    | ProcessSteered
    | TimelineMoved
    | Stepped
    | CommandFailed
)


def result_message(result: CommandResult) -> str:
    """One line for the status bar."""
    match result:
        case HogStarted(pid=pid, band=band):
            return f"Started a hog in band {band}, pid {pid}"
        case LevelForced(level=level):
            if level is None:
                return "Pressure level: back to what memory says"
            return f"Simulated {level.label} pressure"
        case ProcessSignalled(pid=pid, name=name, force=force):
            return f"{'Force quit' if force else 'Asked to quit'}: {name} ({pid})"
        case ProcessSteered(command=command):
            return f"Done: {command.describe()}"
        case TimelineMoved(position=position):
            return f"Report {position.index + 1} of {position.count}"
        case Stepped(seconds=seconds):
            return f"Stepped {seconds:g} s"
        case CommandFailed(message=message):
            return message
