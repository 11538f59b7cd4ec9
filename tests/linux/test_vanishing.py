"""Processes that vanish mid-scan or refuse access: no crash, no made-up number."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import pytest

from activitymon.model import Exited
from activitymon.sources import linux_proc
from tests.linux.conftest import ON_LINUX, Spawn

pytestmark = [
    pytest.mark.linux,
    pytest.mark.skipif(not ON_LINUX, reason="needs a real Linux /proc"),
]


def failing(real: Callable[..., bytes], rules: Mapping[str, type[OSError]]):
    """A reader that raises ``rules[suffix]`` for paths ending in ``suffix``."""

    def read(path: str, *args: int) -> bytes:
        for suffix, error in rules.items():
            if path.endswith(suffix):
                raise error(2, "simulated", path)
        return real(path, *args)

    return read


def failing_stat(rules: Mapping[str, type[OSError]]):
    """``read_kept`` (the kept-open ``stat`` reads) failing like :func:`failing`."""
    real = linux_proc.read_kept

    def read(files: linux_proc.OpenFiles, key: int, path: str) -> bytes:
        for suffix, error in rules.items():
            if path.endswith(suffix):
                raise error(2, "simulated", path)
        return real(files, key, path)

    return read


def test_vanished_between_listing_and_reading_is_left_out(source, spawn: Spawn, monkeypatch):
    gone = spawn(4)
    monkeypatch.setattr(
        linux_proc, "read_kept", failing_stat({f"/{gone.pid}/stat": FileNotFoundError})
    )
    snap = source.sample()
    assert gone.pid not in snap.by_pid
    assert os.getpid() in snap.by_pid


def test_vanished_while_reading_its_slow_files_is_left_out_and_then_exits(
    source, spawn: Spawn, monkeypatch
):
    child = spawn(4)
    assert child.pid in source.sample().by_pid
    source.drain_events()
    # stat is already gone: ESRCH
    monkeypatch.setattr(
        linux_proc, "read_kept", failing_stat({f"/{child.pid}/stat": ProcessLookupError})
    )
    snap = source.sample()
    assert child.pid not in snap.by_pid
    # other processes may exit meanwhile: judge only the child
    exits = [e.pid for e in source.drain_events() if isinstance(e, Exited)]
    assert exits.count(child.pid) == 1


def test_new_process_dying_mid_slow_read_is_not_listed(source, spawn: Spawn, monkeypatch):
    child = spawn(4)
    real = linux_proc.read_bytes
    monkeypatch.setattr(
        linux_proc,
        "read_bytes",
        failing(real, {f"/{child.pid}/oom_score": ProcessLookupError}),
    )
    snap = source.sample()
    assert child.pid not in snap.by_pid
    assert os.getpid() in snap.by_pid


def test_refused_files_give_none_not_zero(source, spawn: Spawn, monkeypatch):
    child = spawn(4)
    real_bytes, real_all = linux_proc.read_bytes, linux_proc.read_all
    rules = {
        f"/{child.pid}/oom_score_adj": PermissionError,
        f"/{child.pid}/oom_score": PermissionError,
        f"/{child.pid}/cgroup": PermissionError,
        f"/{child.pid}/status": PermissionError,
    }
    monkeypatch.setattr(linux_proc, "read_bytes", failing(real_bytes, rules))
    monkeypatch.setattr(
        linux_proc, "read_all", failing(real_all, {f"/{child.pid}/status": PermissionError})
    )
    snap = source.sample()
    p = snap.by_pid[child.pid]
    assert p.oom_score_adj is None
    assert p.oom_score is None
    assert p.user is None
    assert p.footprint_bytes is None  # status refused: unknown, not RSS and not 0
    assert p.limit is None
    assert p.rss_bytes is not None  # stat was readable: the size is real
    assert snap.next_victim is None or snap.next_victim[0] != child.pid


def test_a_listed_pid_that_never_existed_is_skipped(source, monkeypatch):
    real_listdir = os.listdir

    def listdir(path: str) -> list[str]:
        return [*real_listdir(path), "999999999", "not-a-pid"]

    monkeypatch.setattr(os, "listdir", listdir)
    snap = source.sample()
    assert 999999999 not in snap.by_pid
    assert os.getpid() in snap.by_pid


def test_garbage_in_stat_is_skipped(source, spawn: Spawn, monkeypatch):
    child = spawn(4)
    real = linux_proc.read_kept

    def read(files: linux_proc.OpenFiles, key: int, path: str) -> bytes:
        if path.endswith(f"/{child.pid}/stat"):
            return b"garbage"
        return real(files, key, path)

    monkeypatch.setattr(linux_proc, "read_kept", read)
    assert child.pid not in source.sample().by_pid
