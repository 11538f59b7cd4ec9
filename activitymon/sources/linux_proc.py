"""Fast readers of ``/proc``: one ``open``/``read``/``close`` per file, parsed in Python.

No psutil here: a psutil ``process_iter`` costs about 3× the raw reads per process
(shared/reference/perf-anchors.md §2). Every reader raises ``OSError`` as the kernel
gives it (``FileNotFoundError`` / ``ProcessLookupError`` for a vanished process,
``PermissionError`` for a protected one); callers translate those into ``None``.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from typing import NamedTuple

from activitymon.model import ProcessState

PROC = "/proc"
#: ``PF_KTHREAD`` in the ``flags`` field of ``/proc/PID/stat``: a kernel thread
PF_KTHREAD = 0x00200000
#: ``comm`` is cut to 15 bytes (TASK_COMM_LEN − 1); longer names come from cmdline
COMM_MAX = 15
CLK_TCK: int = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE_SIZE: int = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

#: state letter of ``/proc/PID/stat`` → model states (``I`` is an idle kernel thread,
#: ``D`` an uninterruptible sleep, ``t`` traced, ``X``/``x`` dead)
STATE_OF_LETTER: dict[str, frozenset[ProcessState]] = {
    "R": frozenset({ProcessState.RUNNING}),
    "S": frozenset({ProcessState.SLEEPING}),
    "D": frozenset({ProcessState.SLEEPING}),
    "I": frozenset({ProcessState.SLEEPING}),
    "T": frozenset({ProcessState.STOPPED}),
    "t": frozenset({ProcessState.STOPPED}),
    "Z": frozenset({ProcessState.ZOMBIE}),
    "X": frozenset({ProcessState.TERMINATED}),
    "x": frozenset({ProcessState.TERMINATED}),
}


def read_bytes(path: str, size: int = 4096) -> bytes:
    """The first ``size`` bytes of a file, with exactly three system calls."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


class OpenFiles:
    """``/proc`` files kept open between samples and re-read with one ``pread`` at
    offset 0, which regenerates their text: 1 system call a read instead of 3, and no
    path lookup (7 µs against 15 µs a ``stat`` on the development machine) (#16).

    An open ``/proc/PID/…`` file stays bound to its process: once that process is
    reaped, a read fails with ``ESRCH`` even if the pid was reused, so a failed read
    of a kept file is retried once on a freshly opened one. At most ``limit`` files are
    kept; beyond that a file is opened and closed per read.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._fds: dict[int, int] = {}
        # a set dropped without close() still gives its files back (a scanner keeps
        # one or two per process: thousands, which would otherwise stay open until exit)
        weakref.finalize(self, _close_fds, self._fds)

    def __len__(self) -> int:
        return len(self._fds)

    def read(self, key: int, path: str, size: int = 4096) -> bytes:
        """The file's text now; ``OSError`` as the kernel gives it."""
        fd = self._fds.get(key)
        if fd is not None:
            try:
                return os.pread(fd, size, 0)
            except OSError:
                self.forget(key)  # gone, or its pid now names another process
        if len(self._fds) >= self.limit:
            return read_bytes(path, size)
        fd = os.open(path, os.O_RDONLY)
        try:
            data = os.pread(fd, size, 0)
        except BaseException:
            os.close(fd)
            raise
        self._fds[key] = fd
        return data

    def forget(self, key: int) -> None:
        fd = self._fds.pop(key, None)
        if fd is not None:
            os.close(fd)

    def close(self) -> None:
        for key in list(self._fds):
            self.forget(key)


def _close_fds(fds: dict[int, int]) -> None:
    for fd in fds.values():
        os.close(fd)
    fds.clear()


def read_kept(files: OpenFiles, key: int, path: str) -> bytes:
    """Read ``path`` through ``files`` (the one seam tests replace to fake a race)."""
    return files.read(key, path)


def read_runtime(files: OpenFiles, pid: int, base: str) -> bytes | None:
    """``schedstat`` of a process, kept open: ``None`` when it cannot be read, or where
    the kernel keeps no run time (``0 0 0``).

    It starts with the nanoseconds the task has run (``se.sum_exec_runtime``,
    fs/proc/base.c ``proc_pid_schedstat``), so a single-threaded process that did not
    run at all since the last read shows the same text; and a process must run to
    change its state, its CPU time or its thread count. Generating it costs the kernel
    about 2.4 µs against 5.6 µs for ``stat`` (``do_task_stat`` prints 52 fields behind
    a ptrace check; bench/bench_linux.py ``--mode scan`` on the development machine).
    """
    try:
        run = files.read(pid, base + "/schedstat", 128)
    except OSError:
        return None
    return None if run.startswith(b"0 ") else run


def fd_budget(wanted: int, reserve: int = 256) -> int:
    """How many files may be kept open: the soft ``RLIMIT_NOFILE`` (raised towards the
    hard limit when ``wanted`` needs it) less ``reserve`` for everything else."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        need = wanted + reserve
        if soft != resource.RLIM_INFINITY and soft < need:
            new = need if hard == resource.RLIM_INFINITY else min(hard, need)
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
            soft = new
    except (ImportError, OSError, ValueError):
        return 0
    return max(0, int(soft) - reserve) if soft != resource.RLIM_INFINITY else wanted


def read_all(path: str) -> bytes:
    """A whole (possibly long) file: ``status``, ``smaps_rollup``, ``cmdline``."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def list_pids(proc: str = PROC) -> list[int]:
    """Every thread-group id in ``/proc`` (threads are not listed there)."""
    return [int(d) for d in os.listdir(proc) if d.isdigit()]


class StatFields(NamedTuple):
    """The fields of ``/proc/PID/stat`` a monitor needs (man 5 proc)."""

    name: str
    state: str
    ppid: int
    flags: int
    #: utime + stime, in clock ticks (all threads)
    cpu_ticks: int
    #: start time after boot, in clock ticks: with the pid, identifies the process
    starttime: int
    rss_pages: int
    #: threads in the process (``num_threads``)
    threads: int = 1

    @property
    def kernel_thread(self) -> bool:
        return bool(self.flags & PF_KTHREAD)


def parse_stat(data: bytes) -> StatFields:
    """Parse ``/proc/PID/stat``. The name may hold spaces and parentheses, so it is cut
    at the *last* ``)``. Raises ``ValueError`` on a malformed line."""
    open_paren = data.find(b"(")
    close_paren = data.rfind(b")")
    if open_paren < 0 or close_paren < open_paren:
        raise ValueError(f"not a /proc/PID/stat line: {data[:60]!r}")
    rest = data[close_paren + 2 :].split()
    if len(rest) < 22:
        raise ValueError(f"/proc/PID/stat line too short: {len(rest)} fields after the name")
    # rest[i] is field i + 3 in man 5 proc
    return StatFields(
        name=data[open_paren + 1 : close_paren].decode("utf-8", "replace"),
        state=rest[0].decode("ascii", "replace"),
        ppid=int(rest[1]),
        flags=int(rest[6]),
        cpu_ticks=int(rest[11]) + int(rest[12]),
        starttime=int(rest[19]),
        rss_pages=int(rest[21]),
        threads=int(rest[17]),
    )


def parse_statm_resident(data: bytes) -> int:
    """Resident pages from ``/proc/PID/statm`` (its second field)."""
    return int(data.split(None, 2)[1])


def parse_status_uid(data: bytes) -> int | None:
    """The real uid from ``/proc/PID/status`` (``Uid:`` real effective saved fs)."""
    start = data.find(b"\nUid:")
    if start < 0:
        return None
    fields = data[start + 5 : data.find(b"\n", start + 5)].split()
    return int(fields[0]) if fields else None


class StatusMemory(NamedTuple):
    """What ``/proc/PID/status`` tells of a process's own memory (man 5 proc), in bytes;
    ``None`` for a line the kernel did not print (kernel threads have no ``Vm*`` or
    ``Rss*`` lines)."""

    uid: int | None
    rss_anon: int | None
    rss_shmem: int | None
    vm_swap: int | None

    @property
    def footprint(self) -> int | None:
        """Anonymous + shmem resident + swapped: the memory the process owns and would
        take with it (the nearest thing to macOS's ``phys_footprint``)."""
        if self.rss_anon is None:
            return None
        return self.rss_anon + (self.rss_shmem or 0) + (self.vm_swap or 0)


def _kb_line(data: bytes, key: bytes) -> int | None:
    start = data.find(key)
    if start < 0:
        return None
    start += len(key)
    end = data.find(b"\n", start)
    fields = data[start : end if end >= 0 else len(data)].split()
    try:
        return int(fields[0]) * 1024 if fields else None
    except ValueError:
        return None


def parse_status_memory(data: bytes) -> StatusMemory:
    """Real uid, ``RssAnon``, ``RssShmem`` and ``VmSwap`` of ``/proc/PID/status``
    (kernel ≥ 4.5 prints the ``Rss*`` split). Raises ``ValueError`` on a bad ``Uid``."""
    return StatusMemory(
        uid=parse_status_uid(data),
        rss_anon=_kb_line(data, b"\nRssAnon:"),
        rss_shmem=_kb_line(data, b"\nRssShmem:"),
        vm_swap=_kb_line(data, b"\nVmSwap:"),
    )


def read_int(path: str) -> int:
    """One integer file: ``oom_score``, ``oom_score_adj``."""
    return int(read_bytes(path, 64))


def read_cmdline(pid: int, proc: str = PROC) -> tuple[str, ...]:
    """Arguments of a process; empty for kernel threads and zombies."""
    raw = read_all(f"{proc}/{pid}/cmdline")
    return tuple(a.decode("utf-8", "replace") for a in raw.rstrip(b"\0").split(b"\0") if a)


def long_name(comm: str, cmdline: tuple[str, ...]) -> str:
    """psutil's rule for names cut at 15 bytes: take the executable's base name from
    the command line when it begins with the cut name."""
    if len(comm) < COMM_MAX or not cmdline:
        return comm
    base = os.path.basename(cmdline[0])
    return base if base.startswith(comm) else comm


@dataclass(frozen=True, slots=True)
class SmapsRollup:
    """Memory of one process by accounting (``/proc/PID/smaps_rollup``), in bytes."""

    rss_bytes: int | None
    pss_bytes: int | None
    #: unique set size: private clean + private dirty (+ private hugetlb)
    uss_bytes: int | None
    swap_bytes: int | None
    swap_pss_bytes: int | None


def parse_smaps_rollup(data: bytes) -> SmapsRollup:
    """Sum the ``kB`` lines of ``smaps_rollup`` by name; missing names stay ``None``."""
    values: dict[str, int] = {}
    for line in data.splitlines():
        key, sep, rest = line.partition(b":")
        if not sep:
            continue
        parts = rest.split()
        if len(parts) == 2 and parts[1] == b"kB" and parts[0].isdigit():
            values[key.decode("ascii", "replace")] = int(parts[0]) * 1024

    def get(*names: str) -> int | None:
        found = [values[n] for n in names if n in values]
        return sum(found) if found else None

    return SmapsRollup(
        rss_bytes=get("Rss"),
        pss_bytes=get("Pss"),
        uss_bytes=get("Private_Clean", "Private_Dirty", "Private_Hugetlb"),
        swap_bytes=get("Swap"),
        swap_pss_bytes=get("SwapPss"),
    )
