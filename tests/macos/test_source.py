"""The whole macOS source, end to end, against the fake function table."""

from __future__ import annotations

import signal

import pytest

from activitymon.model import Era, Exited, Launched, LevelChanged, PressureLevel, ProcessState
from activitymon.sources import (
    AccessDenied,
    Capability,
    ProcessGone,
    Source,
    SourceError,
    SourceUnavailable,
    TerminatingSource,
    open_source,
)
from activitymon.sources import macos_structs as st
from activitymon.sources.macos import MacOSSource, open_macos_source
from activitymon.sources.macos_system import era_for
from tests.macos.fakes import MB, PAGE, FakeDarwin, FakeProc, default_sysctls, demo_fake


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(fake: FakeDarwin, clock: Clock | None = None) -> MacOSSource:
    return MacOSSource(fake, clock=clock or Clock(), wall_clock=lambda: 1.7e9)


def test_is_a_source_that_can_terminate() -> None:
    source = make(demo_fake())
    assert isinstance(source, Source)
    assert isinstance(source, TerminatingSource)
    assert source.name == "macos"
    assert "\n" not in source.describe()
    assert "Mac14,2" in source.describe()


def test_memory_from_host_statistics_and_sysctls() -> None:
    snap = make(demo_fake()).sample()
    mem = snap.memory
    assert mem.page_size == PAGE
    assert mem.total_pages == (16 << 30) // PAGE
    assert mem.free_pages == 20000 - 4000  # free_count includes speculative
    assert mem.speculative_pages == 4000
    assert mem.wired_pages == 150000
    assert mem.file_backed_pages == 200000
    assert mem.anonymous_pages == 350000
    assert mem.compressor_pages == 60000
    assert mem.compressed_pages == 180000
    assert mem.swap_total_bytes == 2 << 30
    assert mem.swap_used_bytes == 512 * MB
    # macOS keeps memorystatus_available_pages private: active + inactive + free (§4.3)
    assert mem.available_pages == 300000 + 250000 + 20000
    assert snap.level is PressureLevel.NORMAL
    assert snap.memorystatus_level == 64
    assert snap.extra["vm.vm_page_free_target"] == 4000
    assert snap.extra["am.app_memory_bytes"] == (350000 - 5000) * PAGE
    assert snap.extra["am.memory_used_bytes"] == (345000 + 150000 + 60000) * PAGE


def test_kernel_available_pages_are_used_where_present() -> None:
    fake = demo_fake()
    fake.sysctls["kern.memorystatus_available_pages"] = (123456).to_bytes(4, "little")
    assert make(fake).sample().memory.available_pages == 123456


def test_processes_as_root_have_footprint_bands_and_limits() -> None:
    snap = make(demo_fake()).sample()
    assert snap.era is Era.MACOS
    web = snap.by_pid[501]
    assert web.name == "com.apple.WebKit.WebContent"  # long name, not the 16-char comm
    assert web.footprint_bytes == 900 * MB
    assert web.lifetime_max_bytes == 150 * MB
    assert web.rss_bytes == 80 * MB
    assert web.band == 0
    assert web.limit is not None
    assert web.limit.bytes == 3072 * MB
    assert web.limit.fatal is True
    assert web.states >= {ProcessState.TRACKED, ProcessState.IDLE_EXIT, ProcessState.IDLE}
    assert web.user == "ada"
    mds = snap.by_pid[310]
    assert mds.limit is not None
    assert mds.limit.fatal is False
    assert ProcessState.HIGHWATER in mds.states  # 300 MB over a 250 MB soft limit
    assert snap.by_pid[88].limit is None  # −1: no limit
    assert snap.by_pid[88].states >= {ProcessState.TRACKED, ProcessState.DIRTY}


def test_band_seq_is_the_kernel_kill_order() -> None:
    snap = make(demo_fake()).sample()
    order = sorted(snap.processes, key=lambda p: p.band_seq if p.band_seq is not None else -1)
    assert [p.band for p in order] == sorted(p.band for p in snap.processes if p.band is not None)


def test_applied_limit_picks_the_active_or_inactive_fatality() -> None:
    fake = FakeDarwin(
        procs=[
            FakeProc(10, "fg", band=100, limit_mb=500, active_mb=500, active_fatal=True,
                     inactive_mb=500, inactive_fatal=False),
            FakeProc(11, "bg", band=0, limit_mb=500, active_mb=500, active_fatal=True,
                     inactive_mb=500, inactive_fatal=False),
            FakeProc(12, "inactive", band=0, limit_mb=200, active_mb=900, active_fatal=True,
                     inactive_mb=200, inactive_fatal=False),
        ],
        euid=0,
    )  # fmt: skip
    snap = make(fake).sample()
    assert snap.by_pid[10].limit.fatal is True  # type: ignore[union-attr]
    assert snap.by_pid[11].limit.fatal is False  # type: ignore[union-attr]
    assert snap.by_pid[12].limit.bytes == 200 * MB  # type: ignore[union-attr]
    assert snap.by_pid[12].active_limit.bytes == 900 * MB  # type: ignore[union-attr]


def test_refused_memlimits_leave_bands_but_no_limits() -> None:
    fake = demo_fake(refuse={"memlimit"})
    source = make(fake)
    snap = source.sample()
    source.sample()
    web = snap.by_pid[501]
    assert web.band == 0
    assert web.limit is None  # fatality unknown: no half-true limit
    assert web.active_limit is None
    assert [n for n in source.notices() if "limits unknown" in n] == [
        "Active/inactive limits unknown: memorystatus_control command 8 was refused (needs root)"
    ]
    # probe; size, list, one refused memlimit; size, list: not asked again per process
    assert fake.calls.count("memorystatus_control") == 1 + 3 + 2


def test_without_root_bands_are_unknown_with_one_notice() -> None:
    source = make(demo_fake(root=False))
    assert Capability.BANDS not in source.capabilities
    assert Capability.LIMITS not in source.capabilities
    snap = source.sample()
    source.sample()
    assert snap.era is None
    assert all(p.band is None and p.limit is None for p in snap.processes)
    bands = [n for n in source.notices() if "bands" in n]
    assert len(bands) == 1
    assert "sudo" in bands[0]


def test_other_users_footprint_refused_is_none_never_zero() -> None:
    source = make(demo_fake(root=False))
    snap = source.sample()
    source.sample()
    mine = snap.by_pid[777]
    assert mine.footprint_bytes == 1200 * MB
    theirs = snap.by_pid[88]
    assert theirs.name == "WindowServer"  # short info needs no privilege
    assert theirs.footprint_bytes is None
    assert theirs.rss_bytes is None
    assert theirs.cpu_percent is None
    assert theirs.user is None  # uid 88 unknown to the fake's user table
    footprint = [n for n in source.notices() if "Footprint" in n]
    assert len(footprint) == 1


def test_long_names_of_other_users_fall_back_to_the_short_name() -> None:
    fake = FakeDarwin(procs=[FakeProc(5, "com.apple.a.very.long.daemon", uid=0)], euid=501)
    snap = make(fake).sample()
    assert snap.by_pid[5].name == "com.apple.a.very"  # pbsi_comm, 16 characters


def test_notices_are_drained_once() -> None:
    source = make(demo_fake(root=False))
    source.sample()
    first = source.drain_notices()
    source.sample()
    assert first
    assert source.drain_notices() == []
    assert source.notices() == first


def test_missing_memorystatus_control_symbol() -> None:
    source = make(demo_fake(missing={"memorystatus_control"}))
    snap = source.sample()
    assert all(p.band is None for p in snap.processes)
    assert any("not available on this macOS" in n for n in source.notices())


def test_missing_proc_pid_rusage_symbol() -> None:
    source = make(demo_fake(missing={"proc_pid_rusage"}))
    snap = source.sample()
    assert all(p.footprint_bytes is None for p in snap.processes)
    assert all(p.rss_bytes is not None for p in snap.processes)
    assert any("proc_pid_rusage is not available" in n for n in source.notices())


def test_missing_kqueue_falls_back_to_sampling_the_level() -> None:
    fake = demo_fake(missing={"kqueue"})
    source = make(fake)
    source.sample()
    fake.sysctls["kern.memorystatus_vm_pressure_level"] = (2).to_bytes(4, "little")
    source.sample()
    events = [e for e in source.drain_events() if isinstance(e, LevelChanged)]
    assert [e.level for e in events] == [PressureLevel.WARN]
    assert any("only at each sample" in n for n in source.notices())


def test_rusage_v4_unknown_falls_back_to_v0_without_peak() -> None:
    source = make(demo_fake(rusage_flavors={0, 1, 2, 3}))
    snap = source.sample()
    assert snap.by_pid[777].footprint_bytes == 1200 * MB
    assert snap.by_pid[777].lifetime_max_bytes is None
    assert any("RUSAGE_INFO_V4" in n for n in source.notices())


def test_process_gone_after_listing_is_left_out() -> None:
    fake = demo_fake()
    fake.procs.append(FakeProc(900, "ephemeral", vanish="list"))
    snap = make(fake).sample()
    assert 900 not in snap.by_pid


def test_process_gone_while_being_read_is_marked_terminated() -> None:
    fake = demo_fake()
    fake.procs.append(FakeProc(901, "dying", vanish="short", band=0))
    snap = make(fake).sample()
    dying = snap.by_pid[901]
    assert ProcessState.TERMINATED in dying.states
    assert dying.footprint_bytes is None
    assert dying.rss_bytes is None


def test_zombie_has_footprint_but_no_task() -> None:
    fake = demo_fake()
    fake.procs.append(FakeProc(902, "zombie", status=5))
    proc = make(fake).sample().by_pid[902]
    assert ProcessState.ZOMBIE in proc.states
    assert proc.footprint_bytes == 100 * MB
    assert proc.rss_bytes is None


def test_cpu_percent_from_mach_ticks_between_samples() -> None:
    clock = Clock()
    fake = demo_fake()  # timebase 125/3: Apple silicon ticks
    source = make(fake, clock)
    assert source.sample().by_pid[777].cpu_percent is None  # nothing to compare yet
    clock.now += 2.0
    fake.proc(777).cpu_ticks += int(1e9 * 3 / 125)  # 1 s of CPU
    assert source.sample().by_pid[777].cpu_percent == pytest.approx(50.0)


def test_era_follows_the_os_version() -> None:
    assert era_for("22.1.0", "13.0") is Era.MACOS
    assert era_for("21.6.0", "12.6") is Era.LEGACY
    assert era_for(None, "13.4.1") is Era.MACOS
    assert era_for(None, "10.16") is Era.LEGACY
    assert era_for(None, None) is None


def test_monterey_bands_stay_on_the_legacy_scale() -> None:
    sysctls = default_sysctls()
    sysctls["kern.osrelease"] = b"21.6.0\0"
    sysctls["kern.osproductversion"] = b"12.6\0"
    fake = FakeDarwin(procs=[FakeProc(50, "app", band=10)], euid=0, sysctls=sysctls)
    snap = make(fake).sample()
    assert snap.era is Era.LEGACY
    assert snap.by_pid[50].band == 10


def test_unknown_version_decides_the_scale_from_the_bands() -> None:
    sysctls = default_sysctls()
    del sysctls["kern.osrelease"], sysctls["kern.osproductversion"]
    fake = FakeDarwin(procs=[FakeProc(50, "app", band=100)], euid=0, sysctls=sysctls)
    assert make(fake).sample().era is Era.MACOS


def test_pressure_notes_become_level_changed_events() -> None:
    fake = demo_fake()
    source = make(fake)
    source.sample()
    fake.notes.extend([0x2, 0x2, 0x4])
    events = [e for e in source.drain_events() if isinstance(e, LevelChanged)]
    assert [e.level for e in events] == [PressureLevel.WARN, PressureLevel.CRITICAL]
    assert events[0].memorystatus_level == 64


def test_sysctl_and_note_of_the_same_change_give_one_event() -> None:
    fake = demo_fake()
    source = make(fake)
    source.sample()
    fake.notes.append(0x2)
    fake.sysctls["kern.memorystatus_vm_pressure_level"] = (2).to_bytes(4, "little")
    source.sample()
    assert len([e for e in source.drain_events() if isinstance(e, LevelChanged)]) == 1


def test_launch_and_exit_between_samples() -> None:
    fake = demo_fake()
    source = make(fake)
    source.sample()
    assert [e for e in source.drain_events() if isinstance(e, Launched)] == []
    fake.procs = [p for p in fake.procs if p.pid != 777]
    fake.procs.append(FakeProc(1234, "Xcode", band=100))
    source.sample()
    events = source.drain_events()
    assert [(e.pid, e.name) for e in events if isinstance(e, Exited)] == [(777, "Safari")]
    assert [(e.pid, e.band) for e in events if isinstance(e, Launched)] == [(1234, 100)]


def test_unreadable_pressure_level_is_none_with_notice() -> None:
    sysctls = default_sysctls()
    del sysctls["kern.memorystatus_vm_pressure_level"]
    source = make(FakeDarwin(procs=[], euid=0, sysctls=sysctls))
    assert source.sample().level is None
    assert any("Pressure level unknown" in n for n in source.notices())


def test_no_page_size_means_unavailable() -> None:
    sysctls = default_sysctls()
    del sysctls["vm.pagesize"]
    with pytest.raises(SourceUnavailable, match="page size"):
        make(FakeDarwin(sysctls=sysctls))


@pytest.mark.parametrize("force", [False, True])
def test_terminate_sends_term_or_kill(force: bool) -> None:
    fake = demo_fake(root=False)
    source = make(fake)
    source.sample()
    source.terminate(777, force=force)
    assert fake.kills == [(777, signal.SIGKILL if force else signal.SIGTERM)]


def test_terminate_another_users_process_is_access_denied() -> None:
    source = make(demo_fake(root=False))
    source.sample()
    with pytest.raises(AccessDenied, match=r"WindowServer \(pid 88\)") as info:
        source.terminate(88, force=True)
    assert "\n" not in str(info.value)


def test_terminate_a_vanished_process_is_process_gone() -> None:
    fake = demo_fake()
    source = make(fake)
    source.sample()
    fake.procs = [p for p in fake.procs if p.pid != 777]
    with pytest.raises(ProcessGone, match=r"Safari \(pid 777\) has already exited"):
        source.terminate(777, force=False)


@pytest.mark.parametrize("pid", [-1, 0, 1])
def test_terminate_never_signals_groups_kernel_or_launchd(pid: int) -> None:
    fake = demo_fake()
    with pytest.raises(AccessDenied):
        make(fake).terminate(pid, force=True)
    assert fake.kills == []


def test_simulate_pressure_as_root_writes_the_trigger() -> None:
    fake = demo_fake()
    source = make(fake)
    source.simulate_pressure(PressureLevel.CRITICAL)
    source.simulate_pressure(None)
    values = [int.from_bytes(v, "little") for _, v in fake.writes]
    assert values == [(2 << 16) | 4, (2 << 16) | 1]


def test_simulate_pressure_without_root_says_so() -> None:
    fake = demo_fake(root=False)
    with pytest.raises(AccessDenied, match="needs root"):
        make(fake).simulate_pressure(PressureLevel.WARN)
    assert fake.writes == []


def test_simulate_pressure_on_a_mac_without_the_trigger() -> None:
    fake = demo_fake()
    fake.sysctl_write = FakeDarwin(missing={"sysctlbyname"}).sysctl_write  # type: ignore[method-assign]
    with pytest.raises(SourceError, match="memorypressure_manual_trigger"):
        make(fake).simulate_pressure(PressureLevel.WARN)


def test_pressure_monitor_reading_without_waiting() -> None:
    fake = demo_fake(readings=[(250, 1200)])
    assert make(fake).pressure_monitor() == (250, 1200)


def test_pressure_monitor_missing_is_none_with_notice() -> None:
    source = make(demo_fake(missing={"vm_pressure_monitor"}))
    assert source.pressure_monitor() is None
    assert any("vm_pressure_monitor" in n for n in source.notices())


def test_close_closes_the_kqueue() -> None:
    source = make(demo_fake())
    watch = source._watch
    source.close()
    assert watch is not None
    assert watch.closed  # type: ignore[attr-defined]


@pytest.mark.skipif(__import__("sys").platform == "darwin", reason="checks the non-Mac message")
def test_open_off_darwin_is_unavailable_with_one_line() -> None:
    with pytest.raises(SourceUnavailable) as info:
        open_source("macos")
    assert str(info.value) == "the macos source needs macOS (this is linux)"


def test_open_names_the_platform() -> None:
    with pytest.raises(SourceUnavailable, match=r"needs macOS \(this is win32\)"):
        open_macos_source("win32")


class ManyProcesses:
    """More processes than the v1 list's 64 KiB hold: only v2 can list them."""

    def __init__(self, count: int, *, v2: bool) -> None:
        self.count, self.v2 = count, v2
        self.commands: list[tuple[int, int]] = []

    def memorystatus_control(self, command: int, pid: int, flags: int, bufsize: int):
        import errno as e

        from activitymon.sources.macos_calls import failure

        self.commands.append((command, bufsize))
        if command == 1:
            needed = 24 * self.count
            if bufsize == 0:
                return needed, b""
            raise failure("memorystatus_control", e.EINVAL)
        if command == 35 and self.v2:
            needed = 128 * self.count
            if bufsize == 0:
                return needed, b""
            entries = st.memorystatus_priority_entry_v2 * self.count
            buf = bytes(
                entries(
                    *[
                        st.memorystatus_priority_entry_v2(i + 1, 10, 0, -1, 0)
                        for i in range(self.count)
                    ]
                )
            )
            return needed, buf + bytes(bufsize - needed)
        if command == 8:
            return 0, bytes(st.memorystatus_memlimit_properties(-1, 0, -1, 0))
        raise failure("memorystatus_control", e.EINVAL)


def test_more_processes_than_the_v1_list_holds_use_v2() -> None:
    from activitymon.sources.macos_procs import JetsamReader
    from activitymon.sources.macos_system import Notices

    calls = ManyProcesses(3000, v2=True)
    jetsam = JetsamReader(calls, Notices())  # type: ignore[arg-type]
    got = jetsam.read()
    assert got is not None
    assert len(got) == 3000
    assert got[3000].entry.priority == 10
    assert all(size <= 65536 for command, size in calls.commands if command == 1)


def test_more_processes_than_v1_holds_on_an_older_mac_is_a_notice() -> None:
    from activitymon.sources.macos_procs import JetsamReader
    from activitymon.sources.macos_system import Notices

    notices = Notices()
    jetsam = JetsamReader(ManyProcesses(3000, v2=False), notices)  # type: ignore[arg-type]
    assert jetsam.read() is None
    assert any("3000 processes overflow" in n for n in notices.all())
