"""Which Qt platform to start on Linux, so that a window opens wherever one can and
Qt never aborts for want of a display.

Qt aborts the process ("could not connect to display … Reinstalling the application
may fix this problem", SIGABRT) when the platform it is told to use cannot start: a
``QT_QPA_PLATFORM=wayland`` exported globally meets an ``ssh -X`` session or a
TTY with no compositor; X11 (xcb, Qt's default) finds no X server. Before a
``QApplication`` exists the app checks what can start — a Wayland compositor
accepting connections on ``$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY`` (``wayland-0`` by
default, as libwayland-client does), an X server accepting connections for
``DISPLAY`` (``/tmp/.X11-unix/X<n>``, or TCP port 6000 + n for ``host:n`` as
``ssh -X`` sets it) — and:

The plugin's own libraries count too: Qt's X11 platform needs the host's libxcb
family, Wayland's the host's libwayland (:mod:`activitymon.host_libraries`); a
platform whose libraries are missing cannot start, and the one line names the
packages that bring them. Then the app

- keeps the platform asked for when it can start (Qt's own choice, or
  ``QT_QPA_PLATFORM``);
- otherwise falls back to the other desktop platform, with Qt's ``wayland;xcb``
  semantics (``QT_QPA_PLATFORM=wayland`` with only an X display runs on xcb, and
  the reverse), saying so in one line;
- when nothing can start, says why in one line (exit status 2 from the command).

Qt-free, so the command layer decides before Qt is loaded; ``dev.py run`` starts
the app through the same code.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from activitymon import host_libraries

WAYLAND_FIRST = "wayland;xcb"
X11_SOCKET_DIR = Path("/tmp/.X11-unix")
X11_TCP_PORT = 6000
CONNECT_TIMEOUT = 1.0
_DISPLAY = re.compile(r"^(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?$")


@dataclass(frozen=True)
class PlatformChoice:
    """What to do before Qt starts: set ``platform`` as ``QT_QPA_PLATFORM`` (None:
    leave the environment alone); ``note`` says a requested platform was replaced;
    ``problem`` says why no window can open ("" when one can)."""

    platform: str | None = None
    note: str = ""
    problem: str = ""


def _connects(address: str | tuple[str, int], family: int) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as client:
            client.settimeout(CONNECT_TIMEOUT)
            client.connect(address)
    except OSError:
        return False
    return True


Connect = Callable[["str | tuple[str, int]", int], bool]


def wayland_socket(environ: Mapping[str, str]) -> Path | None:
    """The socket libwayland-client connects to: ``WAYLAND_DISPLAY`` (``wayland-0``
    when unset) relative to ``XDG_RUNTIME_DIR``, or absolute."""
    path = Path(environ.get("WAYLAND_DISPLAY") or "wayland-0")
    if not path.is_absolute():
        runtime = environ.get("XDG_RUNTIME_DIR")
        if not runtime:
            return None
        path = Path(runtime) / path
    return path


def wayland_problem(environ: Mapping[str, str], connect: Connect = _connects) -> str:
    """Why Qt's Wayland platform cannot start ("" when a compositor answers)."""
    if environ.get("WAYLAND_SOCKET"):
        return ""  # a connected socket handed over by the compositor
    path = wayland_socket(environ)
    name = environ.get("WAYLAND_DISPLAY") or "wayland-0"
    if path is None:
        return f"WAYLAND_DISPLAY={name} names no Wayland socket (XDG_RUNTIME_DIR is unset)"
    if not connect(str(path), socket.AF_UNIX):
        return f"WAYLAND_DISPLAY={name} names no Wayland socket a compositor answers on ({path})"
    return ""


def x11_problem(
    environ: Mapping[str, str], connect: Connect = _connects, socket_dir: Path = X11_SOCKET_DIR
) -> str:
    """Why Qt's X11 platform (xcb) cannot start ("" when an X server answers)."""
    display = environ.get("DISPLAY", "")
    if not display:
        return "DISPLAY is unset (no X server)"
    match = _DISPLAY.match(display)
    if match is None:
        return ""  # a form this check does not know: Qt decides
    host, number = match["host"], int(match["number"])
    if host in ("", "unix"):
        path = socket_dir / f"X{number}"
        if connect(str(path), socket.AF_UNIX) or connect(f"\0{path}", socket.AF_UNIX):
            return ""
        return f"DISPLAY={display}: no X server answers on {path}"
    if connect((host, X11_TCP_PORT + number), socket.AF_INET):
        return ""
    return f"DISPLAY={display}: no X server answers on {host} port {X11_TCP_PORT + number}"


Loads = Callable[[str], bool]
#: the host library groups each desktop platform needs (activitymon/host_libraries.py)
PLATFORM_LIBRARIES = {"xcb": ("qt", "x11"), "wayland": ("qt", "wayland")}


def libraries_problem(name: str, loads: Loads = host_libraries.library_loads) -> str:
    """Why Qt's ``name`` platform plugin would fail to load: the host libraries it
    links that are missing, and the command that installs them ("" when none is)."""
    groups = PLATFORM_LIBRARIES["wayland" if name.startswith("wayland") else name]
    missing = host_libraries.missing_libraries(groups, loads)
    if not missing:
        return ""
    hint = host_libraries.install_hint(missing, host_libraries.read_os_release())
    return f"Qt's {name} platform needs {', '.join(missing)}: {hint}"


def _problem_of(name: str, environ: Mapping[str, str], connect: Connect, loads: Loads) -> str:
    if name.startswith("wayland"):
        return wayland_problem(environ, connect) or libraries_problem("wayland", loads)
    if name == "xcb":
        return x11_problem(environ, connect) or libraries_problem("xcb", loads)
    return ""  # offscreen, minimal, vnc, eglfs …: Qt decides


def resolve(
    environ: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    connect: Connect = _connects,
    loads: Loads = host_libraries.library_loads,
) -> PlatformChoice:
    """What Qt should be told, from the environment, what answers and which host
    libraries load."""
    if not platform.startswith("linux"):
        return PlatformChoice()
    requested = [n.strip() for n in environ.get("QT_QPA_PLATFORM", "").split(";") if n.strip()]
    if requested:
        wanted = requested
        chosen_by = f"QT_QPA_PLATFORM={environ['QT_QPA_PLATFORM']}"
    elif environ.get("WAYLAND_DISPLAY") and not environ.get("DISPLAY"):
        wanted = ["wayland"]  # a Wayland-only session: Qt's default, xcb, has nothing
        chosen_by = f"WAYLAND_DISPLAY={environ['WAYLAND_DISPLAY']} without DISPLAY"
    else:
        wanted = ["xcb"]  # Qt's default on Linux
        chosen_by = ""
    candidates = list(wanted)
    if any(n.startswith("wayland") for n in wanted) and "xcb" not in wanted:
        candidates.append("xcb")
    if "xcb" in wanted and not any(n.startswith("wayland") for n in wanted):
        candidates.append("wayland")
    problems = {name: _problem_of(name, environ, connect, loads) for name in candidates}
    viable = [name for name in candidates if not problems[name]]
    if not viable:
        reasons = "; ".join(dict.fromkeys(problems[name] for name in candidates))
        prefix = f"{chosen_by}: " if chosen_by else ""
        return PlatformChoice(
            problem=f"{prefix}{reasons}: no display to open a window on; use --screenshot "
            "PATH to render offscreen"
        )
    if not requested and wanted == ["xcb"] and viable[0] == "xcb":
        return PlatformChoice()  # Qt's own choice stands
    if requested and viable[0] == requested[0]:
        return PlatformChoice()  # as asked
    value = ";".join(viable)
    if not requested:
        return PlatformChoice(platform=value)
    return PlatformChoice(
        platform=value,
        note=f"{chosen_by}: {problems[requested[0]]}; using {viable[0]} instead",
    )


def choose_platform(
    environ: MutableMapping[str, str] = os.environ,
    platform: str = sys.platform,
    connect: Connect = _connects,
    loads: Loads = host_libraries.library_loads,
) -> PlatformChoice:
    """:func:`resolve`, and ``QT_QPA_PLATFORM`` set to its choice."""
    choice = resolve(environ, platform, connect, loads)
    if choice.platform is not None:
        environ["QT_QPA_PLATFORM"] = choice.platform
    return choice
