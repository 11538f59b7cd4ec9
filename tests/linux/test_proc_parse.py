"""Parsers of /proc files, on recorded text (pure)."""

from __future__ import annotations

import pytest

from activitymon.sources.linux_proc import (
    long_name,
    parse_smaps_rollup,
    parse_stat,
    parse_statm_resident,
    parse_status_uid,
)

# a real line from /proc/PID/stat of `sleep 3600`
SLEEP_STAT = (
    b"4242 (sleep) S 4100 4242 4100 34816 4242 4194304 95 0 0 0 3 1 0 0 20 0 1 0 "
    b"47718 5623808 210 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
)


def test_stat_fields_by_position() -> None:
    st = parse_stat(SLEEP_STAT)
    assert st.name == "sleep"
    assert st.state == "S"
    assert st.ppid == 4100
    assert st.cpu_ticks == 3 + 1
    assert st.starttime == 47718
    assert st.rss_pages == 210
    assert not st.kernel_thread


def test_name_with_spaces_and_parentheses_is_cut_at_the_last_paren() -> None:
    line = SLEEP_STAT.replace(b"(sleep)", b"(a) b (c) R)")
    st = parse_stat(line)
    assert st.name == "a) b (c) R"
    assert st.state == "S"
    assert st.rss_pages == 210


def test_kernel_thread_flag() -> None:
    line = SLEEP_STAT.replace(b"4194304", str(0x00208040).encode())
    assert parse_stat(line).kernel_thread


@pytest.mark.parametrize("data", [b"", b"123 no parens here", b"1 (x) S 1 2 3\n"])
def test_malformed_stat_is_value_error(data: bytes) -> None:
    with pytest.raises(ValueError, match="stat"):
        parse_stat(data)


def test_statm_and_status() -> None:
    assert parse_statm_resident(b"1373 210 190 4 0 84 0\n") == 210
    status = b"Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t1001\t1001\t1001\n"
    assert parse_status_uid(status) == 1000
    assert parse_status_uid(b"Name:\tx\n") is None


def test_smaps_rollup_uss_is_private_clean_plus_dirty() -> None:
    text = (
        b"55d0c0a00000-7ffd3b5f7000 ---p 00000000 00:00 0                  [rollup]\n"
        b"Rss:                3000 kB\nPss:                2000 kB\n"
        b"Shared_Clean:       1000 kB\nPrivate_Clean:       500 kB\n"
        b"Private_Dirty:      1500 kB\nSwap:                  8 kB\nSwapPss:               4 kB\n"
    )
    got = parse_smaps_rollup(text)
    assert got.rss_bytes == 3000 * 1024
    assert got.pss_bytes == 2000 * 1024
    assert got.uss_bytes == 2000 * 1024
    assert got.swap_bytes == 8 * 1024
    assert parse_smaps_rollup(b"").uss_bytes is None


def test_long_names_come_from_the_command_line() -> None:
    assert long_name("short", ("/usr/bin/short",)) == "short"
    assert long_name("gnome-shell-cal", ("/usr/libexec/gnome-shell-calendar-server",)) == (
        "gnome-shell-calendar-server"
    )
    # a command line that does not begin with the cut name keeps the cut name
    assert long_name("kworker/0:1-eve", ("unrelated",)) == "kworker/0:1-eve"
    assert long_name("abcdefghijklmno", ()) == "abcdefghijklmno"


# /proc/PID/status of a process that has swapped (format: man 5 proc, kernel ≥ 4.5)
PYTHON_STATUS = (
    b"Name:\tpython3\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nPid:\t4242\n"
    b"Uid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n"
    b"VmPeak:\t  120000 kB\nVmSize:\t  118000 kB\nVmHWM:\t   60000 kB\nVmRSS:\t   52000 kB\n"
    b"RssAnon:\t   40000 kB\nRssFile:\t   10000 kB\nRssShmem:\t    2000 kB\n"
    b"VmData:\t   70000 kB\nVmSwap:\t    6000 kB\nThreads:\t1\n"
)
# a kernel thread's status has no Vm*/Rss* lines
KTHREAD_STATUS = b"Name:\tkworker/0:1\nState:\tI (idle)\nUid:\t0\t0\t0\t0\nThreads:\t1\n"


def test_footprint_is_anonymous_plus_shmem_plus_swap() -> None:
    from activitymon.sources.linux_proc import parse_status_memory

    status = parse_status_memory(PYTHON_STATUS)
    assert status.uid == 1000
    assert (status.rss_anon, status.rss_shmem, status.vm_swap) == (
        40000 * 1024,
        2000 * 1024,
        6000 * 1024,
    )
    # RssFile (10,000 kB) is shared with the page cache: not the process's own
    assert status.footprint == (40000 + 2000 + 6000) * 1024
    kthread = parse_status_memory(KTHREAD_STATUS)
    assert kthread.footprint is None  # no user memory lines: unknown, not 0
    assert kthread.uid == 0
