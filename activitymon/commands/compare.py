"""``simulate A --compare B`` and ``simulate A --what-if KEY=VALUE``: run two scenarios
with the same seed on one clock and show them side by side — kills in each (time,
name, reason, band), who died only in one, time at each level, notifications and
responses, footprint peaks. ``--json`` prints ``{"a": …, "b": …, "only_in_a": […],
"only_in_b": […]}``."""

from __future__ import annotations

import json
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from activitymon.commands.base import CommandError
from activitymon.model import Killed, Notified, PressureLevel, Responded, band_label
from activitymon.sim import Scenario, ScenarioError, Simulator, load_scenario
from activitymon.sim.whatif import apply_what_if
from activitymon.units import format_bytes, format_duration

#: simulated seconds between looks at footprints (peaks also use lifetime maxima)
STEP_S = 1.0
PEAKS_SHOWN = 5
COLUMN = 54


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

    @property
    def killed_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for kill in self.kills:
            seen.setdefault(kill.name, None)
        return list(seen)

    def band(self, kill: Killed) -> str:
        return "—" if kill.band is None else band_label(kill.band, self.scenario.era)


def run_side(label: str, scenario: Scenario, seed: int, until: float) -> Side:
    sim = Simulator.from_scenario(scenario, seed=seed)
    side = Side(label, scenario, seed, until, device=sim.device_label)
    while sim.now < until:
        sim.run_until(min(until, sim.now + STEP_S))
        for event in sim.drain_events():
            if isinstance(event, Killed):
                side.kills.append(event)
                _peak(side, event.name, event.footprint_bytes)
            elif isinstance(event, Notified):
                side.notifications[event.name] += 1
            elif isinstance(event, Responded):
                side.responses[event.name] += 1
                side.freed_bytes += event.freed_bytes
        for proc in sim.snapshot().processes:
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


def variant(args_scenario: Scenario, compare: str | None, what_ifs: list[str]) -> Scenario:
    """B: another scenario, or A with the what-ifs applied (one line on a bad one)."""
    try:
        if compare is not None:
            return load_scenario(compare)
        out = args_scenario
        for assignment in what_ifs:
            out = apply_what_if(out, assignment)
        return out
    except ScenarioError as exc:
        raise CommandError(str(exc)) from None


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


def _column(side: Side, other: Side) -> list[str]:
    s = side.stats
    lines = [
        side.label,
        f"{side.device}, seed {side.seed}",
        "",
        f"kills {len(side.kills)}",
    ]
    for k in side.kills:
        lines.append(f"  {k.t:7.1f} s  {k.name[:14]:<14} {k.reason.value[:15]:<15} {side.band(k)}")
    died = ", ".join(only_in(side, other)) or "nobody"
    lines += ["", *textwrap.wrap(f"died only here: {died}", COLUMN, subsequent_indent="  "), ""]
    at = s["time_at_level"]
    lines += [
        f"peak level {s['peak_level']}; lowest memorystatus_level {s['min_memorystatus_level']} %",
        f"time at warn {format_duration(at['warn'])}, critical {format_duration(at['critical'])}",
        f"notifications {sum(side.notifications.values())}; "
        f"responses {sum(side.responses.values())} (freed {format_bytes(side.freed_bytes)})",
        "footprint peaks",
    ]
    peaks = sorted(side.peaks.items(), key=lambda kv: (-kv[1], kv[0]))[:PEAKS_SHOWN]
    lines += [f"  {name[:24]:<24} {format_bytes(value):>10}" for name, value in peaks]
    return lines


def render_comparison(a: Side, b: Side) -> str:
    left, right = _column(a, b), _column(b, a)
    height = max(len(left), len(right))
    left += [""] * (height - len(left))
    right += [""] * (height - len(right))
    rows = [
        f"{x[:COLUMN]:<{COLUMN}} │ {y[:COLUMN]}".rstrip() for x, y in zip(left, right, strict=True)
    ]
    diff = len(b.kills) - len(a.kills)
    verdict = (
        "the same number of kills in both"
        if diff == 0
        else f"B has {abs(diff)} {'more' if diff > 0 else 'fewer'} "
        f"kill{'s' if abs(diff) != 1 else ''} than A"
    )
    return "\n".join([*rows, "", verdict]) + "\n"


def run_compare(
    scenario: Scenario,
    *,
    compare: str | None,
    what_ifs: list[str],
    seed: int | None,
    until: float,
    as_json: bool,
) -> int:
    b_scenario = variant(scenario, compare, what_ifs)
    same_seed = scenario.seed if seed is None else seed
    a = run_side(f"A: {scenario.name}", scenario, same_seed, until)
    b_label = (
        f"B: {b_scenario.name}" if compare is not None else f"B: what if {'; '.join(what_ifs)}"
    )
    b = run_side(b_label, b_scenario, same_seed, until)
    if as_json:
        json.dump(comparison_to_dict(a, b), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_comparison(a, b))
    return 0


def run_single_json(scenario: Scenario, *, seed: int | None, until: float) -> int:
    """``simulate A --json``: one side's kills and statistics, as ``{"a": …}``."""
    side = run_side(f"A: {scenario.name}", scenario, scenario.seed if seed is None else seed, until)
    json.dump({"a": side_to_dict(side)}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0
