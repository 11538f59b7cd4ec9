"""Build a fresh simulator source for Restart, a device profile or an opened scenario.

The simulator's scenario API (``load_scenario``, ``builtin_scenarios``,
``device_profiles``, ``Simulator.from_scenario``) is looked up by name, so this works
with the first small simulator (demo only) and with the scenario-driven one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import activitymon.sim as sim_package
from activitymon.sources import Source, SourceError
from activitymon.sources.sim import SimulatorSource


@dataclasses.dataclass(frozen=True)
class SimChoice:
    """What the simulator toolbar asks for: a scenario (name or file), a profile, a seed."""

    scenario: str | None = None
    profile: str | None = None
    seed: int | None = None


def _names(items: Any) -> list[str]:
    if items is None:
        return []
    if isinstance(items, dict):
        return [str(k) for k in items]
    if isinstance(items, Iterable):
        return [str(getattr(item, "name", item)) for item in items]
    return []


def scenario_names() -> list[str]:
    builtin = getattr(sim_package, "builtin_scenarios", None)
    return _names(builtin()) if callable(builtin) else ["demo"]


def profile_names() -> list[str]:
    profiles = getattr(sim_package, "device_profiles", None)
    return _names(profiles()) if callable(profiles) else []


def current_choice(source: Source) -> SimChoice:
    scenario = getattr(source, "scenario_name", None)
    simulator = getattr(source, "simulator", None)
    seed = getattr(simulator, "seed", None)
    return SimChoice(
        scenario if isinstance(scenario, str) else None,
        None,
        seed if isinstance(seed, int) else None,
    )


def _with_profile(scenario: Any, profile: str) -> Any:
    if not dataclasses.is_dataclass(scenario) or isinstance(scenario, type):
        raise SourceError("this simulator's scenarios cannot change device profile")
    fields = {f.name for f in dataclasses.fields(scenario)}
    for name in ("device", "profile", "device_profile"):
        if name in fields:
            current = getattr(scenario, name)
            value: Any = profile
            if not isinstance(current, str | type(None)):
                profiles = getattr(sim_package, "device_profiles", None)
                table = profiles() if callable(profiles) else {}
                value = table[profile] if isinstance(table, dict) and profile in table else profile
            return dataclasses.replace(scenario, **{name: value})
    raise SourceError("this simulator's scenarios name no device profile")


def build_sim_source(choice: SimChoice) -> Source:
    """A new simulator source; raises :class:`SourceError` with a one-line message.

    Without a device profile this is what ``--source sim --scenario …`` opens; a profile
    goes through the simulator's scenario API (``load_scenario``, ``from_scenario``).
    """
    if not choice.profile:
        return SimulatorSource.open(choice.scenario, seed=choice.seed)
    load = getattr(sim_package, "load_scenario", None)
    simulator_cls = getattr(sim_package, "Simulator", None)
    from_scenario = getattr(simulator_cls, "from_scenario", None)
    if not callable(load) or not callable(from_scenario):
        raise SourceError("this simulator has no device profiles yet")
    name = choice.scenario or "demo"
    try:
        scenario = _with_profile(load(name), choice.profile)
        simulator = from_scenario(scenario, seed=choice.seed)
    except (OSError, ValueError, KeyError) as exc:
        raise SourceError(f"scenario {name}: {exc}") from None
    label = Path(name).stem if name.endswith(".toml") else name
    return SimulatorSource(simulator, label)
