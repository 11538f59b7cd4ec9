"""Build a fresh simulator source for Restart, a device profile or an opened scenario."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from activitymon.sim import (
    DEFAULT_SCENARIO,
    ScenarioError,
    Simulator,
    SimulatorError,
    builtin_scenario_names,
    device_profiles,
    find_profile,
    load_scenario,
)
from activitymon.sim.scenario import with_properties_file
from activitymon.sources import Source, SourceError
from activitymon.sources.sim import SimulatorSource


@dataclasses.dataclass(frozen=True)
class SimChoice:
    """What the simulator toolbar asks for: a scenario (name or file), a profile, a seed."""

    scenario: str | None = None
    profile: str | None = None
    seed: int | None = None
    #: a jetsam-properties plist in place of the device's own
    jetsam_properties: str | None = None


def scenario_names() -> list[str]:
    return builtin_scenario_names()  # names only: nothing is read


def profile_names() -> list[str]:
    return list(device_profiles())


def current_choice(source: Source) -> SimChoice:
    if not isinstance(source, SimulatorSource):
        return SimChoice()
    scenario = source.simulator.scenario
    return SimChoice(
        source.scenario_name,
        None if scenario is None else scenario.profile.name,
        source.simulator.seed,
        source.jetsam_properties,
    )


def build_sim_source(choice: SimChoice) -> Source:
    """A new simulator source; raises :class:`SourceError` with a one-line message.

    Without a device profile this is what ``--source sim --scenario …`` opens; with one,
    the same scenario is moved onto that device (bands rescaled to its era).
    """
    if not choice.profile:
        return SimulatorSource.open(
            choice.scenario, seed=choice.seed, jetsam_properties=choice.jetsam_properties
        )
    name = choice.scenario or DEFAULT_SCENARIO
    profile = find_profile(choice.profile)
    if profile is None:
        raise SourceError(f"unknown device profile {choice.profile!r}")
    try:
        scenario = load_scenario(name).on_device(profile)
        if choice.jetsam_properties:
            scenario = with_properties_file(scenario, choice.jetsam_properties)
        simulator = Simulator.from_scenario(scenario, seed=choice.seed)
    except (ScenarioError, SimulatorError) as exc:
        raise SourceError(str(exc)) from None
    label = Path(name).stem if name.endswith(".toml") else name
    return SimulatorSource(simulator, label, choice.jetsam_properties)
