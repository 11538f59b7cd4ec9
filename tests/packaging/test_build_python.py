"""The bundle's interpreter recipe (packaging/build_python.py), checked without
building it: the symbol-version header, which of Debian's patches are applied, where
the flags go, and when the cache is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.loader import packaging_module

build_python = packaging_module("build_python")
glibc_floor = packaging_module("glibc_floor")


def test_the_header_binds_hypot_to_the_version_glibc_2_34_has(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """x86_64's libm defines hypot@GLIBC_2.2.5 and hypot@@GLIBC_2.35 (objdump -T on
    Debian 12's libm.so.6); aarch64's base version is GLIBC_2.17."""
    monkeypatch.setattr(build_python, "machine", lambda: "x86_64")
    header = build_python.compat_header()
    assert '__asm__(".symver hypot,hypot@GLIBC_2.2.5");' in header
    assert '__asm__(".symver hypotf,hypotf@GLIBC_2.2.5");' in header
    monkeypatch.setattr(build_python, "machine", lambda: "aarch64")
    assert '__asm__(".symver hypot,hypot@GLIBC_2.17");' in build_python.compat_header()
    monkeypatch.setattr(build_python, "machine", lambda: "riscv64")
    with pytest.raises(build_python.PythonBuildError, match="riscv64"):
        build_python.compat_header()


def write_patch(folder: Path, name: str, header: str) -> None:
    (folder / name).write_text(f"{header}\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n")


def test_only_debians_backports_of_cpythons_own_fixes_are_applied(tmp_path: Path) -> None:
    patches = tmp_path / "debian" / "patches"
    patches.mkdir(parents=True)
    write_patch(patches, "deb-setup.diff", "# DP: Debian's install layout")
    write_patch(patches, "ensurepip-disabled.diff", "Description: disable ensurepip")
    write_patch(
        patches,
        "0001-3.11-gh-1-fix.patch",
        "Subject: [PATCH] [3.11] gh-1: a fix\nOrigin: upstream, https://github.com/python/cpython/pull/1",
    )
    write_patch(patches, "CVE-2026-0001.patch", "Subject: a security fix")
    write_patch(patches, "crash.diff", "Description: a crash\n (cherry picked from commit abc)")
    (patches / "series").write_text(
        "deb-setup.diff\nensurepip-disabled.diff\n0001-3.11-gh-1-fix.patch\n"
        "CVE-2026-0001.patch\ncrash.diff\n"
    )
    chosen = [p.name for p in build_python.upstream_patches(tmp_path / "debian")]
    assert chosen == ["0001-3.11-gh-1-fix.patch", "CVE-2026-0001.patch", "crash.diff"]


def test_the_flags_stay_out_of_what_extensions_built_later_inherit() -> None:
    """CFLAGS and LDFLAGS are saved in sysconfig for every extension built with the
    interpreter later; the force-included header is a build-time file."""
    args = build_python.configure_arguments(Path("/p"), Path("/tmp/h.h"))
    assert "CFLAGS_NODIST=-include /tmp/h.h" in args
    assert not any(a.startswith(("CFLAGS=", "LDFLAGS=")) for a in args)
    assert "--enable-shared" in args  # PyInstaller bundles libpython3.11.so


def test_the_cache_key_follows_the_recipe_not_the_prose(monkeypatch: pytest.MonkeyPatch) -> None:
    first = build_python.recipe_digest()
    assert first == build_python.recipe_digest()
    monkeypatch.setattr(build_python, "RECIPE_REVISION", "changed")
    assert build_python.recipe_digest() != first


def test_pyexpat_gets_the_prelude_upstream_gives_it(tmp_path: Path) -> None:
    modules = tmp_path / "Modules"
    modules.mkdir()
    pyexpat = modules / "pyexpat.c"
    pyexpat.write_text('#include "Python.h"\n#include "pycore_ceval.h"\n')
    build_python._build_pyexpat_as_upstream_does(tmp_path)
    text = pyexpat.read_text()
    assert text.startswith("#ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n")
    build_python._build_pyexpat_as_upstream_does(tmp_path)
    assert pyexpat.read_text() == text  # once


def test_a_built_interpreter_needs_no_newer_glibc() -> None:
    """Where this machine has built it (packaging/build linux did), its libpython
    and modules need glibc 2.34 at most."""
    cached = build_python.newest_cached(build_python.cache_root())
    if cached is None:
        pytest.skip("the bundle's interpreter is not built here (packaging/build linux)")
    floor = glibc_floor.bundle_floor(cached.parents[1] / "lib")
    assert floor.version <= (2, 34), floor.files
