"""Finding report files in trees others made (issue 30, item 3): FIFOs, devices and
sockets refused before anything opens them, no symbolic link followed out of the
tree, trees walked without recursion, names that are not UTF-8 kept."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from activitymon import cli
from activitymon.reports.discover import FoundFile, discover
from activitymon.reports.incident import Unreadable
from activitymon.reports.index import CACHE_ENV
from activitymon.reports.scan import scan
from tests.hostile.conftest import ends_within
from tests.reports.generated import write_reports


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    return cache


def _found(paths: list[str]) -> tuple[list[FoundFile], dict[str, Unreadable]]:
    files: list[FoundFile] = []
    bad: dict[str, Unreadable] = {}
    for item in discover(paths):
        if isinstance(item, Unreadable):
            bad[os.path.basename(item.path)] = item
        else:
            files.append(item)
    return files, bad


def _summary(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = cli.main(["report", "--summary", "--json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_a_fifo_in_a_tree_is_unreadable_and_never_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = tmp_path / "tree"
    write_reports(tree, 3)
    os.mkfifo(tree / "JetsamEvent-fifo.ips")
    with ends_within():
        code, summary, err = _summary(capsys, str(tree))
    assert summary["reports"] == 3
    assert summary["unreadable"] == [
        {
            "path": str(tree / "JetsamEvent-fifo.ips"),
            "reason": "is a named pipe (FIFO), not a report file",
        }
    ]
    assert code == 1
    assert "JetsamEvent-fifo.ips: is a named pipe (FIFO)" in err


def test_a_fifo_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "named.ips"
    os.mkfifo(fifo)
    with ends_within():
        result = scan([str(fifo)], index=None)
    assert result.results == [Unreadable(str(fifo), "is a named pipe (FIFO), not a report file")]


def test_a_socket_in_a_tree_is_unreadable(tmp_path: Path) -> None:
    tree = tmp_path / "t"
    tree.mkdir()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tree / "s.ips"))
        with ends_within():
            _, bad = _found([str(tree)])
    finally:
        server.close()
    assert bad["s.ips"].reason == "is a socket, not a report file"


def test_no_symbolic_link_is_followed_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    written = write_reports(outside, 2)
    tree = tmp_path / "tree"
    inside = write_reports(tree, 1, seed=5)
    (tree / "out.ips").symlink_to(written.paths[0])
    (tree / "outdir").symlink_to(outside, target_is_directory=True)
    (tree / "passwd.txt").symlink_to("/etc/passwd")
    with ends_within():
        files, bad = _found([str(tree)])
    assert [f.path for f in files] == [str(p) for p in inside.paths]
    for name in ("out.ips", "outdir", "passwd.txt"):
        assert bad[name].reason == "a symbolic link out of the folder, not followed"
        assert bad[name].jetsam is False  # skipped, not unreadable


def test_a_link_inside_the_tree_is_read_once_and_loops_end(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    written = write_reports(tree, 2)
    (tree / "a-link.ips").symlink_to(written.paths[1])
    (tree / "loop").symlink_to(tree, target_is_directory=True)
    with ends_within():
        files, bad = _found([str(tree)])
    assert bad == {}
    assert sorted(f.key for f in files) == sorted(os.path.realpath(p) for p in written.paths)
    assert str(tree / "a-link.ips") in {f.path for f in files}  # the first name stands


def _deep_tree(top: Path, levels: int) -> Path:
    """``top/d/d/…/d`` (``levels`` folders), made without recursion; returns the last."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with os.fdopen(os.open("deep.ips", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write("not a report")
    finally:
        os.close(fd)
    return top.joinpath(*["d"] * levels)


def _remove_deep(top: Path, levels: int) -> None:
    """Bottom up, one relative step at a time (a path per level would be quadratic)."""
    back = os.getcwd()
    try:
        os.chdir(top)
        for _ in range(levels):
            os.chdir("d")
        os.unlink("deep.ips")
        for _ in range(levels):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(back)


def test_a_tree_1500_levels_deep_is_walked(tmp_path: Path) -> None:
    top = tmp_path / "deep"
    top.mkdir()
    levels = 1500
    _deep_tree(top, levels)
    try:
        with ends_within():
            result = scan([str(top)], index=None)
        assert len(result.results) == 1
        (found,) = result.results
        assert Path(found.path).relative_to(top).parts == ("d",) * levels + ("deep.ips",)
    finally:
        _remove_deep(top, levels)


def test_a_name_that_is_not_utf8_works_with_the_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = tmp_path / "tree"
    written = write_reports(tree, 2)
    good = os.fsencode(tree) + b"/caf\xe9.ips"
    os.rename(written.paths[0], good)
    broken = os.fsencode(tree) + b"/bad\xff-\x1b[2J.ips"
    with open(broken, "wb") as handle:
        handle.write(b"")
    for _ in range(2):  # cold, then from the index
        code, summary, err = _summary(capsys, str(tree))
        assert code == 1  # the empty file
        assert summary["reports"] == 2
        assert os.fsdecode(good) in [r["path"] for r in summary["per_report"]]
        assert [u["path"] for u in summary["unreadable"]] == [os.fsdecode(broken)]
        assert "\x1b" not in err
    code = cli.main(["report", "--summary", str(tree)])
    out, err = capsys.readouterr()
    assert code == 1
    out.encode("utf-8")  # printable: the undecodable byte is shown escaped
    assert "\x1b" not in out
    assert "bad\\udcff-\\x1b[2J.ips: empty file" in out
