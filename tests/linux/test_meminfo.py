"""System figures from recorded ``/proc/meminfo`` and zram text (pure: never the live
machine's values)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activitymon.model.serialize import memory_to_dict
from activitymon.sources.linux_meminfo import (
    ZramUsage,
    meminfo_extra,
    memory_from_meminfo,
    parse_meminfo,
    parse_zram_mm_stat,
    read_zram,
)

KB = 1024
PAGE = 4096

# The format of Documentation/filesystems/proc.rst ("meminfo"), kernel 6.x, with zswap
# holding 7,792 kB of data in a 1,904 kB pool; values of a 32 GB machine.
MEMINFO_6 = b"""MemTotal:       32858820 kB
MemFree:        21001236 kB
MemAvailable:   27214312 kB
Buffers:          581092 kB
Cached:          5587612 kB
SwapCached:            0 kB
Active:          3237152 kB
Inactive:        7586256 kB
Active(anon):      94064 kB
Inactive(anon):  4570616 kB
Active(file):    3143088 kB
Inactive(file):  3015640 kB
Unevictable:        4096 kB
Mlocked:            4096 kB
SwapTotal:       8388604 kB
SwapFree:        8126460 kB
Zswap:              1904 kB
Zswapped:           7792 kB
Dirty:                12 kB
Writeback:             0 kB
AnonPages:       4654780 kB
Mapped:           266244 kB
Shmem:              9976 kB
KReclaimable:     517708 kB
Slab:             660044 kB
SReclaimable:     517708 kB
SUnreclaim:       142336 kB
KernelStack:       11168 kB
PageTables:        20540 kB
SecPageTables:         0 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:    16429408 kB
Committed_AS:    7715148 kB
VmallocTotal:   34359738367 kB
VmallocUsed:       40444 kB
VmallocChunk:          0 kB
Percpu:            29312 kB
HugePages_Total:       0
HugePages_Free:        0
Hugepagesize:       2048 kB
"""

# A 4.19 kernel (no Zswap, KReclaimable or SecPageTables lines), no swap configured.
MEMINFO_4_19 = b"""MemTotal:        2040964 kB
MemFree:          150124 kB
MemAvailable:     612380 kB
Buffers:           40212 kB
Cached:           580004 kB
SwapCached:            0 kB
Active:          1204300 kB
Inactive:         420120 kB
Unevictable:           0 kB
SwapTotal:             0 kB
SwapFree:              0 kB
AnonPages:       1004200 kB
Shmem:             20000 kB
Slab:             120000 kB
SReclaimable:      80000 kB
SUnreclaim:        40000 kB
KernelStack:        6000 kB
PageTables:        14000 kB
"""

# Documentation/admin-guide/blockdev/zram.rst, "mm_stat": orig_data_size
# compr_data_size mem_used_total mem_limit mem_used_max same_pages pages_compacted
# huge_pages huge_pages_since
MM_STAT = b"1048576000 262144000 270000000 0 280000000 1200 30 10 10\n"


def pages_of(kb: int) -> int:
    return kb * KB // PAGE


def test_every_figure_from_a_6x_meminfo() -> None:
    mem = memory_from_meminfo(parse_meminfo(MEMINFO_6), page_size=PAGE)
    assert mem.total_pages == pages_of(32858820)
    assert mem.free_pages == pages_of(21001236)
    assert mem.available_pages == pages_of(27214312)
    # used = MemTotal − MemAvailable
    assert mem.memory_used_pages == pages_of(32858820 - 27214312)
    assert mem.shown_used_pages == mem.memory_used_pages
    # app = AnonPages + Shmem
    assert mem.app_pages == pages_of(4654780 + 9976)
    # wired = SUnreclaim + KernelStack + PageTables + SecPageTables + Unevictable
    assert mem.wired_pages == pages_of(142336 + 11168 + 20540 + 0 + 4096)
    # compressed = the zswap pool, holding Zswapped of data
    assert mem.compressor_pages == pages_of(1904)
    assert mem.compressed_pages == pages_of(7792)
    # cached files = Buffers + Cached − Shmem
    assert mem.file_backed_pages == pages_of(581092 + 5587612 - 9976)
    assert mem.swap_total_bytes == 8388604 * KB
    assert mem.swap_used_bytes == (8388604 - 8126460) * KB
    assert mem.active_pages == pages_of(3237152)


def test_an_old_kernel_has_no_compressed_figure_and_zram_fills_it() -> None:
    info = parse_meminfo(MEMINFO_4_19)
    mem = memory_from_meminfo(info, page_size=PAGE)
    assert mem.compressor_pages is None  # no zswap line, no zram: unknown, not 0
    assert mem.compressed_pages is None
    assert mem.wired_pages == pages_of(40000 + 6000 + 14000)
    assert mem.swap_used_bytes == 0
    orig, used = parse_zram_mm_stat(MM_STAT)
    assert (orig, used) == (1048576000, 270000000)
    with_zram = memory_from_meminfo(info, ZramUsage(orig, used), page_size=PAGE)
    assert with_zram.compressor_pages == 270000000 // PAGE
    assert with_zram.compressed_pages == 1048576000 // PAGE
    # reclaimable kernel memory: SReclaimable where KReclaimable is not printed
    assert meminfo_extra(info)["kernel_reclaimable_bytes"] == 80000 * KB


def test_the_json_form_carries_used_and_app() -> None:
    mem = memory_from_meminfo(parse_meminfo(MEMINFO_6), page_size=PAGE)
    data = memory_to_dict(mem)
    assert data["memory_used_pages"] == pages_of(32858820 - 27214312)
    assert data["app_pages"] == pages_of(4654780 + 9976)


def test_zram_devices_are_summed_when_initialised(tmp_path: Path) -> None:
    for name, size, stat in (("zram0", b"4294967296\n", MM_STAT), ("zram1", b"0\n", b"")):
        dev = tmp_path / name
        dev.mkdir()
        (dev / "disksize").write_bytes(size)
        (dev / "mm_stat").write_bytes(stat)
    (tmp_path / "vda").mkdir()
    assert read_zram(str(tmp_path)) == ZramUsage(1048576000, 270000000)
    (tmp_path / "zram0" / "disksize").write_bytes(b"0\n")
    assert read_zram(str(tmp_path)) is None  # none initialised: no zram figure
    assert read_zram(str(tmp_path / "absent")) is None


@pytest.mark.parametrize(
    ("text", "match"),
    [(b"MemFree: 12 kB\n", "no MemTotal"), (b"MemTotal: lots kB\n", "MemTotal is not a number")],
)
def test_bad_meminfo_is_one_value_error_naming_the_file(text: bytes, match: str) -> None:
    with pytest.raises(ValueError, match=match) as info:
        parse_meminfo(text, "/fake/meminfo")
    assert "/fake/meminfo" in str(info.value)


@given(
    total=st.integers(1, 1 << 26),
    parts=st.lists(st.integers(0, 1 << 24), min_size=8, max_size=8),
)
def test_figures_are_never_negative_and_used_fits_in_total(total: int, parts: list[int]) -> None:
    avail, free, anon, shmem, buffers, cached, sunreclaim, swapfree = parts
    avail = min(avail, total)
    text = (
        f"MemTotal: {total} kB\nMemFree: {min(free, total)} kB\nMemAvailable: {avail} kB\n"
        f"AnonPages: {anon} kB\nShmem: {shmem} kB\nBuffers: {buffers} kB\n"
        f"Cached: {cached} kB\nSUnreclaim: {sunreclaim} kB\nKernelStack: 8 kB\n"
        f"PageTables: 16 kB\nSwapTotal: 1024 kB\nSwapFree: {swapfree} kB\n"
    ).encode()
    mem = memory_from_meminfo(parse_meminfo(text), page_size=PAGE)
    for value in (mem.file_backed_pages, mem.app_pages, mem.wired_pages, mem.swap_used_bytes):
        assert value is not None
        assert value >= 0
    assert mem.memory_used_pages is not None
    assert 0 <= mem.memory_used_pages <= mem.total_pages
