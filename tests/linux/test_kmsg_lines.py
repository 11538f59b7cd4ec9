"""The OOM killer's own lines for the Kernel log view (recorded kernel text)."""

from __future__ import annotations

from pathlib import Path

from activitymon.sources.linux_kmsg import DmesgLog, KmsgLog, is_oom_message

# recorded on this machine (Linux 6.18): the story of one kill inside a memory cgroup,
# with a line of the task table printed in between (not part of the story shown)
INVOKED = "python invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"
TABLE = "[   5472]     0  5472    28729     8864   249856        0             0 python"
OOM_KILL = (
    "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
    "oom_memcg=/amtest3351,task_memcg=/amtest3351,task=python,pid=5472,uid=0"
)
KILLED = (
    "Memory cgroup out of memory: Killed process 5472 (python) total-vm:114916kB, "
    "anon-rss:35456kB, file-rss:5824kB, shmem-rss:0kB, UID:0 pgtables:136kB oom_score_adj:0"
)
REAPED = "oom_reaper: reaped process 5472 (python), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"


def test_the_oom_story_lines_are_kept_and_the_task_table_is_not() -> None:
    assert [is_oom_message(m) for m in (INVOKED, TABLE, OOM_KILL, KILLED, REAPED)] == [
        True,
        False,
        True,
        True,
        True,
    ]
    assert not is_oom_message("usb 1-1: new high-speed USB device number 2")


def test_kmsg_records_read_after_opening_become_lines(tmp_path: Path) -> None:
    path = tmp_path / "kmsg"
    path.write_bytes(b"6,100,1000,-;an old record before the window opened\n")
    log = KmsgLog(str(path))
    with path.open("ab") as f:
        for seq, message in enumerate((INVOKED, TABLE, OOM_KILL, KILLED, REAPED), 101):
            f.write(f"6,{seq},2000,-;{message}\n".encode())
    # a regular file gives all new records in one read: the parser keeps the first
    # record's message (as /dev/kmsg gives one record a read)
    log.poll()
    taken = log.take_lines()
    assert taken == [INVOKED]
    assert log.take_lines() == []
    log.close()


def test_dmesg_lines_since_the_window_opened() -> None:
    outputs = iter(
        [
            "[  10.000000] an old line\n",
            f"[  10.000000] an old line\n[  20.500000] {INVOKED}\n[  20.500100] {TABLE}\n"
            f"[  20.600000] {KILLED}\n",
        ]
    )
    now = iter([0.0, 10.0])
    log = DmesgLog(interval=5.0, run=lambda: next(outputs), clock=lambda: next(now))
    assert [k.pid for k in log.poll()] == [5472]
    assert log.take_lines() == [INVOKED, KILLED]
