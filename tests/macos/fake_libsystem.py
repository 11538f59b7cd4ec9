"""A fake ``libSystem.B.dylib`` that :class:`DarwinLibc` loads in place of the real one.

``FakeLibSystem(darwin)[name]`` returns a callable with ctypes' ``restype`` and
``argtypes`` attributes, as ``ctypes.CDLL`` does. When called it

* checks the signature the caller declared against the C prototype from Apple's
  headers (written below as literals), by ABI class: the width and signedness of each
  integer, pointer or not, and for the variadic ``syscall`` the type of every argument
  after the number;
* converts the arguments as ctypes would (``argtype.from_param``), so a Python value
  that ctypes would refuse is refused;
* serves the call from a :class:`~tests.macos.fakes.FakeDarwin` the way the kernel does:
  it reads the caller's sizes and pointers and writes into the caller's real buffers with
  ``ctypes.memmove``, never past the buffer's real size (an overflow fails the test), sets
  ``errno`` with ``ctypes.set_errno`` and returns what the C function returns.

So a wrong flavor, filter, command, syscall number, buffer size or argument type in
``DarwinLibc`` itself fails a test: nothing here is taken from ``macos_structs``.
"""

from __future__ import annotations

import ctypes
import errno
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from activitymon.sources.macos_calls import CallFailed
from tests.macos.fake_libsystem_vm import VM_PROTOTYPES, VmServing
from tests.macos.fakes import FakeDarwin

# An ABI class: ("int", size, signed) or ("ptr",).
Abi = tuple[Any, ...]
PTR: Abi = ("ptr",)


def i(size: int, signed: bool) -> Abi:
    return ("int", size, signed)


INT, UINT32, INT32, UINT64, SIZE_T = i(4, True), i(4, False), i(4, True), i(8, False), i(8, False)

#: C prototypes from Apple's headers: (return, parameters, variadic)
PROTOTYPES: dict[str, tuple[Abi, tuple[Abi, ...], bool]] = {
    # bsd/sys/sysctl.h: int sysctlbyname(const char *, void *, size_t *, void *, size_t)
    "sysctlbyname": (INT, (PTR, PTR, PTR, PTR, SIZE_T), False),
    # osfmk/mach/mach_init.h: mach_port_t mach_host_self(void)
    "mach_host_self": (UINT32, (), False),
    # osfmk/mach/mach_host.defs: kern_return_t host_statistics64(host_t, host_flavor_t,
    #   host_info64_t, mach_msg_type_number_t *)
    "host_statistics64": (INT, (UINT32, INT, PTR, PTR), False),
    # osfmk/mach/mach_time.h: kern_return_t mach_timebase_info(mach_timebase_info_t)
    "mach_timebase_info": (INT, (PTR,), False),
    # libsyscall/wrappers/libproc/libproc.h
    "proc_listallpids": (INT, (PTR, INT), False),  # (void *buffer, int buffersize)
    "proc_name": (INT, (INT, PTR, UINT32), False),  # (int pid, void *, uint32_t size)
    # (int pid, int flavor, uint64_t arg, void *buffer, int buffersize)
    "proc_pidinfo": (INT, (INT, INT, UINT64, PTR, INT), False),
    "proc_pid_rusage": (INT, (INT, INT, PTR), False),  # (int pid, int flavor, rusage_info_t *)
    # bsd/sys/kern_memorystatus.h: int memorystatus_control(uint32_t command, int32_t pid,
    #   uint32_t flags, void *buffer, size_t buffersize)
    "memorystatus_control": (INT, (UINT32, INT32, UINT32, PTR, SIZE_T), False),
    # bsd/kern/syscalls.master 296: int vm_pressure_monitor(int wait_for_pressure,
    #   int nsecs_monitored, uint32_t *pages_reclaimed)
    "vm_pressure_monitor": (INT, (INT, INT, PTR), False),
    # unistd.h: int syscall(int, ...)
    "syscall": (INT, (INT,), True),
    # the memory-map calls (tests/macos/fake_libsystem_vm.py)
    **VM_PROTOTYPES,
}

#: bsd/kern/syscalls.master
SYSCALLS = {296: "vm_pressure_monitor", 440: "memorystatus_control"}

# Header values the fake kernel checks (literals, never from macos_structs):
HOST_PORT = 0x0103  # any send right; mach_host_self() returns it
HOST_VM_INFO64 = 4  # osfmk/mach/host_info.h
HOST_VM_INFO64_COUNT = 38  # integer_t units (152 bytes)
HOST_VM_INFO64_REV0_COUNT = 24
KERN_INVALID_ARGUMENT = 4  # osfmk/mach/kern_return.h
KERN_FAILURE = 5
#: bsd/sys/resource.h: sizeof(struct rusage_info_vN) by flavor
RUSAGE_SIZES = {0: 96, 1: 144, 2: 160, 3: 232, 4: 296, 5: 304, 6: 464}
MEMORYSTATUS_BUFFERSIZE_MAX = 65536  # bsd/sys/kern_memorystatus.h
MAXCOMLEN = 16  # bsd/sys/param.h; proc_name needs a buffer of 2 × MAXCOMLEN


def abi_of(ctype: Any) -> Abi:
    """The ABI class of a ctypes type."""
    if ctype in (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_wchar_p) or (
        isinstance(ctype, type) and issubclass(ctype, ctypes._Pointer)
    ):
        return PTR
    if isinstance(ctype, type) and issubclass(ctype, ctypes._SimpleCData):
        size = ctypes.sizeof(ctype)
        signed = ctype(-1).value == -1
        return i(size, signed)
    raise AssertionError(f"not a C scalar type: {ctype!r}")


@dataclass
class Ptr:
    """A pointer argument: its address and, where the fake can see it, the buffer behind
    it (for bounds checks) or the bytes of a ``const char *``."""

    address: int
    size: int | None = None
    data: bytes | None = None

    @property
    def null(self) -> bool:
        return self.address == 0 and self.data is None


def to_pointer(value: Any) -> Ptr:
    if value is None:
        return Ptr(0)
    if isinstance(value, bytes):
        return Ptr(0, len(value), value)
    if isinstance(value, ctypes.c_void_p):
        return Ptr(value.value or 0)
    if isinstance(value, int):
        return Ptr(value)
    obj = getattr(value, "_obj", None)  # ctypes.byref(x)
    if obj is not None:
        return Ptr(ctypes.addressof(obj), ctypes.sizeof(obj))
    if isinstance(value, (ctypes.Array, ctypes.Structure, ctypes._SimpleCData)):
        return Ptr(ctypes.addressof(value), ctypes.sizeof(value))
    raise AssertionError(f"cannot pass {value!r} as a pointer")


def to_int(ctype: Any, value: Any) -> int:
    raw = value.value if isinstance(value, ctypes._SimpleCData) else value
    return int(ctype(raw).value)


def write(ptr: Ptr, data: bytes, room: int, what: str) -> int:
    """Copy ``data`` (at most ``room`` bytes, what the caller said it has) to ``ptr``."""
    n = min(len(data), room)
    if ptr.size is not None and n > ptr.size:
        raise AssertionError(
            f"{what}: told {room} bytes of room but the buffer has only {ptr.size}"
        )
    ctypes.memmove(ptr.address, data, n)
    return n


def read_int(ptr: Ptr, ctype: Any) -> int:
    return int(ctype.from_address(ptr.address).value)


def store_int(ptr: Ptr, ctype: Any, value: int, what: str) -> None:
    if ptr.size is not None and ptr.size < ctypes.sizeof(ctype):
        raise AssertionError(f"{what}: the out-parameter is smaller than {ctype.__name__}")
    ctype.from_address(ptr.address).value = value


def fail(err: int, result: int = -1) -> int:
    ctypes.set_errno(err)
    return result


class FakeFunction:
    """One exported symbol: ctypes' ``restype`` / ``argtypes`` and a C-like call."""

    def __init__(self, name: str, serve: Callable[..., int], lib: FakeLibSystem) -> None:
        self.__name__ = name
        self.restype: Any = ctypes.c_int
        self.argtypes: list[Any] | None = None
        self._serve = serve
        self._lib = lib

    def __call__(self, *args: Any) -> int:
        name = self.__name__
        ret, params, variadic = PROTOTYPES[name]
        assert self.argtypes is not None, f"{name}: called without argtypes"
        declared = tuple(abi_of(t) for t in self.argtypes)
        assert declared == params, f"{name}: declared {declared}, the header says {params}"
        assert abi_of(self.restype) == ret, f"{name}: restype {self.restype!r}"
        fixed = len(params)
        if variadic:
            assert len(args) >= fixed, f"{name}: too few arguments"
        else:
            assert len(args) == fixed, f"{name}: {len(args)} arguments, the header has {fixed}"
        converted: list[Any] = []
        for ctype, value in zip(self.argtypes, args[:fixed], strict=True):
            try:
                ctype.from_param(value)
            except TypeError as exc:
                raise ctypes.ArgumentError(f"{name}: {exc}") from None
            converted.append(to_pointer(value) if abi_of(ctype) == PTR else to_int(ctype, value))
        extra = list(args[fixed:])
        self._lib.calls.append((name, tuple(converted), tuple(extra)))
        return self._serve(*converted, *extra)


class FakeLibSystem(VmServing):
    """What ``ctypes.CDLL('/usr/lib/libSystem.B.dylib')`` gives, served by ``darwin``."""

    darwin: FakeDarwin

    def __init__(self, darwin: FakeDarwin, *, missing: set[str] | None = None) -> None:
        self.darwin = darwin
        self.helpers = sys.modules[__name__]  # store_int, read_int, write, fail
        self.missing = missing or set()
        self.calls: list[tuple[str, tuple[Any, ...], tuple[Any, ...]]] = []

    def __getitem__(self, name: str) -> FakeFunction:
        if name in self.missing or name not in PROTOTYPES:
            raise AttributeError(f"dlsym(RTLD_DEFAULT, {name}): symbol not found")
        serve: Callable[..., int] = getattr(self, "_" + name)
        return FakeFunction(name, serve, self)

    def called(self, name: str) -> list[tuple[Any, ...]]:
        return [args for call, args, _ in self.calls if call == name]

    # -- the kernel's side ------------------------------------------------------------
    def _sysctlbyname(self, name: Ptr, oldp: Ptr, oldlenp: Ptr, newp: Ptr, newlen: int) -> int:
        assert name.data is not None, "sysctlbyname: the name must be a C string"
        key = name.data.decode()
        try:
            if not newp.null:
                self.darwin.sysctl_write(key, ctypes.string_at(newp.address, newlen))
                return 0
            value = self.darwin.sysctl(key)
        except CallFailed as exc:
            return fail(exc.errno or errno.EINVAL)
        if oldp.null:
            store_int(oldlenp, ctypes.c_size_t, len(value), "sysctlbyname oldlenp")
            return 0
        room = read_int(oldlenp, ctypes.c_size_t)
        if room < len(value):
            return fail(errno.ENOMEM)
        store_int(oldlenp, ctypes.c_size_t, write(oldp, value, room, key), "oldlenp")
        return 0

    def _mach_host_self(self) -> int:
        return HOST_PORT

    def _host_statistics64(self, host: int, flavor: int, info: Ptr, count_p: Ptr) -> int:
        if host != HOST_PORT or flavor != HOST_VM_INFO64:
            return KERN_INVALID_ARGUMENT
        count = read_int(count_p, ctypes.c_uint32)
        if count < HOST_VM_INFO64_REV0_COUNT:
            return KERN_FAILURE
        count = HOST_VM_INFO64_COUNT if count >= HOST_VM_INFO64_COUNT else HOST_VM_INFO64_REV0_COUNT
        write(info, self.darwin.host_vm_info64(), count * 4, "host_statistics64")
        store_int(count_p, ctypes.c_uint32, count, "host_statistics64 count")
        return 0

    def _mach_timebase_info(self, info: Ptr) -> int:
        numer, denom = self.darwin.timebase()
        raw = numer.to_bytes(4, "little") + denom.to_bytes(4, "little")
        write(info, raw, 8, "mach_timebase_info")
        return 0

    def _proc_listallpids(self, buffer: Ptr, buffersize: int) -> int:
        pids = self.darwin.list_pids()
        if buffer.null:
            return len(pids) + 20  # the kernel's estimate: (nprocs + 20) × 4 bytes / 4
        fits = pids[: max(buffersize, 0) // 4]
        raw = b"".join(pid.to_bytes(4, "little", signed=True) for pid in fits)
        write(buffer, raw, buffersize, "proc_listallpids")
        return len(fits)

    def _proc_name(self, pid: int, buffer: Ptr, size: int) -> int:
        if size < 2 * MAXCOMLEN:
            return fail(errno.ENOMEM, 0)
        try:
            name = self.darwin.proc_name(pid).encode()[: 2 * MAXCOMLEN - 1]
        except CallFailed as exc:
            return fail(exc.errno or errno.ESRCH, 0)
        write(buffer, name + b"\0", size, "proc_name")
        return len(name)

    def _proc_pidinfo(self, pid: int, flavor: int, arg: int, buffer: Ptr, size: int) -> int:
        try:
            raw = self.darwin.proc_pidinfo(pid, flavor, size, arg)
        except CallFailed as exc:
            return fail(exc.errno or errno.EINVAL, 0)
        if size < len(raw):
            return fail(errno.ENOMEM, 0)
        return write(buffer, raw, size, f"proc_pidinfo flavor {flavor}")

    def _proc_pid_rusage(self, pid: int, flavor: int, buffer: Ptr) -> int:
        try:
            raw = self.darwin.proc_pid_rusage(pid, flavor)
        except CallFailed as exc:
            return fail(exc.errno or errno.EINVAL)
        size = RUSAGE_SIZES[flavor]  # the kernel copies out the whole struct of the flavor
        write(buffer, raw.ljust(size, b"\0"), size, f"proc_pid_rusage flavor {flavor}")
        return 0

    def _memorystatus_control(
        self, command: int, pid: int, flags: int, buffer: Ptr, buffersize: int
    ) -> int:
        if buffersize > MEMORYSTATUS_BUFFERSIZE_MAX:
            return fail(errno.EINVAL)
        try:
            rc, raw = self.darwin.memorystatus_control(command, pid, flags, buffersize)
        except CallFailed as exc:
            return fail(exc.errno or errno.EINVAL)
        if raw and not buffer.null:
            write(buffer, raw, buffersize, f"memorystatus_control command {command}")
        return rc

    def _vm_pressure_monitor(self, wait: int, nsecs: int, reclaimed: Ptr) -> int:
        wanted, freed = self.darwin.vm_pressure_monitor(bool(wait), nsecs)
        if not reclaimed.null:
            store_int(reclaimed, ctypes.c_uint32, freed, "vm_pressure_monitor")
        return wanted

    def _syscall(self, number: int, *args: Any) -> int:
        name = SYSCALLS.get(number)
        if name is None:
            return fail(errno.ENOSYS)
        _ret, params, _variadic = PROTOTYPES[name]
        assert len(args) == len(params), f"syscall {number}: {len(args)} arguments"
        converted: list[Any] = []
        for value, want in zip(args, params, strict=True):
            # variadic arguments must be explicit ctypes instances of the right width
            assert isinstance(value, ctypes._SimpleCData), f"syscall {number}: {value!r}"
            got = abi_of(type(value))
            assert got == want, f"syscall {number}: {type(value).__name__} where {want}"
            converted.append(to_pointer(value) if want == PTR else to_int(type(value), value))
        serve: Callable[..., int] = getattr(self, "_" + name)
        return serve(*converted)
