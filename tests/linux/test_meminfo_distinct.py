"""A ``/proc/meminfo`` where every figure differs from every other, so that reading
one counter in place of another (``SReclaimable`` for ``KReclaimable``, ``Active`` for
``Inactive`` …) changes a result (issue 29: KReclaimable ignored went unnoticed because
the fixture had it equal to SReclaimable). Definitions: linux_meminfo's docstring and
docs/LINUX.md; counters: Documentation/filesystems/proc.rst, "meminfo"."""

from __future__ import annotations

from activitymon.sources.linux_meminfo import (
    ZramUsage,
    meminfo_extra,
    memory_from_meminfo,
    parse_meminfo,
)

KB = 1024
PAGE = 4096

# every value distinct, and no sum of two equal to a third that a formula uses
MEMINFO = b"""MemTotal:       16000004 kB
MemFree:         3000008 kB
MemAvailable:    9000012 kB
Buffers:          400016 kB
Cached:          5000020 kB
SwapCached:         1024 kB
Active:          4100028 kB
Inactive:        2900032 kB
Unevictable:        8036 kB
Mlocked:            4040 kB
SwapTotal:       2000044 kB
SwapFree:        1500048 kB
Zswap:              6052 kB
Zswapped:          24056 kB
AnonPages:       3300060 kB
Shmem:            120064 kB
KReclaimable:     700068 kB
Slab:             900072 kB
SReclaimable:     650076 kB
SUnreclaim:       250080 kB
KernelStack:       16084 kB
PageTables:        40088 kB
SecPageTables:      2092 kB
HugePages_Total:       3
Hugepagesize:       2048 kB
"""


def pages(kb: int) -> int:
    return kb * KB // PAGE


def test_every_figure_is_its_own_counter() -> None:
    info = parse_meminfo(MEMINFO)
    assert info["HugePages_Total"] == 3  # a count, not kB
    assert info["Hugepagesize"] == 2048 * KB
    mem = memory_from_meminfo(info, page_size=PAGE)
    assert mem.page_size == PAGE
    assert mem.total_pages == pages(16000004)
    assert mem.free_pages == pages(3000008)
    assert mem.available_pages == pages(9000012)
    assert mem.active_pages == pages(4100028)
    assert mem.inactive_pages == pages(2900032)
    assert mem.memory_used_pages == pages(16000004 - 9000012)
    assert mem.anonymous_pages == pages(3300060 + 120064)  # AnonPages + Shmem
    # SUnreclaim + KernelStack + PageTables + SecPageTables + Unevictable
    assert mem.wired_pages == pages(250080 + 16084 + 40088 + 2092 + 8036)
    assert mem.file_backed_pages == pages(400016 + 5000020 - 120064)  # Buffers + Cached − Shmem
    assert mem.compressor_pages == pages(6052)
    assert mem.compressed_pages == pages(24056)
    assert mem.swap_total_bytes == 2000044 * KB
    assert mem.swap_used_bytes == (2000044 - 1500048) * KB
    assert mem.speculative_pages is None
    assert mem.purgeable_pages is None


def test_zram_adds_to_zswap() -> None:
    mem = memory_from_meminfo(parse_meminfo(MEMINFO), ZramUsage(40960000, 8192000), PAGE)
    assert mem.compressor_pages == (6052 * KB + 8192000) // PAGE
    assert mem.compressed_pages == (24056 * KB + 40960000) // PAGE


def test_the_extra_figures_read_kreclaimable_not_sreclaimable() -> None:
    assert meminfo_extra(parse_meminfo(MEMINFO)) == {
        "kernel_reclaimable_bytes": 700068.0 * KB,
        "shared_bytes": 120064.0 * KB,
        "slab_bytes": 900072.0 * KB,
        "buffers_bytes": 400016.0 * KB,
        "cached_bytes": 5000020.0 * KB,
        "swap_cached_bytes": 1024.0 * KB,
    }


def test_without_kreclaimable_sreclaimable_stands_in() -> None:
    old = MEMINFO.replace(b"KReclaimable:     700068 kB\n", b"")
    assert meminfo_extra(parse_meminfo(old))["kernel_reclaimable_bytes"] == 650076.0 * KB
