"""The oldest macOS the app bundle can run on: the highest of the wheels' platform
tags (``macosx_13_0_universal2``: the minimum their binaries were built for) and of
every bundled Mach-O file's own ``LC_BUILD_VERSION`` minos (``macho.py``), which also
covers what no wheel tag says: the interpreter's ``libpython`` (a Homebrew Python
built on macOS 15 has minos 15.0) and PyInstaller's bootloader. PySide6-Essentials
6.11.x ships for macOS 13+, 6.12 for 14+; which one is bundled depends on the build
Python (requirements.lock keeps 6.12 off CPython < 3.12), so the Info.plist's
``LSMinimumSystemVersion`` is derived, never typed.

Standard library only; loaded by path from the macOS spec and the tests.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from types import ModuleType

#: The compiled distributions the bundle carries (pure-Python ones have no tag).
BUNDLED_DISTRIBUTIONS = ("PySide6-Essentials", "shiboken6", "numpy", "psutil", "msgspec")
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


def _macho() -> ModuleType:
    name = "_macos_minimum_macho"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("macho.py"))
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def binaries_minimum(paths: Iterable[str | Path]) -> str | None:
    """The highest ``LC_BUILD_VERSION`` minos over the Mach-O files among ``paths``
    (the spec's collected binaries), as ``"15.0"``; None when none records one."""
    macho = _macho()
    files = [Path(p) for p in paths if Path(p).is_file() and macho.file_minimum(Path(p))]
    found = macho.app_minimum(files)
    return None if found.version is None else str(macho.version_text(found.version))


def _key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def highest(*versions: str | None) -> str | None:
    """The highest of some ``"13.0"`` versions (None when all are None)."""
    known = [v for v in versions if v is not None]
    return max(known, key=_key) if known else None
