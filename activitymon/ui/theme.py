"""Colours shared by the views: pressure levels as Activity Monitor shows them."""

from __future__ import annotations

from PySide6.QtGui import QColor

from activitymon.model import PressureLevel

LEVEL_COLOURS: dict[PressureLevel, QColor] = {
    PressureLevel.NORMAL: QColor(52, 199, 89),
    PressureLevel.WARN: QColor(255, 204, 0),
    PressureLevel.CRITICAL: QColor(255, 59, 48),
}


def level_colour(level: PressureLevel | None, alpha: int = 255) -> QColor:
    colour = QColor(
        LEVEL_COLOURS.get(level, QColor(142, 142, 147)) if level else QColor(142, 142, 147)
    )
    colour.setAlpha(alpha)
    return colour


SERIES_COLOURS = {
    "memorystatus_level": QColor(10, 132, 255),
    "available": QColor(175, 82, 222),
    "wired": QColor(255, 149, 0),
    "app": QColor(10, 132, 255),
    "compressed": QColor(175, 82, 222),
    "file_backed": QColor(90, 200, 250),
    "free": QColor(200, 200, 200),
}
