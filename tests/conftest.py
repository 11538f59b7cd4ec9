"""Shared test set-up: Qt offscreen, and the third-party fixtures beside the project."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the app's log (activitymon.applog) goes to a throwaway folder, in subprocesses too
_LOGS = tempfile.mkdtemp(prefix="activitymon-test-logs-")
atexit.register(shutil.rmtree, _LOGS, ignore_errors=True)
os.environ["ACTIVITYMON_LOG_DIR"] = _LOGS

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
JETSAM_FIXTURES = SHARED / "fixtures" / "jetsam-reports"


@pytest.fixture
def jetsam_fixtures() -> Path:
    """The real device reports in ``../shared/fixtures/jetsam-reports`` (never copied
    into the project); tests that need them skip where that folder is absent."""
    if not JETSAM_FIXTURES.is_dir():
        pytest.skip(f"third-party jetsam reports not present at {JETSAM_FIXTURES}")
    return JETSAM_FIXTURES
