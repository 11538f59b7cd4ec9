"""The simulator as a source: a clocked source whose time moves only on ``advance``.

The GUI drives the device through ``source.simulator`` (a :class:`Simulator`: launch,
hog, pressure, limits …) and reads it through :meth:`sample` and :meth:`drain_events`.
"""

from __future__ import annotations

from activitymon.model import Event, JetsamReport, Snapshot
from activitymon.sim import ScenarioError, Simulator, load_scenario
from activitymon.sources.base import Capability, SourceError

DEFAULT_SCENARIO = "demo"

_CAPABILITIES = frozenset(
    {
        Capability.FOOTPRINT,
        Capability.COMPRESSED,
        Capability.LIFETIME_MAX,
        Capability.BANDS,
        Capability.LIMITS,
        Capability.PRESSURE_LEVEL,
        Capability.MEMORYSTATUS_LEVEL,
        Capability.THRESHOLDS,
        Capability.PAGE_CLASSES,
        Capability.EVENTS,
        Capability.SIMULATOR,
    }
)


class ScenarioUnavailable(SourceError):
    """The scenario named for the simulator is unknown or invalid (one-line message)."""


class SimulatorSource:
    name = "sim"

    def __init__(self, simulator: Simulator, scenario_name: str = DEFAULT_SCENARIO) -> None:
        self.simulator = simulator
        self.scenario_name = scenario_name

    @classmethod
    def open(cls, scenario: str | None = None, *, seed: int | None = None) -> SimulatorSource:
        """Open a built-in scenario by name or a scenario TOML file (default: the demo)."""
        try:
            loaded = load_scenario(scenario or DEFAULT_SCENARIO)
        except ScenarioError as exc:
            raise ScenarioUnavailable(str(exc)) from None
        return cls(Simulator.from_scenario(loaded, seed=seed), loaded.name)

    @property
    def capabilities(self) -> frozenset[Capability]:
        return _CAPABILITIES

    def describe(self) -> str:
        return f"Simulated {self.simulator.device_label} — scenario {self.scenario_name}"

    def advance(self, seconds: float) -> None:
        self.simulator.advance(seconds)

    def sample(self) -> Snapshot:
        return self.simulator.snapshot()

    def drain_events(self) -> list[Event]:
        return self.simulator.drain_events()

    def drain_reports(self) -> list[JetsamReport]:
        """Reports the device wrote since the last call (JetsamReport values)."""
        return self.simulator.drain_reports()

    def close(self) -> None:
        pass
