"""The function table's error translation, checked with Linux's own libc where the
call exists on both systems."""

from __future__ import annotations

import ctypes
import errno
import os
import subprocess
import sys

import pytest

from activitymon.sources.macos_calls import (
    CallFailed,
    DarwinLibc,
    Gone,
    Missing,
    Refused,
    failure,
)

off_darwin = pytest.mark.skipif(sys.platform == "darwin", reason="checks behaviour off macOS")


@pytest.mark.parametrize(
    ("err", "kind"),
    [
        (errno.EPERM, Refused),
        (errno.EACCES, Refused),
        (errno.ESRCH, Gone),
        (errno.ENOENT, Missing),
        (errno.ENOTSUP, Missing),
        (errno.EINVAL, CallFailed),
    ],
)
def test_errno_kinds(err: int, kind: type[CallFailed]) -> None:
    exc = failure("proc_pid_rusage", err)
    assert type(exc) is kind
    assert exc.errno == err
    assert str(exc) == f"proc_pid_rusage failed ({errno.errorcode[err]})"


def test_missing_is_what_ctypes_raises_for_a_missing_symbol() -> None:
    assert isinstance(Missing("memorystatus_control"), AttributeError)


@off_darwin
def test_load_off_macos_is_missing() -> None:
    with pytest.raises(Missing, match="libSystem"):
        DarwinLibc.load()


@off_darwin
def test_symbol_absent_from_the_library_is_missing_every_time() -> None:
    table = DarwinLibc(ctypes.CDLL(None, use_errno=True))  # glibc: no sysctlbyname
    for _ in range(2):
        with pytest.raises(Missing, match="sysctlbyname failed: not exported"):
            table.sysctl("vm.pagesize")
    with pytest.raises(Missing):
        table.proc_pid_rusage(os.getpid(), 4)


def test_kill_translates_errno() -> None:
    table = DarwinLibc(ctypes.CDLL(None, use_errno=True))
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        table.kill(child.pid, 15)
        child.wait(timeout=10)
        with pytest.raises(Gone):
            table.kill(child.pid, 15)
    finally:
        child.kill()
        child.wait()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may signal launchd/init")
def test_kill_refused() -> None:
    with pytest.raises(Refused):
        DarwinLibc(ctypes.CDLL(None, use_errno=True)).kill(1, 0)  # signal 0: only a check
