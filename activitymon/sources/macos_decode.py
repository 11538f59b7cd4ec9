"""Pure decoders: kernel byte buffers (layouts in :mod:`macos_structs`) to small values.

No calls, no ctypes objects at run time: each decoder unpacks with a precompiled
:class:`struct.Struct` whose format follows the documented offsets (tests check the
two agree), so a buffer recorded on a Mac decodes the same way anywhere.
A buffer too short for its layout raises :class:`ValueError` naming the structure.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

from activitymon.sources import macos_structs as st

# little-endian: both macOS architectures (arm64, x86_64) are little-endian
_VM_REV0 = struct.Struct("<4I9Q2I")  # 96 bytes: up to speculative_count
_VM_REV1 = struct.Struct("<4Q2I2IQ")  # 56 bytes from offset 96
_XSW = struct.Struct("<3QIi")
_RUSAGE_FOOTPRINT = struct.Struct("<Q")  # read at fixed offsets
_PRIORITY_ENTRY = struct.Struct("<iiQiI")
_MEMLIMIT = struct.Struct("<iIiI")
_TASKINFO = struct.Struct("<6Q12i")
_SHORTINFO = struct.Struct("<4I16s8I")
_INT32 = struct.Struct("<i")
_INT64 = struct.Struct("<q")

OFF_RI_RESIDENT_SIZE = 64
OFF_RI_PHYS_FOOTPRINT = 72
OFF_RI_LIFETIME_MAX_PHYS_FOOTPRINT = 240


def _need(buf: bytes, size: int, what: str) -> None:
    if len(buf) < size:
        raise ValueError(f"{what}: buffer of {len(buf)} bytes, expected at least {size}")


@dataclass(frozen=True, slots=True)
class VmStatistics:
    """The fields of ``vm_statistics64`` the source uses; rev1 fields are ``None`` when
    the kernel returned only the rev0 prefix (``HOST_VM_INFO64_REV0_COUNT``)."""

    free_count: int
    active_count: int
    inactive_count: int
    wire_count: int
    purgeable_count: int
    speculative_count: int
    pageins: int
    pageouts: int
    compressions: int | None = None
    decompressions: int | None = None
    swapins: int | None = None
    swapouts: int | None = None
    compressor_page_count: int | None = None
    throttled_count: int | None = None
    external_page_count: int | None = None
    internal_page_count: int | None = None
    total_uncompressed_pages_in_compressor: int | None = None


def decode_vm_statistics64(buf: bytes) -> VmStatistics:
    """Decode ``host_statistics64(HOST_VM_INFO64)`` output (96 or 152 bytes)."""
    _need(buf, _VM_REV0.size, "vm_statistics64")
    (free, active, inactive, wire, _zf, _react, pageins, pageouts, *_rest) = _VM_REV0.unpack_from(
        buf
    )
    purgeable, speculative = _rest[-2], _rest[-1]
    if len(buf) < _VM_REV0.size + _VM_REV1.size:
        return VmStatistics(free, active, inactive, wire, purgeable, speculative, pageins, pageouts)
    (dec, comp, swin, swout, compressor, throttled, external, internal, uncompressed) = (
        _VM_REV1.unpack_from(buf, _VM_REV0.size)
    )
    return VmStatistics(
        free,
        active,
        inactive,
        wire,
        purgeable,
        speculative,
        pageins,
        pageouts,
        compressions=comp,
        decompressions=dec,
        swapins=swin,
        swapouts=swout,
        compressor_page_count=compressor,
        throttled_count=throttled,
        external_page_count=external,
        internal_page_count=internal,
        total_uncompressed_pages_in_compressor=uncompressed,
    )


@dataclass(frozen=True, slots=True)
class SwapUsage:
    total_bytes: int
    avail_bytes: int
    used_bytes: int
    page_size: int
    encrypted: bool


def decode_xsw_usage(buf: bytes) -> SwapUsage:
    """Decode ``vm.swapusage`` (``struct xsw_usage``, 32 bytes)."""
    _need(buf, _XSW.size, "xsw_usage")
    total, avail, used, pagesize, encrypted = _XSW.unpack_from(buf)
    return SwapUsage(total, avail, used, pagesize, bool(encrypted))


@dataclass(frozen=True, slots=True)
class Footprint:
    """From ``proc_pid_rusage``: the ledger jetsam uses, and its lifetime peak (V4+)."""

    phys_footprint: int
    resident_size: int
    lifetime_max_phys_footprint: int | None = None


def decode_rusage_footprint(buf: bytes) -> Footprint:
    """Decode the footprint fields of ``rusage_info_v0`` (96 B) or ``_v4`` and later."""
    _need(buf, st.RUSAGE_INFO_V0_SIZE, "rusage_info")
    footprint = _RUSAGE_FOOTPRINT.unpack_from(buf, OFF_RI_PHYS_FOOTPRINT)[0]
    resident = _RUSAGE_FOOTPRINT.unpack_from(buf, OFF_RI_RESIDENT_SIZE)[0]
    lifetime = None
    if len(buf) >= OFF_RI_LIFETIME_MAX_PHYS_FOOTPRINT + 8:
        lifetime = _RUSAGE_FOOTPRINT.unpack_from(buf, OFF_RI_LIFETIME_MAX_PHYS_FOOTPRINT)[0]
    return Footprint(footprint, resident, lifetime)


@dataclass(frozen=True, slots=True)
class PriorityEntry:
    """One ``memorystatus_priority_entry``: effective band, limit in MB (−1 none), state."""

    pid: int
    priority: int
    user_data: int
    limit_mb: int
    state: int


def iter_priority_entries(buf: bytes) -> Iterator[PriorityEntry]:
    """Entries of a ``GET_PRIORITY_LIST`` buffer, in the kernel's kill order.

    A trailing partial entry (a truncated buffer) raises :class:`ValueError`.
    """
    size = _PRIORITY_ENTRY.size
    if len(buf) % size:
        raise ValueError(
            f"memorystatus priority list: {len(buf)} bytes is not a whole number of "
            f"{size}-byte entries"
        )
    for pid, priority, user_data, limit, state in _PRIORITY_ENTRY.iter_unpack(buf):
        yield PriorityEntry(pid, priority, user_data, limit, state)


def decode_priority_list(buf: bytes) -> list[PriorityEntry]:
    return list(iter_priority_entries(buf))


PRIORITY_ENTRY_V2_SIZE = 128


def decode_priority_list_v2(buf: bytes) -> list[PriorityEntry]:
    """Entries of a ``GET_PRIORITY_LIST_V2`` buffer (128-byte entries sharing the v1
    prefix)."""
    size = PRIORITY_ENTRY_V2_SIZE
    if len(buf) % size:
        raise ValueError(
            f"memorystatus priority list v2: {len(buf)} bytes is not a whole number of "
            f"{size}-byte entries"
        )
    return [
        PriorityEntry(*_PRIORITY_ENTRY.unpack_from(buf, offset))
        for offset in range(0, len(buf), size)
    ]


@dataclass(frozen=True, slots=True)
class MemlimitProperties:
    """Active and inactive limits in MB (``None``: no limit) and their fatality."""

    active_mb: int | None
    active_fatal: bool
    inactive_mb: int | None
    inactive_fatal: bool


def decode_memlimit_properties(buf: bytes) -> MemlimitProperties:
    """Decode ``GET_MEMLIMIT_PROPERTIES`` (16 bytes; the 24-byte v2 has the same prefix)."""
    _need(buf, _MEMLIMIT.size, "memorystatus_memlimit_properties")
    active, active_attr, inactive, inactive_attr = _MEMLIMIT.unpack_from(buf)
    fatal = st.MEMORYSTATUS_MEMLIMIT_ATTR_FATAL
    return MemlimitProperties(
        active if active > 0 else None,
        bool(active_attr & fatal),
        inactive if inactive > 0 else None,
        bool(inactive_attr & fatal),
    )


@dataclass(frozen=True, slots=True)
class TaskInfo:
    """From ``PROC_PIDTASKINFO``: resident size and CPU time in Mach ticks."""

    virtual_size: int
    resident_size: int
    total_user_ticks: int
    total_system_ticks: int
    threads: int

    @property
    def cpu_ticks(self) -> int:
        return self.total_user_ticks + self.total_system_ticks


def decode_proc_taskinfo(buf: bytes) -> TaskInfo:
    _need(buf, _TASKINFO.size, "proc_taskinfo")
    fields = _TASKINFO.unpack_from(buf)
    return TaskInfo(fields[0], fields[1], fields[2], fields[3], fields[15])


@dataclass(frozen=True, slots=True)
class ShortInfo:
    """From ``PROC_PIDT_SHORTBSDINFO``: name (≤ 16 chars), owner and run state."""

    pid: int
    ppid: int
    status: int
    comm: str
    uid: int


def decode_proc_bsdshortinfo(buf: bytes) -> ShortInfo:
    _need(buf, _SHORTINFO.size, "proc_bsdshortinfo")
    pid, ppid, _pgid, status, comm, _flags, uid, *_ = _SHORTINFO.unpack_from(buf)
    return ShortInfo(pid, ppid, status, c_string(comm), uid)


def c_string(raw: bytes) -> str:
    """A NUL-terminated C char array as text (undecodable bytes replaced)."""
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace")


def decode_pids(buf: bytes, count: int) -> list[int]:
    """The first ``count`` pids of a ``proc_listallpids`` buffer (int32 each), without 0."""
    _need(buf, count * 4, "pid list")
    return [pid for (pid,) in struct.iter_unpack("<i", buf[: count * 4]) if pid > 0]


def decode_sysctl_int(buf: bytes, name: str) -> int:
    """A sysctl integer of 4 or 8 bytes (signed)."""
    if len(buf) == 4:
        return int(_INT32.unpack(buf)[0])
    if len(buf) == 8:
        return int(_INT64.unpack(buf)[0])
    raise ValueError(f"sysctl {name}: expected a 4- or 8-byte integer, got {len(buf)} bytes")


def encode_sysctl_int(value: int) -> bytes:
    return _INT32.pack(value)
