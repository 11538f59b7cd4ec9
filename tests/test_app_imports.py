"""What the app loads to open its window (#16, peak RSS): not the reports browser
(its charts, table and index), which File → Open Reports Folder imports on first
use. Checked in a fresh interpreter through ``sys.modules`` (this test process has
loaded everything already)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

PROBE = """
import json, os, sys
import activitymon.cli
numpy_before_ui = "numpy" in sys.modules
import activitymon.ui.app, activitymon.ui.main_window
print(json.dumps({
    "modules": sorted(m for m in sys.modules if m.startswith("activitymon")),
    "numpy_before_ui": numpy_before_ui,
    "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
}))
"""

LAZY = ("activitymon.ui.reports_browser", "activitymon.ui.reports_charts")


def _probe(**env: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", **env},
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_the_window_does_not_load_the_reports_browser():
    result = _probe()
    loaded = set(result["modules"])
    assert "activitymon.ui.main_window" in loaded  # the probe did import the window
    assert not {m for m in loaded if m.startswith(LAZY)}


def test_numpy_starts_one_blas_thread_unless_the_user_chose():
    result = _probe()
    assert result["numpy_before_ui"] is False  # else the setting would come too late
    assert result["blas_threads"] == "1"
    assert _probe(OPENBLAS_NUM_THREADS="3")["blas_threads"] == "3"


CLI_PROBE = """
import json, sys
import activitymon.cli
from activitymon.commands import COMMANDS
names = sorted(COMMANDS)
before = sorted(m for m in sys.modules if m.startswith("activitymon.commands."))
COMMANDS["explain"]
after = sorted(m for m in sys.modules if m.startswith("activitymon.commands."))
print(json.dumps({"names": names, "before": before, "after": after}))
"""


def test_the_command_line_imports_a_command_only_when_it_runs():
    """The window and each command load only what they use (cold start, #16)."""
    out = subprocess.run(
        [sys.executable, "-c", CLI_PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["names"] == sorted(
        [
            "snapshot",
            "report",
            "vmmon",
            "simulate",
            "explain",
            "lesson",
            "record",
            "inspect",
            "limits",
            "completions",
        ]
    )
    assert not [m for m in result["before"] if not m.endswith((".base", ".options"))]
    assert "activitymon.commands.explain" in result["after"]
    assert "activitymon.commands.vmmon" not in result["after"]


def test_the_window_command_loads_the_recording_reader_only_for_files():
    """``activitymon`` without files never asks whether one is a recording: the
    recording reader (and the report readers under it) is not loaded for it."""
    probe = (
        "import sys, activitymon.commands.app; "
        "print('activitymon.commands.recorded' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "False"
