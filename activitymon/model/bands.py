"""Jetsam priority bands on the three scales XNU has used.

``legacy``: bands 0..21 (xnu-2422 … xnu-8020, iOS 7–15); ``modern``: the same values
times ten, 0..210 (xnu-8792 and later, iOS 16+); ``macos``: the modern scale on a Mac,
where there is no page-shortage jetsam and idle exit is the main policy.
See ``shared/reference/xnu-memorystatus.md`` §1.1–§1.2.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping


class Era(enum.StrEnum):
    LEGACY = "legacy"
    MODERN = "modern"
    MACOS = "macos"

    @property
    def max_band(self) -> int:
        return 21 if self is Era.LEGACY else 210

    @property
    def scale(self) -> int:
        """Multiplier from the legacy scale to this era's scale (1 or 10)."""
        return 1 if self is Era.LEGACY else 10

    @property
    def default_band(self) -> int:
        """``JETSAM_PRIORITY_DEFAULT``: the band of a freshly forked process."""
        return 18 * self.scale


# Names on the legacy scale; the modern scale multiplies the values by ten.
# Where two names share a value the first is the one shown.
_LEGACY_NAMES: dict[int, str] = {
    0: "IDLE",
    1: "IDLE_DEFERRED",
    2: "BACKGROUND_OPPORTUNISTIC",
    3: "BACKGROUND",
    4: "MAIL",
    5: "PHONE",
    8: "UI_SUPPORT",
    9: "FOREGROUND_SUPPORT",
    10: "FOREGROUND",
    12: "AUDIO_AND_ACCESSORY",
    13: "CONDUCTOR",
    15: "DRIVER_APPLE",
    16: "HOME",
    17: "EXECUTIVE",
    18: "IMPORTANT",
    19: "CRITICAL",
    21: "MAX",
}
_MODERN_EXTRA: dict[int, str] = {
    15: "AGING_BAND1_STUCK",
    75: "FREEZER",
    999: "INTERNAL",
}

# Friendly aliases accepted in scenario files (lower case), on the legacy scale.
_ALIASES: dict[str, int] = {
    "idle": 0,
    "idle_deferred": 1,
    "aging_band1": 1,
    "deferred": 1,
    "background_opportunistic": 2,
    "aging_band2": 2,
    "background": 3,
    "elevated_inactive": 4,
    "mail": 4,
    "phone": 5,
    "ui_support": 8,
    "foreground_support": 9,
    "foreground": 10,
    "audio_and_accessory": 12,
    "audio": 12,
    "conductor": 13,
    "driver_apple": 15,
    "home": 16,
    "executive": 17,
    "important": 18,
    "default": 18,
    "critical": 19,
    "telephony": 19,
    "max": 21,
}


def band_names(era: Era) -> Mapping[int, str]:
    """Every named band of an era, band number → XNU name (without the prefix)."""
    if era is Era.LEGACY:
        return dict(_LEGACY_NAMES)
    names = {value * 10: name for value, name in _LEGACY_NAMES.items()}
    names.update(_MODERN_EXTRA)
    return names


def band_name(band: int, era: Era) -> str:
    """The XNU name of a band, or its number as text for unnamed bands (6, 7, 11 …)."""
    name = band_names(era).get(band)
    return name if name is not None else str(band)


def band_label(band: int, era: Era) -> str:
    """``"10 FOREGROUND"`` or ``"7"``: number and name, for lanes and columns."""
    name = band_names(era).get(band)
    return f"{band} {name}" if name is not None else str(band)


def parse_band(value: object, era: Era) -> int:
    """Accept a band number on the era's scale or an XNU band name.

    Raises ``ValueError`` with a message that says what was expected.
    """
    expected = f"an integer 0–{era.max_band} or a band name"
    if isinstance(value, bool):
        raise ValueError(f"expected {expected}, got {value!r}")
    if isinstance(value, int):
        if 0 <= value <= era.max_band:
            return value
        shown = str(value) if abs(value) < 10**30 else "a larger integer"
        raise ValueError(f"expected {expected}, got {shown}")
    if isinstance(value, str):
        key = value.strip().lower().removeprefix("jetsam_priority_")
        if key in _ALIASES:
            return _ALIASES[key] * era.scale
        if era is not Era.LEGACY and key == "freezer":
            return 75
        if key.isascii() and key.isdigit() and len(key) <= 6:
            return parse_band(int(key), era)
        shown = value if len(value) <= 40 else value[:39] + "…"
        raise ValueError(f'expected {expected}, got "{shown}"')
    raise ValueError(f"expected {expected}, got {value!r}")


def to_legacy_scale(band: int, era: Era) -> float:
    """Compare bands across eras: a modern band divided by ten."""
    return band / era.scale
