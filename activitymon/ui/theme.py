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
    "kernel_reclaimable": QColor(162, 132, 94),
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
    # the palette, not the system's scheme: follow_color_scheme makes them agree, and
    # ACTIVITYMON_COLOR_SCHEME=light on a dark desktop means light
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


COLOR_SCHEME_ENV = "ACTIVITYMON_COLOR_SCHEME"


def dark_palette() -> QPalette:
    """A Fusion-style dark palette, for platforms that report a dark scheme but give a
    light palette (and for ``ACTIVITYMON_COLOR_SCHEME=dark``)."""
    pal = QPalette()
    window, base, text = QColor(40, 40, 43), QColor(30, 30, 32), QColor(225, 225, 228)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(38, 38, 41),
        QPalette.ColorRole.ToolTipBase: QColor(50, 50, 54),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(52, 52, 56),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 80, 80),
        QPalette.ColorRole.Highlight: QColor(10, 132, 255),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.PlaceholderText: QColor(150, 150, 155),
        QPalette.ColorRole.Link: QColor(90, 170, 255),
        QPalette.ColorRole.Mid: QColor(70, 70, 75),
        QPalette.ColorRole.Dark: QColor(25, 25, 27),
        QPalette.ColorRole.Light: QColor(80, 80, 85),
    }
    for role, colour in roles.items():
        pal.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 125))
    return pal


def follow_color_scheme(app: QGuiApplication, override: str | None = None) -> None:
    """Light or dark as the system says (or as ``override`` says), now and on change."""

    def apply(scheme: Qt.ColorScheme) -> None:
        wanted = {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}.get(
            (override or "").lower(), scheme
        )
        light_now = app.palette().color(QPalette.ColorRole.Window).lightness() >= 128
        if wanted == Qt.ColorScheme.Dark and light_now:
            app.setPalette(dark_palette())
        elif wanted == Qt.ColorScheme.Light and not light_now:
            app.setPalette(QPalette())  # back to the style's own palette

    apply(app.styleHints().colorScheme())
    app.styleHints().colorSchemeChanged.connect(apply)
