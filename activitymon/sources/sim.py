"""The simulator as a source: a clocked source whose time moves only on ``advance``.

It is :class:`~activitymon.sources.base.Steerable`: the sampler thread drives the
device through the methods below (hog, pressure, the process menu's controls), each
one call on the :class:`Simulator`, so mypy sees every control the GUI offers.
"""

from __future__ import annotations

from activitymon.model import (
    Event,
    JetsamReport,
    KernelFacts,
    KernelLogLine,
    PressureLevel,
    ReportWritten,
    Snapshot,
)
from activitymon.model.regions import MemoryMap
from activitymon.sim import (
    DEFAULT_SCENARIO,
    ScenarioError,
    Simulator,
    SimulatorError,
    load_scenario,
)
from activitymon.sim.scenario import with_properties_file
from activitymon.sources.base import Capability, ProcessGone, SourceError, SourceKind

_CAPABILITIES = frozenset(
    {
        Capability.FOOTPRINT,
        Capability.RSS,
        Capability.COMPRESSED,
        Capability.LIFETIME_MAX,
        Capability.BANDS,
        Capability.LIMITS,
    }
)


class ScenarioUnavailable(SourceError):
    """The scenario named for the simulator is unknown or invalid (one-line message)."""


class SimulatorSource:
    name = SourceKind.SIMULATOR

    def __init__(
        self,
        simulator: Simulator,
        scenario_name: str = DEFAULT_SCENARIO,
        jetsam_properties: str | None = None,
    ) -> None:
        self.simulator = simulator
        self.scenario_name = scenario_name
        #: the jetsam-properties file given in place of the device's own (kept for Restart)
        self.jetsam_properties = jetsam_properties
        #: reports drained with the events, until ``drain_reports`` takes them
        self._reports: list[JetsamReport] = []

    @classmethod
    def open(
        cls,
        scenario: str | None = None,
        *,
        seed: int | None = None,
        jetsam_properties: str | None = None,
    ) -> SimulatorSource:
        """Open a built-in scenario by name or a scenario TOML file (default: the demo),
        with a jetsam-properties plist in place of the device's own when given."""
        try:
            loaded = load_scenario(scenario or DEFAULT_SCENARIO)
            if jetsam_properties:
                loaded = with_properties_file(loaded, jetsam_properties)
        except ScenarioError as exc:
            raise ScenarioUnavailable(str(exc)) from None
        return cls(Simulator.from_scenario(loaded, seed=seed), loaded.name, jetsam_properties)

    @property
    def capabilities(self) -> frozenset[Capability]:
        return _CAPABILITIES

    def describe(self) -> str:
        return f"Simulated {self.simulator.device_label} — scenario {self.scenario_name}"

    def kernel_facts(self) -> KernelFacts:
        return self.simulator.kernel_facts

    def advance(self, seconds: float) -> None:
        self.simulator.advance(seconds)

    def sample(self) -> Snapshot:
        return self.simulator.snapshot()

    def drain_events(self) -> list[Event]:
        """Events since the last call; a report the device posted is an event too
        (``ReportWritten`` with no path: it is kept in memory), at its posting time."""
        events = self.simulator.drain_events()
        posted = self.simulator.drain_timed_reports()
        if posted:
            for t, report in posted:
                self._reports.append(report)
                events.append(
                    ReportWritten(
                        t,
                        "",
                        report.format.value,
                        victims=len(report.victims),
                        incident=report.incident_id,
                    )
                )
            events.sort(key=lambda e: e.t)  # stable: a report follows its kill pass
        return events

    def drain_kernel_log(self) -> list[KernelLogLine]:
        return self.simulator.drain_kernel_log()

    def drain_reports(self) -> list[JetsamReport]:
        """Reports the device wrote since the last call (JetsamReport values)."""
        reports, self._reports = self._reports, []
        return reports + self.simulator.drain_reports()

    def memory_map(self, pid: int) -> MemoryMap:
        """The simulated process's regions (sim/regions.py)."""
        try:
            return self.simulator.memory_map(pid)
        except SimulatorError as exc:
            raise ProcessGone(str(exc)) from None

    def close(self) -> None:
        pass

    # -- Steerable: the simulator toolbar and the process menu ---------------------------
    def start_hog(self, band: int, *, rate_mb_per_s: float, chunk_mb: float) -> int:
        return self.simulator.start_hog(band, rate_mb_per_s=rate_mb_per_s, chunk_mb=chunk_mb)

    def simulate_pressure(self, level: PressureLevel | None) -> None:
        self.simulator.simulate_pressure(level)

    def grow(self, pid: int, *, rate_mb_per_s: float, chunk_mb: float) -> None:
        self.simulator.grow(pid, rate_mb_per_s=rate_mb_per_s, chunk_mb=chunk_mb)

    def stop_growing(self, pid: int) -> None:
        self.simulator.stop(pid)

    def allocate(self, pid: int, mb: float) -> None:
        self.simulator.allocate(pid, mb)

    def free(self, pid: int, mb: float) -> None:
        self.simulator.free(pid, mb)

    def memory_warning(self, pid: int) -> None:
        self.simulator.memory_warning(pid)

    def foreground(self, pid: int) -> None:
        self.simulator.foreground(pid)

    def background(self, pid: int) -> None:
        self.simulator.background(pid)

    def suspend(self, pid: int) -> None:
        self.simulator.suspend(pid)

    def set_band(self, pid: int, band: int) -> None:
        self.simulator.set_band(pid, band)

    def set_limit(self, pid: int, limit_mb: float | None, fatal: bool) -> None:
        self.simulator.set_limit(pid, limit_mb, fatal)

    def kill(self, pid: int) -> None:
        self.simulator.kill(pid)
