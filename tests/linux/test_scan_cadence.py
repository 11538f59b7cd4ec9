"""The app's live Linux source scans the processes every 2 s and the system figures
every sample; a kill in the kernel log or a signal sent scans at once."""

from __future__ import annotations

import gc
import os

import pytest

from activitymon.model import Exited
from activitymon.sources.linux_kmsg import OomKill
from tests.linux.conftest import ON_LINUX, Spawn
from tests.linux.test_kills import FakeLog

pytestmark = [
    pytest.mark.linux,
    pytest.mark.skipif(not ON_LINUX, reason="needs a real Linux /proc"),
]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_processes_every_two_seconds_system_figures_every_sample() -> None:
    from activitymon.sources.linux import PROCESS_EVERY_S, LinuxSource, open_linux_source

    assert PROCESS_EVERY_S == 2.0
    assert open_linux_source().process_every == 2.0
    clock = Clock()
    src = LinuxSource(kernel_log=False, process_every=2.0, clock=clock)
    first = src.sample()
    clock.now += 1.0
    second = src.sample()
    assert second.processes is first.processes  # not scanned: the same values
    assert second.time == pytest.approx(first.time + 1.0)  # the system figures are new
    clock.now += 1.0
    third = src.sample()
    assert third.processes is not first.processes  # two seconds: scanned
    clock.now += 1.0
    assert src.sample().processes is third.processes


def test_every_sample_scans_where_asked() -> None:
    from activitymon.sources.linux import LinuxSource

    clock = Clock()
    src = LinuxSource(kernel_log=False, clock=clock)  # process_every 0: every sample
    first = src.sample()
    clock.now += 1.0
    assert src.sample().processes is not first.processes


def test_a_signal_scans_at_the_next_sample(spawn: Spawn) -> None:
    from activitymon.sources.linux import LinuxSource

    clock = Clock()
    src = LinuxSource(kernel_log=False, process_every=2.0, clock=clock)
    child = spawn(4)
    assert child.pid in src.sample().by_pid
    src.terminate(child.pid, force=True)
    child.wait()
    clock.now += 0.5
    assert child.pid not in src.sample().by_pid
    assert any(isinstance(e, Exited) and e.pid == child.pid for e in src.drain_events())


def test_a_kill_in_the_kernel_log_scans_at_once(spawn: Spawn) -> None:
    from activitymon.sources.linux import LinuxSource

    clock = Clock()
    log = FakeLog()
    src = LinuxSource(kernel_log=log, process_every=2.0, clock=clock)
    child = spawn(4)
    assert child.pid in src.sample().by_pid
    child.kill()
    child.wait()
    log.pending = [OomKill(child.pid, "python", rss_bytes=1 << 20)]
    clock.now += 0.5
    assert child.pid not in src.sample().by_pid


def test_a_live_source_dropped_unclosed_gives_its_files_back() -> None:
    from activitymon.sources.linux import LinuxSource

    before = len(os.listdir("/proc/self/fd"))
    src = LinuxSource(kernel_log=False)
    src.sample()
    assert len(os.listdir("/proc/self/fd")) > before  # it keeps files open
    del src
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= before
