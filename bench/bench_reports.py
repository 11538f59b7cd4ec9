"""Print how long reading, writing and replaying the real jetsam reports takes, and
how long ``report --summary`` takes over 10,000 generated reports, cold and with the
index, with the peak memory.

Run: ``.venv/bin/python bench/bench_reports.py [--many N]`` (``--many 0`` skips the
many-report part). Figures only; no assertions (timings belong here, not in tests).
Goals on a 2-core machine: 10,000 reports in ≤ 15 s cold, ≤ 1 s with the index.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import subprocess
import sys
import tempfile
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


def _rss_mib(who: int) -> float:
    """Peak resident set of this process or of its largest child, in MiB (Linux: KiB)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _many(count: int) -> None:
    from activitymon.reports.collection import summarize_many
    from activitymon.reports.index import CACHE_ENV, INDEX_NAME, ReportIndex
    from activitymon.reports.scan import scan, worker_count
    from tests.reports.generated import write_reports

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        folder = os.path.join(tmp, "reports")
        start = time.perf_counter()
        written = write_reports(Path(folder), count)
        size = sum(p.stat().st_size for p in written.paths) / 2**20
        print(
            f"\n{count} generated reports, {size:.0f} MiB, written in "
            f"{time.perf_counter() - start:.1f} s; {worker_count()} worker(s)"
        )
        index_path = Path(tmp) / INDEX_NAME
        runs = (("cold (empty index)", True), ("with the index", True), ("--no-cache", False))
        for label, use_index in runs:
            start = time.perf_counter()
            cpu = _cpu_s()
            index = ReportIndex(index_path) if use_index else None
            result = scan([folder], index=index)
            summary = summarize_many(result.results)
            if index is not None:
                index.close()
            took = time.perf_counter() - start
            print(
                f"  summary {label:20} {took:6.2f} s wall, {_cpu_s() - cpu:6.2f} s CPU"
                f"  ({result.read} read, "
                f"{result.from_index} from the index; {summary['reports']} reports, "
                f"{summary['kills']} kills)"
            )
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "activitymon", "report", folder, "--summary", "--json"],
            env={**os.environ, CACHE_ENV: tmp},
            stdout=subprocess.DEVNULL,
            check=False,
        )
        print(
            f"  activitymon report --summary --json, with the index, end to end "
            f"(start-up, output): {time.perf_counter() - start:.2f} s wall"
        )
        print(
            f"  peak RSS: this process {_rss_mib(resource.RUSAGE_SELF):.0f} MiB, "
            f"largest worker {_rss_mib(resource.RUSAGE_CHILDREN):.0f} MiB; "
            f"index {index_path.stat().st_size / 2**20:.1f} MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--many", type=int, default=10_000, metavar="N")
    args = parser.parse_args()
    _fixtures()
    if args.many:
        _many(args.many)


def _fixtures() -> None:
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
    main()
