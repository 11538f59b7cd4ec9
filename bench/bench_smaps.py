"""The inspector's Linux memory map: activitymon's streaming smaps parser against
psutil's ``Process.memory_maps(grouped=False)``, on a child process this script starts
with N anonymous mappings (``--maps``), and the peak memory each needs.

    python bench/bench_smaps.py [--maps 5000] [--rounds 20]

Prints milliseconds per read (best of the rounds) and the regions each found. Linux
only; no timing is asserted anywhere (figures for docs/LINUX.md and the report)."""

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
    finally:
        child.kill()
        child.wait()
    print(f"process with {args.maps:,} extra mappings (pid {pid})")
    for name, (ms, regions, peak) in (
        ("activitymon linux_smaps", ours),
        ("psutil memory_maps", theirs),
    ):
        print(f"  {name:<24} {ms:8.1f} ms   {regions:6,} regions   peak {peak / 1024:8.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
