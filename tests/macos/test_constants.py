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
]


@pytest.mark.parametrize(("name", "value"), HEADER_VALUES, ids=[n for n, _ in HEADER_VALUES])
def test_constant_has_its_header_value(name: str, value: int) -> None:
    assert getattr(st, name) == value


def test_every_integer_constant_is_pinned() -> None:
    """A constant added to ``macos_structs`` without a pin here fails this test."""
    pinned = {name for name, _ in HEADER_VALUES}
    constants = {
        name
        for name, value in vars(st).items()
        if name.isupper() and isinstance(value, int) and not name.startswith("_")
    }
    assert constants - pinned == set()


def test_libsystem_path() -> None:
    assert macos_calls.LIBSYSTEM == "/usr/lib/libSystem.B.dylib"
