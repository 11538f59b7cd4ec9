"""Child processes of known size and ``oom_score_adj`` for the live Linux tests.

Every child is started here and stopped here by its pid (never by name).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ON_LINUX = sys.platform.startswith("linux") and Path("/proc/self/stat").exists()
MB = 1 << 20

# allocates and touches N MiB, says so, then waits (for a line on stdin, or forever)
_CHILD = """
import sys, time
if len(sys.argv) > 2:
    sys.stdin.readline()
block = b"\\x01" * (int(sys.argv[1]) << 20)
sys.stdout.write("ready\\n")
sys.stdout.flush()
time.sleep(600)
"""


def set_oom_score_adj(pid: int, adj: int) -> None:
    """Write ``/proc/PID/oom_score_adj``; skips the test where the kernel refuses
    (lowering needs CAP_SYS_RESOURCE)."""
    try:
        Path(f"/proc/{pid}/oom_score_adj").write_text(str(adj))
    except PermissionError:
        pytest.skip(f"cannot set oom_score_adj {adj} here (needs CAP_SYS_RESOURCE)")


Spawn = Callable[..., subprocess.Popen[str]]


@pytest.fixture
def spawn() -> Iterator[Spawn]:
    """``spawn(mb, adj=None, wait_for_go=False)`` → a child holding ``mb`` MiB."""
    children: list[subprocess.Popen[str]] = []

    def start(
        mb: int, adj: int | None = None, *, wait_for_go: bool = False
    ) -> subprocess.Popen[str]:
        args = [sys.executable, "-c", _CHILD, str(mb)] + (["wait"] if wait_for_go else [])
        child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        children.append(child)
        if adj is not None:
            set_oom_score_adj(child.pid, adj)
        if not wait_for_go:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
        return child

    yield start
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()


@pytest.fixture
def source() -> Iterator[Any]:
    """A live Linux source that does not read the kernel log (closed afterwards)."""
    from activitymon.sources.linux import LinuxSource

    src = LinuxSource(kernel_log=False)
    yield src
    src.close()
