"""The libraries a Linux desktop provides, which activitymon takes from the machine it
runs on rather than carrying its own copies; and the package that provides each, per
distribution family.

Why: the AppImage project's exclude list (``excludelist`` in AppImageCommunity/
pkg2appimage) names the libraries a bundle must not carry because they belong to
the running desktop: the C library, the C++ runtime, the graphics driver's GL / EGL /
GLX / drm / gbm, X11 and libxcb, Wayland's client library, fontconfig, freetype,
harfbuzz and fribidi, expat, zlib, libuuid … A bundled copy from the build machine
meets the host's newer Mesa, input method or fonts and breaks in ways that depend
on the build machine. activitymon follows that list and extends it to each family it
names (every ``libxcb-*`` extension library, built against one libxcb; xkbcommon,
which reads the host's keyboard data; ``libwayland-cursor`` and ``-egl`` beside
``-client``), and to GLib, D-Bus and zstd, which the PySide6 wheel itself takes
from the system, as it does for a ``pip install``. What the bundle carries is what
the wheels carry (Qt, ICU, OpenBLAS) and the interpreter with its own libraries.

Standard library only (``packaging/bundlespec.py``, ``packaging/smoke.py`` and
``dev.py`` load it by path or import it before any dependency is installed).
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

#: the package managers of the distribution families, and their install command
INSTALL_COMMAND = {
    "apt": "sudo apt-get install",
    "dnf": "sudo dnf install",
    "pacman": "sudo pacman -S --needed",
    "zypper": "sudo zypper install",
}
FAMILY_NAME = {
    "apt": "Debian / Ubuntu",
    "dnf": "Fedora / RHEL / Rocky / Alma",
    "pacman": "Arch",
    "zypper": "openSUSE",
}
PACKAGE_MANAGER_OF = {
    "debian": "apt", "ubuntu": "apt", "linuxmint": "apt", "pop": "apt", "raspbian": "apt",
    "fedora": "dnf", "rhel": "dnf", "centos": "dnf", "rocky": "dnf", "almalinux": "dnf",
    "arch": "pacman", "manjaro": "pacman", "endeavouros": "pacman",
    "opensuse": "zypper", "suse": "zypper", "sles": "zypper",
}  # fmt: skip


@dataclass(frozen=True)
class HostLibrary:
    soname: str
    #: what needs it: "base" (everything), "qt" (Qt itself: every window and
    #: --screenshot), "x11" (Qt's
    #: X11 platform), "wayland" (Qt's Wayland platform), "desktop" (the portal theme
    #: and the input method plugins, over D-Bus; loaded when present), "python"
    #: (a module of the interpreter)
    needed_for: str
    apt: str
    dnf: str
    pacman: str
    zypper: str

    def package(self, manager: str) -> str:
        return str(getattr(self, manager))


def _xcb(name: str, number: int, dnf: str = "libxcb", pacman: str = "libxcb") -> HostLibrary:
    """``libxcb-NAME.so.N``: Debian and openSUSE package each as libxcb-NAMEN."""
    package = f"libxcb-{name}{number}"
    return HostLibrary(f"libxcb-{name}.so.{number}", "x11", package, dnf, pacman, package)


def _glibc(soname: str) -> HostLibrary:
    return HostLibrary(soname, "base", "libc6", "glibc", "glibc", "glibc")


HOST_LIBRARIES: tuple[HostLibrary, ...] = (
    # every Linux system: the C library (2.34 or newer: build.py's floor) and the C++
    # and compiler runtimes
    *map(
        _glibc,
        (
            "libc.so.6",
            "libm.so.6",
            "libdl.so.2",
            "libpthread.so.0",
            "librt.so.1",
            "libutil.so.1",
            "ld-linux-x86-64.so.2",
            "ld-linux-aarch64.so.1",
        ),
    ),
    HostLibrary("libstdc++.so.6", "base", "libstdc++6", "libstdc++", "gcc-libs", "libstdc++6"),
    HostLibrary("libgcc_s.so.1", "base", "libgcc-s1", "libgcc", "gcc-libs", "libgcc_s1"),
    # Qt's core and GUI libraries link these: every window and every --screenshot
    HostLibrary("libglib-2.0.so.0", "qt", "libglib2.0-0", "glib2", "glib2", "libglib-2_0-0"),
    HostLibrary("libgthread-2.0.so.0", "qt", "libglib2.0-0", "glib2", "glib2", "libgthread-2_0-0"),
    HostLibrary("libzstd.so.1", "qt", "libzstd1", "libzstd", "zstd", "libzstd1"),
    HostLibrary("libz.so.1", "qt", "zlib1g", "zlib", "zlib", "libz1"),
    HostLibrary("libGL.so.1", "qt", "libgl1", "libglvnd-glx", "libglvnd", "libGL1"),
    HostLibrary("libEGL.so.1", "qt", "libegl1", "libglvnd-egl", "libglvnd", "libEGL1"),
    HostLibrary("libX11.so.6", "qt", "libx11-6", "libX11", "libx11", "libX11-6"),
    HostLibrary(
        "libfontconfig.so.1", "qt", "libfontconfig1", "fontconfig", "fontconfig", "libfontconfig1"
    ),
    HostLibrary("libfreetype.so.6", "qt", "libfreetype6", "freetype", "freetype2", "libfreetype6"),
    HostLibrary(
        "libxkbcommon.so.0", "qt", "libxkbcommon0", "libxkbcommon", "libxkbcommon", "libxkbcommon0"
    ),
    # Qt's X11 platform (libqxcb, libQt6XcbQpa)
    HostLibrary("libxcb.so.1", "x11", "libxcb1", "libxcb", "libxcb", "libxcb1"),
    HostLibrary("libX11-xcb.so.1", "x11", "libx11-xcb1", "libX11-xcb", "libx11", "libX11-xcb1"),
    HostLibrary(
        "libxkbcommon-x11.so.0",
        "x11",
        "libxkbcommon-x11-0",
        "libxkbcommon-x11",
        "libxkbcommon-x11",
        "libxkbcommon-x11-0",
    ),
    _xcb("cursor", 0, "xcb-util-cursor", "xcb-util-cursor"),
    _xcb("icccm", 4, "xcb-util-wm", "xcb-util-wm"),
    _xcb("keysyms", 1, "xcb-util-keysyms", "xcb-util-keysyms"),
    _xcb("image", 0, "xcb-util-image", "xcb-util-image"),
    _xcb("render-util", 0, "xcb-util-renderutil", "xcb-util-renderutil"),
    _xcb("util", 1, "xcb-util", "xcb-util"),
    _xcb("glx", 0),
    _xcb("randr", 0),
    _xcb("render", 0),
    _xcb("shape", 0),
    _xcb("shm", 0),
    _xcb("sync", 1),
    _xcb("xfixes", 0),
    _xcb("xkb", 1),
    # Qt's Wayland platform
    HostLibrary(
        "libwayland-client.so.0",
        "wayland",
        "libwayland-client0",
        "libwayland-client",
        "wayland",
        "libwayland-client0",
    ),
    HostLibrary(
        "libwayland-cursor.so.0",
        "wayland",
        "libwayland-cursor0",
        "libwayland-cursor",
        "wayland",
        "libwayland-cursor0",
    ),
    HostLibrary(
        "libwayland-egl.so.1",
        "wayland",
        "libwayland-egl1",
        "libwayland-egl",
        "wayland",
        "libwayland-egl1",
    ),
    # the desktop portal (file dialogs, dark mode) and the input method, over D-Bus
    HostLibrary("libdbus-1.so.3", "desktop", "libdbus-1-3", "dbus-libs", "dbus", "libdbus-1-3"),
    # the interpreter's uuid module
    HostLibrary("libuuid.so.1", "python", "libuuid1", "libuuid", "util-linux-libs", "libuuid1"),
)
BY_SONAME: Mapping[str, HostLibrary] = {lib.soname: lib for lib in HOST_LIBRARIES}

#: Never in the bundle: the AppImage exclude list (pkg2appimage's ``excludelist``,
#: as of its commit 03abb125) and the families above. Regular expressions over a file
#: name.
EXCLUDED_FROM_BUNDLE: tuple[str, ...] = (
    # glibc (the exclude list: "part of the GNU C Library which should never be bundled")
    r"ld-linux(-x86-64|-aarch64)?\.so\.\d",
    r"lib(anl|BrokenLocale|cidn|c|dl|m|mvec|nss_\w+|pthread|resolv|rt|thread_db|util)\.so\.\d",
    # the C++ runtime ("GLIBCXX_3.4.21 not found") and the compiler's runtime
    r"libstdc\+\+\.so\.6",
    r"libgcc_s\.so\.1",
    # the graphics driver: GL, EGL, GLX, glvnd's dispatch, Mesa's glapi, gbm, drm
    r"lib(GL|EGL|GLX|GLdispatch|OpenGL|glapi|gbm|drm)\.so\.\d+",
    # X11 and xcb (the exclude list names libxcb, libX11, libX11-xcb, libxcb-dri2/3;
    # every libxcb-* extension library is built against one libxcb), and their
    # authorization libraries, ICE and SM
    r"lib(X11|X11-xcb|Xau|Xdmcp|ICE|SM)\.so\.\d+",
    r"libxcb(-[a-z0-9-]+)?\.so\.\d+",
    r"libxkbcommon(-x11)?\.so\.\d+",
    r"libwayland-(client|cursor|egl)\.so\.\d+",
    # fonts and text shaping
    r"lib(fontconfig|freetype|harfbuzz|fribidi)\.so\.\d+",
    # GLib and D-Bus (taken from the system by the PySide6 wheel too)
    r"lib(glib|gthread|gobject|gio|gmodule)-2\.0\.so\.\d+",
    r"libdbus-1\.so\.\d+",
    r"libsystemd\.so\.\d+",
    # "assumed to be part of the base system" in the exclude list, and zstd
    r"lib(com_err|expat|gpg-error|usb-1\.0|uuid|z|zstd|gmp)\.so\.\d+",
    # sound servers whose ABI must match the running one
    r"lib(asound|jack|pipewire-0\.3)\.so\.\d+",
)
_EXCLUDED = re.compile("|".join(f"(?:{pattern})" for pattern in EXCLUDED_FROM_BUNDLE))


def excluded_from_bundle(file_name: str) -> bool:
    """Whether a library of this file name is the host's, never the bundle's."""
    return _EXCLUDED.fullmatch(file_name) is not None


def package_manager(os_release: str) -> str | None:
    """apt / dnf / pacman / zypper from the text of /etc/os-release (ID, then ID_LIKE)."""
    fields = {}
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        fields[key.strip()] = value.strip().strip("\"'")
    for word in [fields.get("ID", ""), *fields.get("ID_LIKE", "").split()]:
        for name, manager in PACKAGE_MANAGER_OF.items():
            if word == name or word.startswith(f"{name}-"):
                return manager
    return None


def install_hint(missing: Iterable[str], os_release: str) -> str:
    """The one command that installs the libraries ``missing`` (sonames) here."""
    names = list(missing)
    manager = package_manager(os_release)
    known = [BY_SONAME[name] for name in names if name in BY_SONAME]
    if manager is None or len(known) < len(names):
        return f"install the packages that provide {', '.join(names)}"
    packages = sorted({lib.package(manager) for lib in known})
    return f"{INSTALL_COMMAND[manager]} {' '.join(packages)}"


def library_loads(soname: str) -> bool:
    """Whether the dynamic linker finds and loads ``soname`` here."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(
    needed_for: Iterable[str], loads: Callable[[str], bool] = library_loads
) -> list[str]:
    """The sonames of those groups ("qt", "x11" …) that do not load here."""
    groups = set(needed_for)
    return [
        lib.soname for lib in HOST_LIBRARIES if lib.needed_for in groups and not loads(lib.soname)
    ]


def read_os_release() -> str:
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read()
        except OSError:
            continue
    return ""
