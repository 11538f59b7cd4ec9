"""Each shared fixture alone: how long reading, writing and replaying it takes, and a
lenient read of the iOS 14 report cut in half.

Run: ``.venv/bin/python bench/bench_report_files.py`` (or ``bench_reports.py
--fixtures``). Figures only; no assertions.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from activitymon.reports import ReportError, parse_report, read_report, render_report
from activitymon.sources.replay import open_replay_source

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "jetsam-reports"


def _best(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _replay(path: str) -> object:
    return open_replay_source([path]).sample()


def time_fixtures() -> None:
    if not FIXTURES.is_dir():
        print(f"no fixtures at {FIXTURES}")
        return
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix == ".md":
            continue
        try:
            report = read_report(path)
        except ReportError:
            print(f"{path.name:45} not a jetsam report (refused)")
            continue
        text = path.read_text()
        read_s = _best(functools.partial(read_report, path))
        write_s = _best(functools.partial(render_report, report))
        replay_s = _best(functools.partial(_replay, str(path)))
        print(
            f"{path.name:45} {len(text) / 1024:7.1f} KiB {len(report.processes):4d} procs"
            f"  read {read_s * 1000:6.1f} ms  write {write_s * 1000:6.1f} ms"
            f"  replay {replay_s * 1000:6.1f} ms"
        )
    big = (FIXTURES / "JetsamEvent-2020-10-15-172958.ips.synced").read_text()
    cut = big[: len(big) // 2]
    lenient_s = _best(functools.partial(parse_report, cut, "cut"))
    print(f"{'lenient read of the iOS 14 report cut in half':45} {lenient_s * 1000:6.1f} ms")


if __name__ == "__main__":
    time_fixtures()
