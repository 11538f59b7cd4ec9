"""``report --summary`` over real-size report collections, beside the script a user
would write instead, in the same run.

For each size (1,000 and 10,000 files by default) a corpus is generated from the
shared fixtures' structure (``bench/report_corpus.py``: JetsamEvents of 117–442
processes, 43–201 KB, in folders by model and month, with ``.synced`` copies, cut
files, LowMemory text, Analytics logs and empty files). Then, with the files in the
page cache (both sides read the same warm files):

* the naive loop (``bench/naive_summary.py``: one process, ``json.loads`` per file,
  kills per process and reason, footprint percentiles);
* ``activitymon report DIR --summary --json`` cold (an empty index), warm (the same
  index), and incremental (1 % new files added);
* with ``--bundle PATH``, the frozen app's cold summary too;

each as its own process, timed (wall and CPU seconds of the whole process tree) with
the peak resident memory of the process tree (sampled every 20 ms). The kills the two
count on the files both read (the well-formed JetsamEvents) must be equal.

    nice .venv/bin/python bench/bench_reports.py [--sizes 1000,10000] [--runs 3]
        [--corpus DIR] [--bundle dist/activitymon/activitymon] [--fixtures]

Targets (on this machine, printed beside the figures, never asserted): cold ≤ 1.0× the
naive loop; warm ≤ 1 s at 10,000 files; incremental in proportion to what was added;
peak RSS of the process tree ≤ 200 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from report_corpus import Corpus, make_corpus  # noqa: E402

NAIVE = ROOT / "bench" / "naive_summary.py"
CACHE_ENV = "ACTIVITYMON_CACHE_DIR"
TARGET_RSS_MIB = 200
TARGET_WARM_S = 1.0


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    peak_mib: float
    out: str
    #: the same with proportional set sizes: pages a forked worker shares with the
    #: command counted once, not in both (Linux; 0 elsewhere)
    peak_pss_mib: float = 0.0


def _tree_memory(proc: psutil.Process) -> tuple[int, int]:
    """(RSS, PSS) summed over the process and its descendants."""
    rss = pss = 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for member in members:
        try:
            full = member.memory_full_info()
        except psutil.Error:
            continue
        rss += full.rss
        pss += getattr(full, "pss", 0)
    return rss, pss


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``argv``; wall and CPU seconds (the process and every descendant it
    waited for) and the peak of the summed RSS of the process tree."""
    cpu_before = _children_cpu()
    peak = peak_pss = 0
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, env=env)
        watched = psutil.Process(child.pid)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak, peak_pss
            while not done.is_set():
                rss, pss = _tree_memory(watched)
                peak, peak_pss = max(peak, rss), max(peak_pss, pss)
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        child.wait()
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        out.seek(0)
        text = out.read()
    return Run(wall, _children_cpu() - cpu_before, peak / 2**20, text, peak_pss / 2**20)


def _warm_page_cache(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.read_bytes()


def _summary_argv(binary: list[str], folder: Path) -> list[str]:
    return [*binary, "report", str(folder), "--summary", "--json"]


def _kills_on(summary: dict[str, Any], paths: set[str]) -> Counter[tuple[str, str]]:
    kills: Counter[tuple[str, str]] = Counter()
    for report in summary["per_report"]:
        if report["path"] in paths:
            for victim in report["victims"]:
                kills[(victim["name"], victim["reason"])] += 1
    return kills


def _same_kills(naive: dict[str, Any], ours: dict[str, Any]) -> str:
    mine = _kills_on(ours, set(naive["paths"]))
    theirs = Counter({tuple(k.split("\t")): n for k, n in naive["kills"].items()})
    if mine != theirs:
        wrong = sorted(set(mine.items()) ^ set(theirs.items()))[:3]
        return f"DIFFERENT kill counts on the files both read: {wrong}"
    more = ours["reports"] - naive["reports"]
    return (
        f"same kills on the {len(naive['paths']):,} reports both read "
        f"({sum(theirs.values()):,}); the summary also counts {more:,} more "
        "(LowMemory text, cut reports read leniently)"
    )


def _describe(corpus: Corpus) -> str:
    mib, mean = corpus.bytes / 2**20, corpus.bytes / corpus.files / 1024
    return (
        f"{corpus.files:,} files, {mib:,.0f} MiB (mean {mean:.0f} KB): "
        f"{corpus.jetsam:,} JetsamEvents, {corpus.synced_copies} .synced copies, "
        f"{corpus.truncated} cut, {corpus.lowmemory} LowMemory, {corpus.analytics} Analytics, "
        f"{corpus.empty} empty"
    )


def _line(label: str, run: Run, note: str = "") -> None:
    print(
        f"  {label:34} {run.wall_s:7.2f} s wall {run.cpu_s:7.2f} s CPU "
        f"{run.peak_mib:5.0f} MiB RSS {run.peak_pss_mib:5.0f} MiB PSS  {note}"
    )


def bench_size(count: int, root: Path, runs: int, bundle: Path | None) -> None:
    folder = root / f"corpus-{count}"
    started = time.perf_counter()
    corpus = make_corpus(folder, count)
    print(f"\n{_describe(corpus)}; ready in {time.perf_counter() - started:.0f} s")
    _warm_page_cache(folder)
    app = [sys.executable, "-m", "activitymon"]
    naive_runs: list[Run] = []
    cold_runs: list[Run] = []
    cache = root / f"cache-{count}"
    for _ in range(runs):  # interleaved: the machine's load falls on both alike
        naive_runs.append(measure([sys.executable, str(NAIVE), str(folder)]))
        shutil.rmtree(cache, ignore_errors=True)
        cold_runs.append(measure(_summary_argv(app, folder), {**os.environ, CACHE_ENV: str(cache)}))
    naive = min(naive_runs, key=lambda r: r.wall_s)
    cold = min(cold_runs, key=lambda r: r.wall_s)
    env = {**os.environ, CACHE_ENV: str(cache)}
    warm = measure(_summary_argv(app, folder), env)
    added = make_corpus(folder / "added", max(1, count // 100), seed=99)
    _warm_page_cache(folder / "added")
    incremental = measure(_summary_argv(app, folder), env)
    shutil.rmtree(folder / "added")
    (folder / "added.corpus.json").unlink()
    print(
        f"  runs: {runs} interleaved (best of each); load average {os.getloadavg()[0]:.1f} on "
        f"{len(os.sched_getaffinity(0))} CPUs"
    )
    _line("naive json.loads loop (1 process)", naive)
    ratio = cold.wall_s / naive.wall_s
    walls = ", ".join(
        f"{r.wall_s:.2f}/{n.wall_s:.2f}" for r, n in zip(cold_runs, naive_runs, strict=True)
    )
    _line(
        "report --summary, cold", cold, f"{ratio:.2f}× the naive loop (target ≤ 1.0; runs {walls})"
    )
    _line("report --summary, warm (index)", warm, f"(target ≤ {TARGET_WARM_S:g} s)")
    _line(
        f"incremental (+{added.files} files)",
        incremental,
        f"{incremental.wall_s / warm.wall_s:.1f}× warm",
    )
    if bundle is not None:
        shutil.rmtree(cache, ignore_errors=True)
        frozen = measure(
            _summary_argv([str(bundle)], folder), {**os.environ, CACHE_ENV: str(cache)}
        )
        used = frozen.cpu_s / frozen.wall_s if frozen.wall_s else 0
        _line(
            "frozen bundle, cold",
            frozen,
            f"{frozen.wall_s / naive.wall_s:.2f}× naive; {used:.1f} CPUs busy on average",
        )
    peak = max(r.peak_mib for r in (cold, warm, incremental))
    pss = max(r.peak_pss_mib for r in (cold, warm, incremental))
    print(
        f"  peak memory of the process tree: {peak:.0f} MiB summed RSS, {pss:.0f} MiB summed "
        f"PSS (shared pages once) (target ≤ {TARGET_RSS_MIB} MiB)"
    )
    print("  " + _same_kills(json.loads(naive.out), json.loads(cold.out)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="cold and naive runs per size")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(tempfile.gettempdir()) / "activitymon-bench-reports",
        help="where the generated corpora are kept between runs",
    )
    parser.add_argument("--bundle", type=Path, help="a frozen activitymon to time as well")
    parser.add_argument("--fixtures", action="store_true", help="also time each fixture alone")
    args = parser.parse_args()
    if args.fixtures:
        from bench_report_files import time_fixtures

        time_fixtures()
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        bench_size(size, args.corpus, args.runs if size <= 2000 else 1, args.bundle)


if __name__ == "__main__":
    main()
