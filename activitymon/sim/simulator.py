"""A first, small simulator: a device, daemons and apps in bands, a memory hog,
kills in band order. The XNU-faithful simulator replaces its internals behind the
same facade (``advance``, ``snapshot``, ``drain_events`` and the control methods)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from activitymon.model import (
    Era,
    Event,
    JetsamReport,
    JetsamThresholds,
    Killed,
    KillReason,
    Launched,
    LevelChanged,
    MemoryStats,
    PressureLevel,
    ProcessInfo,
    ProcessState,
    Snapshot,
)

MB = 1 << 20
TICK_S = 0.1


@dataclass
class SimProcess:
    pid: int
    name: str
    band: int
    footprint: int
    state: ProcessState
    seq: int
    grow_bytes_per_s: float = 0.0
    chunk_bytes: int = 8 * MB
    pending: float = 0.0
    lifetime_max: int = 0


@dataclass
class Simulator:
    product: str = "iPhone10,3"
    ram_bytes: int = 3072 * MB
    page_size: int = 16384
    era: Era = Era.MODERN
    wired_bytes: int = 700 * MB
    file_backed_bytes: int = 500 * MB
    seed: int = 0
    now: float = 0.0
    processes: dict[int, SimProcess] = field(default_factory=dict)
    _events: list[Event] = field(default_factory=list)
    _reports: list[JetsamReport] = field(default_factory=list)
    _next_pid: int = 100
    _seq: int = 0
    _level: PressureLevel = PressureLevel.NORMAL
    _forced_level: PressureLevel | None = None

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    # -- population -------------------------------------------------------------
    def launch(
        self,
        name: str,
        band: int,
        footprint_mb: float,
        state: ProcessState = ProcessState.DAEMON,
    ) -> int:
        pid = self._next_pid
        self._next_pid += 1
        self._seq += 1
        size = int(footprint_mb * MB)
        self.processes[pid] = SimProcess(pid, name, band, size, state, self._seq, lifetime_max=size)
        self._events.append(Launched(self.now, pid, name, band))
        return pid

    def start_hog(self, band: int, *, rate_mb_per_s: float = 16.0, chunk_mb: float = 8.0) -> int:
        pid = self.launch("hog", band, 1.0, ProcessState.FRONTMOST)
        self.grow(pid, rate_mb_per_s=rate_mb_per_s, chunk_mb=chunk_mb)
        return pid

    def grow(self, pid: int, *, rate_mb_per_s: float, chunk_mb: float = 8.0) -> None:
        proc = self.processes[pid]
        proc.grow_bytes_per_s = rate_mb_per_s * MB
        proc.chunk_bytes = int(chunk_mb * MB)

    def simulate_pressure(self, level: PressureLevel | None) -> None:
        self._forced_level = level

    # -- time ---------------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        steps = max(1, round(seconds / TICK_S))
        for _ in range(steps):
            self._tick(TICK_S)

    def _tick(self, dt: float) -> None:
        self.now += dt
        for proc in self.processes.values():
            if proc.grow_bytes_per_s:
                proc.pending += proc.grow_bytes_per_s * dt
                while proc.pending >= proc.chunk_bytes:
                    proc.pending -= proc.chunk_bytes
                    proc.footprint += proc.chunk_bytes
            else:
                jitter = self._rng.uniform(-0.002, 0.002)
                proc.footprint = max(MB, int(proc.footprint * (1 + jitter)))
            proc.lifetime_max = max(proc.lifetime_max, proc.footprint)
        self._update_level()
        self._jetsam()

    def _free_bytes(self) -> int:
        used = self.wired_bytes + self.file_backed_bytes
        used += sum(p.footprint for p in self.processes.values())
        return self.ram_bytes - used

    def available_pages(self) -> int:
        return max(0, (self._free_bytes() + self.file_backed_bytes) // self.page_size)

    def thresholds(self) -> JetsamThresholds:
        total = self.ram_bytes // self.page_size
        return JetsamThresholds(
            soft_pages=total * 15 // 100,
            idle_pages=total * 10 // 100,
            critical_pages=total * 5 // 100,
            warn_pages=total * 20 // 100,
        )

    def _update_level(self) -> None:
        if self._forced_level is not None:
            level = self._forced_level
        else:
            avail = self.available_pages()
            th = self.thresholds()
            if avail < th.critical_pages * 2:
                level = PressureLevel.CRITICAL
            elif avail < (th.warn_pages or 0):
                level = PressureLevel.WARN
            else:
                level = PressureLevel.NORMAL
        if level != self._level:
            self._level = level
            self._events.append(
                LevelChanged(self.now, level, self.available_pages(), self.memorystatus_level())
            )

    def memorystatus_level(self) -> int:
        total = self.ram_bytes // self.page_size
        return min(100, self.available_pages() * 100 // total)

    def _victim(self) -> SimProcess | None:
        if not self.processes:
            return None
        return min(self.processes.values(), key=lambda p: (p.band, p.seq))

    def _jetsam(self) -> None:
        critical = self.thresholds().critical_pages
        while self.available_pages() < critical:
            victim = self._victim()
            if victim is None:
                return
            del self.processes[victim.pid]
            self._events.append(
                Killed(
                    self.now,
                    victim.pid,
                    victim.name,
                    KillReason.VM_PAGESHORTAGE,
                    victim.band,
                    victim.footprint,
                )
            )

    # -- reading --------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        ps = self.page_size
        free = max(0, self._free_bytes()) // ps
        anonymous = sum(p.footprint for p in self.processes.values()) // ps
        file_backed = self.file_backed_bytes // ps
        memory = MemoryStats(
            page_size=ps,
            total_pages=self.ram_bytes // ps,
            free_pages=free,
            active_pages=(anonymous + file_backed) * 2 // 3,
            inactive_pages=(anonymous + file_backed) - (anonymous + file_backed) * 2 // 3,
            speculative_pages=0,
            wired_pages=self.wired_bytes // ps,
            purgeable_pages=0,
            file_backed_pages=file_backed,
            anonymous_pages=anonymous,
            compressor_pages=0,
            compressed_pages=0,
            available_pages=self.available_pages(),
        )
        procs = tuple(
            ProcessInfo(
                pid=p.pid,
                name=p.name,
                footprint_bytes=p.footprint,
                band=p.band,
                requested_band=p.band,
                states=frozenset({p.state}),
                lifetime_max_bytes=p.lifetime_max,
                band_seq=p.seq,
            )
            for p in sorted(self.processes.values(), key=lambda p: (p.band, p.seq))
        )
        victim = self._victim()
        return Snapshot(
            time=self.now,
            memory=memory,
            processes=procs,
            level=self._level,
            memorystatus_level=self.memorystatus_level(),
            era=self.era,
            thresholds=self.thresholds(),
            device=f"{self.product} (simulated)",
            next_victim=(victim.pid, KillReason.VM_PAGESHORTAGE.value) if victim else None,
        )

    def drain_events(self) -> list[Event]:
        events, self._events = self._events, []
        return events

    def drain_reports(self) -> list[JetsamReport]:
        reports, self._reports = self._reports, []
        return reports


def demo_simulator(seed: int = 0) -> Simulator:
    """The built-in demo: a 3 GB iPhone with daemons, apps and a hog that grows."""
    sim = Simulator(seed=seed)
    daemons = [
        ("launchd", 210, 12),
        ("SpringBoard", 160, 180),
        ("backboardd", 180, 60),
        ("mediaserverd", 140, 40),
        ("CommCenter", 190, 20),
        ("runningboardd", 180, 15),
        ("locationd", 180, 18),
        ("dasd", 30, 9),
        ("cloudd", 0, 14),
        ("nsurlsessiond", 0, 8),
        ("photoanalysisd", 0, 60),
        ("wifianalyticsd", 10, 6),
        ("assetsd", 40, 25),
    ]
    for name, band, mb in daemons:
        sim.launch(name, band, mb, ProcessState.DAEMON)
    for name, mb in [("Mail", 90), ("Maps", 140), ("Safari", 220), ("Photos", 160)]:
        sim.launch(name, 75, mb, ProcessState.SUSPENDED)
    sim.launch("Music", 120, 70, ProcessState.BACKGROUND)
    sim.start_hog(100, rate_mb_per_s=24.0)
    return sim
