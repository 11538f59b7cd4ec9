"""Simulated time: a clock and a queue of timers, fired in time order.

The simulator is event-driven: nothing runs per millisecond; every behaviour that
happens later (an allocation chunk, the next notification, an aging deadline) is a
timer. Ties fire in the order the timers were set, so runs are deterministic.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable

from activitymon.sim.errors import SimulatorError


def _finite(time: float) -> float:
    """Timers are never set at, and the clock never runs to, a non-finite time: a NaN
    timer would sort anywhere and freeze the clock; an infinite run never ends."""
    if not math.isfinite(time):
        raise SimulatorError(f"simulated time must be a finite number of seconds, got {time}")
    return time


class Timer:
    __slots__ = ("action", "cancelled", "time")

    def __init__(self, time: float, action: Callable[[], None]) -> None:
        self.time = time
        self.action = action
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self._queue: list[tuple[float, int, Timer]] = []
        self._seq = 0

    def at(self, time: float, action: Callable[[], None]) -> Timer:
        """Run ``action`` at simulated ``time`` (now, if ``time`` is in the past)."""
        timer = Timer(max(_finite(time), self.now), action)
        self._seq += 1
        heapq.heappush(self._queue, (timer.time, self._seq, timer))
        return timer

    def after(self, delay: float, action: Callable[[], None]) -> Timer:
        return self.at(self.now + delay, action)

    def next_time(self) -> float | None:
        while self._queue and self._queue[0][2].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0][0] if self._queue else None

    def run_until(self, time: float) -> None:
        """Fire every timer due at or before ``time``, then set the clock to ``time``."""
        _finite(time)
        queue = self._queue
        while queue and queue[0][0] <= time:
            _, _, timer = heapq.heappop(queue)
            if timer.cancelled:
                continue
            self.now = timer.time
            timer.action()
        self.now = max(self.now, time)
