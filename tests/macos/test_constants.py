"""Every constant the macOS source passes to the kernel, pinned to its header value.

The values are written here as literals, each beside the header (and section of
``shared/reference/xnu-memorystatus.md``) that defines it, never taken from
``macos_structs``: a wrong flavor, filter, command or syscall number in the source
fails here even where a fake built from the same module would agree with it.
"""

from __future__ import annotations

import pytest

from activitymon.sources import macos_calls
from activitymon.sources import macos_structs as st
from activitymon.sources import macos_vm_structs as vst

#: the modules whose constants are pinned here
MODULES = (st, vst)

HEADER_VALUES = [
    # osfmk/mach/host_info.h (§7.1)
    ("HOST_VM_INFO64", 4),
    ("HOST_VM_INFO64_COUNT", 38),  # sizeof(vm_statistics64_data_t) / sizeof(integer_t)
    ("HOST_VM_INFO64_REV0_COUNT", 24),
    # osfmk/mach/kern_return.h
    ("KERN_SUCCESS", 0),
    # bsd/sys/proc_info.h (§8.1)
    ("PROC_PIDTASKINFO", 4),
    ("PROC_PIDT_SHORTBSDINFO", 13),
    # bsd/sys/resource.h (§8.2)
    ("RUSAGE_INFO_V0", 0),
    ("RUSAGE_INFO_V4", 4),
    ("RUSAGE_INFO_V0_SIZE", 96),
    # bsd/sys/param.h
    ("MAXCOMLEN", 16),
    # bsd/sys/proc.h: p_stat
    ("SSTOP", 4),
    ("SZOMB", 5),
    # bsd/sys/kern_memorystatus.h (§5.2, §5.3)
    ("MEMORYSTATUS_CMD_GET_PRIORITY_LIST", 1),
    ("MEMORYSTATUS_CMD_GET_MEMLIMIT_PROPERTIES", 8),
    ("MEMORYSTATUS_CMD_GET_PRIORITY_LIST_V2", 35),
    ("MEMORYSTATUS_BUFFERSIZE_MAX", 65536),
    ("MEMORYSTATUS_MEMLIMIT_ATTR_FATAL", 0x1),
    ("STATE_SUSPENDED", 0x001),  # kMemorystatusSuspended
    ("STATE_FROZEN", 0x002),  # kMemorystatusFrozen
    ("STATE_WAS_THAWED", 0x004),  # kMemorystatusWasThawed
    ("STATE_TRACKED", 0x008),  # kMemorystatusTracked
    ("STATE_SUPPORTS_IDLE_EXIT", 0x010),  # kMemorystatusSupportsIdleExit
    ("STATE_DIRTY", 0x020),  # kMemorystatusDirty
    ("STATE_ASSERTION", 0x040),  # kMemorystatusAssertion
    ("STATE_ACTIVE", 0x080),  # kMemorystatusActive
    # bsd/sys/event_private.h (event.h before) (§4.1)
    ("EVFILT_MEMORYSTATUS", -14),
    ("NOTE_MEMORYSTATUS_PRESSURE_NORMAL", 0x1),
    ("NOTE_MEMORYSTATUS_PRESSURE_WARN", 0x2),
    ("NOTE_MEMORYSTATUS_PRESSURE_CRITICAL", 0x4),
    # bsd/kern/kern_memorystatus_notify.c: kern.memorypressure_manual_trigger (§6.2)
    ("MEMORYPRESSURE_NOTIFY_ALL", 2),
    # bsd/kern/syscalls.master (§6.1)
    ("SYS_vm_pressure_monitor", 296),
    ("SYS_memorystatus_control", 440),
    # memory maps (issue 25) — bsd/sys/proc_info.h
    ("PROC_PIDREGIONINFO", 7),
    ("PROC_PIDREGIONPATHINFO", 8),
    ("PROC_PIDREGIONPATHINFO_SIZE", 1272),  # sizeof(struct proc_regionwithpathinfo)
    # bsd/sys/param.h
    ("MAXPATHLEN", 1024),
    # osfmk/mach/vm_region.h: sizeof(vm_region_submap_info_data_64_t) / sizeof(natural_t)
    ("VM_REGION_SUBMAP_INFO_COUNT_64", 19),
    # osfmk/mach/task_info.h
    ("TASK_VM_INFO", 22),
    ("TASK_VM_INFO_SIZE", 372),  # rev 7, #pragma pack(4)
    ("TASK_VM_INFO_COUNT", 93),
    # osfmk/mach/kern_return.h
    ("KERN_INVALID_ADDRESS", 1),
    # osfmk/mach/vm_prot.h
    ("VM_PROT_READ", 0x01),
    ("VM_PROT_WRITE", 0x02),
    ("VM_PROT_EXECUTE", 0x04),
    # osfmk/mach/vm_region.h: share modes
    ("SM_COW", 1),
    ("SM_PRIVATE", 2),
    ("SM_EMPTY", 3),
    ("SM_SHARED", 4),
    ("SM_TRUESHARED", 5),
    ("SM_PRIVATE_ALIASED", 6),
    ("SM_SHARED_ALIASED", 7),
    ("SM_LARGE_PAGE", 8),
    # osfmk/mach/vm_statistics.h: VM_MEMORY_* user tags
    ("VM_MEMORY_MALLOC", 1),
    ("VM_MEMORY_MALLOC_SMALL", 2),
    ("VM_MEMORY_MALLOC_LARGE", 3),
    ("VM_MEMORY_MALLOC_HUGE", 4),
    ("VM_MEMORY_REALLOC", 6),
    ("VM_MEMORY_MALLOC_TINY", 7),
    ("VM_MEMORY_MALLOC_LARGE_REUSABLE", 8),
    ("VM_MEMORY_MALLOC_LARGE_REUSED", 9),
    ("VM_MEMORY_MALLOC_NANO", 11),
    ("VM_MEMORY_MALLOC_MEDIUM", 12),
    ("VM_MEMORY_IOKIT", 21),
    ("VM_MEMORY_STACK", 30),
    ("VM_MEMORY_GUARD", 31),
    ("VM_MEMORY_DYLIB", 33),
    ("VM_MEMORY_FOUNDATION", 41),
    ("VM_MEMORY_COREGRAPHICS", 42),
    ("VM_MEMORY_LAYERKIT", 51),
    ("VM_MEMORY_CGIMAGE", 52),
    ("VM_MEMORY_DYLD", 60),
    ("VM_MEMORY_DYLD_MALLOC", 61),
    ("VM_MEMORY_SQLITE", 62),
    ("VM_MEMORY_JAVASCRIPT_CORE", 63),
    ("VM_MEMORY_IMAGEIO", 70),
    ("VM_MEMORY_OS_ALLOC_ONCE", 73),
    ("VM_MEMORY_LIBDISPATCH", 74),
    ("VM_MEMORY_ACCELERATE", 75),
    ("VM_MEMORY_COREUI", 76),
    ("VM_MEMORY_SWIFT_RUNTIME", 82),
    ("VM_MEMORY_SWIFT_METADATA", 83),
    ("VM_MEMORY_IOSURFACE", 88),
    ("VM_MEMORY_IOACCELERATOR", 100),
    ("VM_MEMORY_APPLICATION_SPECIFIC_1", 240),
    ("VM_MEMORY_APPLICATION_SPECIFIC_16", 255),
]


@pytest.mark.parametrize(("name", "value"), HEADER_VALUES, ids=[n for n, _ in HEADER_VALUES])
def test_constant_has_its_header_value(name: str, value: int) -> None:
    owners = [m for m in MODULES if hasattr(m, name)]
    assert len(owners) == 1, f"{name} is defined in {len(owners)} modules"
    assert getattr(owners[0], name) == value


def test_every_integer_constant_is_pinned() -> None:
    """A constant added to ``macos_structs`` without a pin here fails this test."""
    pinned = {name for name, _ in HEADER_VALUES}
    constants = {
        name
        for module in MODULES
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, int) and not name.startswith("_")
    }
    assert constants - pinned == set()


def test_libsystem_path() -> None:
    assert macos_calls.LIBSYSTEM == "/usr/lib/libSystem.B.dylib"
