"""Where the simulator's data files live.

Device profiles and built-in scenarios are data, kept in ``resources/`` at the top of
the project (``resources/devices/*.toml``, ``resources/populations/*.toml``,
``resources/scenarios/*.toml``). The app is run and packaged from a source checkout or
an editable install, so the folder is found next to the package.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resources_dir() -> Path:
    return RESOURCES


def devices_dir() -> Path:
    return RESOURCES / "devices"


def populations_dir() -> Path:
    return RESOURCES / "populations"


def scenarios_dir() -> Path:
    return RESOURCES / "scenarios"
