"""The process table of the macOS source: names, footprint, RSS, CPU, bands, limits.

Per process (§8): ``PROC_PIDT_SHORTBSDINFO`` (no privilege: name, owner, state),
``proc_name`` for names longer than 15 characters, ``proc_pid_rusage`` for
``ri_phys_footprint`` and its lifetime peak, ``PROC_PIDTASKINFO`` for RSS and CPU time.
System-wide (§5): ``memorystatus_control(GET_PRIORITY_LIST)`` for bands, applied limits
and state bits, and ``GET_MEMLIMIT_PROPERTIES`` per process for the active/inactive
limits and their fatality. Refusals give ``None`` plus a one-time notice; a process
that exits while it is being read is kept, marked ``TERMINATED``, with what was read.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from activitymon.model import Era, MemoryLimit, ProcessInfo, ProcessState
from activitymon.sources import macos_decode as dec
from activitymon.sources import macos_structs as st
from activitymon.sources.macos_calls import CallFailed, DarwinCalls, Gone, Missing, Refused
from activitymon.sources.macos_system import Notices, why

MB = 1 << 20
_STATE_BITS = (
    (st.STATE_SUSPENDED, ProcessState.SUSPENDED),
    (st.STATE_FROZEN, ProcessState.FROZEN),
    (st.STATE_TRACKED, ProcessState.TRACKED),
    (st.STATE_SUPPORTS_IDLE_EXIT, ProcessState.IDLE_EXIT),
    (st.STATE_DIRTY, ProcessState.DIRTY),
)
#: slack added to the size the kernel asks for, for processes started in between
_PRIORITY_LIST_SLACK = 64 * 24
_V2 = st.MEMORYSTATUS_CMD_GET_PRIORITY_LIST_V2


@dataclass(frozen=True, slots=True)
class JetsamInfo:
    entry: dec.PriorityEntry
    #: position in the priority list, which the kernel gives in kill order
    seq: int
    #: ``None`` when ``GET_MEMLIMIT_PROPERTIES`` was refused or the process exited
    memlimits: dec.MemlimitProperties | None = None


def is_active(entry: dec.PriorityEntry, era: Era) -> bool:
    """Whether the active limit applies (§3.3): the ``Active`` state bit where the
    kernel sets it (macOS 15.4+), else dirty for dirty-tracked processes, else band at
    or above FOREGROUND."""
    if entry.state & st.STATE_ACTIVE:
        return True
    if entry.state & st.STATE_TRACKED:
        return bool(entry.state & st.STATE_DIRTY)
    return entry.priority >= 10 * era.scale


def applied_limit(info: JetsamInfo, era: Era) -> MemoryLimit | None:
    """The limit in force (the priority list's ``limit``) with its fatality, which only
    the memlimit properties tell; ``None`` for no limit or unknown fatality."""
    mb, props = info.entry.limit_mb, info.memlimits
    if mb <= 0 or props is None:
        return None
    active, inactive = props.active_mb == mb, props.inactive_mb == mb
    if active and inactive and props.active_fatal != props.inactive_fatal:
        fatal = props.active_fatal if is_active(info.entry, era) else props.inactive_fatal
    elif active:
        fatal = props.active_fatal
    elif inactive:
        fatal = props.inactive_fatal
    else:  # changed between the two reads
        return None
    return MemoryLimit(mb * MB, fatal)


def _limit(mb: int | None, fatal: bool) -> MemoryLimit | None:
    return None if mb is None else MemoryLimit(mb * MB, fatal)


class JetsamReader:
    """Reads the priority list (and memlimits) each sample; stops asking after a
    refusal, since permissions do not change while the source runs."""

    def __init__(self, calls: DarwinCalls, notices: Notices) -> None:
        self._calls = calls
        self._notices = notices
        self.available = True
        self._memlimits_available = True

    def probe(self) -> bool:
        """Ask for the list's size once: tells whether bands can be read at all."""
        self._list_size()
        return self.available

    def _refuse(self, exc: CallFailed) -> None:
        self.available = False
        self._notices.add(
            "bands", f"Jetsam bands and limits unknown: {why(exc)}; run with sudo to see them"
        )

    def _list_size(self, command: int = st.MEMORYSTATUS_CMD_GET_PRIORITY_LIST) -> int | None:
        if not self.available:
            return None
        try:
            needed, _ = self._calls.memorystatus_control(command, 0, 0, 0)
        except (Refused, Missing) as exc:
            self._refuse(exc)
            return None
        except CallFailed as exc:
            self._failed(exc)
            return None
        return needed

    def _failed(self, exc: CallFailed | ValueError | str) -> None:
        self._notices.add("bands-failed", f"Jetsam bands unknown this time: {exc}")

    def read(self) -> dict[int, JetsamInfo] | None:
        entries = self._priority_list()
        if entries is None:
            return None
        out: dict[int, JetsamInfo] = {}
        for seq, entry in enumerate(entries):
            out[entry.pid] = JetsamInfo(entry, seq, self._memlimits(entry.pid))
        return out

    def _priority_list(self) -> list[dec.PriorityEntry] | None:
        """The v1 list; more than 2730 processes overflow its 64 KiB cap, and then
        the uncapped v2 list of macOS 15.4+ is asked instead."""
        command, decode, cap = (
            st.MEMORYSTATUS_CMD_GET_PRIORITY_LIST,
            dec.decode_priority_list,
            st.MEMORYSTATUS_BUFFERSIZE_MAX,
        )
        for _attempt in range(3):
            needed = self._list_size(command)
            if needed is None:
                return None
            if needed > cap and command != _V2:
                command, decode, cap = _V2, dec.decode_priority_list_v2, 1 << 30
                try:
                    needed, _ = self._calls.memorystatus_control(command, 0, 0, 0)
                except CallFailed:
                    self._failed(
                        f"{needed // 24} processes overflow the priority list and this "
                        "macOS has no GET_PRIORITY_LIST_V2 (macOS 15.4+)"
                    )
                    return None
            entry = 24 if command != _V2 else dec.PRIORITY_ENTRY_V2_SIZE
            size = min(needed + _PRIORITY_LIST_SLACK // 24 * entry, cap)
            size -= size % entry
            try:
                written, buf = self._calls.memorystatus_control(command, 0, 0, size)
            except (Refused, Missing) as exc:
                self._refuse(exc)
                return None
            except CallFailed as exc:
                if exc.errno == errno.EINVAL:
                    continue  # more processes than room: ask again
                self._failed(exc)
                return None
            try:
                return decode(buf[:written])
            except ValueError as exc:
                self._failed(exc)
                return None
        self._failed("the process list kept growing")
        return None

    def _memlimits(self, pid: int) -> dec.MemlimitProperties | None:
        if not self._memlimits_available:
            return None
        try:
            _, buf = self._calls.memorystatus_control(
                st.MEMORYSTATUS_CMD_GET_MEMLIMIT_PROPERTIES, pid, 0, 16
            )
            return dec.decode_memlimit_properties(buf)
        except Gone:
            return None
        except (Refused, Missing) as exc:
            self._memlimits_available = False
            self._notices.add("memlimits", f"Active/inactive limits unknown: {why(exc)}")
        except (CallFailed, ValueError) as exc:
            self._notices.add("memlimits-failed", f"Limits of some processes unknown: {exc}")
        return None


class ProcessReader:
    """Reads every process each sample; keeps CPU times between samples for CPU %."""

    def __init__(
        self,
        calls: DarwinCalls,
        notices: Notices,
        clock: Callable[[], float],
    ) -> None:
        self._calls = calls
        self._notices = notices
        self._clock = clock
        numer, denom = calls.timebase()
        self._ns_per_tick = numer / denom if denom else 1.0
        self._rusage_flavor: int | None = st.RUSAGE_INFO_V4
        self._cpu: dict[int, tuple[float, float]] = {}  # pid -> (cpu seconds, clock)
        self._users: dict[int, str | None] = {}

    def read(self, jetsam: Mapping[int, JetsamInfo] | None, era: Era | None) -> list[ProcessInfo]:
        try:
            pids = self._calls.list_pids()
        except CallFailed as exc:
            self._notices.add("pids", f"Process list unknown: {exc}")
            return []
        now = self._clock()
        out: list[ProcessInfo] = []
        cpu: dict[int, tuple[float, float]] = {}
        for pid in pids:
            proc = self._read_one(pid, now, cpu, None if jetsam is None else jetsam.get(pid), era)
            if proc is not None:
                out.append(proc)
        self._cpu = cpu
        return out

    def _user(self, uid: int) -> str | None:
        if uid not in self._users:
            self._users[uid] = self._calls.user_name(uid)
        return self._users[uid]

    def _read_one(
        self,
        pid: int,
        now: float,
        cpu: dict[int, tuple[float, float]],
        jet: JetsamInfo | None,
        era: Era | None,
    ) -> ProcessInfo | None:
        calls = self._calls
        states: set[ProcessState] = set()
        try:
            short = dec.decode_proc_bsdshortinfo(
                calls.proc_pidinfo(pid, st.PROC_PIDT_SHORTBSDINFO, 64)
            )
        except (CallFailed, ValueError):
            return None  # exited after the listing (or unreadable): not there to show
        name = short.comm
        if len(name) >= st.MAXCOMLEN - 1:  # maybe cut at 16 characters: ask for the full name
            # other users' processes refuse it: the short name is what anyone may read
            with contextlib.suppress(CallFailed):
                name = calls.proc_name(pid) or name
        if short.status == st.SZOMB:
            states.add(ProcessState.ZOMBIE)
        elif short.status == st.SSTOP:
            states.add(ProcessState.STOPPED)

        footprint = self._footprint(pid, states)
        rss = cpu_percent = None
        if ProcessState.ZOMBIE not in states and ProcessState.TERMINATED not in states:
            task = self._taskinfo(pid, states)
            if task is not None:
                rss = task.resident_size
                seconds = task.cpu_ticks * self._ns_per_tick / 1e9
                cpu[pid] = (seconds, now)
                before = self._cpu.get(pid)
                if before is not None and now > before[1]:
                    cpu_percent = max(0.0, (seconds - before[0]) / (now - before[1]) * 100.0)

        band = band_seq = active = inactive = limit = None
        if jet is not None and era is not None:
            band, band_seq = jet.entry.priority, jet.seq
            limit = applied_limit(jet, era)
            if jet.memlimits is not None:
                active = _limit(jet.memlimits.active_mb, jet.memlimits.active_fatal)
                inactive = _limit(jet.memlimits.inactive_mb, jet.memlimits.inactive_fatal)
            states.update(state for bit, state in _STATE_BITS if jet.entry.state & bit)
            if band == 0:
                states.add(ProcessState.IDLE)
            if (
                limit is not None
                and not limit.fatal
                and footprint is not None
                and footprint.phys_footprint > limit.bytes
            ):
                states.add(ProcessState.HIGHWATER)
        return ProcessInfo(
            pid=pid,
            name=name,
            footprint_bytes=None if footprint is None else footprint.phys_footprint,
            rss_bytes=rss,
            band=band,
            active_limit=active,
            inactive_limit=inactive,
            limit=limit,
            states=frozenset(states),
            cpu_percent=cpu_percent,
            lifetime_max_bytes=None if footprint is None else footprint.lifetime_max_phys_footprint,
            user=self._user(short.uid),
            band_seq=band_seq,
        )

    def _footprint(self, pid: int, states: set[ProcessState]) -> dec.Footprint | None:
        while self._rusage_flavor is not None:
            try:
                return dec.decode_rusage_footprint(
                    self._calls.proc_pid_rusage(pid, self._rusage_flavor)
                )
            except Gone:
                states.add(ProcessState.TERMINATED)
                return None
            except Refused:
                self._notices.add(
                    "footprint",
                    "Footprint of other users' processes is hidden without root "
                    "(proc_pid_rusage refused); run with sudo to see it",
                )
                return None
            except Missing as exc:
                self._rusage_flavor = None
                self._notices.add("rusage", f"Footprint unknown: {why(exc)}")
            except CallFailed as exc:
                if exc.errno == errno.EINVAL and self._rusage_flavor == st.RUSAGE_INFO_V4:
                    # before macOS 10.13 there is no V4: footprint without its peak
                    self._rusage_flavor = st.RUSAGE_INFO_V0
                    self._notices.add(
                        "rusage-v4",
                        "Lifetime peak footprint unknown: this macOS has no RUSAGE_INFO_V4",
                    )
                    continue
                self._notices.add("rusage-failed", f"Footprint of some processes unknown: {exc}")
                return None
            except ValueError as exc:
                self._notices.add("rusage-failed", f"Footprint of some processes unknown: {exc}")
                return None
        return None

    def _taskinfo(self, pid: int, states: set[ProcessState]) -> dec.TaskInfo | None:
        try:
            return dec.decode_proc_taskinfo(self._calls.proc_pidinfo(pid, st.PROC_PIDTASKINFO, 96))
        except Gone:
            states.add(ProcessState.TERMINATED)
        except Refused:
            self._notices.add(
                "taskinfo",
                "RSS and CPU of other users' processes are hidden without root "
                "(proc_pidinfo refused); run with sudo to see them",
            )
        except (CallFailed, ValueError) as exc:
            self._notices.add("taskinfo-failed", f"RSS and CPU of some processes unknown: {exc}")
        return None
