"""What simulated processes do on their own: answer warnings and grow in chunks (the
kernel's side of it: ``Kernel`` inherits these)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from activitymon.model import Event, Notified, PressureLevel, Responded
from activitymon.sim.process import SimProcess
from activitymon.sim.xnu import MB

if TYPE_CHECKING:
    from activitymon.sim.clock import Clock


class ProcessActivity:
    """Warnings answered and growth in chunks; ``Kernel`` provides the rest."""

    events: list[Event]
    clock: Clock
    page_size: int

    @property
    def now(self) -> float:
        raise NotImplementedError

    def set_pages(
        self, proc: SimProcess, pages: int, *, base: bool = True, settle: bool = True
    ) -> int:
        raise NotImplementedError

    def pages_of(self, nbytes: float) -> int:
        raise NotImplementedError

    # -- notifications and responses -------------------------------------------------
    def warn_process(self, proc: SimProcess, level: PressureLevel) -> None:
        self.events.append(Notified(self.now, proc.pid, proc.name, level))
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
