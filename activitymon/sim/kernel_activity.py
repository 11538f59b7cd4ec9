"""What simulated processes do on their own: answer warnings, grow in chunks and drift a
little once a second (the kernel's side of it: ``Kernel`` inherits these)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from activitymon.model import Event, NoteCause, Notified, PressureLevel, Responded
from activitymon.sim.process import SimProcess
from activitymon.sim.region_layout import Change
from activitymon.sim.xnu import MB

if TYPE_CHECKING:
    from activitymon.sim.clock import Clock
    from activitymon.sim.vm import VirtualMemory

#: the background activity's period (``ProcessActivity.churn``)
CHURN_INTERVAL_S = 1.0


class ProcessActivity:
    """Warnings answered, growth in chunks, the drift; ``Kernel`` provides the rest."""

    events: list[Event]
    clock: Clock
    page_size: int
    procs: dict[int, SimProcess]
    rng: random.Random
    vm: VirtualMemory
    #: each process's footprint before the drift moved it
    _base_pages: dict[int, int]

    @property
    def now(self) -> float:
        raise NotImplementedError

    def set_pages(
        self, proc: SimProcess, pages: int, *, base: bool = True, settle: bool = True
    ) -> int:
        raise NotImplementedError

    def pages_of(self, nbytes: float) -> int:
        raise NotImplementedError

    def memory_changed(self) -> None:
        raise NotImplementedError

    # -- notifications and responses -------------------------------------------------
    def warn_process(
        self, proc: SimProcess, level: PressureLevel, cause: NoteCause = NoteCause.PRESSURE
    ) -> None:
        self.events.append(Notified(self.now, proc.pid, proc.name, level, cause))
        if level is not PressureLevel.NORMAL:
            self.schedule_response(proc)

    def schedule_response(self, proc: SimProcess) -> None:
        if proc.response.ignores or proc.response_timer is not None:
            return
        proc.response_timer = self.clock.after(proc.response.delay_s, lambda: self._respond(proc))

    def _respond(self, proc: SimProcess) -> None:
        proc.response_timer = None
        if not proc.alive:
            return
        freed = self.pages_of(proc.response.bytes_to_free(proc.footprint)) if proc.pages else 0
        freed = min(freed, max(0, proc.pages - 1))
        if freed <= 0:
            return
        self.events.append(Responded(self.now, proc.pid, proc.name, freed * self.page_size))
        self.set_pages(proc, proc.pages - freed)

    # -- growth ------------------------------------------------------------------------
    def start_growth(self, proc: SimProcess, rate_mb_per_s: float, chunk_mb: float) -> None:
        self.stop_growth(proc)
        if rate_mb_per_s <= 0:
            return
        proc.grow_bytes_per_s = rate_mb_per_s * MB
        proc.chunk_pages = max(1, self.pages_of(chunk_mb * MB))
        period = proc.chunk_pages * self.page_size / proc.grow_bytes_per_s
        proc.grow_timer = self.clock.after(period, lambda: self._grow_tick(proc, period))

    def stop_growth(self, proc: SimProcess) -> None:
        if proc.grow_timer is not None:
            proc.grow_timer.cancel()
            proc.grow_timer = None
        proc.grow_bytes_per_s = 0.0

    def _grow_tick(self, proc: SimProcess, period: float) -> None:
        proc.grow_timer = None
        if not proc.alive:
            return
        self.set_pages(proc, proc.pages + proc.chunk_pages)
        if proc.alive and proc.grow_bytes_per_s > 0:
            proc.grow_timer = self.clock.after(period, lambda: self._grow_tick(proc, period))

    # -- background activity -----------------------------------------------------------
    def churn(self) -> None:
        """Once a simulated second: the VM relaxes and a few processes' footprints move
        a little around their base (seeded), so a long run keeps living."""
        self.vm.relax(CHURN_INTERVAL_S)
        procs = list(self.procs.values())
        if procs:
            for _ in range(max(1, len(procs) // 25)):
                proc = procs[self.rng.randrange(len(procs))]
                if not proc.alive or proc.grow_bytes_per_s or proc.suspended:
                    continue
                base = self._base_pages.get(proc.pid, proc.pages)
                target = max(1, round(base * (1 + self.rng.uniform(-0.03, 0.03))))
                self.set_pages(proc, target, base=False, settle=False)
        self.memory_changed()  # once for the whole step
        self.clock.after(CHURN_INTERVAL_S, self.churn)


def change_of(proc: SimProcess, delta: int, base: bool) -> Change:
    """Where a footprint change lands in the process's regions (sim/regions.py)."""
    if not base:
        return Change.CHURN
    if proc.grow_bytes_per_s > 0 and delta == proc.chunk_pages:
        return Change.CHUNK
    return Change.ALLOCATE
