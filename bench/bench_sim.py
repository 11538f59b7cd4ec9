"""Simulated seconds per wall second on a 300-process device under pressure.

Target (issue 3 §12): at least 1,000× real time, i.e. one hour of device time in
under 3.6 s. The last figure is a hog allocating in 256 KB chunks (one memory-map region
each): a process's page count must not cost a walk over its regions.
Run: ``python bench/bench_sim.py [--hours H]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from activitymon.model import EventKind
from activitymon.sim import Simulator, parse_scenario

BANDS = ["idle", "idle", "idle", "background", "mail", "ui_support", "important", "foreground"]


def scenario_text(processes: int) -> str:
    lines = ['description = "bench"', "[device]", 'profile = "iPhone12,1"', "population = true"]
    base = 45  # the profile's own population
    for i in range(processes - base - 1):
        band = BANDS[i % len(BANDS)]
        state = "suspended" if band == "idle" and i % 2 else "daemon"
        lines += [
            "[[process]]",
            f'name = "proc{i}"',
            f'band = "{band}"',
            f"footprint_mb = {4 + (i * 7) % 40}",
            f'state = "{state}"',
            f"idle_exit = {'true' if band == 'idle' and state == 'daemon' else 'false'}",
            f'on_warning = "{"free 10%" if i % 5 == 0 else "ignore"}"',
        ]
    # a hog that keeps coming back, and apps relaunching into the idle band
    lines += [
        "[[action]]",
        "at = 1",
        "every = 60",
        'do = "launch"',
        'name = "Hog"',
        'band = "foreground"',
        'state = "frontmost"',
        "footprint_mb = 100",
        "grow_mb_per_s = 40",
    ]
    # killed apps come back: each one relaunches (when not running) every 30 s
    for i in range(processes - base - 1):
        band = BANDS[i % len(BANDS)]
        if band != "idle":
            continue
        lines += [
            "[[action]]",
            f"at = {2 + i % 30}",
            "every = 30",
            'do = "launch"',
            f'name = "proc{i}"',
            'band = "idle"',
            'state = "suspended"',
            f"footprint_mb = {4 + (i * 7) % 40}",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--processes", type=int, default=300)
    args = parser.parse_args()
    scenario = parse_scenario(scenario_text(args.processes), "bench.toml", name="bench")
    sim = Simulator.from_scenario(scenario, seed=1)
    start_procs = len(sim.snapshot().processes)
    sizes: list[int] = []
    seconds = args.hours * 3600
    counts: dict[EventKind, int] = {}
    reports = 0
    start = time.perf_counter()
    while sim.now < seconds:
        sim.advance(1.0)  # a GUI-like cadence: drain once a simulated second
        for event in sim.drain_events():
            counts[event.kind] = counts.get(event.kind, 0) + 1
        reports += len(sim.drain_reports())
        if int(sim.now) % 60 == 0:
            sizes.append(len(sim.kernel.procs))
    wall = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(100):
        sim.snapshot()
    snap_ms = (time.perf_counter() - start) * 10
    print(f"processes at start: {start_procs}; during the run {min(sizes)}–{max(sizes)}")
    print(f"simulated {seconds:.0f} s in {wall:.2f} s wall: {seconds / wall:,.0f}x real time")
    print(
        "events: "
        + ", ".join(f"{k.value} {n}" for k, n in sorted(counts.items(), key=lambda kv: kv[0].value))
    )
    n = len(sim.snapshot().processes)
    print(f"reports: {reports}; snapshot() of {n} processes: {snap_ms:.2f} ms")

    # the same 300 processes without a hog, the level held at Warning (after 600 s the
    # sustained-pressure kills take the idle band)
    quiet = scenario_text(args.processes).split("[[action]]")[0]
    quiet += '[[action]]\nat = 1\ndo = "pressure"\nlevel = "warn"\n'
    sim = Simulator.from_scenario(parse_scenario(quiet, "bench.toml", name="bench"), seed=1)
    start = time.perf_counter()
    while sim.now < seconds:
        sim.advance(1.0)
        sim.drain_events()
    wall = time.perf_counter() - start
    print(
        f"no hog, level held at warn, {len(sim.kernel.procs)} processes alive at the end: "
        f"{seconds / wall:,.0f}x real time"
    )

    # one hog that allocates in small chunks and is never stopped (no task limit): each
    # chunk is a MALLOC_LARGE region, tens of thousands of them by the end
    hog = (
        '[device]\nprofile = "iPhone17,1"\npopulation = true\ntask_limit_mb = 0\n'
        '[[process]]\nname = "hog"\nband = "foreground"\nstate = "frontmost"\n'
        'footprint_mb = 1\ngrow_mb_per_s = 64\nchunk_mb = 0.25\nlimit_mb = "none"\n'
    )
    sim = Simulator.from_scenario(parse_scenario(hog, "bench.toml", name="bench"), seed=1)
    start = time.perf_counter()
    sim.run_until(120)
    wall = time.perf_counter() - start
    regions = max((len(p.layout.large) for p in sim.kernel.procs.values()), default=0)
    print(
        f"a hog at 64 MB/s in 256 KB chunks for 120 s ({regions:,} large regions at the "
        f"end): {wall:.2f} s wall, {120 / wall:,.0f}x real time"
    )


if __name__ == "__main__":
    main()
