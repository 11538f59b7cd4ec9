"""Which Qt platform to start on Linux when the environment leaves a choice.

Under Wayland without XWayland (``WAYLAND_DISPLAY`` set, ``DISPLAY`` unset) Qt's
default, X11 (xcb), has no server to talk to and aborts the process. There the app
asks for the Wayland platform first and keeps xcb as Qt's fallback
(``QT_QPA_PLATFORM=wayland;xcb``); when ``WAYLAND_DISPLAY`` names no socket either,
it says so in one line instead of letting Qt abort. Qt-free, so the command layer
decides before a ``QApplication`` exists.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping
from pathlib import Path

WAYLAND_FIRST = "wayland;xcb"


def wayland_socket(environ: Mapping[str, str]) -> Path | None:
    """The socket ``WAYLAND_DISPLAY`` names (relative to ``XDG_RUNTIME_DIR``)."""
    name = environ.get("WAYLAND_DISPLAY")
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute():
        runtime = environ.get("XDG_RUNTIME_DIR")
        if not runtime:
            return None
        path = Path(runtime) / name
    return path


def platform_problem(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> str:
    """Why no window can open on this Linux session, or "" when one can (as far as
    the environment tells)."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return ""
    if environ.get("DISPLAY") or not environ.get("WAYLAND_DISPLAY"):
        return ""
    socket = wayland_socket(environ)
    if socket is None or not socket.exists():
        where = socket if socket is not None else "(XDG_RUNTIME_DIR is unset)"
        return (
            f"WAYLAND_DISPLAY={environ['WAYLAND_DISPLAY']} names no Wayland socket {where} "
            "and DISPLAY is unset: no display to open a window on; use --screenshot PATH "
            "to render offscreen"
        )
    return ""


def choose_platform(
    environ: MutableMapping[str, str] = os.environ, platform: str = sys.platform
) -> str | None:
    """Set ``QT_QPA_PLATFORM`` to Wayland-then-X11 when only Wayland is there; returns
    what it set (None: Qt's own choice stands)."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("WAYLAND_DISPLAY") and not environ.get("DISPLAY"):
        environ["QT_QPA_PLATFORM"] = WAYLAND_FIRST
        return WAYLAND_FIRST
    return None
