"""The oldest macOS the app bundle can run on, read from the wheels that go into it:
a wheel's platform tag (``macosx_13_0_universal2``) is the minimum its binaries were
built for. PySide6-Essentials 6.11.x ships for macOS 13+, 6.12 for 14+; which one
is bundled depends on the build Python (requirements.lock keeps 6.12 off CPython <
3.12), so the Info.plist's ``LSMinimumSystemVersion`` is derived, never typed.

Standard library only; loaded by path from the macOS spec and the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import metadata

#: The compiled distributions the bundle carries (pure-Python ones have no tag).
BUNDLED_DISTRIBUTIONS = ("PySide6-Essentials", "shiboken6", "numpy", "psutil")
_MACOS_TAG = re.compile(r"macosx_(\d+)_(\d+)_")


def tag_minimum(tag: str) -> tuple[int, int] | None:
    """``(13, 0)`` from ``cp39-abi3-macosx_13_0_universal2``; None for other platforms."""
    match = _MACOS_TAG.search(tag)
    return (int(match.group(1)), int(match.group(2))) if match else None


def minimum_of_tags(tags: Iterable[str]) -> str | None:
    """The highest macOS minimum among wheel tags, as ``"13.0"``."""
    found = [m for m in map(tag_minimum, tags) if m is not None]
    return None if not found else "{}.{}".format(*max(found))


def installed_tags(name: str) -> list[str]:
    """``Tag:`` lines of an installed distribution's WHEEL file ([] if not a wheel)."""
    try:
        text = metadata.distribution(name).read_text("WHEEL") or ""
    except metadata.PackageNotFoundError:
        return []
    return [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Tag:")]


def bundled_minimum(names: Iterable[str] = BUNDLED_DISTRIBUTIONS) -> str | None:
    """The macOS minimum of the wheels installed in the build interpreter (the ones
    PyInstaller bundles); None off macOS, where they carry no macOS tag."""
    return minimum_of_tags(tag for name in names for tag in installed_tags(name))
