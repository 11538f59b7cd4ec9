"""Darwin kernel structures as ctypes classes, named after the C structs, and the
constants the macOS source passes to the kernel.

Layouts (LP64, natural alignment; arm64 and x86_64 agree) are from
``shared/reference/xnu-memorystatus.md`` §5.3, §6.2, §7.1, §8 and XNU's
``osfmk/mach/vm_statistics.h``, ``bsd/sys/sysctl.h``, ``bsd/sys/resource.h``,
``bsd/sys/proc_info.h`` and ``bsd/sys/kern_memorystatus.h``. Tests assert every size
and the offsets the source reads. Nothing here calls the kernel: these classes build
and describe byte buffers, so the module imports on every OS.
"""

from __future__ import annotations

import ctypes

c_uint32 = ctypes.c_uint32
c_int32 = ctypes.c_int32
c_uint64 = ctypes.c_uint64
c_int64 = ctypes.c_int64

# -- host_statistics64 ---------------------------------------------------------------
HOST_VM_INFO64 = 4
HOST_VM_INFO64_COUNT = 38  # in integer_t units: sizeof(vm_statistics64) / 4
HOST_VM_INFO64_REV0_COUNT = 24
KERN_SUCCESS = 0

# -- libproc -------------------------------------------------------------------------
PROC_PIDTASKINFO = 4
PROC_PIDT_SHORTBSDINFO = 13
RUSAGE_INFO_V0 = 0
RUSAGE_INFO_V4 = 4
MAXCOMLEN = 16
#: ``p_stat`` values in ``pbsi_status``
SSTOP = 4
SZOMB = 5

# -- memorystatus_control (§5.2) --------------------------------------------------------
MEMORYSTATUS_CMD_GET_PRIORITY_LIST = 1
MEMORYSTATUS_CMD_GET_MEMLIMIT_PROPERTIES = 8
MEMORYSTATUS_CMD_GET_PRIORITY_LIST_V2 = 35  # macOS 15.4+: 128-byte entries, no size cap
MEMORYSTATUS_BUFFERSIZE_MAX = 65536
MEMORYSTATUS_MEMLIMIT_ATTR_FATAL = 0x1

# ``state`` bits of a priority entry (§5.3), named after their kMemorystatus* constants
STATE_SUSPENDED = 0x001  # kMemorystatusSuspended
STATE_FROZEN = 0x002  # kMemorystatusFrozen
STATE_WAS_THAWED = 0x004  # kMemorystatusWasThawed
STATE_TRACKED = 0x008  # kMemorystatusTracked
STATE_SUPPORTS_IDLE_EXIT = 0x010  # kMemorystatusSupportsIdleExit
STATE_DIRTY = 0x020  # kMemorystatusDirty
STATE_ASSERTION = 0x040  # kMemorystatusAssertion
STATE_ACTIVE = 0x080  # kMemorystatusActive; xnu-11417 (macOS 15.4) and later

# -- pressure (§4.1, §4.7, §6.2) ---------------------------------------------------------
EVFILT_MEMORYSTATUS = -14
NOTE_MEMORYSTATUS_PRESSURE_NORMAL = 0x1
NOTE_MEMORYSTATUS_PRESSURE_WARN = 0x2
NOTE_MEMORYSTATUS_PRESSURE_CRITICAL = 0x4
#: ``kern.memorypressure_manual_trigger`` request "notify all" (value = request << 16 | level)
MEMORYPRESSURE_NOTIFY_ALL = 2

# -- syscall numbers for the fallbacks when libsystem_kernel lacks a stub (§6.1) -----
SYS_vm_pressure_monitor = 296
SYS_memorystatus_control = 440


class vm_statistics64(ctypes.Structure):
    """``struct vm_statistics64`` (aligned(8), 152 bytes, §7.1); counts are pages."""

    _fields_ = (
        ("free_count", c_uint32),
        ("active_count", c_uint32),
        ("inactive_count", c_uint32),
        ("wire_count", c_uint32),
        ("zero_fill_count", c_uint64),
        ("reactivations", c_uint64),
        ("pageins", c_uint64),
        ("pageouts", c_uint64),
        ("faults", c_uint64),
        ("cow_faults", c_uint64),
        ("lookups", c_uint64),
        ("hits", c_uint64),
        ("purges", c_uint64),
        ("purgeable_count", c_uint32),
        ("speculative_count", c_uint32),
        ("decompressions", c_uint64),
        ("compressions", c_uint64),
        ("swapins", c_uint64),
        ("swapouts", c_uint64),
        ("compressor_page_count", c_uint32),
        ("throttled_count", c_uint32),
        ("external_page_count", c_uint32),
        ("internal_page_count", c_uint32),
        ("total_uncompressed_pages_in_compressor", c_uint64),
    )


class xsw_usage(ctypes.Structure):
    """``struct xsw_usage`` from ``vm.swapusage`` (32 bytes); sizes in bytes."""

    _fields_ = (
        ("xsu_total", c_uint64),
        ("xsu_avail", c_uint64),
        ("xsu_used", c_uint64),
        ("xsu_pagesize", c_uint32),
        ("xsu_encrypted", c_int32),
    )


_RUSAGE_V4_U64_FIELDS = (
    "ri_user_time",
    "ri_system_time",
    "ri_pkg_idle_wkups",
    "ri_interrupt_wkups",
    "ri_pageins",
    "ri_wired_size",
    "ri_resident_size",
    "ri_phys_footprint",
    "ri_proc_start_abstime",
    "ri_proc_exit_abstime",
    "ri_child_user_time",
    "ri_child_system_time",
    "ri_child_pkg_idle_wkups",
    "ri_child_interrupt_wkups",
    "ri_child_pageins",
    "ri_child_elapsed_abstime",
    "ri_diskio_bytesread",
    "ri_diskio_byteswritten",
    "ri_cpu_time_qos_default",
    "ri_cpu_time_qos_maintenance",
    "ri_cpu_time_qos_background",
    "ri_cpu_time_qos_utility",
    "ri_cpu_time_qos_legacy",
    "ri_cpu_time_qos_user_initiated",
    "ri_cpu_time_qos_user_interactive",
    "ri_billed_system_time",
    "ri_serviced_system_time",
    "ri_logical_writes",
    "ri_lifetime_max_phys_footprint",
    "ri_instructions",
    "ri_cycles",
    "ri_billed_energy",
    "ri_serviced_energy",
    "ri_interval_max_phys_footprint",
    "ri_runnable_time",
)


class rusage_info_v4(ctypes.Structure):
    """``struct rusage_info_v4`` (296 bytes, §8.2): ``ri_uuid`` then 35 uint64s."""

    _fields_ = (
        ("ri_uuid", ctypes.c_uint8 * 16),
        *((name, c_uint64) for name in _RUSAGE_V4_U64_FIELDS),
    )


#: ``struct rusage_info_v0`` is the first 96 bytes of v4 (up to ``ri_proc_exit_abstime``).
RUSAGE_INFO_V0_SIZE = 96


class memorystatus_priority_entry(ctypes.Structure):
    """``memorystatus_priority_entry_t`` (24 bytes, §5.3), one per process, kill order."""

    _fields_ = (
        ("pid", c_int32),
        ("priority", c_int32),
        ("user_data", c_uint64),
        ("limit", c_int32),
        ("state", c_uint32),
    )


class memorystatus_priority_entry_v2(ctypes.Structure):
    """``memorystatus_priority_entry_v2_t`` (128 bytes): the v1 entry, the time it
    entered its band (Mach absolute time), then reserved bytes."""

    _fields_ = (
        ("pid", c_int32),
        ("priority", c_int32),
        ("user_data", c_uint64),
        ("limit", c_int32),
        ("state", c_uint32),
        ("priority_start_mtime", c_uint64),
        ("_reserved", ctypes.c_uint8 * 96),
    )


class memorystatus_memlimit_properties(ctypes.Structure):
    """``memorystatus_memlimit_properties_t`` (16 bytes); limits in MB, −1 = none."""

    _fields_ = (
        ("memlimit_active", c_int32),
        ("memlimit_active_attr", c_uint32),
        ("memlimit_inactive", c_int32),
        ("memlimit_inactive_attr", c_uint32),
    )


class proc_taskinfo(ctypes.Structure):
    """``struct proc_taskinfo`` (96 bytes); times in Mach absolute-time units."""

    _fields_ = (
        ("pti_virtual_size", c_uint64),
        ("pti_resident_size", c_uint64),
        ("pti_total_user", c_uint64),
        ("pti_total_system", c_uint64),
        ("pti_threads_user", c_uint64),
        ("pti_threads_system", c_uint64),
        ("pti_policy", c_int32),
        ("pti_faults", c_int32),
        ("pti_pageins", c_int32),
        ("pti_cow_faults", c_int32),
        ("pti_messages_sent", c_int32),
        ("pti_messages_received", c_int32),
        ("pti_syscalls_mach", c_int32),
        ("pti_syscalls_unix", c_int32),
        ("pti_csw", c_int32),
        ("pti_threadnum", c_int32),
        ("pti_numrunning", c_int32),
        ("pti_priority", c_int32),
    )


class proc_bsdshortinfo(ctypes.Structure):
    """``struct proc_bsdshortinfo`` (64 bytes): readable for every process, no privilege."""

    _fields_ = (
        ("pbsi_pid", c_uint32),
        ("pbsi_ppid", c_uint32),
        ("pbsi_pgid", c_uint32),
        ("pbsi_status", c_uint32),
        ("pbsi_comm", ctypes.c_char * MAXCOMLEN),
        ("pbsi_flags", c_uint32),
        ("pbsi_uid", c_uint32),
        ("pbsi_gid", c_uint32),
        ("pbsi_ruid", c_uint32),
        ("pbsi_rgid", c_uint32),
        ("pbsi_svuid", c_uint32),
        ("pbsi_svgid", c_uint32),
        ("pbsi_rfu", c_uint32),
    )


class mach_timebase_info(ctypes.Structure):
    """``struct mach_timebase_info``: ns = ticks × numer / denom (125/3 on Apple silicon)."""

    _fields_ = (("numer", c_uint32), ("denom", c_uint32))
