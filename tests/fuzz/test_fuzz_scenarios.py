"""Fuzz the scenario loader (issue 15): hostile values for every number, name and
table. Every case ends in a :class:`Scenario` that runs (a bounded stretch) or in one
:class:`ScenarioError` line naming the file; never another exception or a hang."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activitymon.sim import ScenarioError, Simulator
from activitymon.sim.scenario import parse_scenario
from tests.hostile.conftest import ends_within

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMBERS = st.one_of(
    st.sampled_from(
        [
            "nan",
            "inf",
            "-inf",
            "1e-300",
            "1e308",
            "0",
            "-1",
            "1e12",
            "9" * 30,
            "9" * 5000,
            "0.001",
            "0.01",
        ]
    ),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(-(2**70), 2**70).map(str),
)
STRINGS = st.sampled_from(
    ['"\\u001b[2Jhog"', '"hog"', '""', '"\\u0007"', '"foreground"', '"' + "x" * 300 + '"']
)
VALUES = st.one_of(NUMBERS, STRINGS, st.sampled_from(["true", "[]", "{}", "[1, [2, [3]]]"]))

ACTION_KEYS = ["at", "every", "rate_mb_per_s", "chunk_mb", "mb", "limit_mb", "band", "level"]
PROCESS_KEYS = [
    "footprint_mb",
    "grow_mb_per_s",
    "chunk_mb",
    "limit_mb",
    "pid",
    "band",
    "purgeable_mb",
    "name",
]
TOP_KEYS = ["duration", "seed"]
DOS = ["grow", "allocate", "free", "set_limit", "set_band", "pressure", "kill", "launch"]


def _toml(top: dict[str, str], process: dict[str, str], action: dict[str, str], do: str) -> str:
    lines = [f"{k} = {v}" for k, v in top.items()]
    lines += ["[device]", 'profile = "iPod5,1"', "[[process]]", 'name = "hog"']
    lines += [f"{k} = {v}" for k, v in process.items() if k != "name"]
    lines += ["[[action]]", f'do = "{do}"', 'process = "hog"']
    action = {"at": "1", **action}
    lines += [f"{k} = {v}" for k, v in action.items()]
    return "\n".join(lines) + "\n"


@FUZZ
@given(
    st.dictionaries(st.sampled_from(TOP_KEYS), NUMBERS, max_size=2),
    st.dictionaries(st.sampled_from(PROCESS_KEYS), VALUES, max_size=3),
    st.dictionaries(st.sampled_from(ACTION_KEYS), VALUES, max_size=3),
    st.sampled_from(DOS),
)
def test_hostile_scenarios_end_in_a_run_or_one_line(
    top: dict[str, str], process: dict[str, str], action: dict[str, str], do: str
) -> None:
    text = _toml(top, process, action, do)
    with ends_within():
        try:
            scenario = parse_scenario(text, "fuzz.toml", name="fuzz")
        except ScenarioError as exc:
            message = str(exc)
            assert message.startswith("fuzz.toml"), message
            assert "\n" not in message
            assert "4300 digits" not in message  # Python's own text, not ours
            assert "int_max_str_digits" not in message
            return
        assert math.isfinite(scenario.duration)
        assert scenario.duration > 0
        for a in scenario.actions:
            assert math.isfinite(a.at)
            assert a.every is None or a.every >= 0.01
        sim = Simulator.from_scenario(scenario)
        sim.run_until(min(scenario.duration, 20.0))
        assert math.isfinite(sim.now)


@FUZZ
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    with ends_within():
        message = _refusal(text)
    assert message is None or "\n" not in message


def _refusal(text: str) -> str | None:
    try:
        parse_scenario(text, "fuzz.toml", name="fuzz")
    except ScenarioError as exc:
        return str(exc)
    return None
