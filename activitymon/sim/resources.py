"""Where the simulator's data files live: device profiles
(``resources/devices/*.toml``), populations (``resources/populations/*.toml``),
built-in jetsam-properties tables (``resources/jetsamproperties/*.plist``) and
built-in scenarios (``resources/scenarios/*.toml``), under the folder
:mod:`activitymon.appdata` finds in every install layout."""

from __future__ import annotations

from pathlib import Path

from activitymon.appdata import resource_path, resources_dir

__all__ = [
    "devices_dir",
    "jetsam_properties_dir",
    "populations_dir",
    "resources_dir",
    "scenarios_dir",
]


def devices_dir() -> Path:
    return resource_path("devices")


def populations_dir() -> Path:
    return resource_path("populations")


def scenarios_dir() -> Path:
    return resource_path("scenarios")


def jetsam_properties_dir() -> Path:
    return resource_path("jetsamproperties")
