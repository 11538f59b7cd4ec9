"""The simulator's controls: what a scenario's actions, the window's toolbar and a
script can do to the device at the current simulated time (an unknown pid raises
``SimulatorError`` with a one-line message). :class:`~activitymon.sim.simulator.Simulator`
inherits them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from activitymon.limits import MAX_FIRES_PER_S, MAX_MB
from activitymon.model import (
    Era,
    KillReason,
    NoteCause,
    PressureLevel,
    ProcessState,
    ios6_priority_for_band,
    parse_band,
)
from activitymon.sim.errors import SimulatorError
from activitymon.sim.kernel import Kernel
from activitymon.sim.ledger import starting_limits
from activitymon.sim.process import ResponsePolicy, SimProcess
from activitymon.sim.profiles import DeviceProfile
from activitymon.sim.specs import ProcessSpec
from activitymon.sim.xnu import MB, background_band, foreground_band


class SimulatorControls:
    """Looking processes up and steering them; ``Simulator`` provides the kernel."""

    _k: Kernel
    profile: DeviceProfile

    @property
    def era(self) -> Era:
        return self._k.era

    # -- looking up ------------------------------------------------------------------------
    def process(self, pid: int) -> SimProcess:
        proc = self._k.procs.get(pid)
        if proc is None:
            raise SimulatorError(f"no running process with pid {pid}")
        return proc

    def find(self, name: str) -> int | None:
        """The pid of the most recently started running process called ``name``."""
        best: SimProcess | None = None
        for proc in self._k.procs.values():
            if proc.name == name and (best is None or proc.pid > best.pid):
                best = proc
        return None if best is None else best.pid

    def _band(self, band: int | str) -> int:
        try:
            return parse_band(band, self.era)
        except ValueError as exc:
            raise SimulatorError(f"band: {exc}") from None

    # -- controls --------------------------------------------------------------------------
    def launch(
        self,
        name: str,
        band: int | str | None = None,
        footprint_mb: float = 1.0,
        state: ProcessState | str = ProcessState.DAEMON,
        **options: Any,
    ) -> int:
        """Start a process. ``options`` take the scenario's ``[[process]]`` keys
        (``limit_mb``, ``inactive_limit_mb``, ``limit_fatal``, ``idle_exit``, ``dirty``,
        ``purgeable_mb``, ``on_warning``, ``grow_mb_per_s``, ``chunk_mb``, ``pid`` …)."""
        try:
            state = ProcessState(state)
        except ValueError:
            raise SimulatorError(
                f"state: expected frontmost, background, suspended or daemon, got {state!r}"
            ) from None
        policy = options.pop("on_warning", ResponsePolicy())
        if isinstance(policy, str):
            try:
                policy = ResponsePolicy.parse(policy)
            except ValueError as exc:
                raise SimulatorError(f"on_warning: {exc}") from None
        if footprint_mb < 0:
            raise SimulatorError(f"footprint_mb: expected a number ≥ 0, got {footprint_mb:g}")
        kernel_band = self.era.default_band if band is None else self._band(band)
        spec = ProcessSpec(
            name=name,
            band=kernel_band if not self.era.is_priority_list else self.profile.era.default_band,
            priority=kernel_band if self.era.is_priority_list else None,
            footprint_mb=footprint_mb,
            state=state,
            on_warning=policy,
        )
        if "limit_mb" in options and "inactive_limit_mb" not in options:
            options["inactive_limit_mb"] = options["limit_mb"]
        if "limit_fatal" in options and "inactive_limit_fatal" not in options:
            options["inactive_limit_fatal"] = options["limit_fatal"]
        try:
            spec = replace(spec, **options)
        except TypeError as exc:
            raise SimulatorError(f"launch: {exc}") from None
        return self.launch_spec(spec)

    def launch_spec(self, spec: ProcessSpec) -> int:
        return self._k.spawn(spec).pid

    def start_hog(
        self, band: int | str, *, rate_mb_per_s: float = 16.0, chunk_mb: float = 8.0
    ) -> int:
        """Launch a frontmost "hog" that allocates and touches memory in chunks. It has
        no memory limit (``limit_mb = "none"``, XNU's internal 0): a teaching tool that
        can take the whole device, where a real app would meet its task limit first."""
        pid = self.launch("hog", band, 1.0, ProcessState.FRONTMOST, limit_mb=0.0)
        if pid in self._k.procs:
            self.grow(pid, rate_mb_per_s=rate_mb_per_s, chunk_mb=chunk_mb)
        return pid

    def grow(self, pid: int, *, rate_mb_per_s: float, chunk_mb: float = 8.0) -> None:
        if not (0 < rate_mb_per_s <= MAX_MB and 0 < chunk_mb <= MAX_MB):
            raise SimulatorError(
                f"grow: rate_mb_per_s and chunk_mb must be finite, above 0 and at most {MAX_MB:g}"
            )
        if rate_mb_per_s / chunk_mb > MAX_FIRES_PER_S:
            raise SimulatorError(f"grow: more than {MAX_FIRES_PER_S:g} chunks per second")
        self._k.start_growth(self.process(pid), rate_mb_per_s, chunk_mb)

    def stop(self, pid: int) -> None:
        self._k.stop_growth(self.process(pid))

    def allocate(self, pid: int, mb: float) -> None:
        proc = self.process(pid)
        self._k.set_pages(proc, proc.pages + self._k.pages_of(mb * MB))

    def free(self, pid: int, mb: float) -> None:
        proc = self.process(pid)
        self._k.set_pages(proc, max(0, proc.pages - self._k.pages_of(mb * MB)))

    def kill(self, pid: int) -> None:
        """A user kill (force quit): ``jettisoned``, and no jetsam report."""
        self._k.kill(self.process(pid), KillReason.JETTISONED)

    def exit(self, pid: int) -> None:
        self._k.exit(self.process(pid))

    def foreground(self, pid: int) -> None:
        """Make an app frontmost (FOREGROUND band); the previous frontmost app goes to
        the background."""
        proc = self.process(pid)
        for other in list(self._k.procs.values()):
            if other is not proc and other.state is ProcessState.FRONTMOST:
                self._set_state(other, ProcessState.BACKGROUND)
        self._set_state(proc, ProcessState.FRONTMOST)

    def background(self, pid: int) -> None:
        self._set_state(self.process(pid), ProcessState.BACKGROUND)

    def suspend(self, pid: int) -> None:
        """Suspend an app: it asks for the idle band and ages on the way (§1.6)."""
        self._set_state(self.process(pid), ProcessState.SUSPENDED)

    def _app_band(self, state: ProcessState) -> int:
        """Where SpringBoard (iOS 6) or RunningBoard puts an app in ``state``: FOREGROUND,
        BACKGROUND or the idle band; on the iOS 6 priority list the estimated
        priorities of a frontmost, background and suspended app."""
        if self.era.is_priority_list:
            band = {ProcessState.FRONTMOST: 10, ProcessState.BACKGROUND: 3}.get(state, 0)
            return ios6_priority_for_band(band)
        if state is ProcessState.FRONTMOST:
            return foreground_band(self.era)
        return background_band(self.era) if state is ProcessState.BACKGROUND else 0

    def _set_state(self, proc: SimProcess, state: ProcessState) -> None:
        proc.state = state
        self._k.aging.request(proc, self._app_band(state))
        self._k.check_limits(proc, allocating=False)

    def set_band(self, pid: int, band: int | str) -> None:
        """Ask for ``band`` (on the iOS 6 priority list: a priority, or a band name that
        maps to one), as ``memorystatus_control`` / the jetsam sysctl would."""
        self._k.aging.request(self.process(pid), self._band(band))

    def set_limit(self, pid: int, limit_mb: float | str | None, fatal: bool = True) -> None:
        """Set the active and inactive limits: MB, ``"system"`` (back to the device's
        task limit) or ``None`` / ≤ 0 / ``"none"`` (no limit). A process already over a
        new fatal limit dies on its next allocation."""
        proc = self.process(pid)
        if isinstance(limit_mb, str):
            word = limit_mb.strip().lower()
            if word not in ("system", "none"):
                raise SimulatorError(f'limit_mb: expected MB, "system" or "none", got {limit_mb!r}')
            limit_mb = None if word == "system" else 0.0
        elif limit_mb is None:
            limit_mb = 0.0
        limits = starting_limits(
            limit_mb, fatal, limit_mb, fatal, device=self._k.limits, entitled=False, origin=None
        )
        proc.active_limit, proc.inactive_limit = limits.active, limits.inactive
        proc.active_default, proc.inactive_default = limits.active_default, limits.inactive_default
        proc.limit_origin = limits.origin
        proc.exc_resource_sent.clear()
        proc.over_limit = proc.over_warning = False
        # ledger_set_limit only stores the limit: it acts on the next allocation
        self._k.check_limits(proc, allocating=False)
        self._k.memory_changed()

    def memory_warning(self, pid: int) -> None:
        """Send one process a memory warning (as Xcode's "Simulate Memory Warning")."""
        self._k.warn_process(self.process(pid), PressureLevel.WARN, NoteCause.REQUEST)

    def simulate_compressor_shortage(self) -> None:
        """What the compressor does when it cannot take more pages:
        ``memorystatus_kill_on_VM_compressor_space_shortage(async)`` (xnu-11417.121.6)
        sets ``memorystatus_compressor_space_shortage`` and wakes the jetsam thread,
        which clears it after a kill for it. Nothing dies of it on an iOS release without
        compressor-space kills (``compressor_space_kills``)."""
        self._k.vm.space_shortage = True
        self._k.jetsam.poke()

    def simulate_pressure(self, level: PressureLevel | str | None) -> None:
        """Hold the pressure level (like ``memory_pressure -S``); ``None`` ends it."""
        if isinstance(level, str):
            try:
                level = PressureLevel.parse(level)
            except ValueError as exc:
                raise SimulatorError(str(exc)) from None
        self._k.force_level(level)
