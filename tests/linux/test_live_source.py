"""The Linux source against this machine's real /proc, with children of known size."""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from activitymon.model import Exited, Killed, LevelChanged, PressureLevel
from activitymon.sources import AccessDenied, ProcessGone, Source, TerminatingSource
from activitymon.sources.linux_lanes import lane_key, next_oom_victim, oom_lanes
from tests.linux.conftest import MB, ON_LINUX, Spawn

pytestmark = [
    pytest.mark.linux,
    pytest.mark.skipif(not ON_LINUX, reason="needs a real Linux /proc"),
]


def test_is_a_terminating_source(source) -> None:
    assert isinstance(source, Source)
    assert isinstance(source, TerminatingSource)
    assert "Linux" in source.describe()


def test_children_appear_with_their_size_adj_lane_and_user(source, spawn: Spawn) -> None:
    small = spawn(32, adj=0)
    large = spawn(160, adj=500)
    first = spawn(16, adj=1000)
    snap = source.sample()
    procs = snap.by_pid
    for child, mb in ((small, 32), (large, 160), (first, 16)):
        p = procs[child.pid]
        assert p.rss_bytes is not None
        # the touched block plus an interpreter (~10 MiB); never less than the block
        assert mb * MB <= p.rss_bytes <= (mb + 40) * MB, (mb, p.rss_bytes / MB)
        # footprint: the touched block is anonymous, the interpreter's code is not
        assert p.footprint_bytes is not None
        assert mb * MB <= p.footprint_bytes <= p.rss_bytes + MB
        assert p.user == pwd.getpwuid(os.getuid()).pw_name
        assert p.name.startswith("python")
    # the difference is the difference of the blocks, whatever the interpreter costs
    diff = procs[large.pid].rss_bytes - procs[small.pid].rss_bytes
    assert abs(diff - 128 * MB) < 8 * MB
    assert [procs[c.pid].oom_score_adj for c in (small, large, first)] == [0, 500, 1000]
    for child in (small, large, first):
        real = int(Path(f"/proc/{child.pid}/oom_score").read_text())
        assert procs[child.pid].oom_score == real
    assert [lane_key(procs[c.pid]) for c in (small, large, first)] == [
        "default",
        "preferred",
        "first",
    ]
    lanes = {lane.key: lane for lane in oom_lanes(snap.processes)}
    assert first.pid in {p.pid for p in lanes["first"].processes}


def test_next_victim_is_the_highest_oom_score(source, spawn: Spawn) -> None:
    spawn(64, adj=0)
    doomed = spawn(8, adj=1000)
    snap = source.sample()
    victim = next_oom_victim(snap.processes)
    assert victim is not None
    assert snap.next_victim == (victim.pid, "oom")
    top = max(p.oom_score or 0 for p in snap.processes)
    assert victim.oom_score == top
    others_at_1000 = [p for p in snap.processes if p.oom_score_adj == 1000 and p.pid != doomed.pid]
    if not others_at_1000:  # ours is the only +1000 process: it goes first despite its size
        assert snap.next_victim == (doomed.pid, "oom")


def test_cpu_percent_follows_a_busy_child(source, spawn: Spawn) -> None:
    sleeper = spawn(1)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    time.sleep(0.2)  # let the sleeper settle into its sleep
    try:
        first = source.sample()
        assert first.by_pid[busy.pid].cpu_percent is None  # no earlier sample to compare
        time.sleep(0.5)
        second = source.sample()
        cpu = second.by_pid[busy.pid].cpu_percent
        assert cpu is not None
        # one thread: more than nothing, never more than one core (plus tick rounding)
        assert 0.0 < cpu <= 125.0
        assert second.by_pid[sleeper.pid].cpu_percent == 0.0
    finally:
        busy.kill()
        busy.wait()


def test_exit_is_noted_and_the_process_leaves_cleanly(source, spawn: Spawn) -> None:
    child = spawn(8)
    name = source.sample().by_pid[child.pid].name
    source.drain_events()
    source.terminate(child.pid, force=False)
    assert child.wait(timeout=10) == -signal.SIGTERM
    snap = source.sample()
    assert child.pid not in snap.by_pid
    events = source.drain_events()
    assert Exited(snap.time, child.pid, name) in events
    # an exit we caused is not claimed as an OOM kill
    assert not [e for e in events if isinstance(e, Killed) and e.pid == child.pid]
    assert source.drain_events() == []


def test_force_quit_kills(source, spawn: Spawn) -> None:
    child = spawn(4)
    source.sample()
    source.terminate(child.pid, force=True)
    assert child.wait(timeout=10) == -signal.SIGKILL


def test_signalling_a_gone_process_is_one_line(source, spawn: Spawn) -> None:
    child = spawn(4)
    source.sample()
    child.kill()
    child.wait()
    with pytest.raises(ProcessGone) as info:
        source.terminate(child.pid, force=False)
    message = str(info.value)
    assert str(child.pid) in message
    assert "\n" not in message


def init_name() -> str:
    return Path("/proc/1/comm").read_text().strip()


def test_a_refused_signal_is_access_denied_in_one_line(source) -> None:
    if os.geteuid() != 0:
        with pytest.raises(AccessDenied) as info:
            source.terminate(1, force=False)
        assert str(info.value) == f"not permitted to signal pid 1 ({init_name()})"
        return
    # as root: a forked child drops to `nobody` and asks to signal pid 1 (a real EPERM)
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody' to drop privileges to")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            try:
                source.terminate(1, force=False)
            except AccessDenied as exc:
                os.write(write_end, str(exc).encode())
                status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, message
    assert message == f"not permitted to signal pid 1 ({init_name()})"
    assert "\n" not in message


def test_level_changes_become_events(tmp_path) -> None:
    from activitymon.sources.linux import LinuxSource

    psi = tmp_path / "memory"
    psi.write_text("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")
    src = LinuxSource(psi_path=str(psi), kernel_log=False)
    assert src.sample().level is PressureLevel.NORMAL
    psi.write_text(
        "some avg10=55.00 avg60=20.00 avg300=5.00 total=9000000\n"
        "full avg10=7.00 avg60=2.00 avg300=1.00 total=4000000\n"
    )
    snap = src.sample()
    assert snap.level is PressureLevel.CRITICAL
    assert snap.psi is not None
    assert snap.psi.some_avg10 == 55.0
    changes = [e for e in src.drain_events() if isinstance(e, LevelChanged)]
    assert [(e.level, e.t) for e in changes] == [(PressureLevel.CRITICAL, snap.time)]
    src.sample()
    assert not [e for e in src.drain_events() if isinstance(e, LevelChanged)]


def test_without_psi_the_snapshot_says_none_and_level_uses_available(tmp_path) -> None:
    from activitymon.sources.linux import LinuxSource

    src = LinuxSource(psi_path=str(tmp_path / "absent"), kernel_log=False)
    snap = src.sample()
    assert snap.psi is None
    assert snap.level is not None
    assert "no PSI" in src.describe()


def test_system_memory_from_meminfo(source) -> None:
    snap = source.sample()
    mem = snap.memory
    assert mem.page_size == os.sysconf("SC_PAGE_SIZE")
    total_kb = int(Path("/proc/meminfo").read_text().split()[1])
    assert mem.total_bytes == total_kb * 1024 // mem.page_size * mem.page_size
    assert mem.available_pages is not None
    assert snap.memorystatus_level is not None
    # available × 100 / total, read a moment apart from this check's own reading
    assert abs(snap.memorystatus_level - mem.available_pages * 100 / mem.total_pages) <= 1
    # every figure is filled (their definitions are tested on recorded text in
    # test_meminfo.py); Linux has no purgeable count: unknown, not 0
    for figure in (mem.wired_pages, mem.app_pages, mem.file_backed_pages, mem.shown_used_pages):
        assert figure is not None
    assert mem.swap_used_bytes is not None
    assert mem.purgeable_pages is None
    assert snap.era is None
    assert snap.device == os.uname().nodename
    if Path("/proc/pressure/memory").exists():
        assert snap.psi is not None


def test_detail_reads_uss_and_pss_for_one_process(source, spawn: Spawn) -> None:
    child = spawn(48)
    detail = source.detail(child.pid)
    assert detail.memory is not None
    assert detail.memory.uss_bytes is not None
    assert detail.memory.uss_bytes >= 48 * MB
    assert detail.memory.pss_bytes is not None
    assert detail.cmdline is not None
    assert detail.cmdline[0] == sys.executable
    child.kill()
    child.wait()
    with pytest.raises(ProcessGone, match=str(child.pid)):
        source.detail(child.pid)


def test_a_changed_oom_score_adj_of_an_idle_process_shows_within_the_idle_period(
    spawn: Spawn,
) -> None:
    from activitymon.sources.linux import LinuxSource

    src = LinuxSource(kernel_log=False, slow_period=2, idle_period=3, rare_period=1000)
    child = spawn(4, adj=0)
    assert src.sample().by_pid[child.pid].oom_score_adj == 0
    Path(f"/proc/{child.pid}/oom_score_adj").write_text("700")
    seen = [src.sample().by_pid[child.pid] for _ in range(3)]
    assert seen[-1].oom_score_adj == 700
    assert lane_key(seen[-1]) == "preferred"
    assert seen[-1].oom_score == int(Path(f"/proc/{child.pid}/oom_score").read_text())


def test_a_process_that_grows_has_a_fresh_oom_score_and_takes_the_lead(spawn: Spawn) -> None:
    from activitymon.sources.linux import LinuxSource

    src = LinuxSource(kernel_log=False)  # default periods: 10 and 30 samples
    grower = spawn(300, wait_for_go=True)
    before = src.sample()
    assert grower.pid in before.by_pid
    assert grower.stdin is not None
    assert grower.stdout is not None
    grower.stdin.write("go\n")
    grower.stdin.flush()
    assert grower.stdout.readline() == "ready\n"
    src.sample()  # sees it grow: it joins the leading candidates
    after = src.sample()
    p = after.by_pid[grower.pid]
    assert p.rss_bytes is not None
    assert p.rss_bytes >= 300 * MB
    real = int(Path(f"/proc/{grower.pid}/oom_score").read_text())
    assert p.oom_score == real
    assert p.oom_score is not None
    assert before.by_pid[grower.pid].oom_score is not None
    assert p.oom_score > before.by_pid[grower.pid].oom_score  # type: ignore[operator]
