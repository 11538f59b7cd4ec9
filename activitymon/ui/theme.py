"""Colours and palettes shared by the views: pressure levels as Activity Monitor shows
them, process states in the band view, event kinds; light and dark follow the system."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from activitymon.model import EventKind, PressureLevel, ProcessState

LEVEL_COLOURS: dict[PressureLevel, QColor] = {
    PressureLevel.NORMAL: QColor(52, 199, 89),
    PressureLevel.WARN: QColor(255, 204, 0),
    PressureLevel.CRITICAL: QColor(255, 59, 48),
}
NEUTRAL = QColor(142, 142, 147)
KILL_COLOUR = QColor(255, 59, 48)
WARN_COLOUR = QColor(255, 149, 0)


def level_colour(level: PressureLevel | None, alpha: int = 255) -> QColor:
    colour = QColor(LEVEL_COLOURS.get(level, NEUTRAL) if level else NEUTRAL)
    colour.setAlpha(alpha)
    return colour


def level_text_colour(level: PressureLevel | None) -> QColor:
    """A level's colour dark enough to read on a light window, light on a dark one."""
    colour = level_colour(level)
    return colour.lighter(115) if is_dark() else colour.darker(135)


SERIES_COLOURS = {
    "memorystatus_level": QColor(10, 132, 255),
    "available": QColor(175, 82, 222),
    "wired": QColor(255, 149, 0),
    "app": QColor(10, 132, 255),
    "compressed": QColor(175, 82, 222),
    "file_backed": QColor(90, 200, 250),
    "free": QColor(160, 160, 165),
}

_STATE_COLOURS: tuple[tuple[ProcessState, QColor], ...] = (
    (ProcessState.FRONTMOST, QColor(10, 132, 255)),
    (ProcessState.BACKGROUND, QColor(48, 176, 199)),
    (ProcessState.FROZEN, QColor(94, 92, 230)),
    (ProcessState.SUSPENDED, QColor(120, 140, 180)),
    (ProcessState.IDLE, QColor(170, 170, 175)),
    (ProcessState.DAEMON, QColor(130, 130, 138)),
)


def state_colour(states: Iterable[ProcessState]) -> QColor:
    present = set(states)
    for state, colour in _STATE_COLOURS:
        if state in present:
            return QColor(colour)
    return QColor(130, 130, 138)


EVENT_COLOURS: dict[EventKind, QColor] = {
    EventKind.LEVEL: QColor(255, 204, 0),
    EventKind.NOTIFY: QColor(255, 149, 0),
    EventKind.RESPOND: QColor(52, 199, 89),
    EventKind.LIMIT_WARNING: QColor(255, 149, 0),
    EventKind.LIMIT_EXCEEDED: QColor(255, 95, 40),
    EventKind.KILL: QColor(255, 59, 48),
    EventKind.REPORT: QColor(175, 82, 222),
    EventKind.LAUNCH: QColor(142, 142, 147),
    EventKind.EXIT: QColor(142, 142, 147),
}


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    if app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return True
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128
