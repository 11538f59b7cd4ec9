"""A time axis that reads as a clock: ``45 s``, ``12:30``, ``3:05:00`` rather than
``11100`` seconds."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg


def clock_text(seconds: float, spacing: float, clock: bool | None = None) -> str:
    """``m:ss`` or ``h:mm:ss`` (``clock``, by default past a minute); else plain
    seconds, with a decimal when the ticks are closer than a second."""
    if clock is None:
        clock = abs(seconds) >= 60 or spacing >= 60
    if not clock:
        return f"{seconds:.{1 if spacing < 1 else 0}f}"
    sign = "-" if seconds < 0 else ""
    total = round(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


class TimeAxis(pg.AxisItem):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(orientation="bottom", **kwargs)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        # one style along the axis (pyqtgraph asks once per tick level): a clock as
        # soon as the visible range reaches past a minute
        ends = [abs(float(r)) for r in getattr(self, "range", (0.0, 0.0))] + [
            abs(v) for v in values
        ]
        clock = max(ends, default=0.0) * scale >= 60
        return [clock_text(v * scale, spacing * scale, clock) for v in values]
