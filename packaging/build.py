"""Build the double-clickable bundle: ``packaging/build linux`` or ``packaging/build macos``.

Creates (once, then reuses) a build virtualenv ``build/venv-<target>-py<X.Y>`` with
the pinned runtime dependencies of ``requirements.lock`` plus the pinned PyInstaller
of ``packaging/requirements-build.txt``, then runs PyInstaller on
``packaging/activitymon-<target>.spec`` into ``dist/`` with ``SOURCE_DATE_EPOCH`` (the
last commit's time) and ``PYTHONHASHSEED=0``, so two builds of one commit match.

  packaging/build linux                       -> dist/activitymon/activitymon
  packaging/build macos                       -> dist/activitymon.app (ad-hoc signed)
  packaging/build linux --python /path/python  use that interpreter as is (it must
                                               have the dependencies and PyInstaller)
  python3 packaging/build.py linux --current   the same with the interpreter running it

Standard library only; needs Python 3.11+.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
REQUIREMENTS = PACKAGING / "requirements-build.txt"
LOCK = ROOT / "requirements.lock"
TARGETS = {"linux": "linux", "macos": "darwin"}
FALLBACK_EPOCH = 1700000000  # outside a git checkout


def say(message: str) -> None:
    print(f"build: {message}", flush=True)


class BuildError(Exception):
    """A one-line reason the build cannot go on."""


def bundle_path(target: str) -> Path:
    return ROOT / "dist" / ("activitymon.app" if target == "macos" else "activitymon")


def binary_path(target: str) -> Path:
    if target == "macos":
        return bundle_path(target) / "Contents" / "MacOS" / "activitymon"
    return bundle_path(target) / "activitymon"


def source_date_epoch() -> str:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    done = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=False,
    )
    stamp = done.stdout.strip()
    return stamp if done.returncode == 0 and stamp.isdigit() else str(FALLBACK_EPOCH)


def _venv_python(venv_dir: Path) -> Path:
    return venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(target: str) -> Path:
    """The build venv's interpreter, created or refreshed when the pins changed."""
    tag = f"py{sys.version_info.major}.{sys.version_info.minor}"
    venv_dir = Path(
        os.environ.get("ACTIVITYMON_BUILD_VENV", ROOT / "build" / f"venv-{target}-{tag}")
    )
    python = _venv_python(venv_dir)
    stamp = venv_dir / ".activitymon-build-installed"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes() + LOCK.read_bytes())
    digest.update(sys.version.encode())
    want = digest.hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return python
    started = time.monotonic()
    if not python.exists():
        say(f"creating the build venv {venv_dir}")
        try:
            venv.EnvBuilder(with_pip=True, clear=venv_dir.exists()).create(venv_dir)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise BuildError(
                f"could not create {venv_dir} ({exc}); on Debian/Ubuntu install python3-venv, "
                "or build with an interpreter that has the dependencies: --python PATH"
            ) from None
    say("installing the pinned dependencies and PyInstaller")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q", "install"]
    if subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=False).returncode:
        raise BuildError(f"pip could not install {REQUIREMENTS.relative_to(ROOT)} (see above)")
    stamp.write_text(want + "\n")
    say(f"build venv ready in {time.monotonic() - started:.0f} s")
    return python


def check_python(python: Path) -> None:
    probe = "import PyInstaller, PySide6, pyqtgraph, numpy, psutil"
    if not python.is_file():
        raise BuildError(f"--python {python}: no such interpreter")
    if subprocess.run([str(python), "-c", probe], capture_output=True, check=False).returncode:
        raise BuildError(f"{python} lacks PyInstaller or a runtime dependency ({probe})")


def run_pyinstaller(python: Path, target: str) -> None:
    spec = PACKAGING / f"activitymon-{target}.spec"
    env = dict(os.environ)
    env.update(
        SOURCE_DATE_EPOCH=source_date_epoch(), PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1"
    )
    env.pop("PYTHONPATH", None)
    command = [
        str(python),
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level=WARN",
        f"--distpath={ROOT / 'dist'}",
        f"--workpath={ROOT / 'build' / f'pyinstaller-{target}'}",
        str(spec),
    ]
    say(f"PyInstaller {spec.relative_to(ROOT)} (SOURCE_DATE_EPOCH={env['SOURCE_DATE_EPOCH']})")
    if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode:
        raise BuildError("PyInstaller failed (see above)")


def adhoc_sign(target: str) -> None:
    app = bundle_path(target)
    if shutil.which("codesign") is None:
        say("codesign not found: the .app is unsigned")
        return
    say(f"ad-hoc signing {app.relative_to(ROOT)}")
    command = ["codesign", "--force", "--deep", "-s", "-", str(app)]
    if subprocess.run(command, check=False).returncode:
        raise BuildError("codesign failed (see above)")


def disk_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/build", description=__doc__.split("\n")[0])
    parser.add_argument("target", choices=sorted(TARGETS), help="which bundle to build")
    parser.add_argument(
        "--python",
        type=Path,
        help="build with this interpreter as is instead of the build venv",
    )
    parser.add_argument(
        "--current",
        action="store_true",
        help="build with the interpreter running this script (as --python sys.executable)",
    )
    parser.add_argument("--no-sign", action="store_true", help="macOS: skip ad-hoc signing")
    args = parser.parse_args(argv)
    if not sys.platform.startswith(TARGETS[args.target]):
        print(
            f"build: a {args.target} bundle must be built on {args.target}; "
            f"this is {sys.platform} (PyInstaller does not cross-build)",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    try:
        if args.current:
            args.python = Path(sys.executable)
        python = args.python if args.python else ensure_venv(args.target)
        check_python(python)
        run_pyinstaller(python, args.target)
        if args.target == "macos" and not args.no_sign:
            adhoc_sign(args.target)
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    bundle = bundle_path(args.target)
    if not binary_path(args.target).is_file():
        print(
            f"build: PyInstaller finished but {binary_path(args.target)} is missing",
            file=sys.stderr,
        )
        return 1
    size = disk_size(bundle) / 2**20
    took = time.monotonic() - started
    say(f"built {bundle.relative_to(ROOT)} ({size:.0f} MiB) in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
