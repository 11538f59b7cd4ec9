"""The system's memory pressure alone, without sampling processes: what ``vmmon`` reads.

A :class:`PressureProbe` gives a :class:`PressureReading` now (:meth:`read`) or after
waiting for the kernel to report pressure (:meth:`wait`). Both probes read through the
same code as their sources: the macOS one through :class:`~.macos_system.SystemReader`
and the function table (``vm_pressure_monitor``, §6.1 of the XNU reference), the Linux
one through :mod:`.linux_psi` and the Linux source's thresholds.

``vm_pressure_monitor(wait=1)`` returns at once for as long as free pages stay below the
pageout daemon's target, so :meth:`PressureProbe.wait` may return immediately; the
caller paces its loop (``vmmon`` reads at most once a second).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from activitymon.model import PressureLevel, PressureStall
from activitymon.sources.base import SourceError, SourceUnavailable
from activitymon.sources.linux_psi import PSI_MEMORY, PressureThresholds, level_from_psi, read_psi
from activitymon.sources.macos_calls import CallFailed, DarwinCalls
from activitymon.sources.macos_system import Notices, SystemReader, read_machine


@dataclass(frozen=True, slots=True)
class PressureReading:
    """One look at the pressure: the level, and what the platform adds to it."""

    level: PressureLevel | None
    #: macOS: pages the pageout daemon still wants, and pages it reclaimed over ~1 s
    wanted_pages: int | None = None
    reclaimed_pages: int | None = None
    #: Linux: the pressure-stall figures the level comes from
    psi: PressureStall | None = None


class PressureProbe(Protocol):
    def read(self) -> PressureReading:
        """The pressure now, without waiting."""
        ...

    def wait(self) -> PressureReading:
        """The next reading; may block until the kernel reports pressure (macOS) or
        return at once. Raises :class:`SourceError` with a one-line message."""
        ...


class MacOSPressureProbe:
    """``kern.memorystatus_vm_pressure_level`` through the macOS source's
    :class:`SystemReader`, and ``vm_pressure_monitor`` through the function table."""

    def __init__(self, calls: DarwinCalls) -> None:
        self._calls = calls
        try:
            machine = read_machine(calls)
        except (CallFailed, ValueError) as exc:
            raise SourceUnavailable(f"cannot read page size and RAM: {exc}") from None
        self._system = SystemReader(calls, machine, Notices())

    def _reading(self, wait: bool) -> PressureReading:
        try:
            wanted, reclaimed = self._calls.vm_pressure_monitor(wait, 1)
        except CallFailed as exc:
            raise SourceError(str(exc)) from None
        return PressureReading(self._system.pressure_level(), wanted, reclaimed)

    def read(self) -> PressureReading:
        level = self._system.pressure_level()
        if level is not None:
            return PressureReading(level)
        return self._reading(wait=False)  # no sysctl: ask the pageout daemon

    def wait(self) -> PressureReading:
        return self._reading(wait=True)


class LinuxPressureProbe:
    """Memory PSI (``/proc/pressure/memory``) mapped onto levels with the Linux source's
    thresholds."""

    def __init__(
        self, path: str = PSI_MEMORY, thresholds: PressureThresholds | None = None
    ) -> None:
        self._path = path
        self._thresholds = thresholds or PressureThresholds()

    def read(self) -> PressureReading:
        psi = read_psi(self._path)
        if psi is None:
            raise SourceUnavailable(f"this kernel reports no PSI ({self._path})")
        return PressureReading(level_from_psi(psi, self._thresholds), psi=psi)

    def wait(self) -> PressureReading:
        return self.read()


def open_pressure_probe(platform: str) -> PressureProbe:
    """The probe for this platform; :class:`SourceUnavailable` where there is none."""
    if platform.startswith("linux"):
        return LinuxPressureProbe()
    if platform != "darwin":
        raise SourceUnavailable(f"needs macOS or Linux (this is {platform})")
    from activitymon.sources.macos_calls import DarwinLibc

    try:
        return MacOSPressureProbe(DarwinLibc.load())
    except CallFailed as exc:
        raise SourceUnavailable(str(exc)) from None
