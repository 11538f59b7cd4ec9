"""Live macOS: pressure, memory, footprint, bands and limits read from the kernel.

:class:`MacOSSource` implements :class:`~activitymon.sources.base.Source` and
:class:`~activitymon.sources.base.TerminatingSource` over a function table
(:mod:`macos_calls`): ``DarwinLibc`` on a Mac, a fake in tests, so every path here
runs on any OS. Readings: :mod:`macos_system` (memory, level), :mod:`macos_procs`
(processes, bands, limits); layouts in :mod:`macos_structs`, decoding in
:mod:`macos_decode`.

Bands are reported on the kernel's own scale: ``Era.MACOS`` (×10, 0–210) from
macOS 13 (Darwin 22, xnu-8792), ``Era.LEGACY`` (0–21) before; the OS version decides
(``kern.osrelease``, else ``kern.osproductversion``), the bands themselves only when
neither is readable. What the kernel refuses (most of it needs root: bands, limits,
other users' footprints) is ``None`` with a one-time line in :meth:`notices`.

Pressure changes arrive from a kqueue on ``EVFILT_MEMORYSTATUS`` and from the
``kern.memorystatus_vm_pressure_level`` read at each sample (the kernel only notifies
processes in band 20 or above with 10 MB of footprint, §4.5), as ``LevelChanged``
events; processes appearing and vanishing between samples give ``Launched`` and
``Exited``.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable

from activitymon.model import (
    Event,
    Exited,
    KernelFacts,
    KernelLogLine,
    Launched,
    LevelChanged,
    LevelSource,
    Platform,
    PressureLevel,
    PriorityModel,
    ProcessInfo,
    Snapshot,
)
from activitymon.model.regions import MemoryMap
from activitymon.sources import macos_structs as st
from activitymon.sources.base import (
    AccessDenied,
    Capability,
    ProcessGone,
    SourceError,
    SourceKind,
    SourceUnavailable,
)
from activitymon.sources.macos_calls import (
    CallFailed,
    DarwinCalls,
    Gone,
    Missing,
    PressureWatch,
    Refused,
)
from activitymon.sources.macos_log import UnifiedLog
from activitymon.sources.macos_procs import JetsamReader, ProcessReader
from activitymon.sources.macos_regions import read_memory_map
from activitymon.sources.macos_system import (
    Notices,
    SystemReader,
    activity_monitor_figures,
    era_from_bands,
    read_machine,
    why,
)

_ALWAYS = frozenset(
    {
        Capability.FOOTPRINT,
        Capability.RSS,
        Capability.CPU,
        Capability.LIFETIME_MAX,
    }
)
_JETSAM = frozenset({Capability.BANDS, Capability.LIMITS})
ROOT_FOR_PRESSURE = (
    "simulating memory pressure needs root (kern.memorypressure_manual_trigger); "
    "run activitymon with sudo"
)


def level_from_fflags(fflags: int) -> PressureLevel | None:
    """The level an ``EVFILT_MEMORYSTATUS`` note announces (highest bit wins)."""
    if fflags & st.NOTE_MEMORYSTATUS_PRESSURE_CRITICAL:
        return PressureLevel.CRITICAL
    if fflags & st.NOTE_MEMORYSTATUS_PRESSURE_WARN:
        return PressureLevel.WARN
    if fflags & st.NOTE_MEMORYSTATUS_PRESSURE_NORMAL:
        return PressureLevel.NORMAL
    return None


class MacOSSource:
    """The live macOS source. ``calls`` is the function table (a fake in tests)."""

    name = SourceKind.MACOS

    def __init__(
        self,
        calls: DarwinCalls,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        unified_log: UnifiedLog | None = None,
    ) -> None:
        self._calls = calls
        #: the kernel's memorystatus lines (``log show``); read on a real Mac only
        self._unified_log = unified_log
        if unified_log is None and sys.platform == "darwin":
            self._unified_log = UnifiedLog(clock=clock)
        self._clock = clock
        self._wall_clock = wall_clock
        self._notices = Notices()
        try:
            self.machine = read_machine(calls)
        except (CallFailed, ValueError) as exc:
            raise SourceUnavailable(
                f"the macos source cannot read page size and RAM: {exc}"
            ) from None
        self._t0 = clock()
        self._system = SystemReader(calls, self.machine, self._notices)
        self._jetsam = JetsamReader(calls, self._notices)
        self._jetsam.probe()
        self._procs = ProcessReader(calls, self._notices, clock)
        self._events: list[Event] = []
        self._level: PressureLevel | None = None
        self._names: dict[int, str] = {}
        self._last_available: int | None = None
        self._last_ms_level: int | None = None
        self._watch: PressureWatch | None = None
        try:
            self._watch = calls.open_pressure_watch()
        except CallFailed as exc:
            self._notices.add(
                "kqueue",
                f"Pressure changes are seen only at each sample: {why(exc)}",
            )

    # -- Source -------------------------------------------------------------------
    @property
    def capabilities(self) -> frozenset[Capability]:
        return _ALWAYS | _JETSAM if self._jetsam.available else _ALWAYS

    def describe(self) -> str:
        m = self.machine
        parts = [p for p in (m.model, f"macOS {m.product_version}" if m.product_version else "")
                 if p]  # fmt: skip
        return "This Mac" + (f" ({', '.join(parts)})" if parts else "") + " — live"

    def kernel_facts(self) -> KernelFacts:
        """macOS: no page-shortage thresholds; under pressure, idle exit of clean
        idle-exit processes; the level is the kernel's own."""
        version = self.machine.product_version
        name = f"macOS {version}" if version else "macOS"
        return KernelFacts(
            platform=Platform.MACOS,
            release=name,
            os_name=name,
            priority_model=PriorityModel.BANDS if self._jetsam.available else None,
            idle_band=True,
            compressor=True,
            level_source=LevelSource.KERNEL,
            soft_limits=True,
            fatal_limits=True,
            idle_exit_under_pressure=True,
        )

    def notices(self) -> list[str]:
        """Every one-time notice so far: what this Mac would not tell us, and why."""
        return self._notices.all()

    def drain_notices(self) -> list[str]:
        """Notices added since the last call."""
        return self._notices.drain()

    def _now(self) -> float:
        return self._clock() - self._t0

    def sample(self) -> Snapshot:
        t = self._now()
        self._poll_pressure(t)
        memory = self._system.memory()
        level = self._system.pressure_level()
        ms_level = self._system.memorystatus_level()
        self._last_available, self._last_ms_level = memory.available_pages, ms_level
        if level is not None:
            self._observe_level(level, t)
        jetsam = self._jetsam.read()
        era = self.machine.era
        if jetsam is not None and era is None:
            era = era_from_bands([j.entry.priority for j in jetsam.values()])
        processes = self._procs.read(jetsam, era)
        self._track_processes(t, processes)
        extra = self._system.extras()
        extra.update(
            {
                f"am.{k}": float(v)
                for k, v in activity_monitor_figures(memory).items()
                if v is not None
            }
        )
        return Snapshot(
            time=t,
            memory=memory,
            processes=tuple(processes),
            level=level,
            memorystatus_level=ms_level,
            era=era if jetsam is not None else None,
            device="this Mac" + (f" ({self.machine.model})" if self.machine.model else ""),
            wall_time=self._wall_clock(),
            extra=extra,
        )

    def drain_events(self) -> list[Event]:
        self._poll_pressure(self._now())
        events, self._events = self._events, []
        return events

    def drain_kernel_log(self) -> list[KernelLogLine]:
        """memorystatus's own lines from the unified log since the last call (read
        every few seconds, at the time they were read); where ``log`` cannot be run,
        a notice says why, once."""
        log = self._unified_log
        if log is None:
            return []
        log.poll()
        if log.problem is not None:
            self._notices.add("kernel-log", log.problem)
            return []
        t = self._now()
        return [KernelLogLine(t, line) for line in log.take_lines()]

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    # -- events ---------------------------------------------------------------------
    def _poll_pressure(self, t: float) -> None:
        if self._watch is None:
            return
        try:
            notes = self._watch.poll(0)
        except (CallFailed, OSError) as exc:
            self._notices.add("kqueue-failed", f"Pressure notes stopped: {exc}")
            self._watch.close()
            self._watch = None
            return
        for fflags in notes:
            level = level_from_fflags(fflags)
            if level is not None:
                self._observe_level(level, t)

    def _observe_level(self, level: PressureLevel, t: float) -> None:
        """Emit ``LevelChanged`` when the level differs from the last one seen (by note
        or by sysctl); the first reading only sets it."""
        if self._level is not None and level is not self._level:
            self._events.append(LevelChanged(t, level, self._last_available, self._last_ms_level))
        self._level = level

    def _track_processes(self, t: float, processes: list[ProcessInfo]) -> None:
        names = {p.pid: p.name for p in processes}
        if self._names:
            for pid, name in self._names.items():
                if pid not in names:
                    self._events.append(Exited(t, pid, name))
            for p in processes:
                if p.pid not in self._names:
                    self._events.append(Launched(t, p.pid, p.name, p.band))
        self._names = names

    def pressure_monitor(self) -> tuple[int, int] | None:
        """One ``vm_pressure_monitor`` reading without waiting: (pages the pageout daemon
        still wants, pages it reclaimed over the last second); ``None`` if unavailable."""
        try:
            return self._calls.vm_pressure_monitor(False, 1)
        except CallFailed as exc:
            self._notices.add("vm_pressure_monitor", f"Pages wanted unknown: {why(exc)}")
            return None

    # -- actions --------------------------------------------------------------------
    def memory_map(self, pid: int) -> MemoryMap:
        """The process's regions, vmmap-style (:mod:`macos_regions`): by its task port
        as root where allowed, else by libproc; raises ``ProcessGone`` once it exited."""
        return read_memory_map(self._calls, pid, self.machine.page_size)

    def terminate(self, pid: int, *, force: bool) -> None:
        """SIGTERM (quit) or SIGKILL (force quit); the UI asks for confirmation first."""
        verb = "force quit" if force else "quit"
        name = self._names.get(pid, "process")
        if pid <= 1:
            raise AccessDenied(f"will not {verb} pid {pid}: it is the kernel or launchd")
        try:
            self._calls.kill(pid, signal.SIGKILL if force else signal.SIGTERM)
        except Refused:
            raise AccessDenied(
                f"not allowed to {verb} {name} (pid {pid}): it belongs to another user "
                "or is protected"
            ) from None
        except Gone:
            raise ProcessGone(f"{name} (pid {pid}) has already exited") from None
        except CallFailed as exc:
            raise SourceError(f"could not {verb} {name} (pid {pid}): {exc}") from None

    def simulate_pressure(self, level: PressureLevel | None) -> None:
        """Tell every process the system is at ``level`` (``None``: back to normal and
        end the simulation), through ``kern.memorypressure_manual_trigger``; needs root."""
        if self._calls.geteuid() != 0:
            raise AccessDenied(ROOT_FOR_PRESSURE)
        value = (st.MEMORYPRESSURE_NOTIFY_ALL << 16) | int(level or PressureLevel.NORMAL)
        try:
            self._calls.sysctl_write(
                "kern.memorypressure_manual_trigger", value.to_bytes(4, "little")
            )
        except Refused:
            raise AccessDenied(ROOT_FOR_PRESSURE) from None
        except Missing:
            raise SourceError(
                "this macOS has no kern.memorypressure_manual_trigger to simulate pressure"
            ) from None
        except CallFailed as exc:
            raise SourceError(f"could not simulate pressure: {exc}") from None


def open_macos_source(platform: str = sys.platform) -> MacOSSource:
    """The live source on this Mac; :class:`SourceUnavailable` anywhere else."""
    if platform != "darwin":
        raise SourceUnavailable(f"the macos source needs macOS (this is {platform})")
    from activitymon.sources.macos_calls import DarwinLibc

    try:
        calls = DarwinLibc.load()
    except CallFailed as exc:
        raise SourceUnavailable(f"the macos source cannot load libSystem: {exc}") from None
    return MacOSSource(calls)
