"""The level a stretch of the graph's background is shaded in: the worst level the
kernel reported between the sample before and this one, not only the level at the
sample.

The kernel's level can flip within a sample's interval: on an iPhone 11 a compressor
that runs out of room turns the level Critical at once, and the kill that follows gives
it room again within milliseconds (``vm_pressure_response``: the ways down from Critical
do not look at ``vm_compressor_low_on_space``), so a graph that shaded each second by
the level at its sample would never show that Critical. Like a peak meter, the shading
keeps the worst level of each interval; the level changes themselves are the events the
source reports (``LevelChanged``). Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from activitymon.model import Event, LevelChanged, PressureLevel, Snapshot


def worst_level(level: PressureLevel | None, events: Iterable[Event]) -> PressureLevel | None:
    """The worst of the sample's ``level`` and the levels the interval's ``events``
    passed through (``None``: no level known)."""
    seen = [e.level for e in events if isinstance(e, LevelChanged)]
    if level is not None:
        seen.append(level)
    return max(seen, key=lambda lv: lv.severity) if seen else None


def level_events_by_sample(
    history: Sequence[Snapshot], events: Sequence[Event]
) -> list[list[Event]]:
    """For each sample of ``history`` (oldest first), the level changes since the sample
    before it: what a live run gave the graph with that sample."""
    changes = sorted((e for e in events if isinstance(e, LevelChanged)), key=lambda e: e.t)
    out: list[list[Event]] = []
    i = 0
    for snapshot in history:
        start = i
        while i < len(changes) and changes[i].t <= snapshot.time:
            i += 1
        out.append(list(changes[start:i]))
    return out
