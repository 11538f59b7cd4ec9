"""The inspector's Linux memory map: activitymon's streaming smaps parser against
psutil's ``Process.memory_maps(grouped=False)``, on a child process this script starts
with N anonymous mappings (``--maps``), and the peak memory each needs.

    python bench/bench_smaps.py [--maps 5000] [--rounds 20] [--ticks 30]

Prints milliseconds per read (best of the rounds) and the regions each found; then the
sampler's ticks with that process inspected (the Linux source, back to back): the tick
that read its map and the ordinary ticks, and how many maps were read (the inspector
reads a map now and then, not every tick: ``viewmodel/map_schedule.py``). Linux only;
no timing is asserted anywhere (figures for docs/LINUX.md and the report)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

CHILD = """
import mmap, sys
maps = []
for i in range(int(sys.argv[1])):
    # alternate protections: neighbours differ, so the kernel keeps them apart
    prot = mmap.PROT_READ | (mmap.PROT_WRITE if i % 2 else 0)
    m = mmap.mmap(-1, 8192, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, prot=prot)
    maps.append(m)
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
"""


def best(fn: Callable[[], int], rounds: int) -> tuple[float, int, int]:
    """(best ms, regions, peak bytes allocated during one read)."""
    times = []
    count = 0
    for _ in range(rounds):
        start = time.perf_counter()
        count = fn()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times) * 1000, count, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--maps", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--ticks", type=int, default=30, help="sampler ticks while inspecting")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        print("bench_smaps: Linux only")
        return 1
    import psutil

    from activitymon.sources.linux_smaps import read_memory_map

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(args.maps)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        child.stdout.readline()
        pid = child.pid
        ours = best(lambda: len(read_memory_map(pid).regions), args.rounds)
        theirs = best(lambda: len(psutil.Process(pid).memory_maps(grouped=False)), args.rounds)
        ticks, reads = inspected_ticks(pid, args.ticks)
    finally:
        child.kill()
        child.wait()
    print(f"process with {args.maps:,} extra mappings (pid {pid})")
    for name, (ms, regions, peak) in (
        ("activitymon linux_smaps", ours),
        ("psutil memory_maps", theirs),
    ):
        print(f"  {name:<24} {ms:8.1f} ms   {regions:6,} regions   peak {peak / 1024:8.0f} KiB")
    ordinary = sorted(ms for ms, read in ticks if not read)
    with_read = [ms for ms, read in ticks if read]
    print(f"sampler ticks with it inspected: {len(ticks)} back to back, {reads} map read(s)")
    if with_read:
        print(f"  ticks that read the map   {', '.join(f'{ms:.1f}' for ms in with_read)} ms")
    if ordinary:
        median = ordinary[len(ordinary) // 2]
        print(f"  ordinary ticks            median {median:.1f} ms, max {ordinary[-1]:.1f} ms")
    return 0


def inspected_ticks(pid: int, count: int) -> tuple[list[tuple[float, bool]], int]:
    """(ms, read the map?) of the first tick that inspects ``pid`` and ``count`` more."""
    from activitymon.sources import open_source
    from activitymon.viewmodel import ClockState, Inspect, SamplerCore

    core = SamplerCore(open_source("linux"), 0, ClockState())
    core.tick()
    out: list[tuple[float, bool]] = []
    for n in range(count + 1):
        before = core.inspector.map_reads
        start = time.perf_counter()
        if n == 0:
            core.perform(Inspect(pid))
        else:
            core.tick()
        out.append(((time.perf_counter() - start) * 1000, core.inspector.map_reads > before))
    core.close()
    return out, core.inspector.map_reads


if __name__ == "__main__":
    raise SystemExit(main())
