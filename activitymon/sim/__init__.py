"""An embedded iOS device (or a Mac) whose memorystatus behaves as XNU's does.

Pure Python: no Qt, no psutil, no ctypes. The simulator owns its clock, is seeded,
and steps deterministically: the same scenario and seed give the same events.
See docs/SIMULATOR.md for what is modelled and what is simplified.
"""

from activitymon.sim.errors import ScenarioError, SimulatorError
from activitymon.sim.profiles import DeviceProfile, device_profiles, find_profile
from activitymon.sim.scenario import (
    DEFAULT_SCENARIO,
    Scenario,
    builtin_scenario_names,
    builtin_scenarios,
    load_scenario,
    parse_scenario,
)
from activitymon.sim.simulator import Simulator, demo_simulator
from activitymon.sim.stats import RunStats

__all__ = [
    "DEFAULT_SCENARIO",
    "DeviceProfile",
    "RunStats",
    "Scenario",
    "ScenarioError",
    "Simulator",
    "SimulatorError",
    "builtin_scenario_names",
    "builtin_scenarios",
    "demo_simulator",
    "device_profiles",
    "find_profile",
    "load_scenario",
    "parse_scenario",
]
