"""The era's jetsam thresholds as labelled dashed lines on the available-memory plot
(whose y is log10 of bytes), each with a tooltip saying what crossing it means."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt

from activitymon.model import JetsamThresholds, PressureLevel
from activitymon.teaching.terms import THRESHOLD_TERMS
from activitymon.ui.explain import tooltip
from activitymon.ui.theme import level_colour, level_text_colour


def threshold_lines(th: JetsamThresholds, page_size: int) -> dict[str, pg.InfiniteLine]:
    """One line per threshold the kernel has (soft, idle, critical), by name."""
    specs = (
        ("soft", th.soft_pages, level_colour(PressureLevel.WARN), 0.02),
        ("idle", th.idle_pages, level_colour(None), 0.24),
        ("critical", th.critical_pages, level_colour(PressureLevel.CRITICAL), 0.46),
    )
    lines: dict[str, pg.InfiniteLine] = {}
    for name, pages, colour, at in specs:
        if name == "idle" and pages == th.critical_pages:
            continue  # a kernel without an idle threshold or offset (iOS 6)
        level = {"soft": PressureLevel.WARN, "critical": PressureLevel.CRITICAL}.get(name)
        label_colour = level_text_colour(level)  # readable on light and dark shading
        line = pg.InfiniteLine(
            pos=math.log10(max(1, pages * page_size)),  # the plot's y is log10(bytes)
            angle=0,
            movable=False,
            pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine),
            label=f"{name} threshold",
            labelOpts={
                "position": at,
                "color": label_colour,
                "anchors": [(0, 1), (0, 1)],
            },
        )
        line.setToolTip(
            f"<p>jetsam {name} threshold: {pages:,} available pages</p>"
            + tooltip(THRESHOLD_TERMS[name])
        )
        line.setZValue(10)
        lines[name] = line
    return lines
