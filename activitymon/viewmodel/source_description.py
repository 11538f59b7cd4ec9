"""What the window shows for a source, decided once from its first tick.

A source's kind and capabilities (what it knows, what it can do) say which controls and
views make sense: the simulator's toolbar and menu, a report replay's toolbar and the
report in place of the graph, a recording's time scrubber, lanes by jetsam band or by
the OOM killer's score, dated events. :func:`describe_source` turns the first tick into
one frozen :class:`SourceDescription`; the window applies it in one method. Nothing
here compares a source's name: decisions read :class:`SourceKind` and
:class:`Capability` members.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import Era, KernelFacts, Snapshot
from activitymon.sim import find_profile
from activitymon.sim.rules import XnuRules, rules_for
from activitymon.sources import Capability, SourceKind
from activitymon.viewmodel.kernel_log import kernel_log_intro
from activitymon.viewmodel.lanes import LaneGrouping, lane_grouping_for
from activitymon.viewmodel.sim_sources import SimChoice
from activitymon.viewmodel.tick import Tick

#: the lanes tab's title where lanes are jetsam bands …
BANDS_TITLE = "Jetsam Bands"
#: … where they are iOS 6's priorities (xnu-2050 has no bands) …
PRIORITIES_TITLE = "Jetsam Priorities"
#: … and where they are the OOM killer's order (Linux)
OOM_LANES_TITLE = "OOM Lanes"
#: sources whose clock is a real moment in the past: events show their wall-clock time
_DATED = frozenset({SourceKind.REPORTS, SourceKind.RECORDING})


@dataclass(frozen=True)
class SourceDescription:
    """Which controls and views a source gets, and the facts they need."""

    kind: SourceKind | None
    capabilities: frozenset[Capability]
    #: the simulator's toolbar, its Simulator menu and the process menu's controls
    simulator_controls: bool
    #: a report replay's toolbar (report n of m, previous, next)
    report_toolbar: bool
    #: a replayed report's moment shown in the graph's tab (a report has no history)
    report_tab: bool
    #: a recording's time scrubber (play, jump, speed)
    scrubber: bool
    #: the lanes tab's title, or ``None`` where the source has no lanes (tab disabled)
    lanes_title: str | None
    #: how the lanes view groups processes
    lanes: LaneGrouping
    #: seconds since the Unix epoch at the source's t = 0 (events show the time of
    #: day); ``None`` where the clock starts at the source's start
    epoch: float | None
    #: File → Record is offered (a recording is already one)
    recordable: bool
    #: the process table keeps its column choice per kind of source under this key
    settings_key: str
    #: the scenario, profile and seed a simulator runs (``None`` for other sources)
    sim_choice: SimChoice | None
    #: what the watched kernel does about memory, as the tick carried it
    facts: KernelFacts | None
    #: the simulated device's release rules and era (why a kill has no report yet)
    device_rules: tuple[XnuRules, Era] | None
    #: the clock was running when the source's first tick was read
    playing: bool
    #: what the Kernel log view says its lines are (or why there are none)
    kernel_log_intro: str = ""

    @property
    def steerable(self) -> bool:
        return Capability.STEERABLE in self.capabilities


def opening_view(kind: SourceKind | None) -> str:
    """The view a window first puts forward: a report opens on its band view (who
    died, in which band, beside whom), any other source on the overview."""
    return "bands" if kind is SourceKind.REPORTS else "overview"


def _epoch(kind: SourceKind | None, snapshot: Snapshot | None) -> float | None:
    if kind not in _DATED or snapshot is None or snapshot.wall_time is None:
        return None
    return snapshot.wall_time - snapshot.time


def _lanes_title(capabilities: frozenset[Capability], snapshot: Snapshot | None) -> str | None:
    if Capability.BANDS in capabilities:
        era = None if snapshot is None else snapshot.era
        return PRIORITIES_TITLE if era is not None and era.is_priority_list else BANDS_TITLE
    if Capability.OOM_SCORE in capabilities:
        return OOM_LANES_TITLE
    return None


def _device_rules(
    choice: SimChoice | None, snapshot: Snapshot | None
) -> tuple[XnuRules, Era] | None:
    """The rules of the release the simulated device runs, from its profile's XNU
    release and the era it runs in (a scenario may move a profile to another era);
    profiles are read once and kept, so no file is read here after the first."""
    if choice is None or not choice.profile or snapshot is None or snapshot.era is None:
        return None
    profile = find_profile(choice.profile)
    return None if profile is None else (rules_for(profile.xnu, snapshot.era), snapshot.era)


def describe_source(tick: Tick) -> SourceDescription:
    """The description of the source that sent ``tick`` (its first, usually)."""
    caps, kind = tick.capabilities, tick.kind
    steerable = Capability.STEERABLE in caps
    seekable = Capability.SEEKABLE in caps
    return SourceDescription(
        kind=kind,
        capabilities=caps,
        simulator_controls=steerable,
        report_toolbar=seekable and kind is SourceKind.REPORTS,
        report_tab=kind is SourceKind.REPORTS,
        scrubber=seekable and kind is SourceKind.RECORDING,
        lanes_title=_lanes_title(caps, tick.snapshot),
        lanes=lane_grouping_for(caps),
        epoch=_epoch(kind, tick.snapshot),
        recordable=kind is not SourceKind.RECORDING,
        settings_key=(kind or SourceKind.SIMULATOR).value,
        sim_choice=tick.sim_choice if steerable else None,
        facts=tick.facts,
        device_rules=_device_rules(tick.sim_choice, tick.snapshot) if steerable else None,
        playing=not tick.clock.paused,
        kernel_log_intro=kernel_log_intro(kind, tick.facts, caps),
    )
