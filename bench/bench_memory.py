"""Peak memory of the whole app with the process inspector open and the tray icon
made, beside a bare PySide6 + pyqtgraph window, measured in the same run.

Each case runs in its own process under ``QT_QPA_PLATFORM=offscreen`` for
``--seconds`` of sampling (1 s interval, the live Linux source, or the simulator with
``--source sim``); its peak RSS is ``VmHWM`` of ``/proc/PID/status`` read from outside
just before it is stopped (by its pid). The app case opens the inspector on a process
of the watched machine after 3 s, as a double-click in the table does, and keeps it
open; the window's tray icon object exists in every window (a desktop without a tray
does not show it). Prints figures; asserts nothing.

    python bench/bench_memory.py [--seconds 20] [--reps 3] [--source linux|sim]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MIB = 130.0

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication
import pyqtgraph as pg
app = QApplication(sys.argv[:1])
w = pg.PlotWidget(); w.plot([1, 2, 3]); w.resize(1280, 820); w.show()
app.exec()
"""

APP = r"""
import sys
from PySide6.QtCore import QTimer
from activitymon.sources import open_source
from activitymon.ui.app import AfterFirstPaint, application
from activitymon.ui.main_window import MainWindow
from activitymon.ui.pyside_import_memory import release_startup_memory
from activitymon.ui.settings import AppSettings

app = application()
window = MainWindow(open_source(sys.argv[1]), 1.0, settings=AppSettings.open(), threaded=True)
window.resize(1280, 820)
after_paint = AfterFirstPaint(window, release_startup_memory)  # as the app does
window.show()
window.start()

def inspect():
    snapshot = window.last_snapshot
    if snapshot is None or not snapshot.processes:
        QTimer.singleShot(500, inspect)
        return
    largest = max(snapshot.processes, key=lambda p: p.footprint_bytes or p.rss_bytes or 0)
    window.inspectors.inspect(largest.pid)
    print("inspecting", largest.pid, flush=True)

QTimer.singleShot(3000, inspect)
app.exec()
"""


def vm_hwm_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", "rb") as f:
        for line in f:
            if line.startswith(b"VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for pid {pid}")


def run(code: str, args: list[str], seconds: float) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        env["ACTIVITYMON_SETTINGS"] = f"{tmp}/settings.ini"  # never the user's
        env["ACTIVITYMON_LOG_DIR"] = tmp
        child = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(seconds)
            if child.poll() is not None:
                raise RuntimeError(f"the case ended early (status {child.returncode})")
            return vm_hwm_mib(child.pid)
        finally:
            child.terminate()
            child.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--source", choices=("linux", "sim"), default="linux")
    args = parser.parse_args()
    cases: tuple[tuple[str, str, list[str]], ...] = (
        ("bare PySide6 + pyqtgraph window", BARE, []),
        (f"activitymon ({args.source}) + inspector + tray", APP, [args.source]),
    )
    results: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _ in range(args.reps):  # interleaved: drift hits both alike
        for name, code, extra in cases:
            results[name].append(run(code, extra, args.seconds))
    print(f"peak RSS (VmHWM) after {args.seconds:.0f} s, {args.reps} run(s); median (min–max):")
    for name, values in results.items():
        spread = f"{min(values):.1f}–{max(values):.1f}"
        print(f"  {name:<42} {statistics.median(values):7.1f} MiB  ({spread})")
    app = statistics.median(results[cases[1][0]])
    verdict = "met" if app <= TARGET_MIB else "NOT met"
    print(f"  app: {app:.1f} MiB, target ≤ {TARGET_MIB:.0f} MiB: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
