#!/usr/bin/env python3
"""One entry point for people and CI: ``python3 dev.py run`` / ``python3 dev.py test``.

On first use it creates ``.venv`` beside this file with the interpreter that runs it
(Python 3.11+), installs the pinned dependencies from ``requirements.lock`` and the
project in editable mode; later calls reuse it until the lock or ``pyproject.toml``
changes. Standard library only, so it works on a fresh machine with Python and pip.

  python3 dev.py run [APP OPTIONS]   launch activitymon (the simulator where no live source serves)
  python3 dev.py test [PYTEST ARGS]  ruff, ruff format, mypy --strict, import contracts, pytest
  python3 dev.py lock                re-pin requirements.lock with hashes (uv: pip install uv)
  python3 dev.py mutate [PATHS]      mutation testing (cosmic-ray) of the modules in
                                     tests/mutation/plan.toml; prints the score per module
  python3 dev.py screenshots [DIR]   the issue-26 screenshot matrix (overview, page classes,
                                     filtered table, a lesson, Compare at 1024x640 and
                                     1440x900, light and dark) offscreen, to open and read
  python3 dev.py env                 only create or refresh .venv
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("ACTIVITYMON_VENV", ROOT / ".venv"))
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".activitymon-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def fail(message: str) -> int:
    print(f"dev.py: {message}", file=sys.stderr, flush=True)
    return 2


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  (dev.py may be started by an older python3)
        raise SystemExit(fail(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}"))
    want = fingerprint()
    if STAMP.exists() and STAMP.read_text().strip() == want and PY.exists():
        return
    started = time.monotonic()
    if not PY.exists():
        say(f"creating {VENV.relative_to(ROOT) if VENV.is_relative_to(ROOT) else VENV}")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    say("installing pinned dependencies (first run takes a minute or two)")
    pip = [str(PY), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    # every file checked against the lock's hashes (for each platform the lock serves)
    subprocess.run([*pip, "install", "--require-hashes", "-r", str(LOCK)], check=True)
    if subprocess.run([*pip, "install", "--no-deps", "-e", str(ROOT)], check=False).returncode:
        raise SystemExit(fail("could not install the project into .venv (see pip's message above)"))
    STAMP.write_text(want + "\n")
    say(f"environment ready in {time.monotonic() - started:.0f} s")


def run_tool(args: list[str]) -> int:
    return subprocess.run(args, cwd=ROOT, check=False).returncode


# Qt's X11 platform plugin (libqxcb, libQt6XcbQpa) and Qt itself link these; the
# PySide6 wheel bundles none of them. soname -> package on apt (Debian/Ubuntu), dnf
# (Fedora/RHEL), pacman (Arch), zypper (openSUSE): activitymon/host_libraries.py, the
# one table the bundle's build, its smoke test and the app use too.
def _host_libraries() -> Any:
    sys.path.insert(0, str(ROOT))
    try:
        from activitymon import host_libraries
    finally:
        sys.path.pop(0)
    return host_libraries


QT_X11_LIBRARIES: dict[str, dict[str, str]] = {
    lib.soname: {m: lib.package(m) for m in ("apt", "dnf", "pacman", "zypper")}
    for lib in _host_libraries().HOST_LIBRARIES
    if lib.needed_for in ("qt", "x11")
}


def package_manager(os_release: str) -> str | None:
    """apt / dnf / pacman / zypper from the text of /etc/os-release (ID, then ID_LIKE)."""
    return cast("str | None", _host_libraries().package_manager(os_release))


def library_loads(soname: str) -> bool:
    return bool(_host_libraries().library_loads(soname))


def missing_x11_libraries(loads: Callable[[str], bool] = library_loads) -> list[str]:
    return [soname for soname in QT_X11_LIBRARIES if not loads(soname)]


def install_hint(missing: list[str], os_release: str) -> str:
    """The one line that installs ``missing`` on this distribution."""
    return str(_host_libraries().install_hint(missing, os_release))


def needs_x11(argv: list[str], environ: Mapping[str, str]) -> bool:
    """Whether ``activitymon ARGV`` will open a window through Qt's X11 platform."""
    if not sys.platform.startswith("linux") or not environ.get("DISPLAY"):
        return False  # no X11 (the app itself explains a missing display)
    # xcb asked for, Qt's default, or the fallback of a Wayland that cannot start
    # (activitymon/display.py)
    platforms = environ.get("QT_QPA_PLATFORM") or "xcb"
    if not any(n.strip() == "xcb" or n.strip().startswith("wayland") for n in platforms.split(";")):
        return False
    headless = {"--screenshot", "--help", "-h", "--version"}
    if headless.intersection(argv) or any(a.startswith("--screenshot=") for a in argv):
        return False
    # a subcommand (snapshot, simulate …) runs headless; REPORT files open the window
    return not (argv and argv[0].isidentifier() and not Path(argv[0]).exists())


def check_x11_libraries(argv: list[str]) -> bool:
    """False (after saying what to install) when Qt's X11 platform would abort."""
    if not needs_x11(argv, os.environ):
        return True
    missing = missing_x11_libraries()
    if not missing:
        return True
    try:
        os_release = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        os_release = ""
    print(
        f"dev.py: Qt's X11 platform needs libraries this system lacks: {', '.join(missing)}\n"
        f"dev.py: install them with:\n    {install_hint(missing, os_release)}",
        file=sys.stderr,
        flush=True,
    )
    return False


def cmd_run(argv: list[str]) -> int:
    ensure_env()
    if not check_x11_libraries(argv):
        return 1
    return run_tool([str(PY), "-m", "activitymon", *argv])


def cmd_test(argv: list[str]) -> int:
    ensure_env()
    env_py = str(PY)
    checks: list[tuple[str, list[str]]] = [
        ("ruff check", [env_py, "-m", "ruff", "check", "."]),
        ("ruff format --check", [env_py, "-m", "ruff", "format", "--check", "."]),
        ("mypy --strict", [env_py, "-m", "mypy"]),
        ("import contracts", [str(BIN / "lint-imports")]),
    ]
    failed = []
    for name, args in checks:
        say(f"{name} …")
        if run_tool(args) != 0:
            failed.append(name)
    say("pytest …")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    code = run_tool([env_py, "-m", "pytest", *argv])
    if failed:
        say(f"FAILED: {', '.join(failed)}")
        return 1
    return code


def cmd_lock(_argv: list[str]) -> int:
    """requirements.lock for every supported Python and platform (``--universal``),
    then packaging/requirements-build.txt within it, both with the hash of every file
    each pin can install (pip --require-hashes)."""
    uv = str(BIN / "uv") if (BIN / "uv").exists() else "uv"
    common = ["--universal", "--python-version", "3.11", "--generate-hashes"]
    code = run_tool(
        [uv, "pip", "compile", "pyproject.toml", "--extra", "dev", *common, "-o", LOCK.name]
    )
    if code:
        return code
    build = "packaging/requirements-build"
    return run_tool(
        [uv, "pip", "compile", f"{build}.in", "-c", LOCK.name, *common, "-o", f"{build}.txt"]
    )


def cmd_mutate(argv: list[str]) -> int:
    ensure_env()
    return run_tool([str(PY), "-m", "tests.mutation.runner", *argv])


def cmd_screenshots(argv: list[str]) -> int:
    ensure_env()
    return run_tool([str(PY), str(ROOT / "bench" / "screenshots.py"), *argv])


def cmd_env(_argv: list[str]) -> int:
    ensure_env()
    return 0


COMMANDS = {
    "run": cmd_run,
    "test": cmd_test,
    "lock": cmd_lock,
    "mutate": cmd_mutate,
    "screenshots": cmd_screenshots,
    "env": cmd_env,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except subprocess.CalledProcessError as exc:
        return fail(f"{' '.join(map(str, exc.cmd[:4]))} … failed with status {exc.returncode}")
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
