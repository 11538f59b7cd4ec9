"""The fake libSystem's memory-map symbols (issue 25): their C prototypes from Apple's
headers, and the kernel's side, served from the fake table's regions. Mixed into
:class:`~tests.macos.fake_libsystem.FakeLibSystem`."""

from __future__ import annotations

import ctypes
from typing import Any

from activitymon.sources.macos_calls import CallFailed
from tests.macos.fake_regions import FakeRegionCalls

# ABI classes as in fake_libsystem: ("int", size, signed) or ("ptr",)
_PTR = ("ptr",)
_INT = ("int", 4, True)
_UINT32 = ("int", 4, False)
_UINT64 = ("int", 8, False)

VM_PROTOTYPES: dict[str, tuple[Any, tuple[Any, ...], bool]] = {
    # osfmk/mach/mach_traps.h: mach_port_name_t task_self_trap(void)
    "task_self_trap": (_UINT32, (), False),
    # osfmk/mach/mach_traps.h: kern_return_t task_for_pid(mach_port_name_t target_tport,
    #   int pid, mach_port_name_t *t)
    "task_for_pid": (_INT, (_UINT32, _INT, _PTR), False),
    # osfmk/mach/mach_vm.defs: kern_return_t mach_vm_region_recurse(vm_map_read_t,
    #   mach_vm_address_t *, mach_vm_size_t *, natural_t *nesting_depth,
    #   vm_region_recurse_info_t, mach_msg_type_number_t *)
    "mach_vm_region_recurse": (_INT, (_UINT32, _PTR, _PTR, _PTR, _PTR, _PTR), False),
    # libsyscall/wrappers/libproc/libproc.h: int proc_regionfilename(int pid,
    #   uint64_t address, void *buffer, uint32_t buffersize)
    "proc_regionfilename": (_INT, (_INT, _UINT64, _PTR, _UINT32), False),
    # osfmk/mach/task.defs: kern_return_t task_info(task_name_t, task_flavor_t,
    #   task_info_t, mach_msg_type_number_t *)  (task_flavor_t is natural_t)
    "task_info": (_INT, (_UINT32, _UINT32, _PTR, _PTR), False),
    # osfmk/mach/mach_port.defs: kern_return_t mach_port_deallocate(ipc_space_t,
    #   mach_port_name_t)
    "mach_port_deallocate": (_INT, (_UINT32, _UINT32), False),
}

# Header values, literals:
TASK_SELF_PORT = 0x0203  # any name; task_self_trap returns it
KERN_SUCCESS = 0
KERN_INVALID_ADDRESS = 1  # osfmk/mach/kern_return.h
KERN_INVALID_ARGUMENT = 4
KERN_FAILURE = 5
TASK_VM_INFO = 22  # osfmk/mach/task_info.h
TASK_VM_INFO_COUNT = 93  # rev 7: 372 bytes / sizeof(natural_t)
TASK_VM_INFO_REV0_COUNT = 36  # up to compressed_lifetime: 144 bytes
VM_REGION_SUBMAP_INFO_COUNT_64 = 19  # osfmk/mach/vm_region.h: 76 bytes / 4
VM_REGION_SUBMAP_INFO_V0_COUNT_64 = 16  # without pages_reusable and object_id_full


class VmServing:
    """The kernel's side of the memory-map symbols; the class using it has
    ``darwin`` and the helpers of fake_libsystem passed in ``helpers``."""

    darwin: FakeRegionCalls
    helpers: Any

    def _task_self_trap(self) -> int:
        return TASK_SELF_PORT

    def _task_for_pid(self, target: int, pid: int, out: Any) -> int:
        h = self.helpers
        if target != TASK_SELF_PORT:
            return KERN_INVALID_ARGUMENT
        try:
            port = self.darwin.task_for_pid(pid)
        except CallFailed:
            return KERN_FAILURE
        h.store_int(out, ctypes.c_uint32, port, "task_for_pid t")
        return KERN_SUCCESS

    def _mach_vm_region_recurse(
        self, task: int, address_p: Any, size_p: Any, depth_p: Any, info: Any, count_p: Any
    ) -> int:
        h = self.helpers
        count = h.read_int(count_p, ctypes.c_uint32)
        if count < VM_REGION_SUBMAP_INFO_V0_COUNT_64:
            return KERN_INVALID_ARGUMENT
        address = h.read_int(address_p, ctypes.c_uint64)
        depth = h.read_int(depth_p, ctypes.c_uint32)
        try:
            found = self.darwin.mach_vm_region_recurse(task, address, depth)
        except CallFailed:
            return KERN_INVALID_ARGUMENT  # the task died: its port names nothing now
        if found is None:
            return KERN_INVALID_ADDRESS
        start, size, depth_now, raw = found
        words = min(count, VM_REGION_SUBMAP_INFO_COUNT_64)
        h.write(info, raw, words * 4, "mach_vm_region_recurse info")
        h.store_int(address_p, ctypes.c_uint64, start, "address")
        h.store_int(size_p, ctypes.c_uint64, size, "size")
        h.store_int(depth_p, ctypes.c_uint32, depth_now, "nesting_depth")
        h.store_int(count_p, ctypes.c_uint32, words, "infoCnt")
        return KERN_SUCCESS

    def _proc_regionfilename(self, pid: int, address: int, buffer: Any, size: int) -> int:
        h = self.helpers
        try:
            path = self.darwin.proc_regionfilename(pid, address).encode()
        except CallFailed as exc:
            return int(h.fail(exc.errno or 3, 0))  # ESRCH
        if not path:
            return 0
        n = min(len(path), size)
        h.write(buffer, path[:n], size, "proc_regionfilename")
        return n

    def _task_info(self, task: int, flavor: int, info: Any, count_p: Any) -> int:
        h = self.helpers
        if flavor != TASK_VM_INFO:
            return KERN_INVALID_ARGUMENT
        count = h.read_int(count_p, ctypes.c_uint32)
        if count < TASK_VM_INFO_REV0_COUNT:
            return KERN_INVALID_ARGUMENT
        try:
            raw = self.darwin.task_vm_info(task)
        except CallFailed:
            return KERN_FAILURE
        words = min(count, TASK_VM_INFO_COUNT)
        h.write(info, raw, words * 4, "task_info(TASK_VM_INFO)")
        h.store_int(count_p, ctypes.c_uint32, words, "task_info count")
        return KERN_SUCCESS

    def _mach_port_deallocate(self, space: int, name: int) -> int:
        if space != TASK_SELF_PORT:
            return KERN_INVALID_ARGUMENT
        self.darwin.port_deallocate(name)
        return KERN_SUCCESS
