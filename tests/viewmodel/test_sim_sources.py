"""Restart, device profile and scenario choices build a fresh simulator source."""

from __future__ import annotations

import pytest

from activitymon.model import Era
from activitymon.sources import SourceError
from activitymon.sources.sim import SimulatorSource
from activitymon.viewmodel.sim_sources import (
    SimChoice,
    build_sim_source,
    current_choice,
    profile_names,
    scenario_names,
)


def test_restart_without_profile_opens_the_scenario_again():
    source = build_sim_source(SimChoice(None, None, 3))
    assert source.name == "sim"
    assert source.sample().time == pytest.approx(0.0)


def test_the_toolbar_lists_every_built_in_profile_and_scenario():
    assert {"iPod5,1", "iPhone12,1", "Mac"} <= set(profile_names())
    assert {"demo", "hog"} <= set(scenario_names())


def test_a_profile_moves_the_scenario_onto_that_device():
    source = build_sim_source(SimChoice("hog", "iPod5,1", 7))
    assert isinstance(source, SimulatorSource)
    assert source.simulator.product == "iPod5,1"
    snap = source.sample()
    assert snap.era is Era.PRIORITY_LIST  # xnu-2050: priorities, not bands
    assert snap.memory.page_size == 4096
    # the modern-scale scenario's bands were brought onto the 0–21 scale
    assert all(p.band is None or p.band <= 21 for p in snap.processes)
    assert current_choice(source) == SimChoice("hog", "iPod5,1", 7)


def test_an_unknown_profile_is_one_line():
    with pytest.raises(SourceError, match="unknown device profile 'iPad8,1'"):
        build_sim_source(SimChoice(None, "iPad8,1", None))
