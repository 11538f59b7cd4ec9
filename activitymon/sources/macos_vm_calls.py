"""The Darwin calls behind a process's memory map (the inspector, issue 25): task
ports, ``mach_vm_region_recurse``, ``proc_regionfilename``, ``task_info``.

:class:`VmCalls` is their part of the function table's protocol;
:class:`VmCallsMixin` implements them with ctypes for
:class:`~activitymon.sources.macos_calls.DarwinLibc` (which provides ``_fn``, the
signature-checked symbol lookup). Failures become the table's
:class:`~activitymon.sources.macos_calls.CallFailed` kinds; nothing here runs at import.
"""

from __future__ import annotations

import ctypes
from typing import Any, Protocol

from activitymon.sources import macos_structs as st
from activitymon.sources import macos_vm_structs as vst
from activitymon.sources.macos_errors import CallFailed, Refused, failure


class VmCalls(Protocol):
    def task_for_pid(self, pid: int) -> int:
        """The task port of ``pid``; raises ``Refused`` where it is not given (another
        user's process without root, a process that does not allow it)."""
        ...

    def mach_vm_region_recurse(
        self, task: int, address: int, depth: int
    ) -> tuple[int, int, int, bytes] | None:
        """The region at or after ``address`` at submap ``depth``: its address, size,
        depth and ``vm_region_submap_info_64`` bytes; ``None`` past the last region."""
        ...

    def proc_regionfilename(self, pid: int, address: int) -> str:
        """The file mapped at ``address`` (``""`` for anonymous memory)."""
        ...

    def task_vm_info(self, task: int) -> bytes:
        """``task_info(task, TASK_VM_INFO)``: as many bytes as this kernel's revision."""
        ...

    def port_deallocate(self, port: int) -> None: ...


class VmCallsMixin:
    """ctypes implementations; the class using it provides ``_fn``."""

    _task_self_port: int | None = None

    def _fn(self, name: str, restype: Any, argtypes: list[Any], key: str = "") -> Any:
        raise NotImplementedError  # DarwinLibc's

    def _task_self(self) -> int:
        """``mach_task_self()``: the macro reads ``mach_task_self_``, which
        ``task_self_trap`` returns (one send right, kept for the table's life)."""
        if self._task_self_port is None:
            self._task_self_port = int(self._fn("task_self_trap", ctypes.c_uint32, [])())
        return self._task_self_port

    def task_for_pid(self, pid: int) -> int:
        fn = self._fn(
            "task_for_pid",
            ctypes.c_int,
            [ctypes.c_uint32, ctypes.c_int, ctypes.POINTER(ctypes.c_uint32)],
        )
        port = ctypes.c_uint32(0)
        kr = fn(self._task_self(), pid, ctypes.byref(port))
        if kr != st.KERN_SUCCESS:
            raise Refused("task_for_pid", None, f"kern_return_t {kr}")
        return int(port.value)

    def mach_vm_region_recurse(
        self, task: int, address: int, depth: int
    ) -> tuple[int, int, int, bytes] | None:
        fn = self._fn(
            "mach_vm_region_recurse",
            ctypes.c_int,
            [
                ctypes.c_uint32,
                ctypes.POINTER(ctypes.c_uint64),
                ctypes.POINTER(ctypes.c_uint64),
                ctypes.POINTER(ctypes.c_uint32),
                ctypes.c_void_p,
                ctypes.POINTER(ctypes.c_uint32),
            ],
        )
        addr = ctypes.c_uint64(address)
        size = ctypes.c_uint64(0)
        nesting = ctypes.c_uint32(depth)
        info = vst.vm_region_submap_info_64()
        count = ctypes.c_uint32(vst.VM_REGION_SUBMAP_INFO_COUNT_64)
        kr = fn(
            task,
            ctypes.byref(addr),
            ctypes.byref(size),
            ctypes.byref(nesting),
            ctypes.byref(info),
            ctypes.byref(count),
        )
        if kr == vst.KERN_INVALID_ADDRESS:
            return None
        if kr != st.KERN_SUCCESS:
            raise CallFailed("mach_vm_region_recurse", None, f"kern_return_t {kr}")
        return int(addr.value), int(size.value), int(nesting.value), bytes(info)

    def proc_regionfilename(self, pid: int, address: int) -> str:
        fn = self._fn(
            "proc_regionfilename",
            ctypes.c_int,
            [ctypes.c_int, ctypes.c_uint64, ctypes.c_void_p, ctypes.c_uint32],
        )
        buf = ctypes.create_string_buffer(vst.MAXPATHLEN)
        ctypes.set_errno(0)
        n = fn(pid, address, buf, vst.MAXPATHLEN)
        if n <= 0:
            err = ctypes.get_errno()
            if err:
                raise failure("proc_regionfilename", err)
            return ""
        return buf.raw[:n].decode("utf-8", "surrogateescape")

    def task_vm_info(self, task: int) -> bytes:
        fn = self._fn(
            "task_info",
            ctypes.c_int,
            [ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32)],
        )
        info = vst.task_vm_info()
        count = ctypes.c_uint32(vst.TASK_VM_INFO_COUNT)
        kr = fn(task, vst.TASK_VM_INFO, ctypes.byref(info), ctypes.byref(count))
        if kr != st.KERN_SUCCESS:
            raise CallFailed("task_info(TASK_VM_INFO)", None, f"kern_return_t {kr}")
        return bytes(info)[: min(count.value, vst.TASK_VM_INFO_COUNT) * 4]

    def port_deallocate(self, port: int) -> None:
        fn = self._fn("mach_port_deallocate", ctypes.c_int, [ctypes.c_uint32, ctypes.c_uint32])
        fn(self._task_self(), port)
