"""The per-process scan of the Linux source, built for speed.

Cost model (perf-anchors.md §2): every ``/proc/PID/<file>`` read costs 8–10 µs of
kernel time, so the scan reads as few files per process per sample as it can:

* every sample: ``/proc/PID/stat`` (name, state, CPU ticks, rss, threads), kept open
  and re-read with one ``pread`` (:class:`OpenFiles`); for a single-threaded process
  idle at the last sample, ``schedstat`` instead (:func:`linux_proc.read_runtime`, under
  half the cost), and ``stat`` only if it ran since, or every ``rss_period`` samples
  (by pid): reclaim can lower a sleeping process's RSS, so its Real Mem is at most
  that old (its footprint holds: swapping out moves ``RssAnon`` to ``VmSwap``);
* for a new process, and then every ``slow_period`` samples while it runs or changes
  size (spread over the samples by pid): ``oom_score_adj`` and ``oom_score``;
* every ``idle_period`` samples those two for idle processes too (an outside write);
* for a new process, whenever the RSS in ``stat`` changed, and then every
  ``rare_period`` samples: ``status`` (``RssAnon + RssShmem + VmSwap`` → footprint,
  real uid → user). Swapping a page out or in, or touching a new anonymous page, moves
  RSS, so an unchanged RSS means an unchanged footprint between those re-reads;
* for a new process, then every ``rare_period`` samples: ``cgroup`` (→ its limit);
* every sample, ``oom_score`` again for the few leading kill candidates (highest
  known score, largest RSS), so the next victim is never ``slow_period`` samples old;
* ``cmdline`` only for a new process whose name was cut at 15 bytes.

A process whose ``stat`` (or run time) did not change since the last sample and that
used no CPU keeps its previous :class:`ProcessInfo` object: idle processes cost one read
and a comparison (its ``oom_score`` cannot have moved: its RSS, swap and page tables are
unchanged, since each would change ``stat``). A process that vanishes mid-scan is
left out (and reported as vanished); a file the kernel refuses gives ``None`` for its
value, never a made-up number.
"""

from __future__ import annotations

import heapq
import os
import pwd
import time
from collections.abc import Callable
from dataclasses import dataclass

from activitymon.model import MemoryLimit, ProcessInfo
from activitymon.sources import linux_proc
from activitymon.sources.linux_cgroup import CgroupLimits, parse_proc_cgroup
from activitymon.sources.linux_proc import (
    CLK_TCK,
    COMM_MAX,
    PAGE_SIZE,
    PROC,
    STATE_OF_LETTER,
    OpenFiles,
    fd_budget,
    long_name,
    parse_stat,
    parse_status_memory,
    read_runtime,
)

#: errors that mean "the process is gone" (ESRCH is what a read of a dead task gives)
GONE = (FileNotFoundError, ProcessLookupError)


@dataclass(frozen=True, slots=True)
class Vanished:
    """A process seen in the previous sample and not in this one."""

    pid: int
    name: str
    rss_bytes: int | None


@dataclass(frozen=True, slots=True)
class ScanResult:
    processes: tuple[ProcessInfo, ...]
    vanished: tuple[Vanished, ...]


class UserNames:
    """uid → user name, looked up once per uid (``pwd`` is slow)."""

    def __init__(self) -> None:
        self._names: dict[int, str] = {}

    def name(self, uid: int) -> str:
        found = self._names.get(uid)
        if found is None:
            try:
                found = pwd.getpwuid(uid).pw_name
            except KeyError:
                found = str(uid)
            self._names[uid] = found
        return found


class _Entry:
    """What the scanner remembers of one process between samples."""

    __slots__ = (
        "adj",
        "comm",
        "footprint",
        "idle",
        "info",
        "limit",
        "name",
        "probe",
        "rss",
        "score",
        "starttime",
        "stat",
        "threads",
        "ticks",
        "user",
    )

    def __init__(self, starttime: int) -> None:
        self.starttime = starttime
        self.stat = b""
        self.ticks: int | None = None
        self.comm = ""
        self.name = ""
        self.rss: int | None = None
        #: anonymous + shmem resident + swapped, from ``status``
        self.footprint: int | None = None
        self.adj: int | None = None
        self.score: int | None = None
        self.user: str | None = None
        self.limit: MemoryLimit | None = None
        self.info: ProcessInfo | None = None
        #: used no CPU between the last two samples
        self.idle = False
        self.threads = 0
        #: ``schedstat`` read just before ``stat`` (single-threaded only)
        self.probe: bytes | None = None


class ProcessScanner:
    """Scans ``/proc`` into :class:`ProcessInfo` values, remembering just enough."""

    def __init__(
        self,
        *,
        proc: str = PROC,
        slow_period: int = 10,
        idle_period: int = 30,
        rare_period: int = 60,
        rss_period: int = 5,
        candidates: int = 8,
        cgroups: CgroupLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if min(slow_period, idle_period, rare_period, rss_period) < 1:
            raise ValueError("every period must be at least 1")
        self.idle_period = idle_period
        self.rare_period = rare_period
        #: samples between ``stat`` reads of a single-threaded process that does not run
        self.rss_period = rss_period
        self.proc = proc
        self.slow_period = slow_period
        self.candidates = candidates
        self.cgroups = cgroups
        self.users = UserNames()
        self._clock = clock
        self._entries: dict[int, _Entry] = {}
        #: each process's ``stat``, open; the budget grows with the population
        self._stat_files = OpenFiles(fd_budget(2048))
        #: each single-threaded process's ``schedstat``, open
        self._sched_files = OpenFiles(0)
        self._candidates: frozenset[int] = frozenset()
        self._last: float | None = None
        self._tick = 0

    def _kept_files(self) -> bool:
        """Grow the budget of open files for a larger population; whether the
        ``schedstat`` files can be kept open too (opened per read they would cost more
        than the ``stat`` they save)."""
        files, n = self._stat_files, len(self._entries)
        if 2 * n + 512 > files.limit:
            files.limit = fd_budget(2 * n + 512)
        probing = 2 * n + 512 <= files.limit
        sched = self._sched_files
        sched.limit = files.limit if probing else 0
        if not probing and len(sched):
            sched.close()
        return probing

    def close(self) -> None:
        """Close the files kept open between samples."""
        self._stat_files.close()
        self._sched_files.close()

    def name_of(self, pid: int) -> str | None:
        entry = self._entries.get(pid)
        return None if entry is None else entry.name

    def scan(self) -> ScanResult:
        now = self._clock()
        dt = None if self._last is None else now - self._last
        self._last = now
        tick = self._tick
        self._tick += 1
        entries, candidates = self._entries, self._candidates
        seen, changed, out = self._walk(tick, 100.0 / (CLK_TCK * dt) if dt else None)
        gone = entries.keys() - seen.keys()
        for pid in gone:  # their files are closed (the others are kept)
            self._stat_files.forget(pid)
            self._sched_files.forget(pid)
        vanished = tuple(Vanished(pid, entries[pid].name, entries[pid].rss) for pid in gone)
        self._entries = seen
        if tick % self.slow_period == 0:
            self._candidates = self._leading(list(seen.items()))
        else:
            # only a process whose stat changed can have overtaken the leaders
            leaders = [(pid, seen[pid]) for pid in candidates if pid in seen]
            self._candidates = self._leading(leaders + changed)
        return ScanResult(tuple(out), vanished)

    def _walk(
        self, tick: int, pct_per_tick: float | None
    ) -> tuple[dict[int, _Entry], list[tuple[int, _Entry]], list[ProcessInfo]]:
        """Every process now: what is remembered of each, those that changed, their
        values in ``/proc``'s order."""
        period, rare_period, idle_period = self.slow_period, self.rare_period, self.idle_period
        phase, rare_phase, idle_phase = tick % period, tick % rare_period, tick % idle_period
        rss_period = self.rss_period
        rss_phase = tick % rss_period
        probing = self._kept_files()
        stat_files, sched_files = self._stat_files, self._sched_files
        proc, entries, candidates = self.proc, self._entries, self._candidates
        seen: dict[int, _Entry] = {}
        changed: list[tuple[int, _Entry]] = []
        out: list[ProcessInfo] = []
        for dirname in os.listdir(proc):
            if not dirname.isdigit():
                continue
            pid = int(dirname)
            entry = entries.get(pid)
            rare = entry is None or pid % rare_period == rare_phase
            due_idle = pid % idle_period == idle_phase
            # idle at the last sample and nothing due: unchanged files mean the same value
            kept = None
            if entry is not None and entry.idle and not (rare or due_idle or pid in candidates):
                kept = entry.info
            base = f"{proc}/{dirname}"
            probe = None
            if probing and (entry is None or entry.threads == 1):
                probe = read_runtime(sched_files, pid, base)
                if (
                    kept is not None
                    and entry is not None
                    and probe == entry.probe
                    and probe
                    and pid % rss_period != rss_phase
                ):
                    seen[pid] = entry  # it did not run: as last time
                    out.append(kept)
                    continue
            try:
                data = linux_proc.read_kept(stat_files, pid, base + "/stat")
            except OSError:
                continue  # gone before we read it, or hidden from us
            if kept is not None and entry is not None and data == entry.stat:
                entry.probe = probe
                seen[pid] = entry  # idle and unchanged: the same value as last time
                out.append(kept)
                continue
            built = self._update(
                pid,
                base,
                data,
                entry,
                slow=rare or due_idle or pid % period == phase,
                rare=rare,
                candidate=pid in candidates,
                pct=pct_per_tick,
            )
            if built is None:
                continue  # malformed, or gone while we read its other files
            entry, info = built
            # the probe read before this stat is the next sample's baseline
            entry.probe = probe if entry.threads == 1 else None
            seen[pid] = entry
            changed.append((pid, entry))
            out.append(info)
        return seen, changed, out

    def _update(
        self,
        pid: int,
        base: str,
        data: bytes,
        entry: _Entry | None,
        *,
        slow: bool,
        rare: bool,
        candidate: bool,
        pct: float | None,
    ) -> tuple[_Entry, ProcessInfo] | None:
        """Parse a changed ``stat`` and re-read what is due; ``None`` if it vanished."""
        try:
            st = parse_stat(data)
        except ValueError:
            return None
        if entry is None or entry.starttime != st.starttime:
            entry = _Entry(st.starttime)  # new process (or a reused pid)
            slow = rare = True
        if st.name != entry.comm:
            entry.comm = st.name
            entry.name = self._full_name(base, st.name)
        rss = st.rss_pages * PAGE_SIZE
        try:
            if rare or rss != entry.rss:
                self._refresh_status(base, entry)
            if rare:
                self._refresh_cgroup(base, entry)
            if slow:
                entry.adj = _read_optional_int(base + "/oom_score_adj")
                entry.score = _read_optional_int(base + "/oom_score")
            elif candidate:
                entry.score = _read_optional_int(base + "/oom_score")
        except GONE:
            return None
        cpu = None
        if entry.ticks is not None and pct is not None:
            cpu = (st.cpu_ticks - entry.ticks) * pct
        entry.idle = cpu == 0.0
        entry.ticks = st.cpu_ticks
        entry.stat = data
        entry.rss = rss
        entry.threads = st.threads
        info = ProcessInfo(
            pid=pid,
            name=entry.name,
            footprint_bytes=entry.footprint,
            rss_bytes=rss,
            limit=entry.limit,
            states=STATE_OF_LETTER.get(st.state, frozenset()),
            cpu_percent=cpu,
            oom_score_adj=entry.adj,
            oom_score=entry.score,
            user=entry.user,
        )
        entry.info = info
        return entry, info

    def _leading(self, items: list[tuple[int, _Entry]]) -> frozenset[int]:
        """Pids whose ``oom_score`` is re-read every sample: top by score and by RSS."""
        k = self.candidates
        if k <= 0:
            return frozenset()
        by_score = heapq.nlargest(k, items, key=lambda kv: kv[1].score or -1)
        by_rss = heapq.nlargest(k, items, key=lambda kv: kv[1].rss or -1)
        return frozenset(pid for pid, _ in by_score + by_rss)

    def _full_name(self, base: str, comm: str) -> str:
        if len(comm) < COMM_MAX:
            return comm
        try:
            raw = linux_proc.read_bytes(base + "/cmdline", 4096)
        except OSError:
            return comm
        args = tuple(a.decode("utf-8", "replace") for a in raw.split(b"\0") if a)
        return long_name(comm, args)

    def _refresh_status(self, base: str, entry: _Entry) -> None:
        """Re-read footprint and user from ``status``; raises ``GONE`` if it died."""
        try:
            # one read: the Rss*/VmSwap lines sit in the first 2 KB (a long Groups line
            # may push them past 8 KB: then the footprint is unknown, never wrong)
            status = parse_status_memory(linux_proc.read_bytes(base + "/status", 8192))
        except GONE:
            raise
        except (OSError, ValueError):
            entry.footprint = None
            entry.user = None
            return
        entry.footprint = status.footprint
        entry.user = None if status.uid is None else self.users.name(status.uid)

    def _refresh_cgroup(self, base: str, entry: _Entry) -> None:
        """Re-read the cgroup's limit; raises ``GONE`` if the process died."""
        if self.cgroups is not None:
            try:
                text = linux_proc.read_bytes(base + "/cgroup", 8192).decode("utf-8", "replace")
            except GONE:
                raise
            except OSError:
                entry.limit = None
            else:
                group = parse_proc_cgroup(text)
                entry.limit = self.cgroups.limits_for(group).effective


def _read_optional_int(path: str) -> int | None:
    """An integer file; ``None`` when refused or unparsable, ``GONE`` propagates."""
    try:
        return int(linux_proc.read_bytes(path, 64))
    except GONE:
        raise
    except (OSError, ValueError):
        return None
