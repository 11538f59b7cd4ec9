"""Bench of the live Linux source against the /proc floor, psutil, htop and btop.

Prints figures; asserts nothing. Method follows shared/reference/perf-anchors.md:

* ``scan``: with ``--procs`` extra ``sleep`` children alive, the cost of one full
  scan per process (2 warm-ups, ``--runs`` timed runs 50 ms apart, cases interleaved
  round-robin), for: ``LinuxSource.sample()`` in steady state, the raw floor
  (``os.read`` of ``/proc/PID/stat`` + ``statm``), the one-file floor (``stat`` only),
  ``psutil.process_iter`` with the same fields (pid, name, memory_info, cpu_percent,
  status, uids) and that loop plus ``oom_score_adj`` and ``oom_score`` reads.
* ``cpu``: each sampler runs at 1 Hz for ``--seconds`` in its own process after 5 s of
  warm-up, and its CPU % of one core is Δ(utime+stime) of ``/proc/PID/stat`` over the
  window; htop (``-d 10``) and btop (``update_ms = 1000``) run in a private tmux server
  (200×50) with fresh configs when they are installed.

* ``tick``: the whole app in this process (window offscreen) on the Linux source for
  ``--ticks`` ticks at 1 s: the sampler and the GUI's apply + repaint timed apart.

The ``cpu`` table ends with the ratio app ÷ btop of each repetition and the app's peak
RSS; a tool that cannot be started (not installed, no tmux) is reported as such.
The fair pair is the app at its defaults (memory every 1 s, processes every 2 s)
against btop at *its* default ``update_ms = 2000`` (``app``, ``btop2000``): both scan
the processes every 2 s. Against btop at 1000 ms the ratio flatters the app (btop
rescans every process each second); ``app2`` is the app at ``--interval 2``.

    python bench/bench_linux.py [--mode scan|cpu|tick|all] [--procs 1000] [--seconds 30]
                                [--runs 30] [--reps 1] [--ticks 20]
                                [--only app,app2,btop,btop2000,htop]

Every child is started by this script and stopped by its pid; nothing is killed by
name. The population is bounded by ``--procs`` (at most 5,000).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLK_TCK = os.sysconf("SC_CLK_TCK")
PSUTIL_ATTRS = ["pid", "name", "memory_info", "cpu_percent", "status", "uids"]
MAX_PROCS = 5000
APP = "activitymon app, window offscreen"
APP2 = "activitymon app --interval 2"
BTOP = "btop (update_ms = 1000, tmux 200×50)"
#: btop's own default: its btop.conf says "recommended 2000 ms or above"
BTOP2000 = "btop (update_ms = 2000, its default)"


# ---------------------------------------------------------------- population
@contextmanager
def sleep_population(n: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``n`` idle ``sleep 3600`` children, stopped by pid on the way out."""
    n = max(0, min(n, MAX_PROCS))
    children: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(n):
            children.append(
                subprocess.Popen(
                    ["sleep", "3600"],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        yield children
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def proc_count() -> int:
    return sum(1 for d in os.listdir("/proc") if d.isdigit())


# ---------------------------------------------------------------- scan cases
def raw_scan(files: tuple[str, ...]) -> Callable[[], int]:
    def scan() -> int:
        n = 0
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            n += 1
            for name in files:
                try:
                    fd = os.open(f"/proc/{d}/{name}", os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.read(fd, 4096)
                except OSError:
                    pass
                finally:
                    os.close(fd)
        return n

    return scan


def psutil_scan(with_oom: bool) -> Callable[[], int]:
    import psutil

    def scan() -> int:
        n = 0
        for p in psutil.process_iter(PSUTIL_ATTRS):
            _ = p.info
            n += 1
            if with_oom:
                for name in ("oom_score_adj", "oom_score"):
                    try:
                        with open(f"/proc/{p.pid}/{name}", "rb") as f:
                            int(f.read())
                    except (OSError, ValueError):
                        pass
        psutil.virtual_memory()
        return n

    return scan


def source_scan() -> Callable[[], int]:
    from activitymon.sources.linux import LinuxSource

    source = LinuxSource()

    def scan() -> int:
        snap = source.sample()
        source.drain_events()
        return len(snap.processes)

    return scan


def cold_source_scan() -> Callable[[], int]:
    from activitymon.sources.linux import LinuxSource

    def scan() -> int:
        source = LinuxSource()
        try:
            return len(source.sample().processes)
        finally:
            source.close()

    return scan


def bench_scan(runs: int) -> None:
    cases: dict[str, Callable[[], int]] = {
        "raw floor: os.read stat+statm": raw_scan(("stat", "statm")),
        "raw one file: os.read stat": raw_scan(("stat",)),
        "LinuxSource.sample(), steady state": source_scan(),
        "LinuxSource() + first sample (reads all)": cold_source_scan(),
        "psutil.process_iter, same fields": psutil_scan(with_oom=False),
        "psutil same fields + oom_score_adj/oom_score": psutil_scan(with_oom=True),
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    counts: dict[str, list[int]] = {k: [] for k in cases}
    for fn in cases.values():
        fn()
        fn()
    for _ in range(runs):
        for name, fn in cases.items():
            t0 = time.perf_counter_ns()
            n = fn()
            times[name].append((time.perf_counter_ns() - t0) / 1e6)
            counts[name].append(n)
            time.sleep(0.05)
    floor = statistics.median(
        t / n for t, n in zip(times[next(iter(cases))], counts[next(iter(cases))], strict=True)
    )
    print(f"\nscan cost, {runs} runs each, interleaved; µs per process = scan ÷ pids seen")
    print(f"{'case':<48} {'scan ms':>22} {'µs/proc':>24} {'× floor':>8}")
    for name in cases:
        per = [t / n * 1000 for t, n in zip(times[name], counts[name], strict=True)]
        med_ms = statistics.median(times[name])
        med_us = statistics.median(per)
        print(
            f"{name:<48} {med_ms:8.2f} ({min(times[name]):.2f}–{max(times[name]):.2f})"
            f" {med_us:10.1f} ({min(per):.1f}–{max(per):.1f})"
            f" {med_us / (floor * 1000):8.2f}"
        )


# ---------------------------------------------------------------- CPU at 1 Hz
def cpu_ticks(pid: int | str) -> int:
    with open(f"/proc/{pid}/stat", "rb") as f:
        data = f.read()
    rest = data[data.rfind(b")") + 2 :].split()
    return int(rest[11]) + int(rest[12])


def vm_hwm_kib(pid: int | str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def child_loop(kind: str, seconds: float) -> None:
    """Runs in a child process: warm up 5 s, then measure itself for ``seconds``."""
    step: Callable[[], object]
    if kind == "source":
        step = source_scan()
    elif kind == "psutil":
        step = psutil_scan(with_oom=False)
    elif kind == "raw-stat":
        step = raw_scan(("stat",))
    elif kind == "raw-stat-statm":
        step = raw_scan(("stat", "statm"))
    else:
        raise SystemExit(f"unknown child kind {kind!r}")
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        step()
        time.sleep(1.0)
    t0, c0 = time.monotonic(), cpu_ticks("self")
    next_tick = t0
    while time.monotonic() - t0 < seconds:
        step()
        next_tick += 1.0
        time.sleep(max(0.0, next_tick - time.monotonic()))
    wall, ticks = time.monotonic() - t0, cpu_ticks("self") - c0
    print(json.dumps({"cpu": ticks / CLK_TCK / wall * 100, "hwm_kib": vm_hwm_kib("self")}))


def run_child(kind: str, seconds: float) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--seconds", str(seconds)],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _descendant(pid: int, comm: str) -> int | None:
    """``pid`` or a descendant of it whose comm is ``comm`` (tmux may wrap in sh)."""
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            if Path(f"/proc/{p}/comm").read_text().strip() == comm:
                return p
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(k) for k in kids)
    return None


def run_tui(tool: str, seconds: float, update_ms: int = 1000) -> dict[str, float] | None:
    """Run ``htop``/``btop`` in a private tmux server and measure it from outside;
    btop redraws (and rescans every process) each ``update_ms``."""
    if shutil.which(tool) is None or shutil.which("tmux") is None:
        return None
    with tempfile.TemporaryDirectory(prefix=f"bench-{tool}-") as home:
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/.config", LANG="C.UTF-8")
        env["TERM"] = "xterm-256color"
        if tool == "btop":
            conf = Path(home, ".config", "btop")
            conf.mkdir(parents=True)
            (conf / "btop.conf").write_text(f"update_ms = {update_ms}\n")
            cmd = "btop"
        else:
            cmd = "htop -d 10"
        # a private server whose socket lives (and is removed) with the temporary home
        tmux = ["tmux", "-S", f"{home}/tmux.sock", "-f", "/dev/null"]
        started = subprocess.run(
            [*tmux, "new-session", "-d", "-x", "200", "-y", "50", cmd],
            env=env,
            check=False,
            capture_output=True,
        )
        if started.returncode != 0:  # reported as "could not start", never a traceback
            return None
        pane = "0"
        try:
            pane = subprocess.run(
                [*tmux, "list-panes", "-F", "#{pane_pid}"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[0]
            time.sleep(1.0)
        except (subprocess.CalledProcessError, IndexError):
            subprocess.run([*tmux, "kill-server"], env=env, check=False)
            return None
        try:
            pid = _descendant(int(pane), tool)
            if pid is None:
                return None
            time.sleep(4.0)
            t0, c0 = time.monotonic(), cpu_ticks(pid)
            time.sleep(seconds)
            wall, ticks = time.monotonic() - t0, cpu_ticks(pid) - c0
            hwm = vm_hwm_kib(pid)
        finally:
            subprocess.run([*tmux, "kill-server"], env=env, check=False)
            for _ in range(50):  # the tool exits with its server: wait for it (bounded)
                if not Path(f"/proc/{pane}").exists():
                    break
                time.sleep(0.1)
    return {"cpu": ticks / CLK_TCK / wall * 100, "hwm_kib": hwm or 0}


def run_app(seconds: float, interval: float = 1.0) -> dict[str, float]:
    """The whole app (window offscreen, sampler thread, every view) on the Linux
    source, measured from outside like the TUIs: memory, PSI and the level every
    ``interval``, the processes every ``max(interval, PROCESS_EVERY_S)``."""
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
        env["ACTIVITYMON_SETTINGS"] = f"{tmp}/settings.ini"
        cmd = [sys.executable, "-m", "activitymon", "--source", "linux"]
        app = subprocess.Popen(
            [*cmd, "--interval", f"{interval:g}", "--quit-after", str(seconds + 8)],
            env=env,
            cwd=root,  # ``-m`` puts the working directory first: this checkout, not another
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(5.0)
            t0, c0 = time.monotonic(), cpu_ticks(app.pid)
            time.sleep(seconds)
            wall, ticks = time.monotonic() - t0, cpu_ticks(app.pid) - c0
            hwm = vm_hwm_kib(app.pid)
        finally:
            app.terminate()
            app.wait(timeout=30)
    return {"cpu": ticks / CLK_TCK / wall * 100, "hwm_kib": hwm or 0}


#: ``--only`` names for the samplers of the ``cpu`` mode
SAMPLER_NAMES = (
    "source",
    "app",
    "app2",
    "raw-stat",
    "raw-stat-statm",
    "psutil",
    "btop",
    "btop2000",
    "htop",
)


def bench_cpu(seconds: float, reps: int, only: frozenset[str] = frozenset()) -> None:
    print(
        f"\nCPU % of one core at 1 s interval, {seconds:.0f} s window after 5 s warm-up,"
        f" {reps} run(s) each, samplers interleaved; median (min–max)"
    )
    samplers: list[tuple[str, Callable[[], dict[str, float] | None]]] = [
        ("activitymon LinuxSource.sample()", lambda: run_child("source", seconds)),
        (APP, lambda: run_app(seconds)),
        (APP2, lambda: run_app(seconds, interval=2.0)),
        ("raw loop, stat only (floor, 1 file)", lambda: run_child("raw-stat", seconds)),
        ("raw loop, stat+statm (floor, 2 files)", lambda: run_child("raw-stat-statm", seconds)),
        ("psutil.process_iter loop, same fields", lambda: run_child("psutil", seconds)),
        (BTOP, lambda: run_tui("btop", seconds)),
        (BTOP2000, lambda: run_tui("btop", seconds, update_ms=2000)),
        ("htop -d 10 (tmux 200×50)", lambda: run_tui("htop", seconds)),
    ]
    if only:  # e.g. app,btop,htop: the figures the targets compare
        samplers = [s for s, key in zip(samplers, SAMPLER_NAMES, strict=True) if key in only]
    results: dict[str, list[dict[str, float]]] = {name: [] for name, _ in samplers}
    for _ in range(reps):
        for name, run in samplers:
            result = run()
            if result is not None:
                results[name].append(result)
    print(f"{'sampler':<42} {'CPU %':>20} {'peak RSS MiB':>13}")
    for name, runs in results.items():
        if not runs:
            why = "could not start (not installed, or no tmux)"
            print(f"{name:<42} {why}")
            continue
        cpu = [r["cpu"] for r in runs]
        hwm = statistics.median(r["hwm_kib"] for r in runs) / 1024
        spread = f"{statistics.median(cpu):.2f} ({min(cpu):.2f}–{max(cpu):.2f})"
        print(f"{name:<42} {spread:>20} {hwm:13.1f}")
    print_ratios(results)


#: (app case, btop case, what the pair compares); ratios of the same repetition
PAIRS = (
    (
        APP,
        BTOP2000,
        "app (memory every 1 s, processes every 2 s) ÷ btop at its default 2000 ms "
        "(processes every 2 s both; the app reads memory twice as often): the fair pair",
    ),
    (APP2, BTOP2000, "app --interval 2 ÷ btop 2000 ms: everything every 2 s in both"),
    (
        APP,
        BTOP,
        "app ÷ btop 1000 ms: flatters the app (btop rescans processes every 1 s, the "
        "app every 2 s)",
    ),
)


def print_ratios(results: dict[str, list[dict[str, float]]]) -> None:
    measured = False
    for app_name, btop_name, what in PAIRS:
        app, btop = results.get(app_name, []), results.get(btop_name, [])
        ratios = [a["cpu"] / b["cpu"] for a, b in zip(app, btop, strict=False) if b["cpu"] > 0]
        if not ratios:
            continue
        measured = True
        print(
            f"{what}:\n    {', '.join(f'{r:.2f}' for r in ratios)}, median "
            f"{statistics.median(ratios):.2f} (target ≤ 0.75)"
        )
    app_runs = results.get(APP, [])
    if app_runs:
        print(f"app peak RSS {max(a['hwm_kib'] for a in app_runs) / 1024:.1f} MiB")
    if not measured:
        print("app ÷ btop: not measured (btop or tmux could not start)")


def bench_ticks(ticks: int) -> None:
    """One tick of the whole app, in process: the sampler (the window's sampler on the
    Linux source) and the GUI (``MainWindow.apply`` + repaint) timed apart, wall and
    CPU (thread) time: on a shared machine the CPU time is the steadier figure."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-tick-") as tmp:
        os.environ["ACTIVITYMON_SETTINGS"] = f"{tmp}/settings.ini"
        from activitymon.sources.linux import LinuxSource
        from activitymon.ui.app import application
        from activitymon.ui.main_window import MainWindow
        from activitymon.ui.sampler import ManualSampler

        app = application()
        source = LinuxSource(kernel_log=False)
        window = MainWindow(source, 1.0, threaded=False)
        window.resize(1280, 820)
        window.show()
        app.processEvents()
        sampler = window.sampler
        assert isinstance(sampler, ManualSampler)
        # the sampler's ticks come here first, so sampling and the GUI are timed apart
        sampler.ticked.disconnect(window.apply)
        ticked: list[Any] = []
        sampler.ticked.connect(ticked.append)
        rows: dict[str, list[float]] = {k: [] for k in ("sample", "gui", "sample_cpu", "gui_cpu")}
        count = 0
        for i in range(ticks + 3):
            w0, c0 = time.perf_counter(), time.thread_time()
            sampler.tick()
            tick = ticked.pop()
            w1, c1 = time.perf_counter(), time.thread_time()
            window.apply(tick)
            app.processEvents()  # the repaint
            w2, c2 = time.perf_counter(), time.thread_time()
            count = 0 if tick.snapshot is None else len(tick.snapshot.processes)
            if i >= 3:  # the first ticks read every file of every process
                rows["sample"].append((w1 - w0) * 1000)
                rows["gui"].append((w2 - w1) * 1000)
                rows["sample_cpu"].append((c1 - c0) * 1000)
                rows["gui_cpu"].append((c2 - c1) * 1000)
            time.sleep(max(0.0, 1.0 - (time.perf_counter() - w0)))
        window.close()
        app.processEvents()
    longest = max(s + g for s, g in zip(rows["sample"], rows["gui"], strict=True))
    print(f"\nper tick, {count} processes, {ticks} ticks at 1 s, median (min–max) ms")
    for key, label in (
        ("sample", "sampler, wall"),
        ("sample_cpu", "sampler, CPU"),
        ("gui", "GUI apply + repaint, wall"),
        ("gui_cpu", "GUI apply + repaint, CPU"),
    ):
        v = rows[key]
        print(f"  {label:<28} {statistics.median(v):8.2f} ({min(v):.2f}–{max(v):.2f})")
    print(f"  longest tick (sampler + GUI, wall) {longest:.1f} ms; interval 1000 ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("scan", "cpu", "tick", "all"), default="all")
    parser.add_argument("--ticks", type=int, default=20, help="ticks timed in tick mode")
    parser.add_argument("--procs", type=int, default=1000, help="extra sleep children")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--reps", type=int, default=1, help="CPU runs per sampler")
    parser.add_argument(
        "--only",
        default="",
        help=f"cpu mode: only these samplers, comma-separated ({', '.join(SAMPLER_NAMES)})",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_loop(args.child, args.seconds)
        return 0
    if not sys.platform.startswith("linux"):
        print("bench_linux: needs Linux", file=sys.stderr)
        return 2
    with sleep_population(args.procs) as children:
        time.sleep(0.5)
        print(f"{len(children)} sleep children started; {proc_count()} processes on the system")
        print(f"Linux {os.uname().release}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        if args.mode in ("scan", "all"):
            bench_scan(args.runs)
        if args.mode in ("tick", "all"):
            bench_ticks(max(1, args.ticks))
        if args.mode in ("cpu", "all"):
            only = frozenset(n for n in args.only.split(",") if n)
            if only - set(SAMPLER_NAMES):
                print(
                    f"bench_linux: --only: choose from {', '.join(SAMPLER_NAMES)}", file=sys.stderr
                )
                return 2
            bench_cpu(args.seconds, max(1, args.reps), only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
