"""Cold start: process start to first painted window, activitymon beside a bare
PySide6 + pyqtgraph window measured in the same run (median of several runs).

The app writes ``time.time()`` to the file named by ``ACTIVITYMON_STARTUP_STAMP``
after its first paint; the bare window does the same from the script below.

    python bench/bench_startup.py [--runs 7]
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

BARE = r"""
import os, sys, time
from PySide6.QtCore import QObject, QEvent, QTimer
from PySide6.QtWidgets import QApplication
import pyqtgraph as pg
app = QApplication(sys.argv[:1])
w = pg.PlotWidget(); w.plot([1, 2, 3]); w.resize(1280, 820)
class Stamp(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            with open(os.environ["ACTIVITYMON_STARTUP_STAMP"], "w") as f:
                f.write(repr(time.time()))
            QTimer.singleShot(0, app.quit)
            self.deleteLater()
        return False
s = Stamp(); w.viewport().installEventFilter(s); w.show(); app.exec()
"""


def measure(cmd: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        stamp = Path(tmp) / "stamp"
        env = dict(os.environ, ACTIVITYMON_STARTUP_STAMP=str(stamp), QT_QPA_PLATFORM="offscreen")
        env["ACTIVITYMON_SETTINGS"] = str(Path(tmp) / "settings.ini")  # never the user's
        env["PYTHONPATH"] = str(ROOT)
        start = time.time()
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
        return float(stamp.read_text()) - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app_cmd = [sys.executable, "-m", "activitymon", "--source", "sim", "--quit-after", "0"]
    bare_cmd = [sys.executable, "-c", BARE]
    measure(bare_cmd)  # warm the file cache for both
    measure(app_cmd)
    bare, app = [], []
    for _ in range(args.runs):  # interleaved, so drift hits both alike
        bare.append(measure(bare_cmd))
        app.append(measure(app_cmd))
    mb, ma = statistics.median(bare), statistics.median(app)
    print(f"cold start to first paint, median of {args.runs} (min–max):")
    for label, values, median in (
        ("bare PySide6 + pyqtgraph window", bare, mb),
        ("activitymon (simulator)        ", app, ma),
    ):
        spread = f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f}"
        print(f"  {label}: {median * 1000:7.0f} ms  ({spread})")
    print(f"  ratio: {ma / mb:.2f}× (target ≤ 1.25×)")


if __name__ == "__main__":
    main()
