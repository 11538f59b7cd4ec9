"""The fake kernel's memory maps: regions per process, a task port per process, the
shared region as a submap; served to :class:`~tests.macos.fakes.FakeDarwin` through
:class:`FakeRegionCalls`.

Bytes are packed here from the header layouts written as literals (``struct``
formats and offsets beside the header that defines them), never from the ctypes
classes under test.
"""

from __future__ import annotations

import errno
import struct
from dataclasses import dataclass, field

from activitymon.sources.macos_calls import CallFailed, failure

PAGE = 16384
# Header values, literals:
PROC_PIDREGIONPATHINFO = 8  # bsd/sys/proc_info.h
MAXPATHLEN = 1024  # bsd/sys/param.h
#: struct proc_regioninfo (bsd/sys/proc_info.h): 4 × uint32, uint64, 14 × uint32, 2 × uint64
PROC_REGIONINFO = struct.Struct("<4IQ14I2Q")  # 96 bytes
VNODE_INFO_SIZE = 152  # struct vnode_info: vinfo_stat (136) + 2 × int + fsid_t (8)
#: struct vm_region_submap_info_64, #pragma pack(4) (osfmk/mach/vm_region.h): 76 bytes
SUBMAP_INFO = struct.Struct("<iiIQ6IHBBiiIHxxIQ")
TASK_VM_INFO_SIZE = 372  # rev 7, #pragma pack(4) (osfmk/mach/task_info.h)
#: byte offsets in struct task_vm_info (every field before is 8 bytes, except
#: region_count and page_size, 4 each, at 8 and 12)
TVI_INTERNAL = 48
TVI_EXTERNAL = 64
TVI_COMPRESSED = 120
TVI_PHYS_FOOTPRINT = 144
TVI_PURGEABLE_NONVOLATILE = 176
TVI_PURGEABLE_VOLATILE = 192
TVI_GRAPHICS_FOOTPRINT = 272
TASK_PORT_BASE = 0x4000


@dataclass
class FakeRegion:
    address: int
    size: int
    tag: int = 0
    protection: int = 3  # VM_PROT_READ | VM_PROT_WRITE
    max_protection: int = 7
    share_mode: int = 2  # SM_PRIVATE
    resident: int = 0  # pages
    dirtied: int = 0
    swapped: int = 0
    now_private: int = 0
    private_resident: int = 0
    shared_resident: int = 0
    path: str = ""
    #: regions inside a submap (the shared region); the region itself is the submap
    submap: list[FakeRegion] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.address + self.size


@dataclass
class FakeVmInfo:
    internal: int = 0
    external: int = 0
    compressed: int = 0
    phys_footprint: int = 0
    purgeable_nonvolatile: int = 0
    purgeable_volatile: int = 0
    graphics: int = 0


def path_info_bytes(r: FakeRegion) -> bytes:
    info = PROC_REGIONINFO.pack(
        r.protection,
        r.max_protection,
        1,  # inheritance: VM_INHERIT_COPY
        0,
        0,
        0,
        0,
        r.tag,
        r.resident,
        r.now_private,
        r.swapped,
        r.dirtied,
        1,
        0,
        r.share_mode,
        r.private_resident,
        r.shared_resident,
        0,
        0,
        r.address,
        r.size,
    )
    path = r.path.encode()[: MAXPATHLEN - 1].ljust(MAXPATHLEN, b"\0")
    return info + bytes(VNODE_INFO_SIZE) + path


def submap_info_bytes(r: FakeRegion, *, is_submap: bool) -> bytes:
    return SUBMAP_INFO.pack(
        r.protection,
        r.max_protection,
        1,
        0,
        r.tag,
        r.resident,
        r.now_private,
        r.swapped,
        r.dirtied,
        1,
        0,
        0,
        r.share_mode,
        1 if is_submap else 0,
        0,
        0,
        0,
        0,
        0,
    )


def vm_info_bytes(v: FakeVmInfo) -> bytes:
    raw = bytearray(TASK_VM_INFO_SIZE)
    for offset, value in (
        (TVI_INTERNAL, v.internal),
        (TVI_EXTERNAL, v.external),
        (TVI_COMPRESSED, v.compressed),
        (TVI_PHYS_FOOTPRINT, v.phys_footprint),
        (TVI_PURGEABLE_NONVOLATILE, v.purgeable_nonvolatile),
        (TVI_PURGEABLE_VOLATILE, v.purgeable_volatile),
        (TVI_GRAPHICS_FOOTPRINT, v.graphics),
    ):
        struct.pack_into("<Q", raw, offset, value)
    return bytes(raw)


class FakeRegionCalls:
    """The region calls of the fake table. The class using it has ``regions`` (pid →
    regions), ``vm_infos`` (pid → FakeVmInfo), ``task_ports`` (pids whose task port
    is given to root), ``deallocated`` and the helpers ``_check`` and ``_target``."""

    regions: dict[int, list[FakeRegion]]
    vm_infos: dict[int, FakeVmInfo]
    task_ports: set[int]
    deallocated: list[int]
    #: pid → regions served before it "exits" mid-walk
    vanish_after: dict[int, int]
    euid: int

    def _check(self, name: str) -> None:
        raise NotImplementedError

    def _target(self, call: str, pid: int, *, privileged: bool) -> object:
        raise NotImplementedError

    def _served(self, pid: int, call: str) -> None:
        left = self.vanish_after.get(pid)
        if left is None:
            return
        if left <= 0:
            raise failure(call, errno.ESRCH)
        self.vanish_after[pid] = left - 1

    def region_path_info(self, pid: int, address: int) -> bytes:
        self._target("proc_pidinfo", pid, privileged=True)
        for r in self.regions.get(pid, []):
            if r.end > address:
                self._served(pid, "proc_pidinfo")
                return path_info_bytes(r)
        raise failure("proc_pidinfo", errno.EINVAL)  # past the last region

    def task_for_pid(self, pid: int) -> int:
        self._check("task_for_pid")
        self._target("task_for_pid", pid, privileged=True)
        if self.euid != 0 or pid not in self.task_ports:
            raise failure("task_for_pid", errno.EPERM)
        return TASK_PORT_BASE + pid

    def _pid_of(self, task: int) -> int:
        return task - TASK_PORT_BASE

    def mach_vm_region_recurse(
        self, task: int, address: int, depth: int
    ) -> tuple[int, int, int, bytes] | None:
        self._check("mach_vm_region_recurse")
        pid = self._pid_of(task)
        for r in self.regions.get(pid, []):
            if r.end <= address:
                continue
            if r.submap and depth >= 1:
                inner = next((c for c in r.submap if c.end > max(address, r.address)), None)
                if inner is None:
                    continue
                self._served(pid, "mach_vm_region_recurse")
                return inner.address, inner.size, 1, submap_info_bytes(inner, is_submap=False)
            self._served(pid, "mach_vm_region_recurse")
            return r.address, r.size, 0, submap_info_bytes(r, is_submap=bool(r.submap))
        return None

    def proc_regionfilename(self, pid: int, address: int) -> str:
        self._check("proc_regionfilename")
        for r in self.regions.get(pid, []):
            for candidate in [r, *r.submap]:
                if candidate.address <= address < candidate.end and not candidate.submap:
                    return candidate.path
        return ""

    def task_vm_info(self, task: int) -> bytes:
        self._check("task_info")
        info = self.vm_infos.get(self._pid_of(task))
        if info is None:
            raise CallFailed("task_info", None, "no such task")
        return vm_info_bytes(info)

    def port_deallocate(self, port: int) -> None:
        self._check("mach_port_deallocate")
        self.deallocated.append(port)
