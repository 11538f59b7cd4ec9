"""OOM kills: a real kernel OOM kill inside a memory cgroup, and the bookkeeping."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from activitymon.model import Exited, Killed, KillReason, MemoryLimit
from activitymon.sources.linux_cgroup import CgroupLimits
from activitymon.sources.linux_kmsg import OomKill
from tests.linux.conftest import MB, ON_LINUX, Spawn

pytestmark = [
    pytest.mark.linux,
    pytest.mark.skipif(not ON_LINUX, reason="needs a real Linux /proc"),
]


class FakeLog:
    origin = "test"

    def __init__(self) -> None:
        self.pending: list[OomKill] = []

    def poll(self) -> list[OomKill]:
        out, self.pending = self.pending, []
        return out

    def take_lines(self) -> list[str]:
        return []

    def close(self) -> None:
        pass


def test_vanished_process_with_a_logged_kill_is_killed_not_exited(spawn: Spawn) -> None:
    from activitymon.sources.linux import LinuxSource

    log = FakeLog()
    src = LinuxSource(kernel_log=log)
    child = spawn(4)
    name = src.sample().by_pid[child.pid].name
    src.drain_events()
    child.kill()
    child.wait()
    log.pending = [OomKill(child.pid, "python", rss_bytes=5 * MB)]
    snap = src.sample()
    events = src.drain_events()
    killed = [e for e in events if isinstance(e, Killed)]
    assert [(e.pid, e.name, e.reason, e.t) for e in killed] == [
        (child.pid, name, KillReason.OOM, snap.time)
    ]
    assert killed[0].footprint_bytes is not None
    assert not [e for e in events if isinstance(e, Exited) and e.pid == child.pid]


def test_a_killed_zombie_is_reported_at_once_and_not_again_as_an_exit(spawn: Spawn) -> None:
    from activitymon.sources.linux import LinuxSource

    log = FakeLog()
    src = LinuxSource(kernel_log=log)
    child = spawn(4)
    src.sample()
    src.drain_events()
    os.kill(child.pid, 9)  # dead, but not reaped yet: a zombie
    for _ in range(100):
        if Path(f"/proc/{child.pid}/stat").read_text().split(") ")[1][0] == "Z":
            break
        time.sleep(0.01)
    log.pending = [OomKill(child.pid, "python")]
    src.sample()
    # other processes on the machine may start or exit meanwhile: judge only the child
    assert [type(e) for e in src.drain_events() if getattr(e, "pid", None) == child.pid] == [Killed]
    child.wait()
    src.sample()
    assert [e for e in src.drain_events() if getattr(e, "pid", None) == child.pid] == []


def test_a_kill_of_a_process_never_sampled_is_still_reported() -> None:
    from activitymon.sources.linux import LinuxSource

    log = FakeLog()
    src = LinuxSource(kernel_log=log)
    src.sample()
    log.pending = [OomKill(999999999, "flash", rss_bytes=7 * MB)]
    src.sample()
    events = src.drain_events()  # other processes may start or exit meanwhile
    assert [(e.pid, e.name, e.footprint_bytes) for e in events if isinstance(e, Killed)] == [
        (999999999, "flash", 7 * MB)
    ]
    assert [type(e) for e in events if getattr(e, "pid", None) == 999999999] == [Killed]


def _memory_cgroup(limit: int) -> tuple[Path, str] | None:
    """A fresh memory cgroup with a hard limit (v1 here, or v2), or ``None``."""
    mounts = CgroupLimits().mounts
    name = f"activitymon-test-{os.getpid()}"
    if mounts.v1_memory is not None:
        path = Path(mounts.v1_memory[0], name)
        limit_file = "memory.limit_in_bytes"
    elif mounts.v2 is not None:
        path = Path(mounts.v2[0], name)
        limit_file = "memory.max"
    else:
        return None
    try:
        path.mkdir()
    except OSError:
        return None
    try:
        (path / limit_file).write_text(str(limit))
    except OSError:
        path.rmdir()
        return None
    return path, limit_file


def test_a_real_oom_kill_in_a_memory_cgroup(spawn: Spawn) -> None:
    """A child is put in a 32 MiB group, shows that limit, then allocates 100 MiB: the
    kernel OOM killer ends it, and the source says so from the kernel log."""
    from activitymon.sources.linux import LinuxSource
    from activitymon.sources.linux_kmsg import KmsgLog

    try:
        log = KmsgLog()
    except OSError:
        pytest.skip("/dev/kmsg is not readable here")
    group = _memory_cgroup(32 * MB)
    if group is None:
        log.close()
        pytest.skip("cannot create a memory cgroup with a limit here")
    path, _ = group
    src = LinuxSource(kernel_log=log)
    child = spawn(100, wait_for_go=True)
    try:
        (path / "cgroup.procs").write_text(str(child.pid))
        snap = src.sample()
        assert snap.by_pid[child.pid].limit == MemoryLimit(32 * MB, fatal=True)
        src.drain_events()
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.wait(timeout=30) == -9
        src.sample()
        events = src.drain_events()
        killed = [e for e in events if isinstance(e, Killed) and e.pid == child.pid]
        assert len(killed) == 1, events
        assert killed[0].reason is KillReason.OOM
        assert not [e for e in events if isinstance(e, Exited) and e.pid == child.pid]
    finally:
        src.close()
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)
        path.rmdir()  # empty now that its only process is gone
