"""How the band view groups processes into lanes: a swappable function
``snapshot -> list[Lane]``.

On iOS and macOS a lane is a jetsam band (empty bands collapsed), lowest first, its
processes in entry order, so reading the view top-left to bottom-right is reading the
kill order. On Linux, without bands, lanes are ``oom_score_adj`` ranges, most likely
victim first, as ``activitymon.sources.linux_lanes`` orders them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from activitymon.model import ProcessInfo, ProcessState, Snapshot, band_label
from activitymon.sources import Capability
from activitymon.sources.linux_lanes import oom_lanes
from activitymon.teaching.terms import band_term


@dataclass(frozen=True)
class Lane:
    title: str
    processes: tuple[ProcessInfo, ...]
    #: sorts lanes: lower comes first (killed earlier)
    order: float = 0.0
    #: the glossary term that explains the lane (its band, or how lanes are grouped)
    term: str = "band"


LaneGrouping = Callable[[Snapshot], list[Lane]]


def band_lanes(snapshot: Snapshot) -> list[Lane]:
    """One lane per occupied band, lowest band first; processes in entry order. On iOS
    6's priority list one lane per priority, the highest (killed first) at the top,
    newest first inside a lane."""
    era = snapshot.era
    if era is None:
        return []
    bands: dict[int, list[ProcessInfo]] = {}
    for proc in snapshot.processes:
        if proc.band is not None:
            bands.setdefault(proc.band, []).append(proc)
    descending = era.is_priority_list
    lanes = []
    for band in sorted(bands, reverse=descending):
        procs = sorted(bands[band], key=_entry_order)
        lanes.append(
            Lane(
                band_label(band, era),
                tuple(procs),
                float(-band if descending else band),
                band_term(band, era),
            )
        )
    return lanes


def _entry_order(proc: ProcessInfo) -> tuple[int, int]:
    return (proc.band_seq if proc.band_seq is not None else 1 << 62, proc.pid)


def oom_score_lanes(snapshot: Snapshot) -> list[Lane]:
    """Linux: the OOM killer's order as lanes (``oom_score_adj`` ranges, each in kill
    order), from :mod:`activitymon.sources.linux_lanes`."""
    return [
        Lane(lane.label, lane.processes, float(i), "oom_score_adj")
        for i, lane in enumerate(oom_lanes(snapshot.processes))
    ]


#: reports before iOS 13 carry no priority: their states give the only coarse kill
#: order (idle daemons, then suspended apps, background, daemons, the frontmost app)
STATE_LANES: tuple[tuple[str, Callable[[ProcessInfo], bool]], ...] = (
    ("killed (kill order)", lambda p: p.kill_reason is not None),
    ("idle daemons", lambda p: {ProcessState.DAEMON, ProcessState.IDLE} <= p.states),
    ("suspended apps", lambda p: ProcessState.SUSPENDED in p.states),
    ("background", lambda p: ProcessState.BACKGROUND in p.states),
    ("daemons", lambda p: ProcessState.DAEMON in p.states),
    ("frontmost", lambda p: ProcessState.FRONTMOST in p.states),
    ("no state (SpringBoard …)", lambda p: True),
)


def state_lanes(snapshot: Snapshot) -> list[Lane]:
    """Lanes by report state, for reports without ``priority``: the victims first in
    kill order, then the coarse order jetsam reaches the rest in."""
    groups: list[list[ProcessInfo]] = [[] for _ in STATE_LANES]
    for proc in snapshot.processes:
        for i, (_, belongs) in enumerate(STATE_LANES):
            if belongs(proc):
                groups[i].append(proc)
                break
    return [
        Lane(title, tuple(sorted(procs, key=_entry_order)), float(i), "state")
        for i, ((title, _), procs) in enumerate(zip(STATE_LANES, groups, strict=True))
        if procs
    ]


def default_grouping(snapshot: Snapshot) -> list[Lane]:
    """Bands where the snapshot has them, else oom_score_adj ranges, else states."""
    if snapshot.era is not None:
        return band_lanes(snapshot)
    if any(p.oom_score_adj is not None for p in snapshot.processes):
        return oom_score_lanes(snapshot)
    return state_lanes(snapshot)


def lane_grouping_for(capabilities: frozenset[Capability]) -> LaneGrouping:
    """The grouping for a source: bands, or the OOM killer's lanes on Linux."""
    if Capability.BANDS not in capabilities and Capability.OOM_SCORE in capabilities:
        return oom_score_lanes
    return default_grouping
