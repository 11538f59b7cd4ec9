"""Persisted preferences (QSettings), in one place and redirectable.

The settings file is the platform's usual one, unless ``ACTIVITYMON_SETTINGS`` names an
INI file (tests point it into a temporary folder so they never write the user's real
settings). :meth:`AppSettings.ephemeral` keeps values in memory only: screenshots
render with defaults and leave nothing behind.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from activitymon.units import UnitSystem

SETTINGS_ENV = "ACTIVITYMON_SETTINGS"

#: history choices offered in the graph and Preferences, in seconds
HISTORY_CHOICES: tuple[tuple[str, float], ...] = (
    ("1 minute", 60.0),
    ("5 minutes", 300.0),
    ("15 minutes", 900.0),
    ("1 hour", 3600.0),
    ("6 hours", 21_600.0),
    ("24 hours", 86_400.0),
)
DEFAULT_HISTORY_S = 900.0
DEFAULT_INTERVAL_S = 1.0


class AppSettings:
    """Typed access to the few settings activitymon keeps."""

    def __init__(self, qsettings: QSettings | None) -> None:
        self._q = qsettings
        self._memory: dict[str, Any] = {}

    @classmethod
    def open(cls) -> AppSettings:
        path = os.environ.get(SETTINGS_ENV)
        if path:
            return cls(QSettings(path, QSettings.Format.IniFormat))
        return cls(QSettings("activitymon", "activitymon"))

    @classmethod
    def ephemeral(cls) -> AppSettings:
        return cls(None)

    @property
    def persistent(self) -> bool:
        return self._q is not None

    # -- raw ------------------------------------------------------------------------
    def value(self, key: str, default: Any = None) -> Any:
        if self._q is None:
            return self._memory.get(key, default)
        return self._q.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        if self._q is None:
            self._memory[key] = value
        else:
            self._q.setValue(key, value)

    def sync(self) -> None:
        if self._q is not None:
            self._q.sync()

    # -- typed ----------------------------------------------------------------------
    def _float(self, key: str, default: float, low: float, high: float) -> float:
        try:
            value = float(self.value(key, default))
        except (TypeError, ValueError):
            return default
        return value if low <= value <= high else default

    @property
    def interval(self) -> float:
        return self._float("sampling/interval", DEFAULT_INTERVAL_S, 0.05, 3600.0)

    @interval.setter
    def interval(self, seconds: float) -> None:
        self.set_value("sampling/interval", float(seconds))

    @property
    def history_seconds(self) -> float:
        return self._float("graph/history_seconds", DEFAULT_HISTORY_S, 60.0, 86_400.0)

    @history_seconds.setter
    def history_seconds(self, seconds: float) -> None:
        self.set_value("graph/history_seconds", float(seconds))

    @property
    def units(self) -> UnitSystem:
        try:
            return UnitSystem(str(self.value("display/units", UnitSystem.BINARY.value)))
        except ValueError:
            return UnitSystem.BINARY

    @units.setter
    def units(self, units: UnitSystem) -> None:
        self.set_value("display/units", units.value)

    def _bool(self, key: str, default: bool) -> bool:
        raw = self.value(key, default)
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        return default

    @property
    def notify_pressure(self) -> bool:
        """A desktop notification when a live machine's pressure gets worse."""
        return self._bool("alerts/notify", True)

    @notify_pressure.setter
    def notify_pressure(self, on: bool) -> None:
        self.set_value("alerts/notify", bool(on))

    @property
    def minimise_to_tray(self) -> bool:
        """Minimising the window hides it in the tray, where it keeps sampling."""
        return self._bool("alerts/minimise_to_tray", True)

    @minimise_to_tray.setter
    def minimise_to_tray(self, on: bool) -> None:
        self.set_value("alerts/minimise_to_tray", bool(on))

    # -- the newcomer's path ------------------------------------------------------------
    def lessons_done(self) -> set[str]:
        """The lessons finished (Help → Lessons ticks them)."""
        value = self.value("lessons/done", "")
        items = value if isinstance(value, list) else str(value or "").split(",")
        return {str(item) for item in items if str(item)}

    def mark_lesson_done(self, name: str) -> None:
        self.set_value("lessons/done", ",".join(sorted(self.lessons_done() | {name})))

    @property
    def getting_started_dismissed(self) -> bool:
        """The first-run card was closed (Help → Getting Started shows it again)."""
        return self._bool("help/getting_started_dismissed", False)

    @getting_started_dismissed.setter
    def getting_started_dismissed(self, on: bool) -> None:
        self.set_value("help/getting_started_dismissed", on)

    def hidden_columns(self, source_name: str) -> list[str] | None:
        """Column keys the user hid for this kind of source; ``None`` if never chosen."""
        raw = self.value(f"table/{source_name}/hidden")
        if raw is None:
            return None
        if isinstance(raw, str):
            return [k for k in raw.split(",") if k]
        if isinstance(raw, list):
            return [str(k) for k in raw if k]
        return None

    def set_hidden_columns(self, source_name: str, keys: list[str]) -> None:
        self.set_value(f"table/{source_name}/hidden", ",".join(keys))

    def column_widths(self, source_name: str) -> dict[str, int]:
        """Column key → width in pixels the user left for this kind of source."""
        raw = self.value(f"table/{source_name}/widths")
        widths: dict[str, int] = {}
        parts = raw.split(",") if isinstance(raw, str) else raw if isinstance(raw, list) else []
        for part in parts:
            key, _, width = str(part).partition("=")
            if key and width.isdigit() and 8 <= int(width) <= 4000:
                widths[key] = int(width)
        return widths

    def set_column_widths(self, source_name: str, widths: dict[str, int]) -> None:
        text = ",".join(f"{key}={width}" for key, width in widths.items())
        self.set_value(f"table/{source_name}/widths", text)

    def bytes_value(self, key: str) -> QByteArray | None:
        raw = self.value(key)
        return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None
