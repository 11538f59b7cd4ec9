"""How the band view groups processes into lanes: a swappable function
``snapshot -> list[Lane]``.

On iOS and macOS a lane is a jetsam band (empty bands collapsed), lowest first, its
processes in entry order, so reading the view top-left to bottom-right is reading the
kill order. On Linux, without bands, lanes are ``oom_score_adj`` ranges, most likely
victim first (``activitymon.sources.linux_lanes`` may supply a finer grouping).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from activitymon.model import ProcessInfo, Snapshot, band_label
from activitymon.sources import Capability


@dataclass(frozen=True)
class Lane:
    title: str
    processes: tuple[ProcessInfo, ...]
    #: sorts lanes: lower comes first (killed earlier)
    order: float = 0.0


LaneGrouping = Callable[[Snapshot], list[Lane]]


def band_lanes(snapshot: Snapshot) -> list[Lane]:
    """One lane per occupied band, lowest band first; processes in entry order."""
    if snapshot.era is None:
        return []
    bands: dict[int, list[ProcessInfo]] = {}
    for proc in snapshot.processes:
        if proc.band is not None:
            bands.setdefault(proc.band, []).append(proc)
    lanes = []
    for band in sorted(bands):
        procs = sorted(bands[band], key=_entry_order)
        lanes.append(Lane(band_label(band, snapshot.era), tuple(procs), float(band)))
    return lanes


def _entry_order(proc: ProcessInfo) -> tuple[int, int]:
    return (proc.band_seq if proc.band_seq is not None else 1 << 62, proc.pid)


#: (low, high, title) on oom_score_adj, most likely victim first
OOM_RANGES: tuple[tuple[int, int, str], ...] = (
    (900, 1000, "900…1000 cached / preferred victims"),
    (200, 899, "200…899 background"),
    (1, 199, "1…199 visible / perceptible"),
    (0, 0, "0 default"),
    (-999, -1, "−999…−1 protected"),
    (-1000, -1000, "−1000 never killed"),
)


def oom_score_lanes(snapshot: Snapshot) -> list[Lane]:
    """Linux: lanes by ``oom_score_adj`` range; inside a lane, highest ``oom_score``
    first (the OOM killer's choice)."""
    lanes = []
    for i, (low, high, title) in enumerate(OOM_RANGES):
        procs = [
            p
            for p in snapshot.processes
            if p.oom_score_adj is not None and low <= p.oom_score_adj <= high
        ]
        if procs:
            procs.sort(key=lambda p: (-(p.oom_score or 0), p.pid))
            lanes.append(Lane(title, tuple(procs), float(i)))
    return lanes


def default_grouping(snapshot: Snapshot) -> list[Lane]:
    """Bands where the snapshot has them, else oom_score_adj ranges."""
    if snapshot.era is not None:
        return band_lanes(snapshot)
    return oom_score_lanes(snapshot)


def lane_grouping_for(capabilities: frozenset[Capability]) -> LaneGrouping:
    """Bands for band sources; for oom_score sources the Linux source's own grouping
    (``activitymon.sources.linux_lanes``) when it exists, else :func:`oom_score_lanes`."""
    if Capability.BANDS in capabilities or Capability.OOM_SCORE not in capabilities:
        return default_grouping
    try:
        module = importlib.import_module("activitymon.sources.linux_lanes")
    except ImportError:
        return default_grouping
    for name in ("linux_lanes", "lanes", "oom_lanes"):
        found = getattr(module, name, None)
        if callable(found):
            return _adapt(found)
    return default_grouping


def _adapt(grouping: Callable[[Snapshot], Iterable[Any]]) -> LaneGrouping:
    """Accept lanes as :class:`Lane` values or as ``(title, processes)`` pairs."""

    def lanes(snapshot: Snapshot) -> list[Lane]:
        out: list[Lane] = []
        for i, lane in enumerate(grouping(snapshot)):
            if isinstance(lane, Lane):
                out.append(lane)
            else:
                title, procs = lane
                out.append(Lane(str(title), tuple(procs), float(i)))
        return out

    return lanes
