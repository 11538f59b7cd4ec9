"""``DarwinLibc`` itself, driven through a fake ``libSystem`` with the headers' signatures.

These tests run the real ctypes code of the function table (argument types, buffer
sizes, flavors, commands, syscall numbers) against :mod:`tests.macos.fake_libsystem`,
whose kernel side checks every value against Apple's headers written as literals.
"""

from __future__ import annotations

import ctypes
import dataclasses
import errno
import select

import pytest

from activitymon.model import Snapshot
from activitymon.sources import macos_calls
from activitymon.sources.macos import MacOSSource
from activitymon.sources.macos_calls import DarwinLibc, Gone, Missing, Refused
from activitymon.sources.macos_decode import decode_vm_statistics64
from tests.macos.fake_libsystem import FakeLibSystem
from tests.macos.fakes import MB, FakeDarwin, FakeProc, demo_fake, vm_bytes

_LIBS: dict[int, FakeLibSystem] = {}


def table(fake: FakeDarwin, *, missing: set[str] | None = None) -> DarwinLibc:
    lib = FakeLibSystem(fake, missing=missing)
    calls = DarwinLibc(lib)  # type: ignore[arg-type]  # a stand-in for ctypes.CDLL
    _LIBS[id(calls)] = lib
    return calls


def lib_of(calls: DarwinLibc) -> FakeLibSystem:
    return _LIBS[id(calls)]


def test_sysctl_asks_the_size_then_reads_the_value() -> None:
    calls = table(demo_fake())
    assert calls.sysctl("hw.model") == b"Mac14,2\0"
    assert int.from_bytes(calls.sysctl("hw.memsize"), "little") == 16 << 30
    sizes = [args[2] for args in lib_of(calls).called("sysctlbyname")]
    assert len(sizes) == 4  # two calls per read: NULL buffer for the size, then the read


def test_sysctl_missing_name_is_missing() -> None:
    with pytest.raises(Missing, match=r"sysctl vm\.nothing"):
        table(demo_fake()).sysctl("vm.nothing")


def test_sysctl_write_passes_the_new_value() -> None:
    fake = demo_fake()
    table(fake).sysctl_write(
        "kern.memorypressure_manual_trigger", (2 << 16 | 4).to_bytes(4, "little")
    )
    assert fake.writes == [("kern.memorypressure_manual_trigger", (0x20004).to_bytes(4, "little"))]


def test_sysctl_write_refused_for_a_user() -> None:
    with pytest.raises(Refused):
        table(demo_fake(root=False)).sysctl_write("kern.memorypressure_manual_trigger", b"\0" * 4)


def test_host_statistics64_reads_the_whole_struct() -> None:
    fake = demo_fake(vm=vm_bytes(free_count=12345, total_uncompressed_pages_in_compressor=777))
    raw = table(fake).host_vm_info64()
    assert len(raw) == 152
    stats = decode_vm_statistics64(raw)
    assert stats.free_count == 12345
    assert stats.total_uncompressed_pages_in_compressor == 777


def test_host_statistics64_flavor_is_host_vm_info64() -> None:
    calls = table(demo_fake())
    calls.host_vm_info64()
    ((host, flavor, _info, _count),) = lib_of(calls).called("host_statistics64")
    assert (host, flavor) == (0x0103, 4)  # mach_host_self(), HOST_VM_INFO64


def test_timebase() -> None:
    assert table(demo_fake(timebase_=(125, 3))).timebase() == (125, 3)


def test_list_pids_of_a_busy_mac_returns_every_pid() -> None:
    procs = [FakeProc(pid, f"p{pid}") for pid in range(100, 700)]
    assert table(FakeDarwin(procs=procs)).list_pids() == list(range(100, 700))


def test_proc_name_and_its_errors() -> None:
    calls = table(demo_fake())
    assert calls.proc_name(777) == "Safari"
    with pytest.raises(Gone):
        calls.proc_name(4242)
    with pytest.raises(Refused):
        table(demo_fake(root=False)).proc_name(1)


def test_proc_pidinfo_short_and_task_info() -> None:
    calls = table(demo_fake())
    short = calls.proc_pidinfo(777, 13, 64)
    assert short[16:22] == b"Safari"
    task = calls.proc_pidinfo(777, 4, 96)
    assert int.from_bytes(task[8:16], "little") == 80 * MB  # pti_resident_size
    flavors = [args[1] for args in lib_of(calls).called("proc_pidinfo")]
    assert flavors == [13, 4]


def test_proc_pidinfo_of_a_vanished_process_is_gone() -> None:
    with pytest.raises(Gone):
        table(demo_fake()).proc_pidinfo(4242, 13, 64)


def test_proc_pid_rusage_v4_buffer_holds_the_struct() -> None:
    raw = table(demo_fake()).proc_pid_rusage(777, 4)
    assert len(raw) == 296
    assert int.from_bytes(raw[72:80], "little") == 1200 * MB  # ri_phys_footprint
    assert len(table(demo_fake()).proc_pid_rusage(777, 0)) == 96


def test_memorystatus_priority_list_and_memlimits() -> None:
    calls = table(demo_fake())
    needed, _ = calls.memorystatus_control(1, 0, 0, 0)
    rc, raw = calls.memorystatus_control(1, 0, 0, needed)
    assert rc == needed == 5 * 24
    pids = [int.from_bytes(raw[k : k + 4], "little") for k in range(0, rc, 24)]
    assert sorted(pids) == [1, 88, 310, 501, 777]
    _, props = calls.memorystatus_control(8, 501, 0, 16)
    assert int.from_bytes(props[0:4], "little", signed=True) == 3072
    commands = [args[0] for args in lib_of(calls).called("memorystatus_control")]
    assert commands == [1, 1, 8]


def test_memorystatus_control_needs_root() -> None:
    with pytest.raises(Refused):
        table(demo_fake(root=False)).memorystatus_control(1, 0, 0, 0)


def test_memorystatus_control_falls_back_to_syscall_440() -> None:
    calls = table(demo_fake(), missing={"memorystatus_control"})
    needed, _ = calls.memorystatus_control(1, 0, 0, 0)
    assert needed == 5 * 24
    lib = lib_of(calls)
    assert [(args[0], len(extra)) for name, args, extra in lib.calls if name == "syscall"] == [
        (440, 5)
    ]


def test_vm_pressure_monitor_and_its_syscall_fallback() -> None:
    for missing in (set(), {"vm_pressure_monitor"}):
        calls = table(FakeDarwin(readings=[(300, 2048)]), missing=missing)
        assert calls.vm_pressure_monitor(False, 1) == (300, 2048)
    assert [args[0] for name, args, _ in lib_of(calls).calls if name == "syscall"] == [296]


def test_an_unknown_syscall_is_enosys() -> None:
    calls = table(demo_fake())
    fn = calls._fn("syscall", ctypes.c_int, [ctypes.c_int])
    assert fn(441, ctypes.c_uint32(1)) == -1
    assert ctypes.get_errno() == errno.ENOSYS


def test_signature_mismatch_is_caught() -> None:
    """The fake itself refuses a prototype that differs from the header's."""
    calls = table(demo_fake())
    fn = calls._fn(
        "proc_pidinfo",
        ctypes.c_int,
        [ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_int],
    )
    with pytest.raises(AssertionError, match="the header says"):
        fn(1, 13, 0, None, 0)


def test_a_buffer_overflow_is_caught() -> None:
    calls = table(demo_fake())
    fn = calls._fn("proc_listallpids", ctypes.c_int, [ctypes.c_void_p, ctypes.c_int])
    small = (ctypes.c_int32 * 2)()
    with pytest.raises(AssertionError, match="buffer has only 8"):
        fn(small, 400)


def test_the_whole_source_reads_the_same_through_libc() -> None:
    """The macOS source over ``DarwinLibc`` + fake libSystem sees exactly what it sees
    over the fake table directly: every byte went through the real ctypes code."""

    def sample(calls: object) -> Snapshot:
        source = MacOSSource(calls, clock=lambda: 5.0, wall_clock=lambda: 1.7e9)  # type: ignore[arg-type]  # both tables implement DarwinCalls
        snapshot = source.sample()
        # user names come from this machine's passwd through pwd, not from libSystem
        procs = tuple(dataclasses.replace(p, user=None) for p in snapshot.processes)
        return dataclasses.replace(snapshot, processes=procs)

    direct = sample(demo_fake())
    through = sample(table(demo_fake()))
    assert through.processes
    assert through.memory.total_pages
    assert through == direct


class FakeKevent:
    def __init__(self, ident: int, *, filter: int, flags: int, fflags: int) -> None:
        self.ident, self.filter, self.flags, self.fflags = ident, filter, flags, fflags


class FakeKqueue:
    registered: list[FakeKevent] = []

    def control(
        self, changes: list[FakeKevent] | None, max_events: int, timeout: float
    ) -> list[FakeKevent]:
        if changes:
            FakeKqueue.registered.extend(changes)
            return []
        return [FakeKevent(0, filter=-14, flags=0, fflags=0x4)]

    def close(self) -> None:
        pass


def test_pressure_watch_registers_evfilt_memorystatus(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeKqueue.registered = []
    monkeypatch.setattr(select, "kqueue", FakeKqueue, raising=False)
    monkeypatch.setattr(select, "kevent", FakeKevent, raising=False)
    monkeypatch.setattr(select, "KQ_EV_ADD", 0x1, raising=False)  # sys/event.h EV_ADD
    monkeypatch.setattr(select, "KQ_EV_CLEAR", 0x20, raising=False)  # sys/event.h EV_CLEAR
    watch = table(demo_fake()).open_pressure_watch()
    (change,) = FakeKqueue.registered
    assert change.filter == -14  # EVFILT_MEMORYSTATUS
    assert change.fflags == 0x1 | 0x2 | 0x4  # NOTE_MEMORYSTATUS_PRESSURE_NORMAL|WARN|CRITICAL
    assert change.flags == 0x1 | 0x20
    assert watch.poll(0) == [0x4]
    watch.close()
    assert macos_calls.LIBSYSTEM.endswith("libSystem.B.dylib")
