"""The real thing: build this platform's bundle with packaging/build and run
packaging/smoke on it (what CI runs). Slow: skipped unless ACTIVITYMON_SLOW=1 or
``-m slow``."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from tests.packaging.loader import ROOT

pytestmark = pytest.mark.slow


TARGET = "macos" if sys.platform == "darwin" else "linux"
BUNDLE = ROOT / "dist" / ("activitymon.app" if TARGET == "macos" else "activitymon")


def build() -> dict[str, str]:
    """Build; the bundle's files (and the Linux release archive) and their SHA-256."""
    done = subprocess.run(
        [str(ROOT / "packaging" / "build"), TARGET, "--no-sign"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    files = {
        str(p.relative_to(BUNDLE)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(BUNDLE.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }
    if TARGET == "linux":
        last = done.stdout.strip().splitlines()[-1]
        assert last.startswith("build: glibc floor 2."), last
        floor = tuple(int(n) for n in last.split()[3].split("."))
        assert floor <= (2, 34), last  # RHEL 9
        for archive in (ROOT / "dist").glob("activitymon-*-linux-*.tar.xz"):
            files[archive.name] = hashlib.sha256(archive.read_bytes()).hexdigest()
    return files


def test_the_bundle_builds_reproducibly_starts_simulates_and_draws() -> None:
    first = build()
    second = build()
    differing = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert differing == [], f"two builds of one tree differ in {differing[:10]}"
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
