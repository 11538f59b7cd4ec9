"""Smoke test of the built bundle: run the frozen binary headless and check that it
starts, computes and draws.

  packaging/smoke                 the bundle of this platform in dist/
  packaging/smoke --binary PATH   another frozen executable
  packaging/smoke --require-simulate   fail when ``simulate`` is missing

Steps (each must pass; the first failure ends the run with exit 1 and says why):

1. ``--version`` prints ``activitymon <activitymon.__version__>``;
2. ``simulate --list`` names the built-in scenarios and ``simulate <first> --until 60``
   prints a summary naming it (skipped, with a note, while the bundled app has no
   ``simulate`` command, unless ``--require-simulate``);
3. ``snapshot --source sim --json`` prints a JSON snapshot of the simulated device;
4. ``--screenshot`` renders the window offscreen into a PNG over 10 kB;
5. on Linux, every Qt library and plugin in the bundle finds the Qt libraries it
   links against inside the bundle; no library of the host's (the AppImage exclude
   list, ``activitymon/host_libraries.py``) is inside, and every one the bundle needs
   from the host resolves here (a missing one is named with its package);
6. on Linux, the Wayland platform plugin is bundled, and with only an absent
   ``WAYLAND_DISPLAY`` the app ends in one line (exit 2), never a Qt abort;
7. ``report DIR --summary`` over a few hundred generated JetsamEvent reports counts
   them all and reads them in a pool of spawned worker processes (the bundle's own
   executable, started again as workers: ``multiprocessing.freeze_support()``), more
   than one where the machine has more than one CPU;
8. on Linux, ``install-desktop.sh`` installs a launcher entry for this binary (into a
   temporary ``XDG_DATA_HOME``) and, where ``Xvfb`` and ``gio`` are installed,
   ``gio launch`` opens the app from it on a real X server (skipped otherwise).

Standard library only; needs Python 3.11+.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_PNG_BYTES = 10_000
STEP_TIMEOUT = 120.0
REQUIRE_SIMULATE = False  # set by --require-simulate
SCENARIO_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)(?:\s|$)")


class SmokeFailure(Exception):
    """One line saying which check failed and why."""


def default_binary() -> Path:
    if sys.platform == "darwin":
        return ROOT / "dist" / "activitymon.app" / "Contents" / "MacOS" / "activitymon"
    return ROOT / "dist" / "activitymon" / "activitymon"


def package_version() -> str:
    text = (ROOT / "activitymon" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if match is None:
        raise SmokeFailure("activitymon/__init__.py has no __version__")
    return match.group(1)


def headless_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(name, None)  # the frozen app must not lean on this checkout's Python
    return env


def run(binary: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [str(binary), *args],
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            env=headless_env(),
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SmokeFailure(f"`{' '.join(args)}` did not finish in {STEP_TIMEOUT:.0f} s") from None


def expect_ok(done: subprocess.CompletedProcess[str], what: str) -> str:
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        detail = " | ".join(tail) if tail else "no output"
        raise SmokeFailure(f"`{what}` exited with status {done.returncode}: {detail}")
    return done.stdout


def check_version(binary: Path, work: Path) -> str:
    want = f"activitymon {package_version()}"
    out = expect_ok(run(binary, "--version", cwd=work), "--version").strip()
    if out != want:
        raise SmokeFailure(f"--version printed {out!r}, expected {want!r}")
    return out


def scenario_names(listing: str) -> list[str]:
    """Scenario names from ``simulate --list``: the first word of each line that
    starts with a name (headings end in ':' and are skipped)."""
    names = []
    for line in listing.splitlines():
        match = SCENARIO_NAME.match(line)
        if match and not line.rstrip().endswith(":") and not line.startswith(" " * 8):
            names.append(match.group(1))
    return names


def check_simulate(binary: Path, work: Path) -> str:
    listed = run(binary, "simulate", "--list", cwd=work)
    if listed.returncode != 0:
        if REQUIRE_SIMULATE:
            expect_ok(listed, "simulate --list")
        return "skipped: this build has no `simulate` command yet"
    names = scenario_names(listed.stdout)
    if not names:
        raise SmokeFailure(f"`simulate --list` named no scenario: {listed.stdout.strip()[:200]!r}")
    name = names[0]
    out = expect_ok(run(binary, "simulate", name, "--until", "60", cwd=work), f"simulate {name}")
    if name not in out or len(out.strip().splitlines()) < 2:
        raise SmokeFailure(f"`simulate {name}` printed no summary naming it: {out.strip()[:200]!r}")
    return f"{name}: {len(out.strip().splitlines())} summary lines"


def check_snapshot(binary: Path, work: Path) -> str:
    what = "snapshot --source sim --json"
    out = expect_ok(run(binary, *what.split(), cwd=work), what)
    try:
        data = json.loads(out)
    except json.JSONDecodeError as exc:
        raise SmokeFailure(f"`{what}` printed no JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("source") != "sim":
        raise SmokeFailure(f"`{what}`: expected an object with source 'sim'")
    processes = data.get("processes")
    memory = data.get("memory")
    if not isinstance(processes, list) or not processes:
        raise SmokeFailure(f"`{what}`: no processes in the simulated snapshot")
    if not isinstance(memory, dict) or not memory.get("total_bytes"):
        raise SmokeFailure(f"`{what}`: no memory.total_bytes in the snapshot")
    return f"{len(processes)} processes, level {data.get('level')}"


REPORT_FILES = 240


def _jetsam_event(i: int) -> str:
    """A JetsamEvent report (one header line, then the body) with 300 processes, one
    killed: as big as a real one, so reading takes long enough to see the workers."""
    header = {
        "bug_type": "298",
        "timestamp": f"2024-03-01 08:{i // 60 % 60:02d}:{i % 60:02d}.00 +0000",
        "os_version": "iPhone OS 17.1 (21B80)",
        "incident_id": f"5A0E0000-0000-4000-8000-{i:012d}",
    }
    procs = [
        {"pid": 100 + n, "name": f"proc{n}", "rpages": 1000 + n, "states": ["daemon", "idle"]}
        for n in range(300)
    ]
    procs[i % 300].update(reason="per-process-limit", killDelta=10)
    body = {
        "product": "iPhone14,7",
        "memoryStatus": {"pageSize": 16384, "memoryPages": {"free": 100, "wired": 900}},
        "largestProcess": "proc299",
        "processes": procs,
    }
    return json.dumps(header) + "\n" + json.dumps(body, indent=2) + "\n"


def check_report_pool(binary: Path, work: Path) -> str:
    folder = work / "reports"
    folder.mkdir()
    for i in range(REPORT_FILES):
        (folder / f"JetsamEvent-{i:04d}.ips").write_text(_jetsam_event(i), encoding="utf-8")
    args = [str(binary), "report", str(folder), "--summary", "--json", "--no-cache"]
    out_path = work / "report-summary.json"
    workers: set[str] = set()
    with out_path.open("w") as out:
        child = subprocess.Popen(
            args, stdout=out, stderr=subprocess.PIPE, text=True, env=headless_env(), cwd=work
        )
        deadline = time.monotonic() + STEP_TIMEOUT
        while child.poll() is None and time.monotonic() < deadline:
            seen = subprocess.run(
                ["pgrep", "-P", str(child.pid), "-f", "multiprocessing-fork"],
                capture_output=True,
                text=True,
                check=False,
            )
            workers.update(seen.stdout.split())
            time.sleep(0.02)
        if child.poll() is None:
            child.kill()
            child.wait()
            raise SmokeFailure(f"`report --summary` did not finish in {STEP_TIMEOUT:.0f} s")
        _, err = child.communicate()
    if child.returncode != 0:
        raise SmokeFailure(
            f"`report --summary` exited with status {child.returncode}: {err[-300:]}"
        )
    summary = json.loads(out_path.read_text())
    if (summary.get("reports"), summary.get("kills")) != (REPORT_FILES, REPORT_FILES):
        raise SmokeFailure(f"`report --summary` counted {summary.get('reports')} reports")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (cpus or 1) > 1 and len(workers) < 2:
        raise SmokeFailure(f"`report --summary` read with {len(workers)} worker(s) on {cpus} CPUs")
    return f"{REPORT_FILES} reports, {len(workers)} worker processes on {cpus} CPUs"


def png_dimensions(data: bytes) -> tuple[int, int]:
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise SmokeFailure("the screenshot is not a PNG (bad signature or no IHDR)")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def check_screenshot(binary: Path, work: Path) -> str:
    shot = work / "smoke-shot.png"
    args = ("--source", "sim", "--screenshot", str(shot), "--quit-after", "3", "--size", "1280x820")
    expect_ok(run(binary, *args, cwd=work), "--screenshot")
    if not shot.is_file():
        raise SmokeFailure(f"--screenshot exited 0 but wrote no {shot.name}")
    data = shot.read_bytes()
    width, height = png_dimensions(data)
    if len(data) <= MIN_PNG_BYTES:
        raise SmokeFailure(f"the screenshot has {len(data)} bytes: an empty window?")
    if width < 1280 or height < 820:
        raise SmokeFailure(f"the screenshot is {width}x{height}, expected 1280x820")
    return f"{width}x{height}, {len(data) / 1024:.0f} KiB"


def check_qt_libraries(binary: Path, _work: Path) -> str:
    """Every bundled Qt library and plugin resolves its Qt dependencies (``ldd``)."""
    if not sys.platform.startswith("linux"):
        return "skipped: Linux only"
    qt = binary.parent / "_internal" / "PySide6" / "Qt"
    files = sorted(qt.glob("plugins/*/*.so")) + sorted(qt.glob("lib/*.so*"))
    if not files:
        raise SmokeFailure(f"no Qt libraries under {qt}")
    missing = []
    for lib in files:
        done = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, check=False)
        missing += [
            f"{lib.name} -> {line.split()[0]}"
            for line in done.stdout.splitlines()
            if "not found" in line and "Qt6" in line
        ]
    if missing:
        raise SmokeFailure(f"Qt libraries missing from the bundle: {', '.join(missing[:5])}")
    return f"{len(files)} Qt libraries and plugins resolve"


def _load_by_path(name: str, path: Path) -> Any:
    key = f"_smoke_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


def check_host_libraries(binary: Path, _work: Path) -> str:
    """Linux: the bundle carries none of the host's own libraries (the AppImage
    exclude list, ``activitymon/host_libraries.py``), and every library it needs from
    the host resolves here; a missing one is named with the package that brings it."""
    if not sys.platform.startswith("linux"):
        return "skipped: Linux only"
    hosts = _load_by_path("host_libraries", ROOT / "activitymon" / "host_libraries.py")
    elf = _load_by_path("glibc_floor", ROOT / "packaging" / "glibc_floor.py")
    bundle = binary.parent
    inside = sorted(
        str(p.relative_to(bundle))
        for p in bundle.rglob("*")
        if (p.is_file() or p.is_symlink()) and hosts.excluded_from_bundle(p.name)
    )
    if inside:
        raise SmokeFailure(f"the bundle carries the host's libraries: {', '.join(inside[:6])}")
    needs = elf.host_needs(bundle)
    unknown = sorted(set(needs) - set(hosts.BY_SONAME))
    if unknown:
        raise SmokeFailure(f"needs libraries host_libraries.py does not list: {unknown[:6]}")
    missing = [name for name in needs if not hosts.library_loads(name)]
    if missing:
        hint = hosts.install_hint(missing, hosts.read_os_release())
        raise SmokeFailure(f"this machine lacks {', '.join(missing)}: {hint}")
    return f"{len(needs)} host libraries resolve; none of the host's inside the bundle"


def check_wayland(binary: Path, work: Path) -> str:
    """Linux: the Wayland platform plugin is in the bundle, and with WAYLAND_DISPLAY
    set, DISPLAY unset and no compositor listening the app says so in one line
    instead of aborting in Qt (exit 134)."""
    if not sys.platform.startswith("linux"):
        return "skipped: Linux only"
    plugin = binary.parent / "_internal/PySide6/Qt/plugins/platforms/libqwayland.so"
    if not plugin.is_file():
        raise SmokeFailure(f"no Wayland platform plugin: {plugin} is missing")
    env = headless_env()
    for name in ("QT_QPA_PLATFORM", "DISPLAY"):
        env.pop(name, None)
    env.update(WAYLAND_DISPLAY="wayland-smoke-absent", XDG_RUNTIME_DIR=str(work))
    try:
        done = subprocess.run(
            [str(binary), "--quit-after", "1"],
            capture_output=True,
            text=True,
            cwd=work,
            env=env,
            timeout=STEP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SmokeFailure("under a Wayland-only environment the app hung") from None
    lines = done.stderr.strip().splitlines()
    if done.returncode != 2 or len(lines) != 1 or "Wayland" not in lines[0]:
        raise SmokeFailure(
            f"Wayland without a compositor: exit {done.returncode}, stderr {done.stderr[-300:]!r}"
        )
    return "libqwayland bundled; no compositor: one line, exit 2"


def check_desktop_launch(binary: Path, work: Path) -> str:
    """Linux: ``install-desktop.sh`` installs a launcher entry pointing at this
    binary; where ``Xvfb`` and ``gio`` exist, ``gio launch`` starts it from that entry
    (as a double click does) and the window must paint on a real X server."""
    if not sys.platform.startswith("linux"):
        return "skipped: Linux only"
    installer = binary.parent / "install-desktop.sh"
    if not installer.is_file():
        raise SmokeFailure(f"the bundle has no {installer.name}")
    data_home = work / "xdg-data"
    env = headless_env()
    env.update(XDG_DATA_HOME=str(data_home), HOME=str(work))
    done = subprocess.run(
        ["sh", str(installer)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SmokeFailure(f"install-desktop.sh failed: {done.stderr.strip()}")
    entries = sorted((data_home / "applications").glob("*.desktop"))
    if len(entries) != 1:
        raise SmokeFailure(f"install-desktop.sh wrote {len(entries)} desktop entries")
    entry = entries[0]
    if f'Exec="{binary}" %F' not in entry.read_text(encoding="utf-8").splitlines():
        raise SmokeFailure(f"{entry.name} does not launch {binary}")
    try:
        if shutil.which("Xvfb") is None or shutil.which("gio") is None:
            return f"{entry.name} installed; launch skipped: needs Xvfb and gio"
        return f"{entry.name} installed; " + _launch_under_xvfb(entry, work, env)
    finally:  # the bundle keeps no record of an install into a temporary folder
        subprocess.run(
            ["sh", str(installer), "--uninstall"], env=env, capture_output=True, check=False
        )


def _launch_under_xvfb(entry: Path, work: Path, env: dict[str, str]) -> str:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as display_pipe:
            display = display_pipe.readline().strip()
        if not display.isdigit():
            raise SmokeFailure("Xvfb did not start")
        stamp = work / "x11-first-paint"
        launch_env = dict(env, DISPLAY=f":{display}", ACTIVITYMON_STARTUP_STAMP=str(stamp))
        launch_env.pop("QT_QPA_PLATFORM", None)  # the real X11 platform, as on a desktop
        log = work / "gio-launch.log"
        with log.open("w") as out:  # not a pipe: the app inherits it and stays open
            done = subprocess.run(
                ["gio", "launch", str(entry)],
                env=launch_env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=30,
                check=False,
            )
        if done.returncode != 0:
            raise SmokeFailure(f"gio launch {entry.name} failed: {log.read_text().strip()}")
        deadline = time.monotonic() + STEP_TIMEOUT / 2
        while not stamp.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        if not stamp.exists():
            raise SmokeFailure(
                "launched from its desktop entry, the app painted no window on X11 within "
                f"{STEP_TIMEOUT / 2:.0f} s (missing X11 client libraries such as "
                "libxcb-icccm4, libxcb-keysyms1, libgl1?)"
            )
        return f"opened by `gio launch` and painted on Xvfb :{display}"
    finally:
        xvfb.terminate()  # the app exits with its X connection
        xvfb.wait(timeout=10)
        _reap_launched(entry_binary(entry))


def entry_binary(entry: Path) -> Path:
    for line in entry.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            return Path(line.removeprefix("Exec=").strip().strip('"'))
    return Path()


def _reap_launched(binary: Path, timeout: float = 10.0) -> None:
    """``gio launch`` detaches the app: find it by its executable (by pid, never by
    name), give it time to exit after losing its display, then end it, so that it writes
    nothing into the smoke folder while that is being removed."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if Path(os.readlink(proc / "exe")) == binary:
                pids.append(int(proc.name))
        except OSError:
            continue
    deadline = time.monotonic() + timeout
    while pids and time.monotonic() < deadline:
        pids = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
        time.sleep(0.1)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


STEPS: tuple[tuple[str, Callable[[Path, Path], str]], ...] = (
    ("version", check_version),
    ("simulate", check_simulate),
    ("snapshot", check_snapshot),
    ("screenshot", check_screenshot),
    ("report pool", check_report_pool),
    ("qt libraries", check_qt_libraries),
    ("host libraries", check_host_libraries),
    ("wayland", check_wayland),
    ("desktop entry", check_desktop_launch),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/smoke", description=__doc__.split("\n")[0])
    parser.add_argument("--binary", type=Path, default=None, help="the frozen executable")
    parser.add_argument(
        "--require-simulate",
        action="store_true",
        help="fail, rather than skip, when the app has no `simulate` command",
    )
    args = parser.parse_args(argv)
    global REQUIRE_SIMULATE  # noqa: PLW0603  (one run per process)
    REQUIRE_SIMULATE = args.require_simulate
    binary = (args.binary or default_binary()).resolve()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        print(
            f"smoke: FAILED: no executable bundle at {binary} (run `packaging/build` first)",
            file=sys.stderr,
        )
        return 1
    print(f"smoke: {binary}", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(
        prefix="activitymon-smoke-", ignore_cleanup_errors=True
    ) as tmp:
        for name, step in STEPS:
            t0 = time.monotonic()
            try:
                result = step(binary, Path(tmp))
            except SmokeFailure as exc:
                print(f"smoke: FAILED at {name}: {exc}", file=sys.stderr, flush=True)
                return 1
            print(f"smoke: ok  {name:<13} {time.monotonic() - t0:5.1f} s  {result}", flush=True)
    print(f"smoke: all steps passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
