"""The host's desktop libraries stay on the host: the AppImage exclude list's
libraries are never bundled, every library the bundle needs from the host is in one
table with its package per distribution family (README and smoke say the same), and
``packaging/smoke`` names the package of a missing one."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from activitymon import host_libraries
from tests.packaging.loader import ROOT, packaging_module

glibc_floor = packaging_module("glibc_floor")
smoke = packaging_module("smoke")
bundlespec = packaging_module("bundlespec")

#: libraries the AppImage project's exclude list names (pkg2appimage ``excludelist``)
APPIMAGE_EXCLUDED = (
    "ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2",
    "libstdc++.so.6", "libGL.so.1", "libEGL.so.1", "libGLdispatch.so.0", "libGLX.so.0",
    "libOpenGL.so.0", "libdrm.so.2", "libglapi.so.0", "libgbm.so.1", "libxcb.so.1",
    "libX11.so.6", "libX11-xcb.so.1", "libwayland-client.so.0", "libasound.so.2",
    "libfontconfig.so.1", "libfreetype.so.6", "libharfbuzz.so.0", "libcom_err.so.2",
    "libexpat.so.1", "libgcc_s.so.1", "libgpg-error.so.0", "libICE.so.6", "libSM.so.6",
    "libusb-1.0.so.0", "libuuid.so.1", "libz.so.1", "libjack.so.0", "libpipewire-0.3.so.0",
    "libxcb-dri3.so.0", "libxcb-dri2.so.0", "libfribidi.so.0", "libgmp.so.10",
)  # fmt: skip
#: and the families the issue names beyond it
FAMILIES = (
    "libxcb-cursor.so.0", "libxcb-xkb.so.1", "libxkbcommon.so.0", "libxkbcommon-x11.so.0",
    "libwayland-cursor.so.0", "libglib-2.0.so.0", "libgthread-2.0.so.0", "libdbus-1.so.3",
    "libsystemd.so.0", "libzstd.so.1",
)  # fmt: skip
BUNDLED = (
    "libffi.so.8", "libsqlite3.so.0", "libbz2.so.1.0", "liblzma.so.5", "libQt6Core.so.6",
    "libicuuc.so.73", "libpython3.11.so.1.0", "libscipy_openblas64_-ff651d7f.so",
)  # fmt: skip


@pytest.mark.parametrize("name", [*APPIMAGE_EXCLUDED, *FAMILIES])
def test_the_hosts_libraries_are_excluded(name: str) -> None:
    assert host_libraries.excluded_from_bundle(name)


@pytest.mark.parametrize("name", BUNDLED)
def test_the_bundles_own_libraries_are_not(name: str) -> None:
    assert not host_libraries.excluded_from_bundle(name)


def test_every_library_the_table_names_is_one_the_bundle_leaves_out() -> None:
    for lib in host_libraries.HOST_LIBRARIES:
        assert host_libraries.excluded_from_bundle(lib.soname), lib.soname


@pytest.mark.parametrize(
    ("os_release", "line"),
    [
        ("ID=debian\n", "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0"),
        ('ID=rocky\n', "sudo dnf install libxkbcommon-x11 xcb-util-cursor"),
        ("ID=arch\n", "sudo pacman -S --needed libxkbcommon-x11 xcb-util-cursor"),
        ('ID="opensuse-leap"\n', "sudo zypper install libxcb-cursor0 libxkbcommon-x11-0"),
    ],
)  # fmt: skip
def test_the_install_line_per_family(os_release: str, line: str) -> None:
    missing = ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]
    assert host_libraries.install_hint(missing, os_release) == line


def test_readme_names_every_package_of_every_family() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| needed for |") :]
    lines = table.split("\n\n", 1)[0].splitlines()[2:]
    rows = {line.split("|")[1].strip(): line.split("|")[2:6] for line in lines}
    groups = {
        "qt": "any window or `--screenshot`",
        "x11": "X11",
        "wayland": "Wayland",
        "desktop": "file dialogs, dark mode, input methods (D-Bus)",
        "python": "Python's `uuid`",
    }
    for lib in host_libraries.HOST_LIBRARIES:
        if lib.needed_for == "base":
            continue
        cells = rows[groups[lib.needed_for]]
        for column, manager in enumerate(("apt", "dnf", "pacman", "zypper")):
            assert lib.package(manager) in cells[column].split(), (lib.soname, manager)


def test_the_readme_states_the_floor_the_build_holds() -> None:
    build = packaging_module("build")
    floor = ".".join(map(str, build.GLIBC_CEILING))
    assert floor == "2.34"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"glibc {floor} and newer" in readme
    assert "RHEL, Rocky, Alma and CentOS Stream 9" in readme


def test_the_qt_binaries_kept_need_only_listed_host_libraries() -> None:
    """What the kept Qt libraries and plugins of the installed PySide6 link (their
    DT_NEEDED) is either Qt's own, inside the wheel, or in the table."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    if not (qt / "lib" / "libQt6Core.so.6").is_file():
        pytest.skip("not the Linux PySide6 wheel")
    libraries = [*bundlespec.QT_MODULES_USED, "XcbQpa", "WaylandClient", "DBus"]
    files = [qt / "lib" / f"libQt6{name.removeprefix('Qt')}.so.6" for name in libraries]
    files += [
        p
        for p in sorted(qt.glob("plugins/*/*.so"))
        if bundlespec.keep_entry(f"PySide6/Qt/{p.relative_to(qt).as_posix()}")
    ]
    in_wheel = {p.name for p in qt.rglob("*")}
    needed = {n for p in files for n in glibc_floor.needed_libraries(p.read_bytes())}
    from_host = sorted(needed - in_wheel)
    assert {"libxcb-cursor.so.0", "libGL.so.1", "libglib-2.0.so.0"} <= set(from_host)
    assert [n for n in from_host if n not in host_libraries.BY_SONAME] == []


# ---------------------------------------------------------------- the smoke step

linux_elf = pytest.mark.skipif(
    not Path("/usr/bin/true").is_file() or not sys.platform.startswith("linux"),
    reason="needs a Linux system binary to stand in for the bundle's",
)


def fake_bundle(folder: Path, *system_files: str) -> Path:
    folder.mkdir()
    binary = folder / "activitymon"
    shutil.copyfile("/usr/bin/true", binary)
    binary.chmod(0o755)
    for path in system_files:
        shutil.copyfile(path, folder / Path(path).name)
    return binary


@linux_elf
def test_needed_libraries_are_read_from_the_dynamic_section() -> None:
    assert "libc.so.6" in glibc_floor.needed_libraries(Path("/usr/bin/true").read_bytes())
    assert glibc_floor.needed_libraries(b"not an ELF") == []


@linux_elf
def test_smoke_passes_a_bundle_whose_host_libraries_resolve(tmp_path: Path) -> None:
    binary = fake_bundle(tmp_path / "b")
    assert "host libraries resolve" in smoke.check_host_libraries(binary, tmp_path)


@linux_elf
def test_smoke_fails_a_bundle_that_carries_a_host_library(tmp_path: Path) -> None:
    libz = next(iter(sorted(Path("/").glob("usr/lib/*/libz.so.1"))), None) or Path(
        "/lib/x86_64-linux-gnu/libz.so.1"
    )
    if not libz.is_file():
        pytest.skip("no libz.so.1 here")
    binary = fake_bundle(tmp_path / "b", str(libz))
    with pytest.raises(smoke.SmokeFailure, match=r"carries the host's libraries: libz\.so\.1"):
        smoke.check_host_libraries(binary, tmp_path)


@linux_elf
def test_smoke_names_the_package_of_a_missing_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = fake_bundle(tmp_path / "b")
    hosts: Any = smoke._load_by_path("host_libraries", ROOT / "activitymon" / "host_libraries.py")
    monkeypatch.setattr(hosts, "library_loads", lambda name: name != "libc.so.6")
    monkeypatch.setattr(hosts, "read_os_release", lambda: "ID=debian\n")
    with pytest.raises(smoke.SmokeFailure, match=r"lacks libc\.so\.6: sudo apt-get install libc6"):
        smoke.check_host_libraries(binary, tmp_path)
