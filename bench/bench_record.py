"""What recording costs: bytes per sample and per process, seek time, sampling overhead.

Prints, for issue 13:

* **live Linux, 1,000 processes** (idle ``sleep`` children top the machine up to
  1,000): bytes per sample and per process (frames, and the file on disk), and the
  sampling cost recording adds (``RecordingWriter.add`` against ``sample()`` +
  ``drain_events()``; goal ≤ 10 %);
* **the simulator** (the ``demo`` scenario, and a 300-process bench device): the same;
* **seek**: a synthetic 24 h recording of 1,000 processes at one sample a second
  (5 % of processes change each second, one starts and one exits every 10 s), then
  the time to rebuild the snapshot at random moments (goal ≤ 150 ms).

Run: ``python bench/bench_record.py [--samples N] [--hours H] [--seeks N] [--skip-live]``.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from activitymon.model import Era, MemoryStats, PressureLevel, ProcessInfo, Snapshot  # noqa: E402 - after sys.path
from activitymon.recording import Recording, RecordingWriter  # noqa: E402 - after sys.path
from activitymon.sources import Source  # noqa: E402 - after sys.path

GOAL_SEEK_MS = 150.0
GOAL_OVERHEAD = 0.10


@contextmanager
def population(total: int) -> Iterator[int]:
    """Idle children until the machine runs ``total`` processes; stopped on the way out."""
    have = sum(1 for d in os.listdir("/proc") if d.isdigit())
    children: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(max(0, total - have)):
            children.append(subprocess.Popen(["sleep", "3600"], stdin=subprocess.DEVNULL))
        yield len(children)
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            child.wait()


def measure(
    label: str, source: Source, samples: int, step: Callable[[], None], folder: Path
) -> None:
    """Sample ``samples`` times (``step`` moves time between samples), recording each;
    print bytes per sample and per process and the share recording adds."""
    path = folder / f"{label.split(maxsplit=1)[0]}.amrec"
    writer = RecordingWriter(path, source=source.name, description=source.describe())
    sample_s: list[float] = []
    record_s: list[float] = []
    sample_cpu = record_cpu = 0.0
    procs = 0
    for i in range(samples):
        if i:
            step()
        t0, c0 = time.perf_counter(), time.process_time()
        snap = source.sample()
        events = source.drain_events()
        t1, c1 = time.perf_counter(), time.process_time()
        writer.add(snap, events)
        t2, c2 = time.perf_counter(), time.process_time()
        sample_s.append(t1 - t0)
        record_s.append(t2 - t1)
        sample_cpu += c1 - c0
        record_cpu += c2 - c1
        procs += len(snap.processes)
    keyframes = writer.keyframes
    frames = writer.bytes_written
    writer.close()
    disk = path.stat().st_size
    mean_procs = procs / samples
    overhead = sum(record_s) / sum(sample_s)
    cpu_overhead = record_cpu / max(sample_cpu, 1e-9)
    print(f"{label}: {samples} samples, {mean_procs:,.0f} processes on average")
    print(
        f"  frames  {frames / samples:10,.0f} bytes/sample  "
        f"{frames / samples / mean_procs:8.1f} bytes/process/sample  ({keyframes} keyframes)"
    )
    print(
        f"  on disk {disk / samples:10,.0f} bytes/sample  "
        f"{disk / samples / mean_procs:8.1f} bytes/process/sample  ({disk / 1024:,.0f} KiB)"
    )
    print(
        f"  sampling {statistics.median(sample_s) * 1e3:7.2f} ms median; recording adds "
        f"{statistics.median(record_s) * 1e3:6.2f} ms median, "
        f"{overhead * 100:5.1f} % of sampling wall time in all, "
        f"{cpu_overhead * 100:5.1f} % of its CPU time "
        f"(goal ≤ {GOAL_OVERHEAD * 100:.0f} %: {'met' if overhead <= GOAL_OVERHEAD else 'NOT met'})"
    )


def bench_live(samples: int, interval: float, folder: Path) -> None:
    if not sys.platform.startswith("linux"):
        print("live Linux: skipped (not Linux)")
        return
    from activitymon.sources.linux import open_linux_source

    with population(1000) as spawned:
        source = open_linux_source()
        try:
            source.sample()  # the first scan reads everything; the timed ones are steady state
            measure(
                f"live Linux (+{spawned} sleep children, every {interval:g} s)",
                source,
                samples,
                lambda: time.sleep(interval),
                folder,
            )
        finally:
            source.close()


def bench_sim(samples: int, folder: Path) -> None:
    from activitymon.sources.sim import SimulatorSource

    source = SimulatorSource.open("demo")
    measure("simulator demo (1 s steps)", source, samples, lambda: source.advance(1.0), folder)
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_sim import scenario_text

    from activitymon.sim import Simulator, parse_scenario

    scenario = parse_scenario(scenario_text(300), "bench.toml", name="bench")
    big = SimulatorSource(Simulator.from_scenario(scenario), "bench")
    measure(
        "simulator 300-process bench (1 s steps)", big, samples, lambda: big.advance(1.0), folder
    )


def synthetic_day(path: Path, hours: float, processes: int, seed: int = 1) -> int:
    """A recording of ``hours`` at 1 Hz of ``processes`` processes; returns samples."""
    rng = random.Random(seed)
    memory = MemoryStats(page_size=16384, total_pages=393216, free_pages=20000)
    procs = [
        ProcessInfo(
            pid=100 + i,
            name=f"proc{i}",
            footprint_bytes=rng.randrange(1 << 20, 400 << 20),
            rss_bytes=rng.randrange(1 << 20, 400 << 20),
            band=rng.choice((0, 30, 40, 100, 180)),
            cpu_percent=0.0,
            user="mobile",
        )
        for i in range(processes)
    ]
    next_pid = 100 + processes
    writer = RecordingWriter(path, source="synthetic", description="bench: synthetic day")
    samples = int(hours * 3600)
    started = time.perf_counter()
    for t in range(samples):
        for i in rng.sample(range(len(procs)), len(procs) // 20):
            p = procs[i]
            size = max(1 << 20, (p.footprint_bytes or 0) + rng.randrange(-4, 5) * 65536)
            procs[i] = ProcessInfo(
                p.pid,
                p.name,
                footprint_bytes=size,
                rss_bytes=p.rss_bytes,
                band=p.band,
                cpu_percent=round(rng.random() * 30, 1),
                user=p.user,
            )
        if t % 10 == 0:
            procs.pop(rng.randrange(len(procs)))
            procs.append(ProcessInfo(pid=next_pid, name=f"proc{next_pid}", footprint_bytes=1 << 22))
            next_pid += 1
        level = PressureLevel.WARN if (t // 600) % 6 == 0 else PressureLevel.NORMAL
        snap = Snapshot(
            time=float(t),
            memory=replace(memory, free_pages=20000 + (t % 977)),
            processes=tuple(procs),
            level=level,
            memorystatus_level=40 + t % 20,
            era=Era.MODERN,
            device="synthetic",
        )
        writer.add(snap)
        if t % 3600 == 0 and t:
            done = time.perf_counter() - started
            print(f"  … {t // 3600} h written in {done:.0f} s", file=sys.stderr, flush=True)
    writer.close()
    return samples


def bench_seek(hours: float, seeks: int, folder: Path, keep: Path | None) -> None:
    path = keep or folder / "day.amrec"
    if keep is not None and keep.exists():
        print(f"seek: reusing {keep}")
    else:
        started = time.perf_counter()
        samples = synthetic_day(path, hours, 1000)
        built = time.perf_counter() - started
        size = path.stat().st_size
        print(
            f"seek: synthetic {hours:g} h of 1,000 processes at 1 Hz: {samples:,} samples, "
            f"{size / 2**20:,.1f} MiB ({size / samples:,.0f} bytes/sample), "
            f"written in {built:.0f} s"
        )
    t0 = time.perf_counter()
    rec = Recording(path)
    opened = time.perf_counter() - t0
    rng = random.Random(7)
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(seeks):
        moment = rng.uniform(rec.start, rec.end)
        t0, c0 = time.perf_counter(), time.process_time()
        snap = rec.snapshot_at(moment)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        assert len(snap.processes) == 1000
    rec.close()
    times.sort()
    cpu.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"  {rec.sample_count:,} samples; open {opened * 1e3:.0f} ms; seek to a random moment: "
        f"median {statistics.median(times) * 1e3:.1f} ms, p95 {p95 * 1e3:.1f} ms, "
        f"max {times[-1] * 1e3:.1f} ms wall over {seeks} seeks "
        f"(CPU median {statistics.median(cpu) * 1e3:.1f} ms, max {cpu[-1] * 1e3:.1f} ms) "
        f"(goal ≤ {GOAL_SEEK_MS:.0f} ms: "
        f"{'met' if statistics.median(times) * 1e3 <= GOAL_SEEK_MS else 'NOT met'} at the median)"
    )
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=30, help="samples per source (default 30)")
    parser.add_argument("--interval", type=float, default=1.0, help="live interval (default 1 s)")
    parser.add_argument("--hours", type=float, default=24.0, help="synthetic recording length")
    parser.add_argument("--seeks", type=int, default=50)
    parser.add_argument("--skip-live", action="store_true")
    parser.add_argument("--skip-sim", action="store_true")
    parser.add_argument(
        "--keep", type=Path, help="write the synthetic day here and reuse it when it exists"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-record-") as tmp:
        folder = Path(tmp)
        if not args.skip_live:
            bench_live(args.samples, args.interval, folder)
        if not args.skip_sim:
            bench_sim(args.samples, folder)
        bench_seek(args.hours, args.seeks, folder, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
