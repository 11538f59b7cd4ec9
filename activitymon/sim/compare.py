"""Two runs of a scenario side by side, on one seed and one clock: each run's kills
and statistics, and who died in only one of them. Qt-free; ``simulate --compare`` /
``--what-if`` print it, and the window's Simulator → Compare… draws it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from activitymon.model import (
    Era,
    Killed,
    LevelChanged,
    Notified,
    PressureLevel,
    Responded,
    band_label,
)
from activitymon.sim.scenario import Scenario, load_scenario
from activitymon.sim.simulator import Simulator
from activitymon.sim.whatif import apply_what_if

#: simulated seconds between looks at footprints (peaks also use lifetime maxima)
STEP_S = 1.0
PEAKS_SHOWN = 5


class CompareCancelled(Exception):
    """A run was stopped before its end (the window's Cancel)."""


@dataclass
class Trace:
    """One run's pressure, once per step: for drawing two runs on one time axis."""

    times: list[float] = field(default_factory=list)
    #: ``memorystatus_level`` (percent of memory available), ``None`` where unknown
    levels: list[int | None] = field(default_factory=list)
    #: the worst level of each step (the level at its end, or a worse one the kernel
    #: passed through during it: the demo's Critical lasts milliseconds), as the
    #: window's graph shades it
    pressure: list[PressureLevel | None] = field(default_factory=list)


@dataclass
class Side:
    """One run: its kills and statistics."""

    label: str
    scenario: Scenario
    seed: int
    until: float
    kills: list[Killed] = field(default_factory=list)
    notifications: Counter[str] = field(default_factory=Counter)
    responses: Counter[str] = field(default_factory=Counter)
    freed_bytes: int = 0
    peaks: dict[str, int] = field(default_factory=dict)
    device: str = ""
    stats: dict[str, Any] = field(default_factory=dict)
    #: the scale the device's kernel gives bands on (priorities on xnu-2050)
    era: Era = Era.LEGACY
    trace: Trace = field(default_factory=Trace)

    @property
    def killed_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for kill in self.kills:
            seen.setdefault(kill.name, None)
        return list(seen)

    def band(self, kill: Killed) -> str:
        return "—" if kill.band is None else band_label(kill.band, self.era)


def run_side(
    label: str,
    scenario: Scenario,
    seed: int,
    until: float,
    *,
    going_on: Callable[[float], bool] | None = None,
) -> Side:
    """Run ``scenario`` from 0 to ``until`` simulated seconds. ``going_on(now)`` is
    asked after every step; ``False`` stops the run (:class:`CompareCancelled`)."""
    sim = Simulator.from_scenario(scenario, seed=seed)
    side = Side(label, scenario, seed, until, device=sim.device_label, era=sim.era)
    while sim.now < until:
        sim.run_until(min(until, sim.now + STEP_S))
        if going_on is not None and not going_on(sim.now):
            raise CompareCancelled(label)
        worst: PressureLevel | None = None
        for event in sim.drain_events():
            if isinstance(event, LevelChanged):
                if worst is None or event.level.severity > worst.severity:
                    worst = event.level
            elif isinstance(event, Killed):
                side.kills.append(event)
                _peak(side, event.name, event.footprint_bytes)
            elif isinstance(event, Notified):
                side.notifications[event.name] += 1
            elif isinstance(event, Responded):
                side.responses[event.name] += 1
                side.freed_bytes += event.freed_bytes
        snapshot = sim.snapshot()
        side.trace.times.append(snapshot.time)
        side.trace.levels.append(snapshot.memorystatus_level)
        level = snapshot.level
        if worst is not None and (level is None or worst.severity > level.severity):
            level = worst
        side.trace.pressure.append(level)
        for proc in snapshot.processes:
            _peak(side, proc.name, proc.footprint_bytes)
            _peak(side, proc.name, proc.lifetime_max_bytes)
    stats = sim.run_stats()
    side.stats = {
        "peak_level": stats.peak_level.label,
        "min_memorystatus_level": stats.min_memorystatus_level,
        "time_at_level": {level.label: stats.time_at_level[level] for level in PressureLevel},
        "time_below": dict(stats.time_below),
    }
    return side


def _peak(side: Side, name: str, value: int | None) -> None:
    if value is not None and value > side.peaks.get(name, -1):
        side.peaks[name] = value


def variant(scenario: Scenario, compare: str | None, what_ifs: list[str]) -> Scenario:
    """B: another scenario, or A with the what-ifs applied. Raises
    :class:`ScenarioError` (one line) on a bad one."""
    if compare is not None:
        return load_scenario(compare)
    out = scenario
    for assignment in what_ifs:
        out = apply_what_if(out, assignment)
    return out


def only_in(a: Side, b: Side) -> list[str]:
    """Names killed in ``a`` and never in ``b``, in order of first kill."""
    other = set(b.killed_names)
    return [name for name in a.killed_names if name not in other]


def side_to_dict(side: Side) -> dict[str, Any]:
    peaks = sorted(side.peaks.items(), key=lambda kv: (-kv[1], kv[0]))[:PEAKS_SHOWN]
    return {
        "label": side.label,
        "scenario": side.scenario.name,
        "device": side.device,
        "seed": side.seed,
        "until": side.until,
        "kills": [
            {
                "t": round(k.t, 6),
                "pid": k.pid,
                "name": k.name,
                "reason": k.reason.value,
                "band": k.band,
                "band_label": None if k.band is None else side.band(k),
                "footprint_bytes": k.footprint_bytes,
            }
            for k in side.kills
        ],
        "stats": {
            "kills": len(side.kills),
            **side.stats,
            "notifications": sum(side.notifications.values()),
            "responses": sum(side.responses.values()),
            "freed_bytes": side.freed_bytes,
            "notified": dict(sorted(side.notifications.items())),
            "responded": dict(sorted(side.responses.items())),
            "footprint_peaks": [{"name": n, "bytes": v} for n, v in peaks],
        },
    }


def comparison_to_dict(a: Side, b: Side) -> dict[str, Any]:
    return {
        "a": side_to_dict(a),
        "b": side_to_dict(b),
        "only_in_a": only_in(a, b),
        "only_in_b": only_in(b, a),
    }
