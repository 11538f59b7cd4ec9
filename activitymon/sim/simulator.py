"""The facade the GUI, the ``sim`` source and ``activitymon simulate`` call.

Time moves only in :meth:`Simulator.advance` / :meth:`Simulator.run_until`; every
control method acts at the current simulated time. Same scenario and seed, same calls
→ same events and reports.
"""

from __future__ import annotations

from activitymon.model import (
    Event,
    JetsamReport,
    JetsamThresholds,
    KernelFacts,
    KernelLogLine,
    MemoryStats,
    PressureLevel,
    ProcessInfo,
    ProcessState,
    Snapshot,
)
from activitymon.model.regions import MemoryMap
from activitymon.sim.actions import schedule_actions
from activitymon.sim.controls import SimulatorControls
from activitymon.sim.errors import SimulatorError
from activitymon.sim.kernel import Kernel
from activitymon.sim.kernel_facts import kernel_facts
from activitymon.sim.process import SimProcess
from activitymon.sim.profiles import DeviceProfile, find_profile
from activitymon.sim.regions import Identity, memory_map_of, resident_bytes
from activitymon.sim.scenario import DEFAULT_PROFILE, DEFAULT_SCENARIO, Scenario, load_scenario
from activitymon.sim.stats import RunStats


class Simulator(SimulatorControls):
    """A simulated device whose memorystatus behaves as XNU's (see docs/SIMULATOR.md).

    Time and reading are here; ``era``, looking processes up and the controls (launch,
    grow, kill, set_limit …) are :class:`~activitymon.sim.controls.SimulatorControls`."""

    def __init__(self, profile: DeviceProfile | None = None, *, seed: int = 0) -> None:
        if profile is None:
            profile = find_profile(DEFAULT_PROFILE)
            assert profile is not None
        self.profile = profile
        self.seed = seed
        self.scenario: Scenario | None = None
        self._k = Kernel(profile, seed)
        self._facts: KernelFacts | None = None

    @classmethod
    def from_scenario(cls, scenario: Scenario, seed: int | None = None) -> Simulator:
        sim = cls(scenario.profile, seed=scenario.seed if seed is None else seed)
        sim.scenario = scenario
        k = sim._k
        k.reserved_pids = {p.pid for p in scenario.processes if p.pid is not None}
        boot = -scenario.profile.uptime_s
        if scenario.population:
            for i, spec in enumerate(scenario.profile.processes):
                start = (
                    boot + i * 0.5 if spec.state is ProcessState.DAEMON else -60.0 * (i % 30 + 1)
                )
                k.spawn(spec, announce=False, start_time=start)
        for spec in scenario.processes:
            k.spawn(spec, announce=False)
        schedule_actions(sim, scenario.actions)
        return sim

    # -- identity --------------------------------------------------------------------------
    @property
    def now(self) -> float:
        return self._k.now

    @property
    def product(self) -> str:
        return self.profile.name

    @property
    def device_label(self) -> str:
        return f"{self.profile.label} ({self.profile.name})"

    @property
    def duration(self) -> float:
        """The scenario's suggested run length (60 s without a scenario)."""
        return self.scenario.duration if self.scenario else 60.0

    @property
    def kernel(self) -> Kernel:
        """The simulated kernel, for tests and tools that need its internals."""
        return self._k

    # -- time ------------------------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise SimulatorError(f"cannot advance by a negative time ({seconds:g} s)")
        self._k.clock.run_until(self._k.now + seconds)

    def run_until(self, t: float) -> None:
        self._k.clock.run_until(t)

    # -- reading ---------------------------------------------------------------------------
    @property
    def level(self) -> PressureLevel:
        return self._k.level

    @property
    def available_pages(self) -> int:
        return self._k.available

    @property
    def thresholds(self) -> JetsamThresholds | None:
        return self._k.thresholds

    @property
    def kernel_facts(self) -> KernelFacts:
        """What this device's kernel does about memory (from its release's rules)."""
        if self._facts is None:
            self._facts = kernel_facts(self.profile, self._k.rules)
        return self._facts

    def snapshot(self) -> Snapshot:
        k = self._k
        pc = k.vm.page_classes()
        memory = MemoryStats(
            page_size=k.page_size,
            total_pages=k.total_pages,
            free_pages=pc["free"],
            active_pages=pc["active"],
            inactive_pages=pc["inactive"],
            speculative_pages=pc["speculative"],
            throttled_pages=pc["throttled"],
            wired_pages=pc["wired"],
            purgeable_pages=pc["purgeable"],
            file_backed_pages=pc["file_backed"],
            anonymous_pages=pc["anonymous"],
            compressor_pages=pc["compressor"],
            compressed_pages=pc["compressed"],
            available_pages=k.available,
        )
        frac = k.vm.compressed_fraction
        procs = tuple(self._info(p, frac) for p in k.bands.in_order())
        victim = k.jetsam.predict()
        return Snapshot(
            time=k.now,
            memory=memory,
            processes=procs,
            level=k.level,
            memorystatus_level=k.memorystatus_level,
            era=k.era,
            thresholds=k.thresholds,
            device=f"{self.profile.name} (simulated)",
            next_victim=None if victim is None else (victim[0].pid, victim[1]),
        )

    def _info(self, p: SimProcess, compressed_fraction: float) -> ProcessInfo:
        ps = p.page_size
        compressed = int(p.compressible_pages * compressed_fraction)
        return ProcessInfo(
            pid=p.pid,
            name=p.name,
            footprint_bytes=p.footprint,
            rss_bytes=resident_bytes(
                p.layout,
                Identity(p.pid, p.name, p.is_app, ps),
                compressed_pages=compressed,
                purgeable_pages=p.purgeable_pages,
            ),
            compressed_bytes=compressed * ps,
            band=p.band,
            requested_band=p.requested_band,
            active_limit=p.active_limit,
            inactive_limit=p.inactive_limit,
            limit=self._k.applied_limit(p),
            states=p.states(),
            lifetime_max_bytes=p.lifetime_max_pages * ps,
            purgeable_bytes=p.purgeable_pages * ps,
            band_seq=p.seq,
            limit_origin=None if p.limit_origin is None else p.limit_origin.value,
        )

    def run_stats(self) -> RunStats:
        """Time below each threshold and at each level, peak level and lowest
        ``memorystatus_level`` since the start, integrated exactly."""
        return self._k.stats.read(self._k.now)

    def drain_events(self) -> list[Event]:
        events, self._k.events = self._k.events, []
        return events

    def drain_kernel_log(self) -> list[KernelLogLine]:
        """The kernel's own log lines since the last call, oldest first, in the format
        of the device's release (``sim/kernel_log.py``)."""
        lines, self._k.log_lines = self._k.log_lines, []
        return lines

    def drain_reports(self) -> list[JetsamReport]:
        """Reports the device posted since the last call, oldest first."""
        return [report for _, report in self.drain_timed_reports()]

    def drain_timed_reports(self) -> list[tuple[float, JetsamReport]]:
        """The same, each with the simulated time it was posted."""
        reports, self._k.reporter.reports = self._k.reporter.reports, []
        return reports

    def memory_map(self, pid: int) -> MemoryMap:
        """The process's regions now (sim/regions.py): their dirty and swapped bytes add
        up to its footprint, their swapped bytes to its compressed bytes."""
        proc = self.process(pid)
        ident = Identity(proc.pid, proc.name, proc.is_app, proc.page_size)
        compressed = int(proc.compressible_pages * self._k.vm.compressed_fraction)
        return memory_map_of(
            proc.layout, ident, compressed_pages=compressed, purgeable_pages=proc.purgeable_pages
        )


def demo_simulator(seed: int = 0) -> Simulator:
    """The app's default device: the built-in ``demo`` scenario."""
    return Simulator.from_scenario(load_scenario(DEFAULT_SCENARIO), seed=seed)
