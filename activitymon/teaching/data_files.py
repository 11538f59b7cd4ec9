"""Where the teaching data lives: the one place this package asks for it (through
:mod:`activitymon.appdata`, which finds ``resources/`` in every install layout)."""

from __future__ import annotations

from pathlib import Path

from activitymon.appdata import resource_path


def glossary_path() -> Path:
    return resource_path("glossary.toml")


def lessons_dir() -> Path:
    return resource_path("lessons")
