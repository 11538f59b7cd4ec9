"""The kill loops: the jetsam thread (§4.4, §1.5), macOS idle exit under pressure
(§1.9) and sustained-pressure kills (§4.6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from activitymon.model import Era, KillReason, PressureLevel
from activitymon.sim.clock import Timer
from activitymon.sim.process import SimProcess
from activitymon.sim.xnu import (
    KILL_STEP_S,
    MACOS_IDLE_EXIT_INTERVAL_S,
    MACOS_IDLE_EXIT_MAX_PER_EPISODE,
    SUSTAINED_KILL_INTERVAL_S,
    SUSTAINED_WINDOW_S,
    foreground_band,
)

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel

Choice = tuple[SimProcess, KillReason]


class JetsamThread:
    """One kill per step, ``KILL_STEP_S`` apart, until the device is healthy; then the
    pass ends and the report snapshot is posted."""

    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel
        self.timer: Timer | None = None
        self.in_pass = False
        self.kills_in_pass = 0

    # -- when to run -------------------------------------------------------------------
    def _macos_unhealthy(self) -> bool:
        """Compressor (or swap) exhausted: the VM cannot make room any more."""
        vm = self.k.vm
        return vm.free < vm.p.free_target_pages // 4 and vm.file <= vm.p.file_min_pages

    def wanted(self) -> bool:
        k = self.k
        th = k.thresholds
        if th is None:
            return self._macos_unhealthy()
        avail = k.available
        if k.era is Era.LEGACY:
            return avail <= th.soft_pages and (bool(k.hwm) or avail <= self._legacy_critical())
        return (
            avail < th.critical_pages
            or (avail < th.soft_pages and bool(k.hwm))
            or (avail < th.idle_pages and k.bands.count(0) > 0)
        )

    def poke(self) -> None:
        if self.timer is None and not self.in_pass and self.wanted():
            self.timer = self.k.clock.at(self.k.now, self.step)

    def _legacy_critical(self) -> int:
        th = self.k.thresholds
        assert th is not None
        return th.idle_pages if self.k.bands.count(0) else th.critical_pages

    # -- choosing ----------------------------------------------------------------------
    def _hwm_victim(self) -> SimProcess | None:
        k = self.k
        if not k.hwm:
            return None
        return min(
            (k.procs[pid] for pid in k.hwm if not k.procs[pid].skip_in_pass),
            key=lambda p: (p.band, p.seq),
            default=None,
        )

    def _band_order_victim(self, *, predict: bool) -> SimProcess | None:
        """First process in band order; the FOREGROUND band is sorted by footprint on
        the first kill of a pass (iOS), the IDLE band on macOS (§1.5)."""
        k = self.k
        sort_band = 0 if k.era is Era.MACOS else foreground_band(k.era)
        first_kill = self.kills_in_pass == 0
        if first_kill and not predict:
            k.bands.sort_band(sort_band, lambda p: p.pages)
        for proc in k.bands.in_order():
            if proc.skip_in_pass:
                continue
            if predict and first_kill and proc.band == sort_band:
                band = [p for p in k.bands.band(sort_band) if not p.skip_in_pass]
                return max(band, key=lambda p: p.pages)
            return proc
        return None

    def choose(self, *, predict: bool = False) -> Choice | None:
        """What this step kills (or, with ``predict``, would kill without changing
        anything); ``None`` when the device is healthy."""
        k = self.k
        th = k.thresholds
        avail = k.available
        if th is None:
            if not self._macos_unhealthy():
                return None
            victim = self._hwm_victim()
            if victim is not None:
                return victim, KillReason.HIGHWATER
            idle = [p for p in k.bands.band(0) if not p.skip_in_pass]
            if idle:
                if self.kills_in_pass == 0 or predict:
                    return max(idle, key=lambda p: p.pages), KillReason.VM_COMPRESSOR_SPACE_SHORTAGE
                return idle[0], KillReason.VM_COMPRESSOR_SPACE_SHORTAGE
            largest = max(k.procs.values(), key=lambda p: p.pages, default=None)
            return None if largest is None else (largest, KillReason.LOW_SWAP)
        if k.era is Era.LEGACY:
            if avail > th.soft_pages:
                return None
            victim = self._hwm_victim()
            if victim is not None:
                return victim, KillReason.HIGHWATER
            if avail > self._legacy_critical():
                return None
            victim = self._band_order_victim(predict=predict)
            return None if victim is None else (victim, KillReason.VM_PAGESHORTAGE)
        unhealthy = avail < th.critical_pages
        if avail < th.soft_pages or unhealthy:
            victim = self._hwm_victim()
            if victim is not None:
                return victim, KillReason.HIGHWATER
        if avail < th.idle_pages and not unhealthy:
            victim = next((p for p in k.bands.band(0) if not p.skip_in_pass), None)
            if victim is not None:
                return victim, KillReason.IDLE_EXIT
        if not unhealthy:
            return None
        victim = self._band_order_victim(predict=predict)
        return None if victim is None else (victim, KillReason.VM_PAGESHORTAGE)

    def predict(self) -> Choice | None:
        """The next victim and cause as the loop would pick them once available pages
        fall far enough: high-water candidates first, then band 0 (modern), then band
        order. macOS: the next idle-exit candidate."""
        k = self.k
        if k.era is Era.MACOS:
            if self._macos_unhealthy():
                return self.choose(predict=True)
            victim = k.idle_exit.candidate()
            return None if victim is None else (victim, KillReason.IDLE_EXIT)
        victim = self._hwm_victim()
        if victim is not None:
            return victim, KillReason.HIGHWATER
        th = k.thresholds
        if k.era is Era.MODERN and th is not None and k.available >= th.critical_pages:
            head = next((p for p in k.bands.band(0) if not p.skip_in_pass), None)
            if head is not None:
                return head, KillReason.IDLE_EXIT
        victim = self._band_order_victim(predict=True)
        return None if victim is None else (victim, KillReason.VM_PAGESHORTAGE)

    # -- running -------------------------------------------------------------------------
    def step(self) -> None:
        self.timer = None
        self.in_pass = True
        choice = self.choose()
        if choice is None:
            self._end_pass()
            return
        victim, reason = choice
        if victim.purgeable_pages and self._purge_saves(victim, reason):
            victim.skip_in_pass = True
        else:
            self.kills_in_pass += 1
            self.k.kill(victim, reason)
        self.timer = self.k.clock.after(KILL_STEP_S, self.step)

    def _purge_saves(self, victim: SimProcess, reason: KillReason) -> bool:
        """§1.5 step 4: purge the victim's volatile memory first; it survives if that was
        enough (HWM: back under its limit; otherwise available back above soft)."""
        k = self.k
        k.purge(victim)
        k.memory_changed()
        if reason is KillReason.HIGHWATER:
            limit = victim.applied_limit(k.elevated_band)
            return limit is not None and victim.footprint <= limit.bytes
        th = k.thresholds
        return th is not None and k.available >= th.soft_pages

    def _end_pass(self) -> None:
        self.in_pass = False
        self.kills_in_pass = 0
        for proc in self.k.procs.values():
            proc.skip_in_pass = False
        self.k.reporter.end_of_pass()


class IdleExitLoop:
    """macOS (§1.9): while the level is not Normal, kill one clean idle-exit process in
    band 0 per second, at most 100 per episode; never a dirty one."""

    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel
        self.timer: Timer | None = None
        self.count = 0

    def candidate(self) -> SimProcess | None:
        return next(
            (p for p in self.k.bands.band(0) if p.tracked and p.idle_exit and not p.dirty), None
        )

    def level_changed(self) -> None:
        k = self.k
        if k.era is not Era.MACOS:
            return
        if k.level is PressureLevel.NORMAL:
            self.count = 0
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
        elif self.timer is None:
            self.timer = k.clock.at(k.now, self._tick)

    def _tick(self) -> None:
        k = self.k
        self.timer = None
        if k.level is PressureLevel.NORMAL:
            return
        victim = self.candidate()
        if victim is not None and self.count < MACOS_IDLE_EXIT_MAX_PER_EPISODE:
            self.count += 1
            k.kill(victim, KillReason.IDLE_EXIT)
            k.reporter.end_of_pass()
        self._next_tick()

    def _next_tick(self) -> None:
        """One second later, unless the kill changed the level (which restarted or
        stopped the loop already)."""
        k = self.k
        if self.timer is not None:
            self.timer.cancel()
        self.timer = None
        if k.level is not PressureLevel.NORMAL:
            self.timer = k.clock.after(MACOS_IDLE_EXIT_INTERVAL_S, self._tick)


class SustainedPressure:
    """Modern iOS (§4.6): 600 s after the level leaves Normal, kill band-0 processes
    500 ms apart while it stays non-Normal, at most 2 × their number."""

    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel
        self.timer: Timer | None = None
        self.budget = 0

    def level_changed(self, previous: PressureLevel) -> None:
        k = self.k
        if k.era is not Era.MODERN:
            return
        if k.level is PressureLevel.NORMAL:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
        elif previous is PressureLevel.NORMAL and self.timer is None:
            self.timer = k.clock.after(SUSTAINED_WINDOW_S, self._fire)

    def _fire(self) -> None:
        self.budget = 2 * self.k.bands.count(0)
        self._kill_one()

    def _kill_one(self) -> None:
        k = self.k
        self.timer = None
        if k.level is PressureLevel.NORMAL or self.budget <= 0:
            return
        victim = k.bands.head(0)
        if victim is None:
            return
        self.budget -= 1
        k.kill(victim, KillReason.SUSTAINED_MEMORY_PRESSURE)
        k.reporter.end_of_pass()
        self.timer = k.clock.after(SUSTAINED_KILL_INTERVAL_S, self._kill_one)
