"""The scanner's footprint on a fake ``/proc`` built from documented formats (man 5
proc): read from ``status`` for a new process and whenever RSS moves, never per tick
for an unchanged one."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from activitymon.sources import linux_proc
from activitymon.sources.linux_scan import ProcessScanner

# /proc/PID/stat of `sleep 3600` with rss (field 24) = {rss} pages
STAT = (
    "4242 (sleep) S 4100 4242 4100 34816 4242 4194304 95 0 0 0 3 1 0 0 20 0 1 0 "
    "47718 5623808 {rss} 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
)
STATUS = (
    "Name:\tsleep\nState:\tS (sleeping)\nUid:\t1000\t1000\t1000\t1000\n"
    "VmRSS:\t {rss} kB\nRssAnon:\t {anon} kB\nRssFile:\t 600 kB\nRssShmem:\t 8 kB\n"
    "VmSwap:\t {swap} kB\n"
)


def fake_proc(root: Path, rss_pages: int, anon_kb: int, swap_kb: int) -> None:
    pid = root / "4242"
    pid.mkdir(parents=True, exist_ok=True)
    (pid / "stat").write_text(STAT.format(rss=rss_pages))
    (pid / "status").write_text(STATUS.format(rss=rss_pages * 4, anon=anon_kb, swap=swap_kb))
    (pid / "oom_score_adj").write_text("0\n")
    (pid / "oom_score").write_text("667\n")
    (pid / "cgroup").write_text("0::/user.slice\n")


def test_footprint_follows_status_only_when_rss_moves(tmp_path: Path, monkeypatch) -> None:
    fake_proc(tmp_path, rss_pages=210, anon_kb=200, swap_kb=40)
    reads: list[str] = []
    real = linux_proc.read_bytes

    def counting(path: str, size: int = 4096) -> bytes:
        reads.append(path.rsplit("/", 1)[1])
        return real(path, size)

    monkeypatch.setattr(linux_proc, "read_bytes", counting)
    clock = iter(float(i) for i in range(100))
    scanner = ProcessScanner(proc=str(tmp_path), cgroups=None, clock=lambda: next(clock))
    (p,) = scanner.scan().processes
    assert p.footprint_bytes == (200 + 8 + 40) * 1024  # RssAnon + RssShmem + VmSwap
    assert p.rss_bytes == 210 * linux_proc.PAGE_SIZE
    assert "status" in reads

    # status changes, stat does not: the scan does not re-read status (only stat, kept
    # open, and oom_score, which a leading kill candidate has re-read every sample)
    fake_proc(tmp_path, rss_pages=210, anon_kb=999, swap_kb=40)
    reads.clear()
    (p,) = scanner.scan().processes
    assert "status" not in reads
    assert p.footprint_bytes == (200 + 8 + 40) * 1024

    # RSS moves in stat: status is read again
    fake_proc(tmp_path, rss_pages=300, anon_kb=520, swap_kb=0)
    reads.clear()
    (p,) = scanner.scan().processes
    assert "status" in reads
    assert p.footprint_bytes == (520 + 8) * 1024


def test_kept_stat_files_follow_the_process_and_close(tmp_path: Path) -> None:
    fake_proc(tmp_path, rss_pages=210, anon_kb=200, swap_kb=40)
    clock = iter(float(i) for i in range(100))
    scanner = ProcessScanner(proc=str(tmp_path), cgroups=None, clock=lambda: next(clock))
    assert scanner.scan().processes[0].rss_bytes == 210 * linux_proc.PAGE_SIZE
    assert len(scanner._stat_files) == 1  # kept open for the next sample
    # the file is re-read in place (pread at 0): a change is seen without reopening
    fake_proc(tmp_path, rss_pages=300, anon_kb=520, swap_kb=0)
    assert scanner.scan().processes[0].rss_bytes == 300 * linux_proc.PAGE_SIZE
    # the process goes: its file is closed
    for name in ("stat", "status", "oom_score_adj", "oom_score", "cgroup"):
        (tmp_path / "4242" / name).unlink()
    (tmp_path / "4242").rmdir()
    result = scanner.scan()
    assert result.processes == ()
    assert [v.pid for v in result.vanished] == [4242]
    assert len(scanner._stat_files) == 0
    scanner.close()


def test_a_process_reaped_under_a_kept_file_is_reopened(tmp_path: Path) -> None:
    files = linux_proc.OpenFiles(limit=4)
    path = tmp_path / "stat"
    path.write_text("first")
    assert files.read(1, str(path)) == b"first"
    path.unlink()  # the kept descriptor still reads the old file, as a reaped task gives
    path.write_text("second")  # ESRCH and a new one takes its pid; here: a new inode
    files.forget(1)
    assert files.read(1, str(path)) == b"second"
    files.limit = 0  # over budget: opened and closed per read
    files.close()
    assert files.read(2, str(path)) == b"second"
    assert len(files) == 0


def test_kept_files_dropped_without_close_are_closed(tmp_path: Path) -> None:
    # a scanner keeps a file per process open; one dropped unclosed (a source the
    # window replaced, a test's) must not hold thousands of descriptors until exit
    path = tmp_path / "stat"
    path.write_text("kept")
    files = linux_proc.OpenFiles(limit=4)
    assert files.read(1, str(path)) == b"kept"
    (fd,) = files._fds.values()
    os.fstat(fd)  # open now
    del files
    gc.collect()
    with pytest.raises(OSError, match="Bad file descriptor"):
        os.fstat(fd)
