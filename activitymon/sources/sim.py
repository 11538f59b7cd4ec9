"""The simulator as a source: a clocked source whose time moves only on ``advance``."""

from __future__ import annotations

from activitymon.model import Event, JetsamReport, Snapshot
from activitymon.sim import Simulator, demo_simulator
from activitymon.sources.base import Capability, SourceError

_CAPABILITIES = frozenset(
    {
        Capability.FOOTPRINT,
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


class SimulatorSource:
    name = "sim"

    def __init__(self, simulator: Simulator, scenario_name: str = "demo") -> None:
        self.simulator = simulator
        self.scenario_name = scenario_name

    @classmethod
    def open(cls, scenario: str | None = None, *, seed: int | None = None) -> SimulatorSource:
        if scenario not in (None, "demo"):
            raise SourceError(f"unknown scenario {scenario!r}")
        return cls(demo_simulator(seed or 0), "demo")

    @property
    def capabilities(self) -> frozenset[Capability]:
        return _CAPABILITIES

    def describe(self) -> str:
        return f"Simulated {self.simulator.product} — scenario {self.scenario_name}"

    def advance(self, seconds: float) -> None:
        self.simulator.advance(seconds)

    def sample(self) -> Snapshot:
        return self.simulator.snapshot()

    def drain_events(self) -> list[Event]:
        return self.simulator.drain_events()

    def drain_reports(self) -> list[JetsamReport]:
        """Jetsam reports the simulator wrote since the last call, oldest first."""
        drain = getattr(self.simulator, "drain_reports", None)
        return list(drain()) if drain is not None else []

    def close(self) -> None:
        pass
