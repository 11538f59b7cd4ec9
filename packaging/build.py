"""Build the double-clickable bundle: ``packaging/build linux`` or ``packaging/build macos``.

Creates (once, then reuses) a build virtualenv ``build/venv-<target>-py<X.Y>…`` with
``packaging/requirements-build.txt`` (the runtime dependencies at the versions of
``requirements.lock`` plus PyInstaller, every file checked against its hash), on
Linux from the interpreter ``build_python.py`` builds, then runs PyInstaller on
``packaging/activitymon-<target>.spec`` into ``dist/`` with ``SOURCE_DATE_EPOCH`` (the
last commit's time) and ``PYTHONHASHSEED=0``, so two builds of one commit match.

  packaging/build linux                       -> dist/activitymon/activitymon, and the
                                               release archive dist/activitymon-<version>-
                                               linux-<arch>.tar.xz; prints the glibc floor
                                               and fails above 2.34
  packaging/build macos [--dmg] [--sign ID]   -> dist/activitymon.app, signed inside-out
                                               (ad hoc unless --sign), and with --dmg
                                               dist/activitymon-<version>-macos-<arch>.dmg
  packaging/build linux --python /path/python  use that interpreter as is (it must
                                               have the dependencies and PyInstaller)
  python3 packaging/build.py linux --current   the same with the interpreter running it

Standard library only; needs Python 3.11+.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
REQUIREMENTS = PACKAGING / "requirements-build.txt"
LOCK = ROOT / "requirements.lock"
TARGETS = {"linux": "linux", "macos": "darwin"}
FALLBACK_EPOCH = 1700000000  # outside a git checkout
#: The newest glibc a Linux bundle may need: RHEL 9's (Rocky 9, Alma 9), which the
#: PySide6 wheel needs too; the interpreter is built not to need more
#: (build_python.py) and the host's libraries stay on the host.
GLIBC_CEILING = (2, 34)


def sibling(name: str) -> Any:
    """``packaging/<name>.py`` loaded by path (``packaging/`` is no package)."""
    key = f"_build_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, PACKAGING / f"{name}.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


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


def base_interpreter(target: str) -> Path:
    """The interpreter the build venv is made from: on Linux, CPython built from
    Debian's source so that the bundle's glibc floor stays at 2.34
    (``build_python.py``, cached outside the checkout); elsewhere the one running
    this script."""
    if target != "linux":
        return Path(sys.executable)
    builder = sibling("build_python")
    try:
        return Path(builder.ensure())
    except builder.PythonBuildError as exc:
        raise BuildError(str(exc)) from None


def ensure_venv(target: str) -> Path:
    """The build venv's interpreter, created or refreshed when the pins or the base
    interpreter changed."""
    base = base_interpreter(target)
    version = subprocess.run(
        [str(base), "-c", "import sys; print(sys.version)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tag = "py" + ".".join(version.split()[0].split(".")[:2])
    if target == "linux":
        tag += "-" + base.parents[1].name  # the Debian version and recipe of the build
    venv_dir = Path(
        os.environ.get("ACTIVITYMON_BUILD_VENV", ROOT / "build" / f"venv-{target}-{tag}")
    )
    python = _venv_python(venv_dir)
    stamp = venv_dir / ".activitymon-build-installed"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes() + LOCK.read_bytes())
    digest.update(f"{base}\n{version}".encode())
    want = digest.hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return python
    started = time.monotonic()
    if not python.exists():
        say(f"creating the build venv {venv_dir} from {base}")
        made = subprocess.run(
            [str(base), "-m", "venv", "--clear", str(venv_dir)],
            capture_output=True,
            text=True,
            check=False,
        )
        if made.returncode:
            raise BuildError(
                f"could not create {venv_dir} ({made.stderr.strip()[-200:]}); on Debian/Ubuntu "
                "install python3-venv, or build with an interpreter that has the dependencies: "
                "--python PATH"
            )
    say("installing the pinned dependencies and PyInstaller")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q", "install"]
    install = [*pip, "--require-hashes", "-r", str(REQUIREMENTS)]
    if subprocess.run(install, check=False).returncode:
        raise BuildError(f"pip could not install {REQUIREMENTS.relative_to(ROOT)} (see above)")
    stamp.write_text(want + "\n")
    say(f"build venv ready in {time.monotonic() - started:.0f} s")
    return python


def check_python(python: Path) -> None:
    probe = "import PyInstaller, PySide6, pyqtgraph, numpy, psutil, msgspec"
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


def sign_app(target: str, identity: str) -> None:
    """Sign the .app inside-out (packaging/macsign.py), hardened runtime on."""
    app = bundle_path(target)
    if shutil.which("codesign") is None:
        say("codesign not found: the .app is unsigned")
        return
    kind = "ad hoc" if identity == "-" else identity
    say(f"signing {app.relative_to(ROOT)} inside-out ({kind}, hardened runtime)")
    if sibling("macsign").sign(app, identity):
        raise BuildError("codesign failed (see above)")


def check_macos_minimum(app: Path) -> None:
    """BuildError when the Info.plist's LSMinimumSystemVersion is below a Mach-O
    file's LC_BUILD_VERSION minos: the app would promise a launch that crashes."""
    import plistlib

    plist = plistlib.loads((app / "Contents" / "Info.plist").read_bytes())
    problem = sibling("macho").plist_problem(str(plist["LSMinimumSystemVersion"]), app)
    if problem:
        raise BuildError(problem)


def notarize(path: Path, profile: str) -> None:
    """packaging/notarize: submit, wait, staple, validate, spctl --assess."""
    command = [str(PACKAGING / "notarize"), str(path), "--keychain-profile", profile]
    if subprocess.run(command, check=False).returncode:
        raise BuildError(f"notarizing {path.name} failed (see above)")


def macos_steps(args: argparse.Namespace) -> list[tuple[str, Any]]:
    """The macOS build after PyInstaller, in order: the minimum check, signing
    inside-out, then (with --notarize) the app notarized and stapled *before* the disk
    image is made of it, so that the app a user drags out of the .dmg carries its
    ticket; then the .dmg, signed, notarized and stapled itself."""
    app = bundle_path("macos")
    identity = "-" if args.no_sign else args.sign
    profile = str(args.notarize)
    if args.notarize and identity == "-":
        raise BuildError("--notarize needs a Developer ID: --sign 'Developer ID Application: …'")
    steps: list[tuple[str, Any]] = [
        (
            "checking LSMinimumSystemVersion against every Mach-O file",
            lambda: check_macos_minimum(app),
        ),
    ]
    if not args.no_sign:
        steps.append(("signing the app", lambda: sign_app("macos", identity)))
    if args.notarize:
        steps.append(("notarizing and stapling the app", lambda: notarize(app, args.notarize)))
    if args.dmg:
        dmg = ROOT / "dist" / f"activitymon-{package_version()}-macos-{machine()}.dmg"
        steps.append(("making the disk image of the app", lambda: make_dmg(identity)))
        if args.notarize:
            steps.append(("notarizing and stapling the disk image", lambda: notarize(dmg, profile)))
    return steps


def machine() -> str:
    return {"amd64": "x86_64", "aarch64": "arm64"}.get(
        platform.machine().lower(), platform.machine()
    )


def package_version() -> str:
    return str(sibling("appmeta").package_version())


def make_dmg(identity: str) -> Path:
    """dist/activitymon-<version>-macos-<arch>.dmg: the app and a link to
    /Applications, compressed (hdiutil); signed too unless ad hoc."""
    app = bundle_path("macos")
    dmg = ROOT / "dist" / f"activitymon-{package_version()}-macos-{machine()}.dmg"
    with tempfile.TemporaryDirectory() as staging_dir:
        staging = Path(staging_dir) / "activitymon"
        staging.mkdir()
        subprocess.run(["ditto", str(app), str(staging / app.name)], check=True)
        (staging / "Applications").symlink_to("/Applications")
        command = sibling("macsign").dmg_command(app, staging, dmg, "activitymon")
        if subprocess.run(command, check=False).returncode:
            raise BuildError("hdiutil create failed (see above)")
    if identity != "-":
        subprocess.run(
            ["codesign", "--force", "--sign", identity, "--timestamp", str(dmg)], check=True
        )
    say(f"disk image {dmg.relative_to(ROOT)}")
    return dmg


def check_glibc_floor(bundle: Path) -> str:
    """Print the bundle's glibc floor; BuildError above :data:`GLIBC_CEILING`."""
    floor = sibling("glibc_floor").bundle_floor(bundle)
    names = ", ".join(str(p.relative_to(bundle)) for p in floor.files[:4])
    more = f" and {len(floor.files) - 4} more" if len(floor.files) > 4 else ""
    ceiling = ".".join(map(str, GLIBC_CEILING))
    if floor.version > GLIBC_CEILING:
        raise BuildError(
            f"glibc floor {floor.text} is above {ceiling} (RHEL 9): needed by "
            f"{names}{more}; leave those host libraries out (bundlespec.HOST_LIBRARIES_LEFT_OUT)"
        )
    return f"glibc floor {floor.text} (≤ {ceiling}; highest need in {names}{more})"


def check_host_libraries(bundle: Path) -> str:
    """BuildError when the bundle carries a library of the host's (the exclude list)
    or needs one from the host that ``activitymon/host_libraries.py`` does not name
    (so neither the README nor ``packaging/smoke`` would tell a user its package)."""
    hosts = sibling("bundlespec").host_libraries()
    inside = sorted(
        str(p.relative_to(bundle))
        for p in bundle.rglob("*")
        if (p.is_file() or p.is_symlink()) and hosts.excluded_from_bundle(p.name)
    )
    if inside:
        raise BuildError(f"the bundle carries the host's libraries: {', '.join(inside[:6])}")
    needs = sibling("glibc_floor").host_needs(bundle)
    unknown = sorted(set(needs) - set(hosts.BY_SONAME))
    if unknown:
        where = ", ".join(f"{name} ({needs[name][0].relative_to(bundle)})" for name in unknown[:4])
        raise BuildError(
            f"the bundle needs {where} from the host, which activitymon/host_libraries.py "
            "does not list: add it there (with its packages) or bundle it"
        )
    return f"{len(needs)} libraries from the host, none inside"


def make_release_archive(bundle: Path, epoch: int, preset: int = 1) -> Path:
    """dist/activitymon-<version>-linux-<arch>.tar.xz: the bundle (with its desktop
    entry, icons, MIME and AppStream files, man page, completions, licence and
    install-desktop.sh) in one folder; members sorted, owned by root, dated
    SOURCE_DATE_EPOCH, so one commit gives one archive. xz ``preset`` 1 compresses the
    161 MiB bundle about four times faster than 6 for an archive about 10 % larger
    (libQt6Core: 2.38 against 2.17 MiB); ``--xz-preset 9`` for a published release."""
    name = f"activitymon-{package_version()}-linux-{machine()}"
    archive = ROOT / "dist" / f"{name}.tar.xz"

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = epoch
        if not info.issym():
            info.mode = 0o755 if info.isdir() or info.mode & 0o111 else 0o644
        return info

    members = sorted(bundle.rglob("*"))
    with tarfile.open(archive, "w:xz", preset=preset, format=tarfile.PAX_FORMAT) as tar:
        tar.add(bundle, arcname=name, recursive=False, filter=normalise)
        for path in members:
            arcname = f"{name}/{path.relative_to(bundle).as_posix()}"
            tar.add(path, arcname=arcname, recursive=False, filter=normalise)
    return archive


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
    parser.add_argument("--no-sign", action="store_true", help="macOS: leave the app unsigned")
    parser.add_argument(
        "--sign",
        metavar="IDENTITY",
        default="-",
        help='macOS: codesign identity, e.g. "Developer ID Application: NAME (TEAMID)" '
        "(default: - for ad hoc)",
    )
    parser.add_argument("--dmg", action="store_true", help="macOS: also make a .dmg (hdiutil)")
    parser.add_argument(
        "--notarize",
        metavar="PROFILE",
        help="macOS, with --sign: notarize and staple the app (then the .dmg) with this "
        "notarytool keychain profile, and check Gatekeeper's verdict (spctl --assess)",
    )
    parser.add_argument(
        "--no-archive", action="store_true", help="Linux: skip the .tar.xz release archive"
    )
    parser.add_argument(
        "--xz-preset",
        type=int,
        choices=range(10),
        default=1,
        metavar="0-9",
        help="Linux: xz compression of the archive (default 1: fast; 9: smallest)",
    )
    args = parser.parse_args(argv)
    if not sys.platform.startswith(TARGETS[args.target]):
        print(
            f"build: a {args.target} bundle must be built on {args.target}; "
            f"this is {sys.platform} (PyInstaller does not cross-build)",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    floor = ""
    try:
        if args.current:
            args.python = Path(sys.executable)
        python = args.python if args.python else ensure_venv(args.target)
        check_python(python)
        run_pyinstaller(python, args.target)
        bundle = bundle_path(args.target)
        if not binary_path(args.target).is_file():
            raise BuildError(f"PyInstaller finished but {binary_path(args.target)} is missing")
        size = disk_size(bundle) / 2**20
        say(f"built {bundle.relative_to(ROOT)} ({size:.0f} MiB)")
        if args.target == "macos":
            for name, step in macos_steps(args):
                say(name)
                step()
        if args.target == "linux":
            floor = check_glibc_floor(bundle)
            say(check_host_libraries(bundle))
            if not args.no_archive:
                epoch = int(source_date_epoch())
                archive = make_release_archive(bundle, epoch, args.xz_preset)
                mib = archive.stat().st_size / 2**20
                say(f"release archive {archive.relative_to(ROOT)} ({mib:.0f} MiB)")
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    say(f"done in {time.monotonic() - started:.0f} s")
    if floor:
        say(floor)  # the last line: what the bundle asks of the machine it runs on
    return 0


if __name__ == "__main__":
    sys.exit(main())
