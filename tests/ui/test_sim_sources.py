"""Restart, device profile and scenario choices build a fresh simulator source through
the simulator's scenario API (faked here where the simulator does not offer it yet)."""

from __future__ import annotations

import dataclasses

import pytest

import activitymon.sim as sim_package
from activitymon.sources import SourceError
from activitymon.ui.sim_sources import SimChoice, build_sim_source, profile_names


@dataclasses.dataclass(frozen=True)
class FakeScenario:
    name: str
    device: str = "iPhone10,3"


def test_restart_without_profile_opens_the_scenario_again():
    source = build_sim_source(SimChoice(None, None, 3))
    assert source.name == "sim"
    assert source.sample().time == pytest.approx(0.0)


def test_a_profile_replaces_the_scenarios_device(monkeypatch):
    built: list = []

    def from_scenario(scenario, seed=None):
        built.append((scenario, seed))
        return sim_package.demo_simulator(seed or 0)

    monkeypatch.setattr(sim_package, "load_scenario", FakeScenario, raising=False)
    monkeypatch.setattr(
        sim_package, "device_profiles", lambda: {"iPad8,1": object()}, raising=False
    )
    monkeypatch.setattr(sim_package.Simulator, "from_scenario", from_scenario, raising=False)
    assert profile_names() == ["iPad8,1"]
    source = build_sim_source(SimChoice("hog", "iPad8,1", 7))
    assert built == [(FakeScenario("hog", "iPad8,1"), 7)]
    assert "hog" in source.describe()


def test_profiles_need_the_scenario_api(monkeypatch):
    monkeypatch.delattr(sim_package, "load_scenario", raising=False)
    with pytest.raises(SourceError, match="no device profiles"):
        build_sim_source(SimChoice(None, "iPad8,1", None))
