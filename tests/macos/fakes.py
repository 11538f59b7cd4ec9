"""A fake Darwin function table: serves bytes built from the documented layouts and
refuses, vanishes and lacks symbols the way the kernel and older macOS releases do.

Permissions follow §5.1 and §8.1 of the reference: ``memorystatus_control`` needs
root; rusage, task info and ``proc_name`` need the same uid or root; short BSD info
needs nothing.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field

from activitymon.sources import macos_structs as st
from activitymon.sources.macos_calls import Missing, failure
from tests.macos.fake_regions import PROC_PIDREGIONPATHINFO, FakeRegion, FakeRegionCalls, FakeVmInfo

MB = 1 << 20
PAGE = 16384

# Header values, written as literals (never taken from the module under test):
SRUN = 2  # bsd/sys/proc.h p_stat
SZOMB = 5  # bsd/sys/proc.h p_stat
PROC_PIDTASKINFO = 4  # bsd/sys/proc_info.h
PROC_PIDT_SHORTBSDINFO = 13  # bsd/sys/proc_info.h
RUSAGE_INFO_V0_SIZE = 96  # bsd/sys/resource.h: sizeof(struct rusage_info_v0)
MEMORYSTATUS_CMD_GET_PRIORITY_LIST = 1  # bsd/sys/kern_memorystatus.h
MEMORYSTATUS_CMD_GET_MEMLIMIT_PROPERTIES = 8  # bsd/sys/kern_memorystatus.h
PRIORITY_ENTRY_SIZE = 24  # sizeof(memorystatus_priority_entry_t)


@dataclass
class FakeProc:
    pid: int
    name: str
    uid: int = 501
    footprint: int = 100 * MB
    lifetime_max: int = 150 * MB
    resident: int = 80 * MB
    cpu_ticks: int = 0
    band: int = 0
    limit_mb: int = -1
    state: int = 0
    active_mb: int = -1
    active_fatal: bool = False
    inactive_mb: int = -1
    inactive_fatal: bool = False
    status: int = SRUN
    #: "list": exits right after the pid listing; "short": after its short info was read
    vanish: str | None = None


def vm_bytes(**values: int) -> bytes:
    info = st.vm_statistics64()
    defaults = {
        "free_count": 20000,
        "active_count": 300000,
        "inactive_count": 250000,
        "wire_count": 150000,
        "purgeable_count": 5000,
        "speculative_count": 4000,
        "pageins": 1000,
        "pageouts": 10,
        "compressions": 777,
        "decompressions": 555,
        "compressor_page_count": 60000,
        "throttled_count": 0,
        "external_page_count": 200000,
        "internal_page_count": 350000,
        "total_uncompressed_pages_in_compressor": 180000,
    }
    defaults.update(values)
    for key, value in defaults.items():
        setattr(info, key, value)
    return bytes(info)


def swap_bytes(total: int, used: int) -> bytes:
    return bytes(st.xsw_usage(total, total - used, used, PAGE, 1))


def _int(value: int, size: int = 4) -> bytes:
    return value.to_bytes(size, "little", signed=True)


def default_sysctls() -> dict[str, bytes]:
    return {
        "vm.pagesize": _int(PAGE),
        "hw.memsize": _int(16 << 30, 8),
        "hw.model": b"Mac14,2\0",
        "kern.osrelease": b"23.5.0\0",
        "kern.osproductversion": b"14.5\0",
        "kern.memorystatus_vm_pressure_level": _int(1),
        "kern.memorystatus_level": _int(64),
        "vm.swapusage": swap_bytes(2 << 30, 512 * MB),
        "vm.page_free_count": _int(16000),
        "vm.vm_page_free_target": _int(4000),
        "vm.page_free_wanted": _int(0),
        "vm.compressor_bytes_used": _int(900 * MB, 8),
    }


class FakeWatch:
    def __init__(self, owner: FakeDarwin) -> None:
        self.owner = owner
        self.closed = False

    def poll(self, timeout: float) -> list[int]:
        notes, self.owner.notes = self.owner.notes, []
        return notes

    def close(self) -> None:
        self.closed = True


@dataclass
class FakeDarwin(FakeRegionCalls):
    procs: list[FakeProc] = field(default_factory=list)
    euid: int = 501
    sysctls: dict[str, bytes] = field(default_factory=default_sysctls)
    vm: bytes = field(default_factory=vm_bytes)
    #: names of functions this "macOS" does not export (raise Missing, an AttributeError)
    missing: set[str] = field(default_factory=set)
    #: rusage flavors the kernel knows (V4 arrived in macOS 10.13)
    rusage_flavors: set[int] = field(default_factory=lambda: {0, 1, 2, 3, 4, 5, 6})
    #: calls refused with EPERM even as root ("memlimit", "proc_name" …)
    refuse: set[str] = field(default_factory=set)
    notes: list[int] = field(default_factory=list)
    #: (wanted, reclaimed) readings of vm_pressure_monitor; when waiting runs out: ^C
    readings: list[tuple[int, int]] = field(default_factory=list)
    timebase_: tuple[int, int] = (125, 3)
    users: dict[int, str] = field(default_factory=lambda: {0: "root", 501: "ada"})
    kills: list[tuple[int, int]] = field(default_factory=list)
    writes: list[tuple[str, bytes]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    #: memory maps (tests/macos/fake_regions.py): regions and task_vm_info by pid, the
    #: pids whose task port root may have, ports given back, exits mid-walk
    regions: dict[int, list[FakeRegion]] = field(default_factory=dict)
    vm_infos: dict[int, FakeVmInfo] = field(default_factory=dict)
    task_ports: set[int] = field(default_factory=set)
    deallocated: list[int] = field(default_factory=list)
    vanish_after: dict[int, int] = field(default_factory=dict)
    _gone: set[int] = field(default_factory=set)
    _index: tuple[tuple[int, int], dict[int, FakeProc]] = field(
        default_factory=lambda: ((0, -1), {})
    )

    # helpers for tests --------------------------------------------------------
    def proc(self, pid: int) -> FakeProc:
        for p in self.procs:
            if p.pid == pid:
                return p
        raise KeyError(pid)

    def _check(self, name: str) -> None:
        self.calls.append(name)
        if name in self.missing:
            raise Missing(name, None, "not exported by this macOS")

    def _by_pid(self) -> dict[int, FakeProc]:
        key = (id(self.procs), len(self.procs))
        if self._index[0] != key:
            self._index = (key, {p.pid: p for p in self.procs})
        return self._index[1]

    def _target(self, call: str, pid: int, *, privileged: bool) -> FakeProc:
        p = self._by_pid().get(pid)
        if p is None or pid in self._gone:
            raise failure(call, errno.ESRCH)
        if privileged and self.euid not in (0, p.uid):
            raise failure(call, errno.EPERM)
        return p

    # the table ----------------------------------------------------------------
    def sysctl(self, name: str) -> bytes:
        self._check("sysctlbyname")
        if name not in self.sysctls:
            raise failure(f"sysctl {name}", errno.ENOENT)
        return self.sysctls[name]

    def sysctl_write(self, name: str, value: bytes) -> None:
        self._check("sysctlbyname")
        if name != "kern.memorypressure_manual_trigger":
            raise failure(f"sysctl {name}", errno.ENOENT)
        if self.euid != 0:
            raise failure(f"sysctl {name}", errno.EPERM)
        self.writes.append((name, value))

    def host_vm_info64(self) -> bytes:
        self._check("host_statistics64")
        return self.vm

    def list_pids(self) -> list[int]:
        self._check("proc_listallpids")
        self._gone = {p.pid for p in self.procs if p.vanish == "list"}
        return [p.pid for p in self.procs]

    def proc_name(self, pid: int) -> str:
        self._check("proc_name")
        return self._target("proc_name", pid, privileged=True).name[:32]

    def proc_pidinfo(self, pid: int, flavor: int, size: int, arg: int = 0) -> bytes:
        self._check("proc_pidinfo")
        if flavor == PROC_PIDREGIONPATHINFO:
            return self.region_path_info(pid, arg)
        if flavor == PROC_PIDT_SHORTBSDINFO:
            p = self._target("proc_pidinfo", pid, privileged=False)
            info = st.proc_bsdshortinfo()
            info.pbsi_pid, info.pbsi_ppid, info.pbsi_status = pid, 1, p.status
            info.pbsi_comm = p.name.encode()[:16]
            info.pbsi_uid = info.pbsi_ruid = p.uid
            if p.vanish == "short":
                self._gone.add(pid)
            return bytes(info)
        if flavor == PROC_PIDTASKINFO:
            p = self._target("proc_pidinfo", pid, privileged=True)
            if p.status == SZOMB:  # zombies have no task
                raise failure("proc_pidinfo", errno.ESRCH)
            task = st.proc_taskinfo()
            task.pti_virtual_size = 400 << 30
            task.pti_resident_size = p.resident
            task.pti_total_user = p.cpu_ticks
            task.pti_total_system = 0
            task.pti_threadnum = 4
            return bytes(task)
        raise failure("proc_pidinfo", errno.EINVAL)

    def proc_pid_rusage(self, pid: int, flavor: int) -> bytes:
        self._check("proc_pid_rusage")
        if flavor not in self.rusage_flavors:
            raise failure("proc_pid_rusage", errno.EINVAL)
        p = self._target("proc_pid_rusage", pid, privileged=True)
        info = st.rusage_info_v4()
        info.ri_phys_footprint = p.footprint
        info.ri_resident_size = p.resident
        info.ri_lifetime_max_phys_footprint = p.lifetime_max
        raw = bytes(info)
        return raw if flavor >= 4 else raw[:RUSAGE_INFO_V0_SIZE]

    def memorystatus_control(
        self, command: int, pid: int, flags: int, bufsize: int
    ) -> tuple[int, bytes]:
        self._check("memorystatus_control")
        if self.euid != 0:
            raise failure(f"memorystatus_control command {command}", errno.EPERM)
        if command == MEMORYSTATUS_CMD_GET_PRIORITY_LIST:
            listed = [p for p in self.procs if p.pid not in self._gone]
            listed.sort(key=lambda p: p.band)  # kill order: band 0 first
            needed = PRIORITY_ENTRY_SIZE * len(listed)
            if bufsize == 0:
                return needed, b""
            if bufsize < needed:
                raise failure("memorystatus_control", errno.EINVAL)
            entries = (st.memorystatus_priority_entry * len(listed))(
                *[
                    st.memorystatus_priority_entry(p.pid, p.band, 0, p.limit_mb, p.state)
                    for p in listed
                ]
            )
            raw = bytes(entries)
            return len(raw), raw + bytes(bufsize - len(raw))
        if command == MEMORYSTATUS_CMD_GET_MEMLIMIT_PROPERTIES:
            if "memlimit" in self.refuse:  # e.g. a sandbox policy (§5.1)
                raise failure("memorystatus_control command 8", errno.EPERM)
            p = self._target("memorystatus_control", pid, privileged=False)
            props = st.memorystatus_memlimit_properties(
                p.active_mb, int(p.active_fatal), p.inactive_mb, int(p.inactive_fatal)
            )
            return 0, bytes(props)
        raise failure("memorystatus_control", errno.EINVAL)

    def vm_pressure_monitor(self, wait: bool, nsecs: int) -> tuple[int, int]:
        self._check("vm_pressure_monitor")
        if not self.readings:
            if wait:
                raise KeyboardInterrupt
            return (0, 0)
        return self.readings.pop(0)

    def open_pressure_watch(self) -> FakeWatch:
        self._check("kqueue")
        return FakeWatch(self)

    def kill(self, pid: int, sig: int) -> None:
        self._check("kill")
        p = self._target("kill", pid, privileged=True)
        self.kills.append((pid, sig))
        self.procs.remove(p)

    def timebase(self) -> tuple[int, int]:
        return self.timebase_

    def geteuid(self) -> int:
        return self.euid

    def user_name(self, uid: int) -> str | None:
        return self.users.get(uid)


def demo_procs() -> list[FakeProc]:
    """A small Mac: launchd-ish root daemons, the user's apps, one limited daemon."""
    return [
        FakeProc(1, "launchd", uid=0, band=999, footprint=20 * MB),
        FakeProc(
            88,
            "WindowServer",
            uid=88,
            band=100,
            footprint=600 * MB,
            limit_mb=-1,
            state=st.STATE_TRACKED | st.STATE_DIRTY,
        ),
        FakeProc(
            310,
            "mds_stores",
            uid=0,
            band=40,
            footprint=300 * MB,
            limit_mb=250,
            active_mb=250,
            inactive_mb=250,
            active_fatal=False,
            inactive_fatal=False,
        ),
        FakeProc(
            501,
            "com.apple.WebKit.WebContent",
            band=0,
            footprint=900 * MB,
            limit_mb=3072,
            active_mb=3072,
            active_fatal=True,
            inactive_mb=3072,
            inactive_fatal=True,
            state=st.STATE_TRACKED | st.STATE_SUPPORTS_IDLE_EXIT,
        ),
        FakeProc(777, "Safari", band=100, footprint=1200 * MB, cpu_ticks=0),
    ]


def demo_fake(*, root: bool = True, **kwargs: object) -> FakeDarwin:
    fake = FakeDarwin(procs=demo_procs(), euid=0 if root else 501)
    for key, value in kwargs.items():
        setattr(fake, key, value)
    return fake
