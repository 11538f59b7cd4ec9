"""Recognising OOM kills in kernel log text (pure: recorded lines)."""

from __future__ import annotations

from activitymon.sources.linux_kmsg import (
    DmesgLog,
    OomKill,
    merge_kills,
    parse_kmsg_record,
    parse_oom_line,
)

# recorded on this machine (Linux 6.18), a kill inside a v1 memory cgroup
MEMCG_KILLED = (
    "Memory cgroup out of memory: Killed process 5472 (python) total-vm:114916kB, "
    "anon-rss:35456kB, file-rss:5824kB, shmem-rss:0kB, UID:0 pgtables:136kB oom_score_adj:0"
)
MEMCG_OOM_KILL = (
    "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
    "oom_memcg=/amtest3351,task_memcg=/amtest3351,task=python,pid=5472,uid=0"
)
GLOBAL_KILLED = (
    "Out of memory: Killed process 812 (Web Content) total-vm:3012kB, anon-rss:2048kB, "
    "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:64kB oom_score_adj:1000"
)
OLD_KERNEL = "Out of memory: Kill process 4242 (java) score 912 or sacrifice child"


def test_killed_process_lines() -> None:
    assert parse_oom_line(MEMCG_KILLED) == OomKill(
        5472, "python", rss_bytes=(35456 + 5824) * 1024, memcg=True
    )
    got = parse_oom_line(GLOBAL_KILLED)
    assert got == OomKill(812, "Web Content", rss_bytes=2048 * 1024, memcg=False)


def test_oom_kill_summary_and_old_kernel_lines() -> None:
    assert parse_oom_line(MEMCG_OOM_KILL) == OomKill(5472, "python", None, memcg=True)
    assert parse_oom_line(OLD_KERNEL) == OomKill(4242, "java", None, memcg=False)


def test_other_messages_are_not_claimed() -> None:
    for line in (
        "Tasks state (memory values in pages):",
        "[   5472]     0  5472    28729    10320     8864     1456         0 python",
        "systemd-oomd killed /user.slice/app.scope due to memory pressure",
        'earlyoom: sending SIGTERM to process 77 uid 1000 "firefox"',
        "",
    ):
        assert parse_oom_line(line) is None


def test_kmsg_record_message() -> None:
    record = b"3,1234,477152588,-;" + MEMCG_KILLED.encode() + b"\n SUBSYSTEM=memory\n"
    assert parse_kmsg_record(record) == MEMCG_KILLED


def test_the_two_lines_of_one_kill_are_one_kill() -> None:
    merged = merge_kills([parse_oom_line(MEMCG_OOM_KILL), parse_oom_line(MEMCG_KILLED)])  # type: ignore[list-item]
    assert merged == [OomKill(5472, "python", (35456 + 5824) * 1024, memcg=True)]


def test_dmesg_fallback_claims_only_new_lines_and_polls_at_its_interval() -> None:
    log = [f"<6>[  100.000001] {OLD_KERNEL}"]
    now = [0.0]
    dmesg = DmesgLog(interval=5.0, run=lambda: "\n".join(log), clock=lambda: now[0])
    assert dmesg.poll() == []  # the old kill happened before we opened
    log.append(f"<3>[  200.500000] {GLOBAL_KILLED}")
    now[0] = 1.0
    assert dmesg.poll() == []  # not yet due
    now[0] = 6.0
    assert [k.pid for k in dmesg.poll()] == [812]
    now[0] = 12.0
    assert dmesg.poll() == []  # claimed once
