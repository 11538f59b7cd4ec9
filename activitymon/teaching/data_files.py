"""Where the teaching data lives: the one place this package asks for the resources
folder (the project's resource lookup may move; only this module follows it)."""

from __future__ import annotations

from pathlib import Path

from activitymon.sim.resources import resources_dir


def glossary_path() -> Path:
    return resources_dir() / "glossary.toml"


def lessons_dir() -> Path:
    return resources_dir() / "lessons"
