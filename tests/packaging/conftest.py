"""Packaging tests: the bundle build itself is ``slow`` and runs only on request."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def slow_requested(config: pytest.Config) -> bool:
    """``ACTIVITYMON_SLOW=1`` in the environment, or ``-m`` naming ``slow``."""
    return os.environ.get("ACTIVITYMON_SLOW") == "1" or "slow" in (config.getoption("-m") or "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Only this folder's tests: a conftest hook sees every collected item.
    if slow_requested(config):
        return
    skip = pytest.mark.skip(reason="builds the bundle; set ACTIVITYMON_SLOW=1 or use -m slow")
    for item in items:
        if "slow" in item.keywords and HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)
