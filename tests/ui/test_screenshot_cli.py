"""``activitymon --screenshot``: a PNG of the real window, rendered offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.gui


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("QT_QPA_PLATFORM", None)  # the command must set offscreen itself
    env["PYTHONPATH"] = str(PROJECT)
    return subprocess.run(
        [sys.executable, "-m", "activitymon", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def test_screenshot_writes_a_png_of_the_window(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = run_cli("--screenshot", str(shot), "--quit-after", "3")
    assert result.returncode == 0, result.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000  # a graph and a table with rows, not an empty window
    assert "Traceback" not in result.stderr


def test_unwritable_screenshot_path_is_one_line(tmp_path: Path) -> None:
    result = run_cli("--screenshot", str(tmp_path / "missing" / "shot.png"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "does not exist" in lines[0]


def test_unknown_source_is_one_line() -> None:
    result = run_cli("--source", "bogus")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "bogus" in result.stderr


def test_without_a_display_the_window_command_says_so_in_one_line() -> None:
    result = run_cli("--quit-after", "1")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "no display" in lines[0]
    assert "--screenshot" in lines[0]


def test_display_detection() -> None:
    from activitymon.commands.app import has_display

    assert has_display({}, "darwin")
    assert not has_display({}, "linux")
    assert has_display({"DISPLAY": ":0"}, "linux")
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert has_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
