"""A byte axis in plain units (``256 MB``, ``1 GB``, never ``(x0.001)``), on a log
scale where the jetsam thresholds (4–15 % of memory) get as much room as the rest."""

from __future__ import annotations

import math
import re
from typing import Any

import pyqtgraph as pg

from activitymon.units import UnitSystem, format_bytes

#: pixels a tick label needs on a vertical axis
TICK_PX = 22.0


def plain_bytes(value: float, units: UnitSystem) -> str:
    """``1 GB``, ``1.5 GB``, ``256 MB``: the window's unit words without trailing zeros."""
    return re.sub(r"\.0+ ", " ", format_bytes(value, units))


class BytesAxis(pg.AxisItem):  # type: ignore[misc]
    """Left axis for a plot in log-y mode whose data are bytes: ticks at powers of two
    (binary units) or of ten's friendly steps (decimal), labelled in plain units."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(orientation="left", **kwargs)
        self.enableAutoSIPrefix(False)
        self.units = UnitSystem.BINARY

    def tickValues(self, min_val: float, max_val: float, size: float) -> list[Any]:
        if not self.logMode:
            return super().tickValues(min_val, max_val, size)  # type: ignore[no-any-return]
        lo, hi = 10.0**min_val, 10.0**max_val
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or lo <= 0:
            return []
        first, last = math.ceil(math.log2(lo)), math.floor(math.log2(hi))
        count = max(1, last - first + 1)
        fit = max(1, int(size / TICK_PX))
        step = max(1, math.ceil(count / fit))
        values = [math.log10(2.0**e) for e in range(last, first - 1, -step)]
        return [(None, sorted(values))]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if not self.logMode:
            return [plain_bytes(v * scale, self.units) for v in values]
        return [plain_bytes(round(10.0**v), self.units) for v in values]
