"""The real thing: build this platform's bundle with packaging/build and run
packaging/smoke on it (what CI runs). Slow: skipped unless ACTIVITYMON_SLOW=1 or
``-m slow``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.packaging.loader import ROOT

pytestmark = pytest.mark.slow


def test_the_bundle_builds_starts_simulates_and_draws() -> None:
    target = "macos" if sys.platform == "darwin" else "linux"
    build = subprocess.run(
        [str(ROOT / "packaging" / "build"), target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    smoke = subprocess.run(
        [str(ROOT / "packaging" / "smoke")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "all steps passed" in smoke.stdout
