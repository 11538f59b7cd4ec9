"""Band requests and idle aging (§1.3, §1.6).

The release's policy (``kernel.rules.aging``): SysProcsReclaimedFirst (xnu-6153 →) puts
a dirty-tracked daemon asking for band 0 in the system aging band (1 / 10) for 2 / 5 /
10 s by relaunch likelihood and an app in the applications aging band (2 / 20) for 2 s,
then in band 0; a dirty system process has its deadline extended. Legacy (xnu-2422 …
4903, the compiled-in default): daemons age 10 s in band 1 / 10, apps go straight to 0.
macOS (xnu-8792 →): no aging.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from activitymon.sim.process import SimProcess
from activitymon.sim.rules import AgingPolicy, BandRequests, XnuRules
from activitymon.sim.xnu import AGING_TIME_S, APP_AGING_TIME_S, IDLE_DEFERRAL_S

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel


def reserved_request(band: int, rules: XnuRules, scale: int) -> int:
    """What a request for ``band`` becomes (§1.3, ``rules.band_requests``): the bands the
    kernel keeps for itself are turned into the idle band."""
    mode = rules.band_requests
    if mode is BandRequests.DEFERRED_TO_IDLE and band == scale:
        return 0
    if mode is BandRequests.AGING_BANDS_TO_IDLE:
        apps_age = rules.aging is AgingPolicy.SYSPROCS_RECLAIMED_FIRST
        if band == scale or (apps_age and band == 2 * scale):
            return 0
    if mode is BandRequests.RESERVED_RANGE_TO_IDLE:
        apps_band = 2 * scale if rules.aging is AgingPolicy.SYSPROCS_RECLAIMED_FIRST else 0
        if 0 < band <= apps_band:
            return 0
    if mode is BandRequests.UP_TO_AGING_BAND2_TO_IDLE and 0 < band <= 2 * scale:
        return 0
    return band


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
        scale = k.era.scale
        band = reserved_request(band, k.rules, scale)
        target, delay = band, 0.0
        if band == 0 and proc.band != 0:
            target, delay = self._aging_for(proc, scale)
        k.move_band(proc, target)
        if delay > 0:
            proc.aging_timer = k.clock.after(delay, lambda: self._deadline(proc, delay))

    def _aging_for(self, proc: SimProcess, scale: int) -> tuple[int, float]:
        policy = self.k.rules.aging
        if policy is AgingPolicy.NONE:
            return 0, 0.0
        if proc.is_app:
            if policy is AgingPolicy.SYSPROCS_RECLAIMED_FIRST:
                return 2 * scale, APP_AGING_TIME_S
            return 0, 0.0
        if proc.tracked:
            if policy is AgingPolicy.SYSPROCS_RECLAIMED_FIRST:
                return scale, AGING_TIME_S.get(proc.relaunch, 2.0)
            return scale, IDLE_DEFERRAL_S
        return 0, 0.0

    def _deadline(self, proc: SimProcess, delay: float) -> None:
        proc.aging_timer = None
        if not proc.alive or proc.requested_band != 0:
            return
        if proc.dirty and not proc.is_app:
            proc.aging_timer = self.k.clock.after(delay, lambda: self._deadline(proc, delay))
            return
        self.k.move_band(proc, 0)
