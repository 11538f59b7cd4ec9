"""The scanner's cheap test for idle single-threaded processes, on a fake ``/proc``
built from documented formats (man 5 proc): ``schedstat`` (run time in ns, wait time
in ns, time slices; fs/proc/base.c ``proc_pid_schedstat``) decides whether ``stat``
is read again; ``stat`` is read anyway every ``rss_period`` samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.model import ProcessState
from activitymon.sources import linux_proc
from activitymon.sources.linux_scan import ProcessScanner

# /proc/PID/stat of `sleep 3600`: state {state}, utime {utime}, num_threads {threads}
# (field 20), rss {rss} pages
STAT = (
    "4242 (sleep) {state} 4100 4242 4100 34816 4242 4194304 95 0 0 0 {utime} 1 0 0 20 0 "
    "{threads} 0 47718 5623808 {rss} 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 "
    "0 0 0\n"
)


def fake_proc(
    root: Path,
    *,
    state: str = "S",
    utime: int = 3,
    threads: int = 1,
    rss: int = 210,
    schedstat: str | None = "1520019 22310 7\n",
) -> None:
    pid = root / "4242"
    pid.mkdir(parents=True, exist_ok=True)
    (pid / "stat").write_text(STAT.format(state=state, utime=utime, threads=threads, rss=rss))
    (pid / "status").write_text("Name:\tsleep\nUid:\t1000\t1000\t1000\t1000\nRssAnon:\t 200 kB\n")
    (pid / "oom_score_adj").write_text("0\n")
    (pid / "oom_score").write_text("667\n")
    if schedstat is not None:
        (pid / "schedstat").write_text(schedstat)


@pytest.fixture
def stat_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = linux_proc.read_kept

    def counting(files: linux_proc.OpenFiles, key: int, path: str) -> bytes:
        reads.append(path)
        return real(files, key, path)

    monkeypatch.setattr(linux_proc, "read_kept", counting)
    return reads


def scanner(root: Path, rss_period: int = 1000) -> ProcessScanner:
    clock = iter(float(i) for i in range(1000))
    # no kill candidates: those have their files re-read every sample
    return ProcessScanner(
        proc=str(root),
        cgroups=None,
        candidates=0,
        rss_period=rss_period,
        clock=lambda: next(clock),
    )


def test_an_idle_process_that_did_not_run_is_not_read_again(
    tmp_path: Path, stat_reads: list[str]
) -> None:
    fake_proc(tmp_path)
    scan = scanner(tmp_path)
    scan.scan()
    first = scan.scan().processes[0]  # no CPU used: idle from here
    stat_reads.clear()
    # stat changes but the run time does not (a change the process cannot make
    # without running): the value stays, and stat is not read
    fake_proc(tmp_path, state="R", utime=9)
    assert scan.scan().processes[0] is first
    assert stat_reads == []
    # it ran: stat is read and the new values show
    fake_proc(tmp_path, state="R", utime=9, schedstat="1990402 22310 9\n")
    (now,) = scan.scan().processes
    assert len(stat_reads) == 1
    assert now.states == frozenset({ProcessState.RUNNING})
    assert now.cpu_percent == pytest.approx(6 * 100 / linux_proc.CLK_TCK)


def test_stat_is_read_every_rss_period_samples(tmp_path: Path, stat_reads: list[str]) -> None:
    fake_proc(tmp_path)
    scan = scanner(tmp_path, rss_period=1)  # every sample: reclaim lowers RSS in sleep
    scan.scan()
    scan.scan()
    fake_proc(tmp_path, rss=150)
    stat_reads.clear()
    assert scan.scan().processes[0].rss_bytes == 150 * linux_proc.PAGE_SIZE
    assert len(stat_reads) == 1


@pytest.mark.parametrize(
    ("threads", "schedstat"),
    [
        (4, "1520019 22310 7\n"),  # the leader's run time says nothing of its threads
        (1, "0 0 0\n"),  # a kernel that keeps no run time
        (1, None),  # no schedstat file at all
    ],
)
def test_stat_is_read_when_the_run_time_cannot_tell(
    tmp_path: Path, stat_reads: list[str], threads: int, schedstat: str | None
) -> None:
    fake_proc(tmp_path, threads=threads, schedstat=schedstat)
    scan = scanner(tmp_path)
    scan.scan()
    scan.scan()
    fake_proc(tmp_path, threads=threads, schedstat=schedstat, state="T")
    stat_reads.clear()
    assert scan.scan().processes[0].states == frozenset({ProcessState.STOPPED})
    assert len(stat_reads) == 1


def test_threads_are_parsed_from_stat() -> None:
    data = STAT.format(state="S", utime=3, threads=12, rss=210).encode()
    assert linux_proc.parse_stat(data).threads == 12
