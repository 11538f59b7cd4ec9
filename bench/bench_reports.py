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
the peak resident memory of the process tree (sampled every 20 ms) and the share of
the machine's CPU time other processes used meanwhile (``/proc/stat``: on a busy
machine wall times stretch, CPU seconds much less). Each is run ``--runs`` times,
interleaved (the naive loop and the cold summary take turns going first); rows give
the median with the range, the cold ratio is taken run by run against the naive run
beside it. The kills the two count on the files both read (the well-formed
JetsamEvents) must be equal, and every cold and warm output the same bytes.

    nice .venv/bin/python bench/bench_reports.py [--sizes 1000,10000] [--runs 3]
        [--corpus DIR] [--bundle dist/activitymon/activitymon] [--fixtures]

Targets (on this machine, printed beside the figures as met or MISSED, never
asserted): cold ≤ 1.0× the naive loop; warm ≤ 1 s at 10,000 files; incremental in
proportion to what was added (CPU per added file beside CPU per file of a cold run);
peak RSS of the process tree ≤ 200 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
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
CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    peak_mib: float
    out: str
    #: the same with proportional set sizes: pages a forked worker shares with the
    #: command counted once, not in both (Linux; 0 elsewhere)
    peak_pss_mib: float = 0.0
    #: the share of the machine's CPU time other processes used meanwhile (Linux)
    others: float = 0.0


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


def _machine_busy() -> float:
    """CPU seconds the whole machine has been busy (every CPU, every process), from
    ``/proc/stat``; 0 where there is none."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(x) for x in fields[:8]]  # user nice system idle iowait irq softirq steal
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def measure(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``argv``; wall and CPU seconds (the process and every descendant it
    waited for), the peak of the summed RSS of the process tree, and how busy the
    rest of the machine was meanwhile."""
    cpu_before = _children_cpu()
    peak = peak_pss = 0
    with tempfile.TemporaryFile("w+") as out:
        busy_before = _machine_busy()
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
        busy = _machine_busy() - busy_before
        done.set()
        sampler.join()
        out.seek(0)
        text = out.read()
    cpu = _children_cpu() - cpu_before
    others = max(0.0, busy - cpu) / (wall * CPUS) if wall else 0.0
    return Run(wall, cpu, peak / 2**20, text, peak_pss / 2**20, min(others, 1.0))


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


def _spread(values: list[float], form: str) -> str:
    """The median, with the range when there is more than one value."""
    middle = form.format(statistics.median(values))
    if len(values) == 1:
        return middle
    return f"{middle} ({form.format(min(values))}–{form.format(max(values))})"


def _line(label: str, runs: list[Run], note: str = "") -> None:
    """One row: medians (min–max) of wall and CPU seconds, the highest peak memory,
    and the median share of the machine other processes used meanwhile."""
    walls = _spread([r.wall_s for r in runs], "{:.2f}")
    cpus = _spread([r.cpu_s for r in runs], "{:.2f}")
    others = statistics.median(r.others for r in runs)
    print(
        f"  {label:32} {walls:>19} s wall {cpus:>19} s CPU "
        f"{max(r.peak_mib for r in runs):4.0f} MiB RSS {max(r.peak_pss_mib for r in runs):4.0f} "
        f"PSS  others {others:4.0%}  {note}"
    )


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def bench_size(count: int, root: Path, runs: int, bundle: Path | None) -> None:
    folder = root / f"corpus-{count}"
    started = time.perf_counter()
    corpus = make_corpus(folder, count)
    # the files an incremental run finds added: made once beside the corpus, moved in
    # for each incremental run and out again (same inodes and times every run)
    added = make_corpus(root / f"added-{count}", max(1, count // 100), seed=99)
    print(f"\n{_describe(corpus)}; ready in {time.perf_counter() - started:.0f} s")
    _warm_page_cache(folder)
    _warm_page_cache(added.folder)
    app = [sys.executable, "-m", "activitymon"]
    cache = root / f"cache-{count}"
    env = {**os.environ, CACHE_ENV: str(cache)}
    loads = [os.getloadavg()[0]]
    naive_runs: list[Run] = []
    cold_runs: list[Run] = []
    warm_runs: list[Run] = []
    incremental_runs: list[Run] = []
    for i in range(runs):  # interleaved: the machine's load falls on all alike
        pair: list[tuple[list[Run], list[str]]] = [
            (naive_runs, [sys.executable, str(NAIVE), str(folder)]),
            (cold_runs, _summary_argv(app, folder)),
        ]
        for kept, argv in pair if i % 2 == 0 else pair[::-1]:  # either goes first in turn
            if kept is cold_runs:
                shutil.rmtree(cache, ignore_errors=True)
            kept.append(measure(argv, env))
        warm_runs.append(measure(_summary_argv(app, folder), env))
        inside = folder / "added"
        added.folder.rename(inside)
        try:
            incremental_runs.append(measure(_summary_argv(app, folder), env))
        finally:
            inside.rename(added.folder)
        measure(_summary_argv(app, folder), env)  # the index forgets them again
        loads.append(os.getloadavg()[0])
    print(
        f"  {runs} run(s) of each, interleaved; medians (min–max); load average "
        f"{_spread(loads, '{:.1f}')} on {CPUS} CPUs; 'others': the share of the machine's "
        "CPU time other processes used during the run"
    )
    _line("naive json.loads loop (1 process)", naive_runs)
    ratios = [c.wall_s / n.wall_s for c, n in zip(cold_runs, naive_runs, strict=True)]
    cpu_ratios = [c.cpu_s / n.cpu_s for c, n in zip(cold_runs, naive_runs, strict=True)]
    _line("report --summary, cold", cold_runs)
    _line("report --summary, warm (index)", warm_runs)
    _line(f"incremental (+{added.files} files)", incremental_runs)
    if bundle is not None:
        frozen_runs = []
        for _ in range(runs):
            shutil.rmtree(cache, ignore_errors=True)
            frozen_runs.append(measure(_summary_argv([str(bundle)], folder), env))
        _line("frozen bundle, cold", frozen_runs)
        naive = statistics.median(n.wall_s for n in naive_runs)
        frozen_ratios = [r.wall_s / naive for r in frozen_runs]
        used = [r.cpu_s / r.wall_s for r in frozen_runs if r.wall_s]
        print(
            f"    frozen cold: {_spread(frozen_ratios, '{:.2f}')}× the naive loop's median; "
            f"{_spread(used, '{:.2f}')} CPUs busy on average (CPU seconds ÷ wall)"
        )
    warm = statistics.median(r.wall_s for r in warm_runs)
    extra = [i.wall_s - w.wall_s for i, w in zip(incremental_runs, warm_runs, strict=True)]
    peak = max(r.peak_mib for r in (*cold_runs, *warm_runs, *incremental_runs))
    pss = max(r.peak_pss_mib for r in (*cold_runs, *warm_runs, *incremental_runs))
    print("  targets:")
    print(
        f"    cold ≤ 1.0× the naive loop: {_spread(ratios, '{:.2f}')}× in wall time, run by run "
        f"({_spread(cpu_ratios, '{:.2f}')}× in CPU seconds): "
        f"{_verdict(statistics.median(ratios) <= 1.0)}"
    )
    print(f"    warm ≤ {TARGET_WARM_S:g} s: {warm:.2f} s: {_verdict(warm <= TARGET_WARM_S)}")
    extra_cpu = [i.cpu_s - w.cpu_s for i, w in zip(incremental_runs, warm_runs, strict=True)]
    cold_cpu = statistics.median(r.cpu_s for r in cold_runs) / count
    print(
        f"    incremental in proportion: +{added.files} files cost {_spread(extra, '{:+.2f}')} s "
        f"wall, {_spread(extra_cpu, '{:+.2f}')} s CPU over warm: "
        f"{statistics.median(extra_cpu) / added.files * 1000:.1f} ms CPU a file added "
        f"(a cold run: {cold_cpu * 1000:.1f} ms CPU a file)"
    )
    print(
        f"    peak memory of the process tree ≤ {TARGET_RSS_MIB} MiB: {peak:.0f} MiB summed RSS, "
        f"{pss:.0f} MiB summed PSS (shared pages once): {_verdict(peak <= TARGET_RSS_MIB)}"
    )
    print("  " + _same_kills(json.loads(naive_runs[0].out), json.loads(cold_runs[0].out)))
    outputs = {r.out for r in (*cold_runs, *warm_runs)}
    print(
        "  cold and warm outputs byte-identical"
        if len(outputs) == 1
        else f"  OUTPUTS DIFFER between cold and warm runs ({len(outputs)} distinct)"
    )


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
        bench_size(size, args.corpus, args.runs, args.bundle)


if __name__ == "__main__":
    main()
