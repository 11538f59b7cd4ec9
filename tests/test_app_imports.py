"""What the app loads to open its window (#16, peak RSS): not the reports browser
(its charts, table and index), which File → Open Reports Folder imports on first
use. Checked in a fresh interpreter through ``sys.modules`` (this test process has
loaded everything already)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import activitymon.cli, activitymon.ui.app, activitymon.ui.main_window
print(json.dumps({"modules": sorted(m for m in sys.modules if m.startswith("activitymon"))}))
"""

LAZY = ("activitymon.ui.reports_browser", "activitymon.ui.reports_charts")


def test_the_window_does_not_load_the_reports_browser():
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    loaded = set(result["modules"])
    assert "activitymon.ui.main_window" in loaded  # the probe did import the window
    assert not {m for m in loaded if m.startswith(LAZY)}
