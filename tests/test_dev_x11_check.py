"""``dev.py run`` on Linux checks for the X11 client libraries Qt's xcb platform
needs and prints the one install line for the distribution it finds."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT


def load_dev() -> Any:
    spec = importlib.util.spec_from_file_location("_dev_script", PROJECT / "dev.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = load_dev()

# /etc/os-release excerpts, as the distributions ship them
DEBIAN_12 = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
UBUNTU_2204 = 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\n'
FEDORA_41 = 'NAME="Fedora Linux"\nVERSION_ID=41\nID=fedora\n'
ROCKY_9 = 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n'
ARCH = 'NAME="Arch Linux"\nID=arch\n'
TUMBLEWEED = 'NAME="openSUSE Tumbleweed"\nID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n'


@pytest.mark.parametrize(
    ("os_release", "line"),
    [
        (DEBIAN_12, "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"),
        (UBUNTU_2204, "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"),
        (FEDORA_41, "sudo dnf install xcb-util-cursor xcb-util-keysyms xcb-util-wm"),
        (ROCKY_9, "sudo dnf install xcb-util-cursor xcb-util-keysyms xcb-util-wm"),
        (ARCH, "sudo pacman -S --needed xcb-util-cursor xcb-util-keysyms xcb-util-wm"),
        (TUMBLEWEED, "sudo zypper install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"),
    ],
)
def test_install_line_per_distribution(os_release: str, line: str) -> None:
    missing = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert dev.install_hint(missing, os_release) == line


def test_an_unknown_distribution_gets_the_library_names() -> None:
    hint = dev.install_hint(["libxcb-icccm.so.4"], "ID=plan9\n")
    assert "libxcb-icccm.so.4" in hint


def test_missing_libraries_are_the_ones_that_do_not_load() -> None:
    absent = {"libxcb-icccm.so.4", "libGL.so.1"}
    missing = dev.missing_x11_libraries(lambda soname: soname not in absent)
    assert sorted(missing) == sorted(absent)


@pytest.mark.parametrize(
    ("argv", "environ", "needed"),
    [
        ([], {"DISPLAY": ":0"}, True),
        (["JetsamEvent.ips"], {"DISPLAY": ":0"}, True),
        (["--screenshot", "x.png"], {"DISPLAY": ":0"}, False),
        (["simulate", "--list"], {"DISPLAY": ":0"}, False),
        ([], {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
        ([], {"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, True),  # X11 is the fallback
        ([], {"WAYLAND_DISPLAY": "wayland-0"}, False),
        ([], {}, False),
    ],
)
def test_the_check_runs_only_when_a_window_opens_on_x11(
    argv: list[str], environ: dict[str, str], needed: bool
) -> None:
    assert dev.needs_x11(argv, environ) is (needed and sys.platform.startswith("linux"))


def test_readme_lists_the_libraries() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for packages in dev.QT_X11_LIBRARIES.values():
        assert packages["apt"] in readme


def test_the_checked_libraries_are_what_qt_links() -> None:
    """Every X11 / xkbcommon / GL library the installed PySide6's xcb platform plugin
    and libQt6XcbQpa name (their dynamic sections' strings) is checked for."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    binaries = [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]
    if not all(path.is_file() for path in binaries):
        pytest.skip("the PySide6 wheel of this platform has no xcb plugin (not Linux)")
    pattern = re.compile(rb"lib(?:xcb[a-z-]*|X11(?:-xcb)?|xkbcommon(?:-x11)?|GL)\.so\.\d+")
    named = {m.decode() for path in binaries for m in pattern.findall(path.read_bytes())}
    assert {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"} <= named
    assert sorted(named - set(dev.QT_X11_LIBRARIES)) == []
