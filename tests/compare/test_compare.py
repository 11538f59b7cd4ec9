"""``simulate A --compare B | --what-if KEY=VALUE [--json]`` (issue 13 §2)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest

from activitymon.cli import main
from activitymon.sim import ScenarioError, load_scenario
from activitymon.sim.process import ResponsePolicy
from activitymon.sim.whatif import apply_what_if, parse_value


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["simulate", *argv]) == 0
    return capsys.readouterr().out


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    data = json.loads(_run(capsys, *argv, "--json"))
    assert isinstance(data, dict)
    return data


FREES = 'process.hog.on_warning="free 90%"'


def test_freeing_on_a_warning_means_fewer_kills_in_the_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The judged case: the hog that frees memory when warned (B) against the hog that
    ignores warnings (A, the scenario as written)."""
    text = _run(capsys, "hog", "--what-if", FREES)
    assert "A: hog" in text
    assert 'B: what if process.hog.on_warning="free 90%"' in text
    counts = [int(n) for n in re.findall(r"kills (\d+)", text)]
    assert len(counts) == 2
    assert counts[1] < counts[0]
    assert text.rstrip().endswith(f"B has {counts[0] - counts[1]} fewer kills than A")
    assert "vm-pageshortage" in text


def test_freeing_on_a_warning_means_fewer_kills_in_the_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _json(capsys, "hog", "--what-if", FREES)
    assert set(data) == {"a", "b", "only_in_a", "only_in_b"}
    a, b = data["a"], data["b"]
    assert b["stats"]["kills"] < a["stats"]["kills"]
    assert len(a["kills"]) == a["stats"]["kills"] > 0
    assert b["stats"]["responses"] > a["stats"]["responses"]
    assert a["seed"] == b["seed"]
    assert "hog" in data["only_in_a"]
    assert data["only_in_b"] == []
    first = a["kills"][0]
    assert set(first) == {"t", "pid", "name", "reason", "band", "band_label", "footprint_bytes"}
    assert first["reason"] == "vm-pageshortage"
    # the article's iPod runs xnu-2050: a suspended app (the highest priority) dies first
    assert first["band_label"] == "priority 16 SUSPENDED_APP (est.)"
    assert a["stats"]["time_at_level"]["critical"] > 0
    assert a["stats"]["footprint_peaks"][0]["name"] == "hog"


def test_ignoring_warnings_where_the_scenario_frees_means_more_kills(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _json(capsys, "warnings-redeem", "--what-if", "process.PhotoEditor.on_warning=ignore")
    assert data["b"]["stats"]["kills"] > data["a"]["stats"]["kills"]
    assert data["only_in_b"]


def test_compare_two_scenarios_with_one_seed(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "hog", "--compare", "highwater", "--seed", "7", "--until", "20")
    assert data["a"]["scenario"] == "hog"
    assert data["b"]["scenario"] == "highwater"
    assert data["a"]["seed"] == data["b"]["seed"] == 7
    assert data["a"]["until"] == data["b"]["until"] == 20


def test_json_alone_gives_one_side(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "hog", "--until", "30")
    assert set(data) == {"a"}
    assert data["a"]["stats"]["kills"] > 0


def test_a_what_if_changes_exactly_one_field() -> None:
    hog = load_scenario("hog")
    changed = apply_what_if(hog, "process.hog.limit_mb=300")
    (before,) = [p for p in hog.processes if p.name == "hog"]
    (after,) = [p for p in changed.processes if p.name == "hog"]
    assert after == replace(before, limit_mb=300.0)
    assert apply_what_if(hog, "process.hog.band=background").processes[0].band == 3
    policy = apply_what_if(hog, "process.hog.on_warning=free 50 MB").processes[0].on_warning
    assert policy == ResponsePolicy(megabytes=50.0)


def test_a_what_if_reaches_the_device_population() -> None:
    hog = load_scenario("hog")
    changed = apply_what_if(hog, "process.MobileMail.band=foreground")
    (mail,) = [p for p in changed.profile.processes if p.name == "MobileMail"]
    assert mail.band == 10


def test_a_what_if_on_the_device() -> None:
    hog = load_scenario("hog")
    moved = apply_what_if(hog, "device.profile=iPhone12,1")
    assert moved.profile.name == "iPhone12,1"
    assert moved.processes[0].band == 100  # FOREGROUND on the modern scale
    assert apply_what_if(hog, "device.ram_mb=1024").profile.ram_mb == 1024


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("foo", "expected KEY=VALUE"),
        ("process.nobody.band=3", 'no process named "nobody" in scenario hog'),
        ("process.hog.colour=3", "process.hog.colour: unknown field (expected one of: band"),
        ("process.hog.band=hgh", "process.hog.band: expected an integer 0–21 or a band name"),
        ("process.hog.limit_fatal=maybe", "process.hog.limit_fatal: expected true or false"),
        ("device.profile=Nokia", "device.profile: expected a built-in profile"),
        ("device.page_size=8192", "device.page_size: expected 4096 or 16384, got 8192"),
        ("weather.rain=1", "expected process.NAME.FIELD or device.KEY"),
    ],
)
def test_a_bad_what_if_is_one_line_naming_the_key(assignment: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=r"^--what-if: ") as info:
        apply_what_if(load_scenario("hog"), assignment)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_bad_what_if_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "hog", "--what-if", "process.hog.band=hgh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("activitymon: --what-if: process.hog.band")
    assert err.count("\n") == 1


def test_compare_and_what_if_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["simulate", "hog", "--compare", "demo", "--what-if", "device.ram_mb=900"])
    assert info.value.code == 2
    assert "not allowed with argument --compare" in capsys.readouterr().err


def test_values_read_as_toml_where_they_are_toml() -> None:
    assert parse_value("300") == 300
    assert parse_value("true") is True
    assert parse_value('"free 5%"') == "free 5%"
    assert parse_value("free 5%") == "free 5%"


def test_a_compare_lane_shows_the_demos_brief_critical() -> None:
    """The demo's compressor runs out of room at 32 s and the kills that follow give it
    room within the same step (resources/scenarios/demo.toml, its Critical burst): the
    level at the step's end is no longer Critical, the lane still shows it."""
    from activitymon.model import PressureLevel
    from activitymon.sim.compare import run_side

    side = run_side("A", load_scenario("demo"), 0, 40.0)
    assert PressureLevel.CRITICAL in side.trace.pressure
    assert len(side.trace.pressure) == len(side.trace.times)
