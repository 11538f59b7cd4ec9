"""Kills by the kernel OOM killer, recognised in the kernel log.

The kernel logs each kill twice (mm/oom_kill.c)::

    oom-kill:constraint=CONSTRAINT_MEMCG,…,task=python,pid=5472,uid=0
    Memory cgroup out of memory: Killed process 5472 (python) total-vm:114916kB, …

(``Out of memory: Killed process …`` for a system-wide OOM; kernels before 5.0 wrote
``Killed process`` without the ``oom-kill:`` line, and before 4.x ``Kill process …
or sacrifice child``). Only these are claimed as OOM kills: a process ended by
systemd-oomd, earlyoom or anyone else is an ordinary exit here.

The log is read from ``/dev/kmsg`` (non-blocking, from the end, so old kills are not
claimed again) or, where that cannot be opened, from ``dmesg --raw`` polled every few
seconds. Where neither is readable no kill is claimed.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

KMSG = "/dev/kmsg"
#: OOM messages kept between two reads of the kernel log (a flood cannot grow them)
MAX_LINES = 1000

_KILLED = re.compile(
    r"Kill(?:ed)? process (?P<pid>\d+) \((?P<name>.*?)\)"
    r"(?:.*?anon-rss:(?P<anon>\d+)kB)?(?:.*?file-rss:(?P<file>\d+)kB)?"
    r"(?:.*?shmem-rss:(?P<shmem>\d+)kB)?"
)
_OOM_KILL = re.compile(r"oom-kill:.*?task=(?P<name>[^,]*),pid=(?P<pid>\d+)")
_DMESG_TIME = re.compile(r"^(?:<\d+>)?\[\s*(?P<t>\d+\.\d+)\]\s?(?P<msg>.*)$")


@dataclass(frozen=True, slots=True)
class OomKill:
    """One process killed by the kernel OOM killer."""

    pid: int
    name: str
    #: anon + file + shmem RSS at the kill, where the log line gave it
    rss_bytes: int | None = None
    #: the kill was inside a memory cgroup (its limit), not for the whole machine
    memcg: bool = False


def parse_oom_line(message: str) -> OomKill | None:
    """An OOM kill from one kernel log message, or ``None`` for any other message."""
    m = _KILLED.search(message)
    if m is not None:
        sizes = [m.group(g) for g in ("anon", "file", "shmem")]
        rss = sum(int(s) for s in sizes if s) * 1024 if any(sizes) else None
        return OomKill(
            pid=int(m.group("pid")),
            name=m.group("name"),
            rss_bytes=rss,
            memcg=message.lstrip().startswith("Memory cgroup"),
        )
    m = _OOM_KILL.search(message)
    if m is not None:
        return OomKill(
            pid=int(m.group("pid")),
            name=m.group("name"),
            memcg="CONSTRAINT_MEMCG" in message,
        )
    return None


#: the messages of an OOM kill worth showing in the Kernel log view (mm/oom_kill.c,
#: mm/memcontrol.c): the invocation, the kill, the reaper's summary
_OOM_MESSAGE = re.compile(
    r"invoked oom-killer|Out of memory|Memory cgroup out of memory|oom-kill:|"
    r"Kill(?:ed)? process \d+|oom_reaper:"
)


def is_oom_message(message: str) -> bool:
    """A line of the OOM killer's story (not the task table it prints in between)."""
    return _OOM_MESSAGE.search(message) is not None


def parse_kmsg_record(record: bytes) -> str:
    """The message of one ``/dev/kmsg`` record ``prio,seq,usec,flags;message\\n …``."""
    head, sep, rest = record.partition(b";")
    text = rest if sep else head
    return text.split(b"\n", 1)[0].decode("utf-8", "replace")


def merge_kills(kills: list[OomKill]) -> list[OomKill]:
    """One kill per pid (the ``Killed process`` line carries the most), in log order."""
    merged: dict[int, OomKill] = {}
    for kill in kills:
        known = merged.get(kill.pid)
        if known is None or (known.rss_bytes is None and kill.rss_bytes is not None):
            merged[kill.pid] = OomKill(
                kill.pid,
                kill.name,
                kill.rss_bytes,
                kill.memcg or (known.memcg if known else False),
            )
    return list(merged.values())


class KernelLog(Protocol):
    #: where the log is read from, for ``describe()``
    origin: str

    def poll(self) -> list[OomKill]:
        """OOM kills logged since the last poll."""
        ...

    def take_lines(self) -> list[str]:
        """The OOM killer's messages read by the polls since the last call."""
        ...

    def close(self) -> None: ...


class KmsgLog:
    """``/dev/kmsg`` read without blocking, starting at its end."""

    origin = KMSG

    def __init__(self, path: str = KMSG) -> None:
        self._fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            os.lseek(self._fd, 0, os.SEEK_END)
        except OSError:
            os.close(self._fd)
            raise
        self.origin = path
        self._lines: list[str] = []

    def take_lines(self) -> list[str]:
        lines, self._lines = self._lines, []
        return lines

    def poll(self) -> list[OomKill]:
        kills: list[OomKill] = []
        for _ in range(100_000):  # bounded: a flood cannot hold the sampler for ever
            try:
                record = os.read(self._fd, 8192)
            except BlockingIOError:
                break
            except OSError as exc:
                if exc.errno == errno.EPIPE:  # records overwritten before we read them
                    continue
                break
            if not record:
                break
            message = parse_kmsg_record(record)
            if is_oom_message(message) and len(self._lines) < MAX_LINES:
                self._lines.append(message)
            kill = parse_oom_line(message)
            if kill is not None:
                kills.append(kill)
        return merge_kills(kills)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class DmesgLog:
    """``dmesg --raw`` polled at most every ``interval`` seconds; lines are new when
    their timestamp is later than the newest one seen before."""

    origin = "dmesg"

    def __init__(
        self,
        interval: float = 5.0,
        *,
        run: Callable[[], str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self._run = run or _run_dmesg
        self._clock = clock
        self._last_poll = clock()
        self._seen = max((t for t, _ in _dmesg_lines(self._run())), default=-1.0)
        self._lines: list[str] = []

    def take_lines(self) -> list[str]:
        lines, self._lines = self._lines, []
        return lines

    def poll(self) -> list[OomKill]:
        now = self._clock()
        if now - self._last_poll < self.interval:
            return []
        self._last_poll = now
        try:
            lines = _dmesg_lines(self._run())
        except OSError:
            return []
        kills: list[OomKill] = []
        newest = self._seen
        for t, message in lines:
            if t <= self._seen:
                continue
            newest = max(newest, t)
            if is_oom_message(message) and len(self._lines) < MAX_LINES:
                self._lines.append(message)
            kill = parse_oom_line(message)
            if kill is not None:
                kills.append(kill)
        self._seen = newest
        return merge_kills(kills)

    def close(self) -> None:
        pass


def _run_dmesg() -> str:
    done = subprocess.run(
        ["dmesg", "--raw"], capture_output=True, text=True, timeout=5, check=False
    )
    if done.returncode != 0:
        raise PermissionError(done.stderr.strip() or "dmesg refused")
    return done.stdout


def _dmesg_lines(text: str) -> list[tuple[float, str]]:
    out = []
    for line in text.splitlines():
        m = _DMESG_TIME.match(line)
        if m is not None:
            out.append((float(m.group("t")), m.group("msg")))
    return out


def open_kernel_log() -> KernelLog | None:
    """``/dev/kmsg`` where it can be opened, else ``dmesg`` where it runs, else ``None``."""
    try:
        return KmsgLog()
    except OSError:
        pass
    try:
        return DmesgLog()
    except (OSError, subprocess.SubprocessError):
        return None
