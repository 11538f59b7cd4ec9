"""``simulate A --compare B`` and ``simulate A --what-if KEY=VALUE``: run two scenarios
with the same seed on one clock and show them side by side — kills in each (time,
name, reason, band), who died only in one, time at each level, notifications and
responses, footprint peaks. ``--json`` prints ``{"a": …, "b": …, "only_in_a": […],
"only_in_b": […]}``."""

from __future__ import annotations

import json
import sys

from activitymon.commands.base import CommandError
from activitymon.sim import Scenario, ScenarioError
from activitymon.sim.compare import comparison_to_dict, run_side, side_to_dict, variant
from activitymon.viewmodel.compare_text import render_comparison


def run_compare(
    scenario: Scenario,
    *,
    compare: str | None,
    what_ifs: list[str],
    seed: int | None,
    until: float,
    as_json: bool,
) -> int:
    try:
        b_scenario = variant(scenario, compare, what_ifs)
    except ScenarioError as exc:
        raise CommandError(str(exc)) from None
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
