"""Jetsam priority bands on the three scales XNU has used, and iOS 6's priority list.

``legacy``: bands 0..21 (xnu-2422 … xnu-8020, iOS 7–15); ``modern``: the same values
times ten, 0..210 (xnu-8792 and later, iOS 16+); ``macos``: the modern scale on a Mac,
where there is no page-shortage jetsam and idle exit is the main policy.
See ``shared/reference/xnu-memorystatus.md`` §1.1–§1.2.

``priority-list``: xnu-2050 (iOS 6) had no bands but one list of signed numeric
priorities kept in descending order and killed from the head, so the *highest* number
dies first, newest first among equals (``memorystatus_add_node``); a forked process
starts at ``DEFAULT_JETSAM_PRIORITY`` = −100 (``bsd/sys/kern_memorystatus.h``). Which
numbers launchd's ``JetsamPriority`` and SpringBoard gave is not in public source: the
named priorities below are estimates, and band names map onto them (an estimate too).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from activitymon.model.text import shortened


class Era(enum.StrEnum):
    LEGACY = "legacy"
    MODERN = "modern"
    MACOS = "macos"
    #: xnu-2050 (iOS 6): one list of numeric priorities, highest killed first
    PRIORITY_LIST = "priority-list"

    @property
    def max_band(self) -> int:
        if self is Era.PRIORITY_LIST:
            return PRIORITY_LIMIT
        return 21 if self is Era.LEGACY else 210

    @property
    def min_band(self) -> int:
        return -PRIORITY_LIMIT if self is Era.PRIORITY_LIST else 0

    @property
    def scale(self) -> int:
        """Multiplier from the legacy scale to this era's scale (1 or 10)."""
        return 10 if self in (Era.MODERN, Era.MACOS) else 1

    @property
    def default_band(self) -> int:
        """``JETSAM_PRIORITY_DEFAULT``: the band of a freshly forked process (xnu-2050:
        ``DEFAULT_JETSAM_PRIORITY`` −100)."""
        if self is Era.PRIORITY_LIST:
            return DEFAULT_JETSAM_PRIORITY
        return 18 * self.scale

    @property
    def is_priority_list(self) -> bool:
        """Killed from the highest number down (iOS 6), not from band 0 up."""
        return self is Era.PRIORITY_LIST


#: xnu-2050 ``DEFAULT_JETSAM_PRIORITY`` (bsd/sys/kern_memorystatus.h)
DEFAULT_JETSAM_PRIORITY = -100
#: the range of iOS 6 priorities accepted (int32 in the kernel; a sane bound here)
PRIORITY_LIMIT = 1000

#: iOS 6 priorities with a name (estimates, except DEFAULT): what SpringBoard gave a
#: suspended, background or frontmost app, and launchd an on-demand daemon
_IOS6_NAMES: dict[int, str] = {
    16: "SUSPENDED_APP",
    12: "IDLE_EXIT_DAEMON",
    8: "BACKGROUND_APP",
    2: "FRONTMOST_APP",
    DEFAULT_JETSAM_PRIORITY: "DEFAULT_JETSAM_PRIORITY",
}
#: a band (legacy scale) given for the iOS 6 device → its estimated priority; decreasing,
#: so the kill order of the bands is kept
_IOS6_FROM_BAND: tuple[int, ...] = (
    16,
    12,
    12,
    8,
    6,
    5,
    4,
    4,
    3,
    3,
    2,
    1,
    1,
    0,
    -20,
    -20,
    -49,
    -60,
    -100,
    -110,
    -115,
    -120,
)


def ios6_priority_for_band(band: int) -> int:
    """The estimated iOS 6 priority of a band on the legacy scale (0..21)."""
    return _IOS6_FROM_BAND[max(0, min(21, band))]


def band_for_ios6_priority(priority: int) -> int:
    """The legacy band an iOS 6 priority stands for: the lowest band whose estimated
    priority is at or below it (so the kill order is kept)."""
    for band, estimate in enumerate(_IOS6_FROM_BAND):
        if estimate <= priority:
            return band
    return len(_IOS6_FROM_BAND) - 1


def convert_band(band: int, old: Era, new: Era) -> int:
    """The same place in the kill order on another scale: legacy 0–21 ↔ modern 0–210,
    and bands ↔ iOS 6 priorities (by the estimated table)."""
    if old is new:
        return band
    legacy = band_for_ios6_priority(band) if old is Era.PRIORITY_LIST else round(band / old.scale)
    if new is Era.PRIORITY_LIST:
        return ios6_priority_for_band(legacy)
    return min(
        new.max_band,
        legacy * new.scale if old is Era.PRIORITY_LIST else round(band * new.scale / old.scale),
    )


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
    """Every named band of an era, band number → XNU name (without the prefix); on the
    priority list the named (estimated) priorities."""
    if era is Era.PRIORITY_LIST:
        return dict(_IOS6_NAMES)
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
    """``"10 FOREGROUND"`` or ``"7"``: number and name, for lanes and columns; on the
    priority list ``"priority 16 SUSPENDED_APP (est.)"`` or ``"priority -100 DEFAULT"``."""
    name = band_names(era).get(band)
    if era is Era.PRIORITY_LIST:
        if name is None:
            return f"priority {band}"
        estimate = "" if band == DEFAULT_JETSAM_PRIORITY else " (est.)"
        return f"priority {band} {name}{estimate}"
    return f"{band} {name}" if name is not None else str(band)


def band_phrase(band: int, era: Era) -> str:
    """``"band 10 FOREGROUND"``, or on iOS 6's list ``"priority 16 SUSPENDED_APP (est.)"``:
    a label that says which kind of number it is."""
    label = band_label(band, era)
    return label if era is Era.PRIORITY_LIST else f"band {label}"


def parse_band(value: object, era: Era) -> int:
    """Accept a band number on the era's scale or an XNU band name.

    On the priority list (iOS 6) a number is a priority (−1000..1000) and a band name
    maps to its estimated priority (``ios6_priority_for_band``).

    Raises ``ValueError`` with a message that says what was expected.
    """
    expected = f"an integer {era.min_band}–{era.max_band} or a band name"
    if era is Era.PRIORITY_LIST:
        expected = f"an integer {era.min_band}–{era.max_band} (an iOS 6 priority) or a band name"
    if isinstance(value, bool):
        raise ValueError(f"expected {expected}, got {value!r}")
    if isinstance(value, int):
        if era.min_band <= value <= era.max_band:
            return value
        shown = str(value) if abs(value) < 10**30 else "a larger integer"
        raise ValueError(f"expected {expected}, got {shown}")
    if isinstance(value, str):
        key = value.strip().lower().removeprefix("jetsam_priority_")
        if era is Era.PRIORITY_LIST:
            for number, name in _IOS6_NAMES.items():
                if key == name.lower():
                    return number
            if key in _ALIASES:
                return ios6_priority_for_band(_ALIASES[key])
        elif key in _ALIASES:
            return _ALIASES[key] * era.scale
        if era in (Era.MODERN, Era.MACOS) and key == "freezer":
            return 75
        digits = key.removeprefix("-")
        if digits.isascii() and digits.isdigit() and len(digits) <= 6:
            return parse_band(int(key), era)
        raise ValueError(f'expected {expected}, got "{shortened(value, 40)}"')
    raise ValueError(f"expected {expected}, got {value!r}")


def to_legacy_scale(band: int, era: Era) -> float:
    """Compare bands across eras: a modern band divided by ten (an iOS 6 priority has no
    band: it is returned as it is)."""
    return band / era.scale
