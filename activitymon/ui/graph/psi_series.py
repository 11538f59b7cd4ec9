"""What the Linux graph plots of PSI, per sample (Qt-free): the 10-second averages the
level uses, and the stall rate between two samples from the ``total`` counters.

``/proc/pressure/memory``'s ``total`` is the cumulative stall time in µs; between two
samples ``Δtotal ÷ Δt`` is the share of that interval in which tasks stalled, sharper
than ``avg10`` (an exponential average over 10 s) and exact between ticks.
"""

from __future__ import annotations

from activitymon.model import PressureStall

#: history series names (percent of wall time)
PSI_SERIES = ("psi_some_avg10", "psi_full_avg10", "psi_some_rate", "psi_full_rate")


def stall_rate_percent(before_us: int | None, after_us: int | None, seconds: float) -> float | None:
    """``Δtotal ÷ Δt`` in percent (0–100); ``None`` without two readings, for a
    non-positive interval, or when the counter went backwards (a new source)."""
    if before_us is None or after_us is None or seconds <= 0 or after_us < before_us:
        return None
    return min(100.0, (after_us - before_us) / (seconds * 1e6) * 100.0)


class PsiSeries:
    """Turns successive snapshots' PSI readings into the graph's four values."""

    def __init__(self) -> None:
        self._last: tuple[float, int, int | None] | None = None

    def reset(self) -> None:
        self._last = None

    def values(self, t: float, psi: PressureStall | None) -> dict[str, float | None]:
        if psi is None:
            self._last = None
            return dict.fromkeys(PSI_SERIES)
        some_rate = full_rate = None
        if self._last is not None:
            t0, some0, full0 = self._last
            some_rate = stall_rate_percent(some0, psi.some_total_us, t - t0)
            full_rate = stall_rate_percent(full0, psi.full_total_us, t - t0)
        self._last = (t, psi.some_total_us, psi.full_total_us)
        return {
            "psi_some_avg10": psi.some_avg10,
            "psi_full_avg10": psi.full_avg10,
            "psi_some_rate": some_rate,
            "psi_full_rate": full_rate,
        }
