"""Which Qt platform the app asks for on Linux: the one asked for when it can start,
the other desktop platform when it cannot (``wayland;xcb`` semantics), one line when
nothing can. "Can start" is a listening socket: the tests bind real UNIX sockets in a
temporary folder for the compositor and the X server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from activitymon import display, host_libraries
from activitymon.cli import main

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux display")


@pytest.fixture
def listening(tmp_path: Path) -> Iterator[list[socket.socket]]:
    servers: list[socket.socket] = []
    yield servers
    for server in servers:
        server.close()


def listen(path: Path, servers: list[socket.socket]) -> Path:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(4)
    servers.append(server)
    return path


def x_dir_connect(x_dir: Path) -> display.Connect:
    """The real connect, with /tmp/.X11-unix/X<n> looked up in ``x_dir``."""

    def connect(address: str | tuple[str, int], family: int) -> bool:
        if isinstance(address, str) and "/.X11-unix/" in address:
            address = str(x_dir / address.rsplit("/", 1)[1])
        return display._connects(address, family)

    return connect


def all_load(_soname: str) -> bool:
    return True


def test_wayland_only_session_runs_on_wayland(
    tmp_path: Path, listening: list[socket.socket]
) -> None:
    listen(tmp_path / "wayland-0", listening)
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path)}
    choice = display.choose_platform(env, "linux", loads=all_load)
    assert choice == display.PlatformChoice(platform="wayland")
    assert env["QT_QPA_PLATFORM"] == "wayland"


def test_an_asked_platform_that_starts_is_left_alone(
    tmp_path: Path, listening: list[socket.socket]
) -> None:
    listen(tmp_path / "wayland-1", listening)
    env = {
        "WAYLAND_DISPLAY": "wayland-1",
        "XDG_RUNTIME_DIR": str(tmp_path),
        "QT_QPA_PLATFORM": "wayland",
    }
    assert display.choose_platform(env, "linux", loads=all_load) == display.PlatformChoice()
    assert env["QT_QPA_PLATFORM"] == "wayland"
    offscreen = {"QT_QPA_PLATFORM": "offscreen"}
    assert display.choose_platform(offscreen, "linux") == display.PlatformChoice()
    assert display.choose_platform({"QT_QPA_PLATFORM": "wayland"}, "darwin").problem == ""


def test_wayland_without_a_compositor_falls_back_to_a_working_x_display(
    tmp_path: Path, listening: list[socket.socket]
) -> None:
    """The issue's case: QT_QPA_PLATFORM=wayland exported globally, an ``ssh -X``
    session or an X desktop without a compositor."""
    x_dir = tmp_path / "x11"
    x_dir.mkdir()
    listen(x_dir / "X5", listening)
    env = {"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":5", "XDG_RUNTIME_DIR": str(tmp_path)}
    choice = display.choose_platform(env, "linux", x_dir_connect(x_dir), all_load)
    assert choice.platform == "xcb"
    assert env["QT_QPA_PLATFORM"] == "xcb"
    assert "no Wayland socket" in choice.note
    assert "using xcb" in choice.note
    assert choice.problem == ""


def test_xcb_without_an_x_server_falls_back_to_wayland(
    tmp_path: Path, listening: list[socket.socket]
) -> None:
    listen(tmp_path / "wayland-0", listening)
    x_dir = tmp_path / "x11"
    x_dir.mkdir()
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":9", "XDG_RUNTIME_DIR": str(tmp_path)}
    choice = display.choose_platform(env, "linux", x_dir_connect(x_dir), all_load)
    assert choice.platform == "wayland"
    assert "DISPLAY=:9: no X server" in choice.note


def test_nothing_that_can_start_is_one_line(tmp_path: Path) -> None:
    x_dir = tmp_path / "x11"
    x_dir.mkdir()
    connect = x_dir_connect(x_dir)
    for env in (
        {"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": str(tmp_path)},
        {"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":3", "XDG_RUNTIME_DIR": str(tmp_path)},
        {"WAYLAND_DISPLAY": "wayland-7", "XDG_RUNTIME_DIR": str(tmp_path)},
        {"QT_QPA_PLATFORM": "xcb"},
    ):
        before = dict(env)
        choice = display.choose_platform(env, "linux", connect)
        assert choice.platform is None
        assert env == before
        assert "\n" not in choice.problem
        assert "no display to open a window on" in choice.problem
    wayland_only = {"WAYLAND_DISPLAY": "wayland-7", "XDG_RUNTIME_DIR": str(tmp_path)}
    problem = display.resolve(wayland_only, "linux", connect).problem
    assert str(tmp_path / "wayland-7") in problem
    assert "XDG_RUNTIME_DIR is unset" in display.resolve({"WAYLAND_DISPLAY": "w"}, "linux").problem


def test_a_platform_whose_libraries_are_missing_cannot_start(
    tmp_path: Path, listening: list[socket.socket], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An X server answers but libxcb-cursor is not installed: Qt would abort loading
    its xcb plugin; the line names the package instead."""
    x_dir = tmp_path / "x11"
    x_dir.mkdir()
    listen(x_dir / "X4", listening)
    monkeypatch.setattr(host_libraries, "read_os_release", lambda: 'ID=debian\nVERSION_ID="12"\n')
    env = {"DISPLAY": ":4", "XDG_RUNTIME_DIR": str(tmp_path)}
    choice = display.resolve(
        env, "linux", x_dir_connect(x_dir), lambda soname: soname != "libxcb-cursor.so.0"
    )
    assert "libxcb-cursor.so.0: sudo apt-get install libxcb-cursor0" in choice.problem
    assert "\n" not in choice.problem
    assert display.resolve(env, "linux", x_dir_connect(x_dir), all_load).problem == ""


def test_a_file_is_not_a_compositor(tmp_path: Path) -> None:
    (tmp_path / "wayland-0").touch()  # left behind by a compositor that died
    env = {"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert display.resolve(env, "linux").problem != ""


def test_an_absolute_wayland_display_and_a_tcp_x_display(
    tmp_path: Path, listening: list[socket.socket]
) -> None:
    wl = listen(tmp_path / "wl", listening)
    assert display.wayland_problem({"WAYLAND_DISPLAY": str(wl)}) == ""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    listening.append(server)
    port = server.getsockname()[1]
    if port <= display.X11_TCP_PORT:
        pytest.skip("the kernel gave a port below 6000")
    number = port - display.X11_TCP_PORT
    assert display.x11_problem({"DISPLAY": f"127.0.0.1:{number}.0"}) == ""
    server.close()
    assert "port" in display.x11_problem({"DISPLAY": f"127.0.0.1:{number}.0"})


@linux_only
def test_the_window_command_says_one_line_without_any_display(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "wayland")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-none")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert main(["--source", "sim"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "no Wayland socket" in err[0]
    assert "DISPLAY is unset" in err[0]


@linux_only
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (apt-get install xvfb)")
def test_wayland_asked_with_only_an_x_server_opens_the_window(tmp_path: Path) -> None:
    """QT_QPA_PLATFORM=wayland, no compositor, a working X display (Xvfb): the real
    app falls back to xcb and paints its window (no Qt abort)."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        missing = display.libraries_problem("xcb")
        if missing:
            pytest.skip(f"the X11 client libraries are not installed: {missing}")
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        stamp = tmp_path / "painted"
        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "PYTHONPATH")}
        env.update(
            QT_QPA_PLATFORM="wayland",
            DISPLAY=f":{number}",
            XDG_RUNTIME_DIR=str(tmp_path),
            ACTIVITYMON_STARTUP_STAMP=str(stamp),
        )
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "activitymon", "--source", "sim", "--quit-after", "2"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert stamp.exists(), f"no first paint in {time.monotonic() - started:.0f} s"
        assert "using xcb instead" in done.stderr
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
