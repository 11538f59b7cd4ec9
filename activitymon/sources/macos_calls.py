"""The function table the macOS source calls: a thin layer over libSystem.

:class:`DarwinCalls` is the protocol; :class:`DarwinLibc` implements it with ctypes
on a Mac, and tests pass a fake that serves recorded or constructed bytes. Each method
does one kernel call (two for "ask the size, then read") and returns raw bytes or
plain numbers; decoding lives in :mod:`macos_decode`. Failures are translated here
into :class:`CallFailed` and its kinds — :class:`Refused` (EPERM/EACCES),
:class:`Gone` (ESRCH) and :class:`Missing` (the symbol or sysctl does not exist on
this macOS) — so the source never sees an ``OSError`` or a ctypes error.

Loading the library happens in :meth:`DarwinLibc.load`, never at import, so this
module imports on every OS.
"""

from __future__ import annotations

import ctypes
import errno
import os
import pwd
import select
from typing import Any, Protocol

from activitymon.sources import macos_structs as st
from activitymon.sources.macos_errors import CallFailed, Gone, Missing, Refused, failure
from activitymon.sources.macos_vm_calls import VmCalls, VmCallsMixin

__all__ = [
    "CallFailed",
    "DarwinCalls",
    "DarwinLibc",
    "Gone",
    "Missing",
    "PressureWatch",
    "Refused",
    "failure",
]

LIBSYSTEM = "/usr/lib/libSystem.B.dylib"


class PressureWatch(Protocol):
    """A kqueue registered for ``EVFILT_MEMORYSTATUS``."""

    def poll(self, timeout: float) -> list[int]:
        """``fflags`` of the notes delivered since the last poll (waits up to
        ``timeout`` seconds for the first one; 0 = do not wait)."""
        ...

    def close(self) -> None: ...


class DarwinCalls(VmCalls, Protocol):
    """What the macOS source needs from the system, one method per kernel call."""

    def sysctl(self, name: str) -> bytes:
        """Read a sysctl by name (``sysctlbyname``); raw bytes as the kernel gives them."""
        ...

    def sysctl_write(self, name: str, value: bytes) -> None: ...

    def host_vm_info64(self) -> bytes:
        """``host_statistics64(mach_host_self(), HOST_VM_INFO64)``: 152 (or 96) bytes."""
        ...

    def list_pids(self) -> list[int]:
        """``proc_listallpids``."""
        ...

    def proc_name(self, pid: int) -> str: ...

    def proc_pidinfo(self, pid: int, flavor: int, size: int, arg: int = 0) -> bytes:
        """``proc_pidinfo(pid, flavor, arg, buffer, size)``: ``arg`` is the address for
        the region flavors."""
        ...

    def proc_pid_rusage(self, pid: int, flavor: int) -> bytes: ...

    def memorystatus_control(
        self, command: int, pid: int, flags: int, bufsize: int
    ) -> tuple[int, bytes]:
        """Returns the call's value and ``bufsize`` bytes of buffer (``bufsize`` 0 passes
        a NULL buffer, e.g. to ask ``GET_PRIORITY_LIST`` for the size it needs)."""
        ...

    def vm_pressure_monitor(self, wait: bool, nsecs: int) -> tuple[int, int]:
        """``(pages wanted, pages reclaimed)``; with ``wait`` blocks until pressure."""
        ...

    def open_pressure_watch(self) -> PressureWatch: ...

    def kill(self, pid: int, sig: int) -> None: ...

    def timebase(self) -> tuple[int, int]:
        """``mach_timebase_info``: (numer, denom); ns = ticks × numer / denom."""
        ...

    def geteuid(self) -> int: ...

    def user_name(self, uid: int) -> str | None: ...


def _errno_call(call: str) -> CallFailed:
    return failure(call, ctypes.get_errno())


class _KqueueWatch:
    """``EVFILT_MEMORYSTATUS`` through the standard library's kqueue (macOS only)."""

    def __init__(self) -> None:
        kqueue: Any = getattr(select, "kqueue")  # noqa: B009 - absent from Linux stubs
        kevent: Any = getattr(select, "kevent")  # noqa: B009 - BSD-only names: absent on Linux
        self._kq: Any = kqueue()
        self._kevent = kevent
        flags = (
            st.NOTE_MEMORYSTATUS_PRESSURE_NORMAL
            | st.NOTE_MEMORYSTATUS_PRESSURE_WARN
            | st.NOTE_MEMORYSTATUS_PRESSURE_CRITICAL
        )
        add = getattr(select, "KQ_EV_ADD") | getattr(select, "KQ_EV_CLEAR")  # noqa: B009 - BSD-only names: absent on Linux
        change = kevent(0, filter=st.EVFILT_MEMORYSTATUS, flags=add, fflags=flags)
        try:
            self._kq.control([change], 0, 0)
        except OSError as exc:
            self._kq.close()
            raise failure("kevent(EVFILT_MEMORYSTATUS)", exc.errno or 0) from None

    def poll(self, timeout: float) -> list[int]:
        try:
            events = self._kq.control(None, 16, timeout)
        except InterruptedError:
            return []
        return [int(ev.fflags) for ev in events]

    def close(self) -> None:
        self._kq.close()


class DarwinLibc(VmCallsMixin):
    """The real table: ctypes over ``libSystem.B.dylib`` (libc, libproc, Mach,
    libsystem_kernel). Construct with :meth:`load`."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self._lib = lib
        self._host: int | None = None
        self._fns: dict[str, Any] = {}

    @classmethod
    def load(cls, path: str = LIBSYSTEM) -> DarwinLibc:
        """Load libSystem; raises :class:`Missing` where it does not exist (not macOS)."""
        try:
            lib = ctypes.CDLL(path, use_errno=True)
        except OSError as exc:
            raise Missing("dlopen", None, f"{path}: {exc}") from None
        return cls(lib)

    def _fn(self, name: str, restype: Any, argtypes: list[Any], key: str = "") -> Any:
        """The function ``name`` with its C signature, looked up once (per ``key``)."""
        key = key or name
        if key in self._fns:
            fn = self._fns[key]
        else:
            try:
                fn = self._lib[name]  # a fresh function object: argtypes are per key
                fn.restype = restype
                fn.argtypes = argtypes
            except AttributeError:
                fn = None
            self._fns[key] = fn
        if fn is None:
            raise Missing(name, None, "not exported by this macOS")
        return fn

    # -- sysctl -------------------------------------------------------------------
    def sysctl(self, name: str) -> bytes:
        fn = self._fn(
            "sysctlbyname",
            ctypes.c_int,
            [ctypes.c_char_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t),
             ctypes.c_void_p, ctypes.c_size_t],
        )  # fmt: skip
        size = ctypes.c_size_t(0)
        if fn(name.encode(), None, ctypes.byref(size), None, 0) != 0:
            raise failure(f"sysctl {name}", ctypes.get_errno())
        buf = ctypes.create_string_buffer(max(size.value, 1))
        if fn(name.encode(), buf, ctypes.byref(size), None, 0) != 0:
            raise failure(f"sysctl {name}", ctypes.get_errno())
        return buf.raw[: size.value]

    def sysctl_write(self, name: str, value: bytes) -> None:
        fn = self._fn(
            "sysctlbyname",
            ctypes.c_int,
            [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
             ctypes.c_void_p, ctypes.c_size_t],
            key="sysctlbyname/write",
        )  # fmt: skip
        buf = ctypes.create_string_buffer(value, len(value))
        if fn(name.encode(), None, None, buf, len(value)) != 0:
            raise failure(f"sysctl {name}", ctypes.get_errno())

    # -- Mach -----------------------------------------------------------------------
    def host_vm_info64(self) -> bytes:
        if self._host is None:  # one send right for the life of the table
            self._host = int(self._fn("mach_host_self", ctypes.c_uint32, [])())
        fn = self._fn(
            "host_statistics64",
            ctypes.c_int,
            [ctypes.c_uint32, ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32)],
        )
        info = st.vm_statistics64()
        count = ctypes.c_uint32(st.HOST_VM_INFO64_COUNT)
        kr = fn(self._host, st.HOST_VM_INFO64, ctypes.byref(info), ctypes.byref(count))
        if kr != st.KERN_SUCCESS:
            raise CallFailed("host_statistics64", None, f"kern_return_t {kr}")
        return bytes(info)[: count.value * 4]

    def timebase(self) -> tuple[int, int]:
        info = st.mach_timebase_info()
        fn = self._fn("mach_timebase_info", ctypes.c_int, [ctypes.c_void_p])
        if fn(ctypes.byref(info)) != 0 or info.denom == 0:
            return (1, 1)
        return (int(info.numer), int(info.denom))

    # -- libproc --------------------------------------------------------------------
    def list_pids(self) -> list[int]:
        fn = self._fn("proc_listallpids", ctypes.c_int, [ctypes.c_void_p, ctypes.c_int])
        estimate = fn(None, 0)
        if estimate <= 0:
            raise _errno_call("proc_listallpids")
        capacity = estimate + 64
        buf = (ctypes.c_int32 * capacity)()
        count = fn(buf, ctypes.sizeof(buf))
        if count <= 0:
            raise _errno_call("proc_listallpids")
        return [pid for pid in buf[: min(count, capacity)] if pid > 0]

    def proc_name(self, pid: int) -> str:
        fn = self._fn("proc_name", ctypes.c_int, [ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32])
        buf = ctypes.create_string_buffer(2 * st.MAXCOMLEN * 2)
        ctypes.set_errno(0)
        n = fn(pid, buf, ctypes.sizeof(buf))
        if n <= 0:
            err = ctypes.get_errno()
            if err:
                raise failure("proc_name", err)
            return ""
        return buf.raw[:n].decode("utf-8", "replace")

    def proc_pidinfo(self, pid: int, flavor: int, size: int, arg: int = 0) -> bytes:
        fn = self._fn(
            "proc_pidinfo",
            ctypes.c_int,
            [ctypes.c_int, ctypes.c_int, ctypes.c_uint64, ctypes.c_void_p, ctypes.c_int],
        )
        buf = ctypes.create_string_buffer(size)
        ctypes.set_errno(0)
        n = fn(pid, flavor, arg, buf, size)
        if n < size:
            raise failure(f"proc_pidinfo flavor {flavor}", ctypes.get_errno() or errno.ESRCH)
        return buf.raw

    def proc_pid_rusage(self, pid: int, flavor: int) -> bytes:
        fn = self._fn(
            "proc_pid_rusage", ctypes.c_int, [ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
        )
        info = st.rusage_info_v4()
        if fn(pid, flavor, ctypes.byref(info)) != 0:
            raise failure(f"proc_pid_rusage flavor {flavor}", ctypes.get_errno())
        raw = bytes(info)
        return raw if flavor >= st.RUSAGE_INFO_V4 else raw[: st.RUSAGE_INFO_V0_SIZE]

    # -- memorystatus ---------------------------------------------------------------
    def memorystatus_control(
        self, command: int, pid: int, flags: int, bufsize: int
    ) -> tuple[int, bytes]:
        buf = ctypes.create_string_buffer(bufsize) if bufsize else None
        args = (
            ctypes.c_uint32(command),
            ctypes.c_int32(pid),
            ctypes.c_uint32(flags),
            ctypes.c_void_p(ctypes.addressof(buf) if buf is not None else None),
            ctypes.c_size_t(bufsize),
        )
        try:
            fn = self._fn(
                "memorystatus_control",
                ctypes.c_int,
                [ctypes.c_uint32, ctypes.c_int32, ctypes.c_uint32, ctypes.c_void_p,
                 ctypes.c_size_t],
            )  # fmt: skip
            rc = fn(*args)
        except Missing:
            rc = self._syscall(st.SYS_memorystatus_control, *args)
        if rc < 0:
            raise failure(f"memorystatus_control command {command}", ctypes.get_errno())
        return int(rc), (buf.raw if buf is not None else b"")

    def vm_pressure_monitor(self, wait: bool, nsecs: int) -> tuple[int, int]:
        reclaimed = ctypes.c_uint32(0)
        args = (
            ctypes.c_int(1 if wait else 0),
            ctypes.c_int(nsecs),
            ctypes.c_void_p(ctypes.addressof(reclaimed)),
        )
        while True:
            try:
                fn = self._fn(
                    "vm_pressure_monitor",
                    ctypes.c_int,
                    [ctypes.c_int, ctypes.c_int, ctypes.c_void_p],
                )
                rc = fn(*args)
            except Missing:
                rc = self._syscall(st.SYS_vm_pressure_monitor, *args)
            if rc >= 0:
                return int(rc), int(reclaimed.value)
            err = ctypes.get_errno()
            if err != errno.EINTR:  # Ctrl-C raises KeyboardInterrupt on return
                raise failure("vm_pressure_monitor", err)

    def _syscall(self, number: int, *args: Any) -> int:
        """``syscall(number, ...)`` for a call libsystem_kernel does not export.

        ``syscall`` is variadic: only the number is a fixed argument (so ctypes uses the
        variadic convention on arm64), and every other argument is passed as an
        explicit ctypes instance.
        """
        fn = self._fn("syscall", ctypes.c_int, [ctypes.c_int])
        return int(fn(number, *args))

    def open_pressure_watch(self) -> PressureWatch:
        if not hasattr(select, "kqueue"):
            raise Missing("kqueue")
        return _KqueueWatch()

    # -- processes and users --------------------------------------------------------
    def kill(self, pid: int, sig: int) -> None:
        try:
            os.kill(pid, sig)
        except OSError as exc:
            raise failure("kill", exc.errno or 0) from None

    def geteuid(self) -> int:
        return os.geteuid()

    def user_name(self, uid: int) -> str | None:
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return None
