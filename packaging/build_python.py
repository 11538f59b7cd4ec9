"""The interpreter the Linux bundle is built with: CPython 3.11 compiled here from
Debian 12's source package, so that nothing in it needs a glibc newer than the
bundle's floor (2.34, RHEL 9's).

Why: a Python built on the build machine links against that machine's glibc, and
glibc gives some functions a new symbol version when their behaviour changes. On
Debian 12 (glibc 2.36) ``libpython3.11.so`` refers to ``hypot@GLIBC_2.35`` — the
only reference above 2.34 in the whole bundle (pyenv's and Debian's own
``python3.11`` alike). glibc keeps every older version of a symbol, so the old
``hypot@GLIBC_2.2.5`` is still there; this build binds to it with a ``.symver``
directive (:data:`SYMBOL_VERSIONS`, force-included into every compilation unit),
which is what the linker does when it builds against an older glibc. The two
``hypot`` versions compute the same result (glibc 2.35 removed the SVID error
wrapper, which the old version still goes through); CPython's own ``math.hypot``
does not call it, ``complex.__abs__`` does.

Where the source comes from: Debian's archive, with ``apt-get source`` (signed
indexes, checked hashes) through a private apt configuration, so the machine's own
sources stay as they are. The upstream tarball is used with the patches Debian
backports from CPython's 3.11 branch (security fixes since 3.11.2: a patch whose
header names CPython's repository or a CVE); Debian's integration patches (file
layout, multiarch, a disabled ensurepip) are left out, so this is a plain upstream
interpreter.

The result is cached outside the checkout (``$XDG_CACHE_HOME/activitymon/python/
<Debian version>-<recipe digest>``, or ``$ACTIVITYMON_PYTHON_CACHE``) and rebuilt when
Debian's version or this recipe changes; a clean machine builds it once (about 15
minutes on 2 busy cores). ``python3 packaging/build_python.py`` builds it and prints
the interpreter's path; ``packaging/build linux`` calls :func:`ensure`.

Standard library only; Debian or Ubuntu build machines (apt-get, dpkg-source's
tarballs, a C compiler and CPython's build dependencies, :data:`BUILD_PACKAGES`).
Elsewhere, build the bundle with ``packaging/build linux --python PATH``.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_PACKAGE = "python3.11"
DEBIAN_SUITES = ("bookworm", "bookworm-updates")
DEBIAN_MIRROR = "http://deb.debian.org/debian"
KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
#: the highest glibc the interpreter may need (build.py holds the bundle to it too)
GLIBC_FLOOR = (2, 34)
#: symbols whose default version is newer than the floor, bound to the older one
#: glibc keeps (by machine: the base version of each architecture's libm)
SYMBOL_VERSIONS = {
    "x86_64": {"hypot": "GLIBC_2.2.5", "hypotf": "GLIBC_2.2.5"},
    "aarch64": {"hypot": "GLIBC_2.17", "hypotf": "GLIBC_2.17"},
}
#: Debian packages the build needs (CPython's build dependencies for the modules the
#: bundle uses; ssl for pip in the build venv)
BUILD_PACKAGES = (
    "build-essential",
    "dpkg-dev",
    "libffi-dev",
    "zlib1g-dev",
    "libbz2-dev",
    "liblzma-dev",
    "libsqlite3-dev",
    "libssl-dev",
    "uuid-dev",
)
#: modules the bundle leaves out (bundlespec.PYTHON_EXCLUDES): not built
NOT_BUILT = ("_tkinter", "_curses", "_curses_panel", "readline", "_dbm", "_gdbm", "nis")
#: raise when a change to the steps (not to the values above) needs a new build
RECIPE_REVISION = "1"
UPSTREAM_PATCH = re.compile(r"python/cpython|\[3\.11\]|cherry picked from commit|CVE-\d")


class PythonBuildError(Exception):
    """One line: why the interpreter could not be built."""


def say(message: str) -> None:
    print(f"build_python: {message}", flush=True)


def cache_root() -> Path:
    if "ACTIVITYMON_PYTHON_CACHE" in os.environ:
        return Path(os.environ["ACTIVITYMON_PYTHON_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "activitymon" / "python"


def machine() -> str:
    return platform.machine().lower().replace("amd64", "x86_64").replace("arm64", "aarch64")


def compat_header() -> str:
    """The header force-included into every C file: ``.symver`` for each symbol of
    :data:`SYMBOL_VERSIONS` on this machine."""
    versions = SYMBOL_VERSIONS.get(machine())
    if versions is None:
        raise PythonBuildError(f"no symbol versions known for {machine()}")
    lines = ["/* activitymon: bind to symbol versions glibc 2.34 has (build_python.py) */"]
    lines += [f'__asm__(".symver {name},{name}@{version}");' for name, version in versions.items()]
    return "\n".join(lines) + "\n"


def configure_arguments(prefix: Path, header: Path) -> list[str]:
    return [
        "./configure",
        f"--prefix={prefix}",
        "--enable-shared",
        "--disable-test-modules",
        "--with-ensurepip=install",
        # for the interpreter's own files only (not kept for extensions built later)
        f"CFLAGS_NODIST=-include {header}",
        f"LDFLAGS_NODIST=-Wl,-rpath,{prefix / 'lib'}",
        "OPT=-DNDEBUG -O3 -Wall",
        *(f"py_cv_module_{name}=n/a" for name in NOT_BUILT),
    ]


def recipe_digest() -> str:
    """What decides the build besides Debian's version: the header, the configure
    line, the patch rule and the module checks (not this file's prose)."""
    recipe = [
        compat_header(),
        *configure_arguments(Path("PREFIX"), Path("HEADER")),
        UPSTREAM_PATCH.pattern,
        *REQUIRED_MODULES,
        RECIPE_REVISION,
    ]
    return hashlib.sha256("\n".join(recipe).encode()).hexdigest()[:12]


class Apt:
    """apt-get with a private configuration: deb-src lines for Debian 12 only, its
    own lists and cache, the machine's apt setup untouched."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "lists" / "partial").mkdir(parents=True, exist_ok=True)
        (root / "cache" / "archives" / "partial").mkdir(parents=True, exist_ok=True)
        sources = root / "sources.list"
        sources.write_text(
            "".join(
                f"deb-src [signed-by={KEYRING}] {DEBIAN_MIRROR} {suite} main\n"
                for suite in DEBIAN_SUITES
            ),
            encoding="utf-8",
        )
        self.options = [
            "-o", f"Dir::Etc::SourceList={sources}",
            "-o", "Dir::Etc::SourceParts=/dev/null",
            "-o", f"Dir::State::Lists={root / 'lists'}",
            "-o", f"Dir::Cache={root / 'cache'}",
            "-o", "APT::Sandbox::User=root",
        ]  # fmt: skip

    def run(self, *args: str, cwd: Path | None = None) -> str:
        done = subprocess.run(
            ["apt-get", "-q", *self.options, *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            check=False,
        )
        if done.returncode:
            tail = " | ".join(done.stderr.strip().splitlines()[-3:])
            raise PythonBuildError(f"apt-get {' '.join(args)} failed: {tail}")
        return done.stdout

    def source_version(self) -> str:
        shown = subprocess.run(
            ["apt-cache", *self.options, "showsrc", SOURCE_PACKAGE],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        versions = re.findall(r"^Version: (\S+)$", shown, re.MULTILINE)
        if not versions:
            raise PythonBuildError(f"Debian's archive lists no {SOURCE_PACKAGE} source")
        return subprocess.run(
            ["sh", "-c", 'printf "%s\\n" "$@" | sort -V | tail -n 1', "sort", *versions],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()


def upstream_patches(debian: Path) -> list[Path]:
    """Debian's patches that backport CPython's own fixes, in series order."""
    series = (debian / "patches" / "series").read_text(encoding="utf-8").split()
    chosen = []
    for name in series:
        patch = debian / "patches" / name
        header = patch.read_text(encoding="utf-8", errors="replace").split("\n--- ", 1)[0]
        if name.startswith("CVE-") or UPSTREAM_PATCH.search(header):
            chosen.append(patch)
    return chosen


def _build_pyexpat_as_upstream_does(source: Path) -> None:
    """Debian links pyexpat into the interpreter; here it is a module, and a
    backport (CVE-2026-4224) makes it include CPython's internal headers, which a
    module may only with ``Py_BUILD_CORE_MODULE`` defined: the lines upstream's own
    ``Modules/pyexpat.c`` starts with since 3.12."""
    module = source / "Modules" / "pyexpat.c"
    text = module.read_text(encoding="utf-8")
    if '#include "pycore_' in text and "Py_BUILD_CORE_MODULE" not in text:
        prelude = "#ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif\n"
        module.write_text(prelude + text, encoding="utf-8")


def _run(command: list[str], cwd: Path, log: Path, what: str) -> None:
    with log.open("a") as out:
        done = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        tail = " | ".join(log.read_text(errors="replace").strip().splitlines()[-3:])
        raise PythonBuildError(f"{what} failed (log: {log}): {tail}")


def build(prefix: Path, work: Path, apt: Apt, version: str) -> None:
    say(f"downloading Debian's {SOURCE_PACKAGE} {version} source package")
    downloads = work / "download"
    downloads.mkdir()
    apt.run("source", "--download-only", f"{SOURCE_PACKAGE}={version}", cwd=downloads)
    orig = next(downloads.glob(f"{SOURCE_PACKAGE}_*.orig.tar.*"))
    debian_tar = next(downloads.glob(f"{SOURCE_PACKAGE}_*.debian.tar.*"))
    with tarfile.open(orig) as tar:
        tar.extractall(work, filter="data")
    source = next(p for p in work.iterdir() if p.is_dir() and p.name.startswith("Python-3.11"))
    with tarfile.open(debian_tar) as tar:
        tar.extractall(work, filter="data")
    log = work / "build.log"
    patches = upstream_patches(work / "debian")
    for patch in patches:
        _run(["patch", "-p1", "-s", "-i", str(patch)], source, log, f"patch {patch.name}")
    _build_pyexpat_as_upstream_does(source)
    say(f"applied {len(patches)} of Debian's upstream backports; configuring")
    header = work / "glibc-compat.h"
    header.write_text(compat_header(), encoding="utf-8")
    _run(configure_arguments(prefix, header), source, log, "configure")
    jobs = str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2)
    say(f"compiling (make -j{jobs}; about 15 minutes on 2 busy cores)")
    _run(["make", f"-j{jobs}"], source, log, "make")
    _run(["make", "install"], source, log, "make install")


#: modules the app or pip needs, which setup.py skips silently when they fail to build
REQUIRED_MODULES = (
    "pyexpat", "_ctypes", "_sqlite3", "_bz2", "_lzma", "zlib", "_ssl", "_uuid", "_decimal",
    "_json", "_elementtree", "_multiprocessing", "_posixsubprocess", "select", "mmap",
)  # fmt: skip


def check_modules(python: Path) -> None:
    probe = "import importlib, sys; [importlib.import_module(m) for m in sys.argv[1:]]"
    done = subprocess.run(
        [str(python), "-c", probe, *REQUIRED_MODULES], capture_output=True, text=True, check=False
    )
    if done.returncode:
        last = done.stderr.strip().splitlines()[-1:] or ["?"]
        raise PythonBuildError(f"the built interpreter lacks a module: {last[0]}")


def check_floor(prefix: Path) -> str:
    sys.path.insert(0, str(HERE))
    try:
        import glibc_floor  # packaging/ is no package: loaded by path
    finally:
        sys.path.pop(0)
    floor = glibc_floor.bundle_floor(prefix / "lib")
    if floor.version > GLIBC_FLOOR:
        names = ", ".join(str(p.name) for p in floor.files[:3])
        raise PythonBuildError(f"the built interpreter needs glibc {floor.text} ({names})")
    return floor.text


def ensure() -> Path:
    """The interpreter (``…/bin/python3.11``), built first when missing or stale."""
    if shutil.which("apt-get") is None:
        raise PythonBuildError(
            "building the bundle's interpreter needs Debian's apt-get; elsewhere build "
            "with an interpreter of your own: packaging/build linux --python PATH"
        )
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    apt = Apt(root / "apt")
    try:
        apt.run("update")
        version = apt.source_version()
    except PythonBuildError as exc:
        cached = newest_cached(root)
        if cached is None:
            raise
        say(f"{exc}; using the interpreter built before: {cached}")
        return cached
    name = f"{version.replace(':', '_').replace('+', '_')}-{recipe_digest()}"
    prefix = root / name
    python = prefix / "bin" / "python3.11"
    done_stamp = prefix / ".activitymon-built"
    if python.is_file() and done_stamp.is_file():
        return python
    missing = [p for p in ("gcc", "make", "patch") if shutil.which(p) is None]
    if missing:
        raise PythonBuildError(
            f"missing {', '.join(missing)}: apt-get install {' '.join(BUILD_PACKAGES)}"
        )
    started = time.monotonic()
    shutil.rmtree(prefix, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="activitymon-python-", dir=root) as work:
        build(prefix, Path(work), apt, version)
    check_modules(python)
    floor = check_floor(prefix)
    done_stamp.write_text(f"{version}\nglibc {floor}\n", encoding="utf-8")
    for old in root.iterdir():  # earlier builds of other versions or recipes
        if old.is_dir() and old.name not in (name, "apt") and (old / ".activitymon-built").exists():
            shutil.rmtree(old, ignore_errors=True)
    say(f"CPython from {SOURCE_PACKAGE} {version} in {prefix} ({time.monotonic() - started:.0f} s)")
    return python


def newest_cached(root: Path) -> Path | None:
    """The interpreter of the latest finished build of this recipe, if any."""
    builds = [
        p
        for p in root.glob(f"*-{recipe_digest()}")
        if (p / ".activitymon-built").is_file() and (p / "bin" / "python3.11").is_file()
    ]
    if not builds:
        return None
    return (
        max(builds, key=lambda p: (p / ".activitymon-built").stat().st_mtime) / "bin" / "python3.11"
    )


def main() -> int:
    try:
        print(ensure())
    except PythonBuildError as exc:
        print(f"build_python: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
