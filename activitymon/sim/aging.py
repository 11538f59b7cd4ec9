"""Band requests and idle aging (§1.3, §1.6).

Modern iOS: a request for a band ≤ 20 (other than 0 for a process already idle) puts a
dirty-tracked daemon in band 10 and an app in band 20 for a while (daemons 2 / 5 / 10 s
by relaunch likelihood, apps 2 s), then in band 0; a dirty system process has its
deadline extended. Legacy (the compiled-in "Legacy" policy): daemons age 10 s in band 1,
apps go straight to 0. macOS (xnu-8792 →): no aging.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from activitymon.model import Era
from activitymon.sim.process import SimProcess
from activitymon.sim.xnu import AGING_TIME_S, APP_AGING_TIME_S, IDLE_DEFERRAL_S, aging_band

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel


class Aging:
    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel

    def request(self, proc: SimProcess, band: int) -> None:
        """Apply a priority request as ``memorystatus_set_priority`` would."""
        k = self.k
        proc.requested_band = band
        if proc.aging_timer is not None:
            proc.aging_timer.cancel()
            proc.aging_timer = None
        era = k.era
        if era is Era.MODERN and 0 < band <= 20:
            band = 0  # §1.3: unentitled requests for 1..20 become idle
        target, delay = band, 0.0
        if band == 0 and proc.band != 0:
            target, delay = self._aging_for(proc, era)
        k.move_band(proc, target)
        if delay > 0:
            proc.aging_timer = k.clock.after(delay, lambda: self._deadline(proc, delay))

    def _aging_for(self, proc: SimProcess, era: Era) -> tuple[int, float]:
        if era is Era.MACOS:
            return 0, 0.0
        if proc.is_app:
            if era is Era.MODERN:
                return aging_band(era, app=True), APP_AGING_TIME_S
            return 0, 0.0
        if proc.tracked:
            if era is Era.MODERN:
                return aging_band(era, app=False), AGING_TIME_S.get(proc.relaunch, 2.0)
            return aging_band(era, app=False), IDLE_DEFERRAL_S
        return 0, 0.0

    def _deadline(self, proc: SimProcess, delay: float) -> None:
        proc.aging_timer = None
        if not proc.alive or proc.requested_band != 0:
            return
        if proc.dirty and not proc.is_app:
            proc.aging_timer = self.k.clock.after(delay, lambda: self._deadline(proc, delay))
            return
        self.k.move_band(proc, 0)
