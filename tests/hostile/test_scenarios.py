"""Hostile scenario files (issue 15): every number finite and in range, named with
its file, key and accepted range; nothing runs forever."""

from __future__ import annotations

import math

import pytest

from activitymon.sim import ScenarioError, Simulator, SimulatorError
from activitymon.sim.clock import Clock
from activitymon.sim.scenario import Scenario, parse_scenario
from tests.hostile.conftest import ends_within

BASE = '[device]\nprofile = "iPod5,1"\n[[process]]\nname = "hog"\nband = "foreground"\n'
GROW = BASE + '[[action]]\nat = 1\ndo = "grow"\nprocess = "hog"\n'


def _load(text: str) -> Scenario:
    return parse_scenario(text, "bad.toml", name="bad")


CASES = {
    "duration": ("duration = {}\n" + BASE, "duration"),
    "at": (BASE + '[[action]]\nat = {}\ndo = "kill"\nprocess = "hog"\n', "action[0].at"),
    "every": (
        BASE + '[[action]]\nat = 1\nevery = {}\ndo = "kill"\nprocess = "hog"\n',
        "action[0].every",
    ),
    "rate": (GROW + "rate_mb_per_s = {}\n", "action[0].rate_mb_per_s"),
    "chunk": (GROW + "rate_mb_per_s = 16\nchunk_mb = {}\n", "action[0].chunk_mb"),
    "limit": (
        BASE + '[[action]]\nat = 1\ndo = "set_limit"\nprocess = "hog"\nlimit_mb = {}\n',
        "action[0].limit_mb",
    ),
    "mb": (
        BASE + '[[action]]\nat = 1\ndo = "allocate"\nprocess = "hog"\nmb = {}\n',
        "action[0].mb",
    ),
    "footprint": (BASE + "footprint_mb = {}\n", "process[0].footprint_mb"),
    "grow": (BASE + "grow_mb_per_s = {}\n", "process[0].grow_mb_per_s"),
}


@pytest.mark.parametrize("word", ["nan", "inf", "-inf", "1e12", "-1"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_number_is_one_line_naming_file_key_and_range(case: str, word: str) -> None:
    template, key = CASES[case]
    with pytest.raises(ScenarioError) as info:
        _load(template.format(word))
    message = str(info.value)
    assert message.startswith(f"bad.toml: {key}: expected a finite number"), message
    assert " to " in message
    assert "\n" not in message


def test_a_nan_timer_cannot_freeze_the_clock() -> None:
    clock = Clock()
    with pytest.raises(SimulatorError, match="finite"):
        clock.at(math.nan, lambda: None)
    with pytest.raises(SimulatorError, match="finite"):
        clock.run_until(math.inf)


@pytest.mark.parametrize("every", ["1e-300", "0.001"])
def test_an_action_repeating_too_fast_is_refused(every: str) -> None:
    text = BASE + f'[[action]]\nat = 1\nevery = {every}\ndo = "foreground"\nprocess = "hog"\n'
    with pytest.raises(
        ScenarioError, match=r"action\[0\]\.every: expected a finite number from 0\.01"
    ):
        _load(text)


def test_many_repeating_actions_together_are_refused() -> None:
    action = '[[action]]\nat = 1\nevery = 0.01\ndo = "foreground"\nprocess = "hog"\n'
    with pytest.raises(ScenarioError, match="times per simulated second"):
        _load(BASE + action * 20)


def test_growth_in_tiny_chunks_is_refused() -> None:
    with pytest.raises(ScenarioError, match="chunks per simulated second"):
        _load(GROW + "rate_mb_per_s = 1e6\nchunk_mb = 1e-9\n")


def test_an_infinite_grow_rate_is_refused_by_the_simulator_too() -> None:
    sim = Simulator.from_scenario(_load(BASE))
    pid = sim.find("hog")
    assert pid is not None
    with pytest.raises(SimulatorError):
        sim.grow(pid, rate_mb_per_s=math.inf)


def test_the_hog_still_kills() -> None:
    """The NaN-free story: the built-in hog scenario is untouched by the bounds."""
    from activitymon.sim import load_scenario

    sim = Simulator.from_scenario(load_scenario("hog"))
    sim.run_until(60)
    assert sum(1 for e in sim.drain_events() if type(e).__name__ == "Killed") >= 20


@pytest.mark.parametrize(
    "text",
    ["a = " + "[" * 50_000 + "]" * 50_000 + "\n", "a = " + "{b = " * 5_000 + "1" + "}" * 5_000],
    ids=["arrays", "tables"],
)
def test_deep_toml_is_one_line(text: str) -> None:
    with ends_within(), pytest.raises(ScenarioError, match="nested more than") as info:
        _load(text)
    assert "\n" not in str(info.value)


def test_a_5000_digit_seed_is_one_line_without_pythons_text() -> None:
    with pytest.raises(ScenarioError) as info:
        _load("seed = " + "9" * 5000 + "\n" + BASE)
    assert "4300" not in str(info.value)
    assert "int_max_str_digits" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (BASE + "pid = 9223372036854775807\n", "process[0].pid"),
        (BASE.replace('"foreground"', "99999999999999999999"), "process[0].band"),
        (BASE.replace('"foreground"', '"' + "9" * 5000 + '"'), "process[0].band"),
        (BASE.replace('"iPod5,1"', '"iPod5,1"\nram_mb = 9223372036854775807'), "device.ram_mb"),
    ],
    ids=["pid", "band", "band-text", "ram"],
)
def test_huge_integers_are_refused_with_the_range(text: str, key: str) -> None:
    with pytest.raises(ScenarioError) as info:
        _load(text)
    assert f"bad.toml: {key}: expected" in str(info.value)
    assert "4300" not in str(info.value)
