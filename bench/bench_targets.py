"""Issue 26 item 7's four targets in one run, each measured side by side with what it is
compared to (interleaved repetitions, the same machine state), by the bench scripts
that own them:

1. the whole app's CPU beside btop with 1,000 extra processes alive
   (``bench_linux.py --mode cpu``): target ≤ 0.75× btop;
2. a full process-table repaint with every one of 1,000 rows changed and reordered
   (``bench_gui.bench_table``): target ≤ 8 ms;
3. cold start to first paint beside a bare PySide6 + pyqtgraph window
   (``bench_startup.py``): target ≤ 1.25×;
4. peak RSS with the inspector open and the tray made (``bench_memory.py``):
   target ≤ 130 MiB.

Prints each script's figures as they come; asserts nothing.

    python bench/bench_targets.py [--procs 1000] [--seconds 30] [--reps 3] [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def _run(title: str, args: list[str]) -> None:
    shown = "python -c 'bench_gui.bench_table(…)'" if args[0] == "-c" else " ".join(args)
    print(f"\n=== {title}\n$ {shown}", flush=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        print(f"(exit {done.returncode})", flush=True)


TABLE = r"""
import sys
sys.path.insert(0, "bench")
from bench_gui import bench_table
for live, what in ((False, "every one of 1,000 rows changed, order reshuffled"),
                   (True, "a live tick's shape: 5 % of 1,000 rows changed")):
    median, p10, cpu = bench_table(runs=40, live=live)
    print(f"table apply + repaint, {what}: median {median:.1f} ms wall "
          f"(p10 {p10:.1f}), {cpu:.1f} ms GUI-thread CPU (target <= 8 ms)")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--procs", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10 s windows, 1 repetition")
    args = parser.parse_args()
    seconds, reps = (10.0, 1) if args.quick else (args.seconds, args.reps)
    _run(
        "1. CPU beside btop",
        [
            str(BENCH / "bench_linux.py"),
            "--mode",
            "cpu",
            "--procs",
            str(args.procs),
            "--seconds",
            f"{seconds:g}",
            "--reps",
            str(reps),
            "--only",
            "app,app2,btop,btop2000,htop",
        ],
    )
    _run("2. table repaint, 1,000 rows", ["-c", TABLE])
    _run("3. cold start", [str(BENCH / "bench_startup.py"), "--runs", str(max(5, 2 * reps + 1))])
    _run(
        "4. peak RSS with the inspector and the tray",
        [str(BENCH / "bench_memory.py"), "--seconds", "20", "--reps", str(reps)],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
