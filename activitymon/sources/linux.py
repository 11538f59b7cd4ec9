"""Live Linux: this machine's memory, PSI pressure, processes and the OOM kill order.

Mapping onto the model (jetsam idea → Linux counterpart):

* pressure level → PSI ``/proc/pressure/memory`` (see :mod:`linux_psi` for the
  thresholds; available memory where there is no PSI);
* ``memorystatus_level`` → ``MemAvailable × 100 / MemTotal``;
* ``memorystatus_available_pages`` → ``MemAvailable`` in pages;
* bands → ``oom_score_adj`` lanes (:mod:`linux_lanes`), next victim → highest
  ``oom_score``; ``era`` is ``None`` (there are no jetsam bands);
* per-process limit → the cgroup's ``memory.max`` (fatal) or ``memory.high`` (soft);
* footprint → anonymous + shmem resident + swapped (``RssAnon + RssShmem + VmSwap``
  of ``/proc/PID/status``): what the process itself owns and would take with it, the
  nearest thing to ``phys_footprint``; Real Mem is RSS (USS/PSS cost ~30× more;
  :meth:`LinuxSource.detail` reads them for one process on request);
* kills → the kernel log's OOM-killer lines (:mod:`linux_kmsg`); every other
  disappearance is an exit.

System figures come from ``/proc/meminfo`` (:mod:`linux_meminfo`; docs/LINUX.md
defines each); the per-process scan reads ``/proc`` directly (:mod:`linux_scan`),
which is about 3× cheaper than ``psutil.process_iter``. The live source the app opens
(:func:`open_linux_source`) scans the processes every :data:`PROCESS_EVERY_S` seconds
while the system figures and PSI are read every sample, as GNOME System Monitor and
Activity Monitor do: a sample in between gives the last scan's processes (the same
values: nothing to redraw), unless the kernel log names a kill or a process was just
signalled, which scan at once. At 1,000 processes the scan is most of the source's cost
(bench/bench_linux.py).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from collections.abc import Callable

from activitymon.model import (
    Event,
    Exited,
    KernelFacts,
    KernelLogLine,
    Killed,
    KillReason,
    LevelChanged,
    LevelSource,
    Platform,
    PressureLevel,
    PriorityModel,
    ProcessInfo,
    ProcessState,
    Snapshot,
)
from activitymon.model.regions import MemoryMap
from activitymon.sources import linux_proc
from activitymon.sources.base import (
    AccessDenied,
    Capability,
    ProcessGone,
    SourceKind,
    SourceUnavailable,
)
from activitymon.sources.linux_cgroup import CgroupLimits
from activitymon.sources.linux_detail import ProcessDetail, read_process_detail
from activitymon.sources.linux_kmsg import KernelLog, OomKill, open_kernel_log
from activitymon.sources.linux_lanes import next_oom_victim
from activitymon.sources.linux_meminfo import (
    MEMINFO,
    SYS_BLOCK,
    meminfo_extra,
    memory_from_meminfo,
    read_meminfo,
    read_zram,
)
from activitymon.sources.linux_proc import PROC
from activitymon.sources.linux_psi import (
    PSI_MEMORY,
    PressureThresholds,
    pressure_level,
    read_psi,
)
from activitymon.sources.linux_scan import ProcessScanner, Vanished
from activitymon.sources.linux_smaps import read_memory_map

_BASE_CAPABILITIES = frozenset(
    {
        Capability.FOOTPRINT,
        Capability.RSS,
        Capability.CPU,
        Capability.OOM_SCORE,
    }
)
#: a kill logged for a pid that is still listed is dropped after this long
_PENDING_KILL_SECONDS = 30.0
#: seconds between process scans of the app's live source (system figures: every sample)
PROCESS_EVERY_S = 2.0


class LinuxSource:
    """Samples this Linux machine; implements ``Source`` and ``TerminatingSource``."""

    name = SourceKind.LINUX

    def __init__(
        self,
        *,
        thresholds: PressureThresholds | None = None,
        slow_period: int = 10,
        idle_period: int = 30,
        rare_period: int = 60,
        candidates: int = 8,
        psi_path: str = PSI_MEMORY,
        kernel_log: KernelLog | bool | None = True,
        proc: str = PROC,
        meminfo_path: str = MEMINFO,
        sys_block: str = SYS_BLOCK,
        process_every: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``slow_period``: samples between re-reads of ``oom_score_adj`` and
        ``oom_score`` of a process that runs or changes size; ``idle_period``: the same
        for every process; ``rare_period``: samples between re-reads of its user and
        cgroup; ``candidates``: how many leading kill candidates have
        ``oom_score`` re-read every sample; ``kernel_log``: ``True`` to open
        ``/dev/kmsg`` (or ``dmesg``) for OOM kills, ``False``/``None`` for none, or a
        ready :class:`KernelLog`; ``process_every``: seconds between process scans
        (0: every sample)."""
        if not os.path.isdir(f"{proc}/self"):
            raise SourceUnavailable(f"the linux source needs {proc} (it is not mounted here)")
        self.thresholds = thresholds or PressureThresholds()
        self.psi_path = psi_path
        self.meminfo_path = meminfo_path
        self.sys_block = sys_block
        self.cgroups = CgroupLimits()
        self._scanner = ProcessScanner(
            proc=proc,
            slow_period=slow_period,
            idle_period=idle_period,
            rare_period=rare_period,
            candidates=candidates,
            cgroups=self.cgroups,
        )
        if kernel_log is True:
            self._kernel_log = open_kernel_log()
        elif kernel_log is False or kernel_log is None:
            self._kernel_log = None
        else:
            self._kernel_log = kernel_log
        self.proc = proc
        self.device = socket.gethostname()
        self.process_every = process_every
        self._clock = clock
        self._opened = clock()
        #: the last scan: when, its processes, its next OOM victim
        self._scanned_at: float | None = None
        self._processes: tuple[ProcessInfo, ...] = ()
        self._victim: ProcessInfo | None = None
        self._rescan = False
        self._events: list[Event] = []
        self._level: PressureLevel | None = None
        self._pending_kills: dict[int, tuple[float, OomKill]] = {}
        #: zombies already reported as killed: their later disappearance is no exit
        self._reported_kills: dict[int, float] = {}
        self._has_psi = read_psi(psi_path) is not None

    @property
    def capabilities(self) -> frozenset[Capability]:
        return _BASE_CAPABILITIES | ({Capability.PSI} if self._has_psi else set())

    def describe(self) -> str:
        psi = "PSI" if self._has_psi else "no PSI (level from available memory)"
        log = self._kernel_log.origin if self._kernel_log else "no kernel log (kills not claimed)"
        return (
            f"This machine ({self.device}), Linux {os.uname().release} — {psi}, "
            f"cgroup {self.cgroups.layout}, OOM kills from {log}"
        )

    def kernel_facts(self) -> KernelFacts:
        """Linux: no bands or thresholds; the OOM killer takes the highest oom_score."""
        release = f"Linux {os.uname().release}"
        return KernelFacts(
            platform=Platform.LINUX,
            release=release,
            os_name=release,
            priority_model=PriorityModel.OOM_SCORE,
            idle_band=False,
            level_source=LevelSource.PSI if self._has_psi else LevelSource.AVAILABLE_PERCENT,
            oom_killer=True,
        )

    # ------------------------------------------------------------------ sampling
    def sample(self) -> Snapshot:
        now = self._clock()
        t = now - self._opened
        try:
            info = read_meminfo(self.meminfo_path)
        except (OSError, ValueError) as exc:
            raise SourceUnavailable(f"cannot read memory figures: {exc}") from exc
        psi = read_psi(self.psi_path)
        self._has_psi = psi is not None
        kills = self._kernel_log.poll() if self._kernel_log is not None else []

        memory = memory_from_meminfo(info, read_zram(self.sys_block))
        available = memory.available_pages
        available_percent = (
            available * 100 / memory.total_pages
            if available is not None and memory.total_pages
            else None
        )
        level = pressure_level(psi, available_percent, self.thresholds)
        ms_level = None if available_percent is None else int(available_percent)
        if level is not None and self._level is not None and level != self._level:
            self._events.append(LevelChanged(t, level, memory.available_pages, ms_level))
        if level is not None:
            self._level = level

        if kills or self._scan_due(now):
            scan = self._scanner.scan()
            self._scanned_at, self._rescan = now, False
            self._processes = scan.processes
            self._victim = next_oom_victim(scan.processes)
            self._note_ends(t, now, scan.vanished, kills, scan.processes)
        victim = self._victim
        return Snapshot(
            time=t,
            memory=memory,
            processes=self._processes,
            level=level,
            memorystatus_level=ms_level,
            era=None,
            psi=psi,
            device=self.device,
            next_victim=None if victim is None else (victim.pid, KillReason.OOM),
            wall_time=time.time(),
            extra=meminfo_extra(info),
            stall_thresholds=self.thresholds.stall if psi is not None else None,
        )

    def _scan_due(self, now: float) -> bool:
        """Processes are scanned every ``process_every`` seconds (a tenth early: ticks
        at 1 s scan every second tick), and at once after a signal."""
        last = self._scanned_at
        return self._rescan or last is None or now - last >= self.process_every * 0.9

    def _note_ends(
        self,
        t: float,
        now: float,
        vanished: tuple[Vanished, ...],
        kills: list[OomKill],
        processes: tuple[ProcessInfo, ...],
    ) -> None:
        """Vanished processes become exits, or kills where the kernel log says so."""
        for kill in kills:
            self._pending_kills[kill.pid] = (now, kill)
        for gone in vanished:
            if self._reported_kills.pop(gone.pid, None) is not None:
                continue  # its kill was reported while it was a zombie
            pending = self._pending_kills.pop(gone.pid, None)
            if pending is None:
                self._events.append(Exited(t, gone.pid, gone.name))
            else:
                rss = gone.rss_bytes if gone.rss_bytes else pending[1].rss_bytes
                self._events.append(
                    Killed(t, gone.pid, gone.name, KillReason.OOM, footprint_bytes=rss)
                )
        if not self._pending_kills:
            return
        listed = {p.pid: p for p in processes}
        for pid, (when, kill) in list(self._pending_kills.items()):
            proc = listed.get(pid)
            if proc is None or ProcessState.ZOMBIE in proc.states:
                # killed between two samples, or dead and not yet reaped by its parent
                del self._pending_kills[pid]
                if proc is not None:
                    self._reported_kills[pid] = now
                self._events.append(
                    Killed(
                        t,
                        pid,
                        kill.name if proc is None else proc.name,
                        KillReason.OOM,
                        footprint_bytes=kill.rss_bytes,
                    )
                )
            elif now - when > _PENDING_KILL_SECONDS:
                del self._pending_kills[pid]

    def drain_events(self) -> list[Event]:
        events, self._events = self._events, []
        return events

    def drain_kernel_log(self) -> list[KernelLogLine]:
        """The OOM killer's lines read from the kernel log since the last call, at the
        time they were read (seconds since this source opened)."""
        if self._kernel_log is None:
            return []
        t = time.monotonic() - self._opened
        return [KernelLogLine(t, line) for line in self._kernel_log.take_lines()]

    def close(self) -> None:
        self._scanner.close()
        if self._kernel_log is not None:
            self._kernel_log.close()
            self._kernel_log = None

    # ------------------------------------------------------------------ actions
    def _name(self, pid: int) -> str:
        known = self._scanner.name_of(pid)
        if known:
            return known
        try:
            return linux_proc.read_bytes(f"{self.proc}/{pid}/comm", 64).decode().strip()
        except (OSError, UnicodeDecodeError):
            return "?"

    def terminate(self, pid: int, *, force: bool) -> None:
        """SIGTERM (quit) or SIGKILL (force quit). Raises :class:`AccessDenied` or
        :class:`ProcessGone` with a one-line message."""
        if pid <= 0:
            raise ProcessGone(f"no such process: pid {pid}")
        name = self._name(pid)
        sig = signal.SIGKILL if force else signal.SIGTERM
        self._rescan = True  # the next sample shows whether it went
        try:
            os.kill(pid, sig)
        except PermissionError as exc:
            raise AccessDenied(f"not permitted to signal pid {pid} ({name})") from exc
        except ProcessLookupError as exc:
            raise ProcessGone(f"pid {pid} ({name}) has already exited") from exc

    def memory_map(self, pid: int) -> MemoryMap:
        """The process's regions from ``/proc/PID/smaps`` (:mod:`linux_smaps`); raises
        :class:`ProcessGone` once it has exited."""
        return read_memory_map(pid, self.proc)

    def detail(self, pid: int) -> ProcessDetail:
        """USS/PSS (``smaps_rollup``), command line, user and limits of one process.
        Raises :class:`ProcessGone` if it has exited."""
        return read_process_detail(pid, self.proc, self._name, self.cgroups, self._scanner.users)


def open_linux_source() -> LinuxSource:
    """The live Linux source; :class:`SourceUnavailable` off Linux. (It reads ``/proc``
    itself: psutil is not needed.)"""
    if not sys.platform.startswith("linux"):
        raise SourceUnavailable(f"the linux source runs only on Linux (this is {sys.platform})")
    return LinuxSource(process_every=PROCESS_EVERY_S)
