"""The graph's shading keeps the worst level of each sample's interval: a Critical the
kernel leaves within the interval still shows (issue 22 §4: the demo's story reaches
Critical, and the graph, one point a second, must show it)."""

from __future__ import annotations

from activitymon.model import (
    Event,
    LevelChanged,
    MemoryStats,
    PressureLevel,
    Snapshot,
)
from activitymon.sources import ClockedSource
from activitymon.viewmodel.level_shading import level_events_by_sample, worst_level
from activitymon.viewmodel.sim_sources import SimChoice, build_sim_source

N, W, C = PressureLevel.NORMAL, PressureLevel.WARN, PressureLevel.CRITICAL


def test_the_worst_level_of_the_interval_wins() -> None:
    flips: list[Event] = [LevelChanged(31.9, C), LevelChanged(31.95, W), LevelChanged(31.99, N)]
    assert worst_level(N, flips) is C
    assert worst_level(W, []) is W
    assert worst_level(N, [LevelChanged(1.0, W)]) is W
    assert worst_level(None, []) is None


def test_level_changes_go_to_the_sample_that_follows_them() -> None:
    def snap(t: float) -> Snapshot:
        return Snapshot(t, MemoryStats(16384, 1000), ())

    history = [snap(1.0), snap(2.0), snap(3.0)]
    events: list[Event] = [LevelChanged(1.5, C), LevelChanged(1.6, W), LevelChanged(3.0, N)]
    assert level_events_by_sample(history, events) == [
        [],
        [LevelChanged(1.5, C), LevelChanged(1.6, W)],
        [LevelChanged(3.0, N)],
    ]


def test_the_demo_s_critical_shows_in_the_second_it_happened() -> None:
    """demo.toml on the iPhone 11: the compressor runs out of room at 32 s; the level is
    Critical for milliseconds (the narration: "pressure changed 10 times in 0.4 s"), and
    no sample reads Critical, but the interval ending at 32 s (or 33 s) is shaded red."""
    source = build_sim_source(SimChoice("demo", None, 0))
    assert isinstance(source, ClockedSource)
    at_sample: dict[int, PressureLevel | None] = {}
    shaded: dict[int, PressureLevel] = {}
    for second in range(1, 41):
        source.advance(1.0)
        snapshot = source.sample()
        at_sample[second] = snapshot.level
        level = worst_level(snapshot.level, source.drain_events())
        assert level is not None
        shaded[second] = level
    assert C not in at_sample.values()
    red = [second for second, level in shaded.items() if level is C]
    assert red
    assert set(red) <= {32, 33}
    assert shaded[21] is W  # the level turned Warning at 20.9 s
