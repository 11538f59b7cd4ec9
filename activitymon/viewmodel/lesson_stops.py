"""A lesson's exact stops: play toward a checkpoint a simulated second at a time and
stop where it is reached — at its ``at`` time to the millisecond, or on the simulated
second of its event — however fast the clock runs (issue 24 §5).

Used by :class:`~activitymon.viewmodel.sampling.SamplerCore` when a ``StopAt`` is
armed: one tick then walks its whole step in sub-steps, draining events after each, and
the tick carries every event of the walk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from activitymon.model import Event
from activitymon.sources import Clocked, Source
from activitymon.teaching.lessons import Checkpoint

#: the longest simulated step between two checks for a checkpoint's event (kills in a
#: pass are 5 ms apart, warnings 250 ms: a tenth of a second stops near the first)
SUBSTEP_S = 0.1
_EPS = 1e-9


@dataclass
class Walk:
    reached: bool = False
    events: list[Event] = field(default_factory=list)
    #: the source's time at the end of the walk
    now: float = 0.0


def walk_to_stop(source: Source, now: float, step: float, checkpoint: Checkpoint) -> Walk:
    """Advance ``source`` (its time ``now``) by up to ``step`` seconds, stopping where
    ``checkpoint`` is reached."""
    walk = Walk(now=now)
    if not isinstance(source, Clocked):
        return walk
    timed = checkpoint.on is None and checkpoint.at is not None
    done = 0.0
    while True:
        if timed and checkpoint.match(walk.now, ()) is True:
            walk.reached = True
            return walk
        if done >= step - _EPS:
            return walk
        d = min(SUBSTEP_S, step - done)
        if timed and checkpoint.at is not None:
            d = min(d, checkpoint.at - walk.now)
        source.advance(d)
        done += d
        walk.now += d
        new = source.drain_events()
        walk.events += new
        if not timed and checkpoint.match(walk.now, new) is not None:
            walk.reached = True
            return walk
