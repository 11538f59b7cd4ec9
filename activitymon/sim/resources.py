"""Where the simulator's data files live.

Device profiles and built-in scenarios are data, kept in ``resources/`` at the top of
the project (``resources/devices/*.toml``, ``resources/populations/*.toml``,
``resources/scenarios/*.toml``). The app is run and packaged from a source checkout or
an editable install, so the folder is found next to the package; a wheel installs the
same files under ``<prefix>/share/activitymon``.
"""

from __future__ import annotations

import site
import sys
from pathlib import Path


def _find_resources() -> Path:
    """``resources/`` beside the package (a checkout, an editable install, the bundles),
    else where a wheel's data files went (``<prefix>/share/activitymon``)."""
    candidates = [
        Path(__file__).resolve().parents[2] / "resources",
        Path(sys.prefix) / "share" / "activitymon",
        Path(site.getuserbase()) / "share" / "activitymon",
    ]
    for path in candidates:
        if (path / "scenarios").is_dir():
            return path
    return candidates[0]


RESOURCES = _find_resources()


def resources_dir() -> Path:
    return RESOURCES


def devices_dir() -> Path:
    return RESOURCES / "devices"


def populations_dir() -> Path:
    return RESOURCES / "populations"


def scenarios_dir() -> Path:
    return RESOURCES / "scenarios"
