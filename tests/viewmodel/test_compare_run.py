"""Compare without Qt: the what-if text a form writes, running both sides, what differs."""

from __future__ import annotations

import pytest

from activitymon.model import PressureLevel
from activitymon.sim import ScenarioError
from activitymon.sim.compare import CompareCancelled, Side, Trace
from activitymon.viewmodel.compare_run import (
    CompareRequest,
    VariantForm,
    example_what_if,
    level_differs,
    prepare,
    run_both,
    run_in_turn,
    split_what_ifs,
    summarize,
    what_if_text,
)
from activitymon.viewmodel.sim_sources import SimChoice

N, W, C = PressureLevel.NORMAL, PressureLevel.WARN, PressureLevel.CRITICAL


def test_what_ifs_split_on_semicolons_outside_quotes() -> None:
    assert split_what_ifs('process.a.band=3;  process.b.on_warning="free 1;2" ; ') == [
        "process.a.band=3",
        'process.b.on_warning="free 1;2"',
    ]
    assert split_what_ifs("  ") == []


def test_the_form_writes_the_what_if_text_simulate_takes() -> None:
    form = VariantForm(
        process="Game",
        on_warning="free 50%",
        limit_mb=1500.0,
        limit_fatal=False,
        band=40,
        grow_mb_per_s=0.0,
        device="iPhone10,3",
    )
    assert what_if_text(form) == (
        'process.Game.on_warning="free 50%"; process.Game.limit_mb=1500; '
        "process.Game.limit_fatal=false; process.Game.band=40; "
        'process.Game.grow_mb_per_s=0; device.profile="iPhone10,3"'
    )
    assert what_if_text(VariantForm(process="Game")) == ""
    # the scenario reader takes every part of it
    plan = prepare(CompareRequest(SimChoice("demo", None, 0), what_if=what_if_text(form)))
    assert plan.b.profile.name == "iPhone10,3"
    assert plan.b_label.startswith("B: what if process.Game.on_warning")


def test_the_placeholder_example_works_in_the_default_scenario() -> None:
    summary = summarize(SimChoice())
    # resources/scenarios/demo.toml launches "Game" first
    assert summary.process_names[0] == "Game"
    example = example_what_if(list(summary.process_names))
    assert example == 'process.Game.on_warning="free 50%"'
    plan = prepare(CompareRequest(SimChoice(), what_if=example))
    assert plan.a.name == "demo"
    assert plan.until == 120  # demo.toml: duration = 120


def test_a_bad_variant_is_one_line_naming_the_key() -> None:
    with pytest.raises(ScenarioError, match='no process named "nobody"'):
        prepare(CompareRequest(SimChoice("demo"), what_if="process.nobody.band=3"))
    with pytest.raises(ScenarioError, match="nothing to change"):
        prepare(CompareRequest(SimChoice("demo"), what_if=" "))


def test_the_window_device_is_side_a() -> None:
    plan = prepare(CompareRequest(SimChoice("demo", "iPad2,5", 4), other="hog", now=600.0))
    assert plan.a.profile.name == "iPad2,5"
    assert (plan.seed, plan.until) == (4, 600.0)
    assert plan.b.name == "hog"


def _side(times: list[float], pressure: list[PressureLevel | None]) -> Side:
    plan = prepare(CompareRequest(SimChoice("demo"), other="hog"))
    side = Side("x", plan.a, 0, times[-1])
    side.trace = Trace(times, [50] * len(times), pressure)
    return side


def test_level_differences_are_spans_of_time() -> None:
    a = _side([1, 2, 3, 4, 5, 6], [N, W, W, C, N, N])
    b = _side([1, 2, 3, 4, 5, 6], [N, N, W, W, N, W])
    assert level_differs(a, b) == ((1, 2), (3, 4), (5, 6))
    assert level_differs(a, a) == ()


def test_cancel_stops_a_run_between_steps() -> None:
    plan = prepare(CompareRequest(SimChoice("demo"), what_if=example_what_if(["Game"]), now=3600))
    seen: list[float] = []
    with pytest.raises(CompareCancelled):
        run_in_turn(plan, seen.append, lambda: bool(seen))
    assert len(seen) == 1


def test_two_processes_give_what_running_in_turn_gives() -> None:
    plan = prepare(CompareRequest(SimChoice("demo", None, 0), what_if=example_what_if(["Game"])))
    fractions: list[float] = []
    together = run_both(plan, fractions.append, lambda: False, processes=True)
    in_turn = run_both(plan, lambda _: None, lambda: False, processes=False)
    assert [(k.t, k.name) for k in together.a.kills] == [(k.t, k.name) for k in in_turn.a.kills]
    assert [(k.t, k.name) for k in together.b.kills] == [(k.t, k.name) for k in in_turn.b.kills]
    assert together.a.trace.levels == in_turn.a.trace.levels
    assert together.only_a == in_turn.only_a
    assert fractions[-1] == 1.0
