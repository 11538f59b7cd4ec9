"""Which Qt platform the app asks for on Linux: Wayland first when only Wayland is
there, one clear line when nothing is, Qt's own choice otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from activitymon import display
from activitymon.cli import main


def test_wayland_only_session_asks_for_wayland_then_xcb() -> None:
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": "/run/user/1000"}
    assert display.choose_platform(env, "linux") == "wayland;xcb"
    assert env["QT_QPA_PLATFORM"] == "wayland;xcb"


def test_x11_or_an_explicit_platform_is_left_to_qt() -> None:
    for env in (
        {"DISPLAY": ":0"},
        {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"},
        {"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "offscreen"},
    ):
        before = dict(env)
        assert display.choose_platform(env, "linux") is None
        assert env == before
    assert display.choose_platform({"WAYLAND_DISPLAY": "w"}, "darwin") is None


def test_a_wayland_socket_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-7", "XDG_RUNTIME_DIR": str(tmp_path)}
    problem = display.platform_problem(env, "linux")
    assert "wayland-7" in problem
    assert str(tmp_path / "wayland-7") in problem
    assert "\n" not in problem
    (tmp_path / "wayland-7").touch()  # a compositor's socket appears
    assert display.platform_problem(env, "linux") == ""


def test_an_absolute_wayland_display_and_a_missing_runtime_dir(tmp_path: Path) -> None:
    socket = tmp_path / "wl"
    socket.touch()
    assert display.platform_problem({"WAYLAND_DISPLAY": str(socket)}, "linux") == ""
    assert "XDG_RUNTIME_DIR" in display.platform_problem({"WAYLAND_DISPLAY": "wl"}, "linux")


def test_no_problem_where_x11_or_qt_decides() -> None:
    assert display.platform_problem({"DISPLAY": ":1", "WAYLAND_DISPLAY": "x"}, "linux") == ""
    assert display.platform_problem({}, "linux") == ""  # the no-display message covers it
    assert display.platform_problem({"WAYLAND_DISPLAY": "x"}, "darwin") == ""


def test_the_window_command_reports_a_missing_compositor_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("Wayland is a Linux matter")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-none")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert main(["--source", "sim"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "no Wayland socket" in err[0]
