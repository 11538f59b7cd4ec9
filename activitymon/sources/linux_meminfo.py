"""System memory figures of the Linux source, from ``/proc/meminfo`` (and zram).

``/proc/meminfo`` (Documentation/filesystems/proc.rst, "meminfo") is one ``Name: value
kB`` line per counter. The model's figures are built from it as follows (all in pages
of the system page size; docs/LINUX.md explains each and compares them with ``free``
and ``htop``):

* **memory used** = ``MemTotal − MemAvailable`` (what ``free`` from procps-ng 4 calls
  *used*: memory that cannot be had back without swapping or killing);
* **app** = ``AnonPages + Shmem``: the swap-backed pages of processes (their heaps and
  stacks, and tmpfs / shared memory, which the kernel keeps on the same LRU lists);
* **wired** = ``SUnreclaim + KernelStack + PageTables (+ SecPageTables) + Unevictable``:
  what the kernel cannot reclaim (unreclaimable slab, kernel stacks, page tables, and
  pages pinned by ``mlock`` or ramfs);
* **compressed** = the zswap pool (``Zswap``, holding ``Zswapped`` bytes of data) plus
  every initialised zram device's ``mem_used_total`` (``/sys/block/zram*/mm_stat``,
  holding ``orig_data_size``); unknown (``None``) where the kernel has neither;
* **cached files** = ``Buffers + Cached − Shmem``: the page cache of files (``Cached``
  counts tmpfs / shmem pages too; those are app memory here);
* **swap used** = ``SwapTotal − SwapFree``;
* **free** = ``MemFree``; **available** = ``MemAvailable``; active / inactive =
  ``Active`` / ``Inactive``; **reclaimable kernel** (for the page-class stack) =
  ``KReclaimable`` (``SReclaimable`` on kernels before 4.20).

The read is one ``open``/``read``/``close`` of a ~1.5 KB file; psutil's
``virtual_memory()`` + ``swap_memory()`` read meminfo twice and ``/proc/vmstat`` once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from activitymon.model import MemoryStats
from activitymon.sources.linux_proc import PAGE_SIZE

MEMINFO = "/proc/meminfo"
SYS_BLOCK = "/sys/block"


def parse_meminfo(data: bytes, where: str = MEMINFO) -> dict[str, int]:
    """``Name: value [kB]`` lines → bytes (``HugePages_*`` counts are kept as counts).

    Raises ``ValueError`` naming ``where`` when ``MemTotal`` is missing or a value is
    not a number."""
    out: dict[str, int] = {}
    for line in data.splitlines():
        name, sep, rest = line.partition(b":")
        if not sep:
            continue
        parts = rest.split()
        if not parts:
            continue
        try:
            value = int(parts[0])
        except ValueError as exc:
            raise ValueError(f"{where}: {name.decode('ascii', 'replace')} is not a number") from exc
        if len(parts) > 1 and parts[1] == b"kB":
            value *= 1024
        out[name.decode("ascii", "replace")] = value
    if "MemTotal" not in out:
        raise ValueError(f"{where}: no MemTotal line")
    return out


@dataclass(frozen=True, slots=True)
class ZramUsage:
    """The sum over initialised zram devices, in bytes (``mm_stat`` fields 1 and 3)."""

    #: data stored, before compression (``orig_data_size``)
    original_bytes: int
    #: memory the devices use, compressed data and allocator overhead (``mem_used_total``)
    used_bytes: int


def parse_zram_mm_stat(data: bytes) -> tuple[int, int]:
    """``orig_data_size compr_data_size mem_used_total …`` → (orig, mem_used_total).

    Documentation/admin-guide/blockdev/zram.rst, "mm_stat". Raises ``ValueError``."""
    fields = data.split()
    if len(fields) < 3:
        raise ValueError(f"zram mm_stat has {len(fields)} fields, expected at least 3")
    return int(fields[0]), int(fields[2])


def read_zram(sys_block: str = SYS_BLOCK) -> ZramUsage | None:
    """zram's usage summed over initialised devices; ``None`` where there is none."""
    try:
        names = [n for n in os.listdir(sys_block) if n.startswith("zram")]
    except OSError:
        return None
    original = used = 0
    found = False
    for name in names:
        base = f"{sys_block}/{name}"
        try:
            with open(f"{base}/disksize", "rb") as f:
                if int(f.read().strip() or b"0") == 0:
                    continue  # not initialised: holds nothing, counts nothing
            with open(f"{base}/mm_stat", "rb") as f:
                orig, mem = parse_zram_mm_stat(f.read())
        except (OSError, ValueError):
            continue
        original += orig
        used += mem
        found = True
    return ZramUsage(original, used) if found else None


def memory_from_meminfo(
    info: dict[str, int], zram: ZramUsage | None = None, page_size: int = PAGE_SIZE
) -> MemoryStats:
    """The model's figures from parsed ``/proc/meminfo`` (bytes) and zram (see the
    module docstring for each definition). A counter the kernel does not print leaves
    its figure ``None``."""

    def pages(value: int | None) -> int | None:
        return None if value is None else max(0, value) // page_size

    def total(*names: str, required: tuple[str, ...] = ()) -> int | None:
        if any(n not in info for n in required):
            return None
        return sum(info.get(n, 0) for n in names)

    mem_total = info["MemTotal"]
    available = info.get("MemAvailable")
    shmem = info.get("Shmem", 0)
    app = total("AnonPages", "Shmem", required=("AnonPages",))
    wired = total(
        "SUnreclaim",
        "KernelStack",
        "PageTables",
        "SecPageTables",
        "Unevictable",
        required=("SUnreclaim", "KernelStack", "PageTables"),
    )
    cached = total("Buffers", "Cached", required=("Cached",))
    compressor: int | None = None
    compressed: int | None = None
    if "Zswap" in info:
        compressor, compressed = info["Zswap"], info.get("Zswapped", 0)
    if zram is not None:
        compressor = (compressor or 0) + zram.used_bytes
        compressed = (compressed or 0) + zram.original_bytes
    swap_total = info.get("SwapTotal")
    swap_free = info.get("SwapFree")
    return MemoryStats(
        page_size=page_size,
        total_pages=mem_total // page_size,
        free_pages=pages(info.get("MemFree")),
        active_pages=pages(info.get("Active")),
        inactive_pages=pages(info.get("Inactive")),
        wired_pages=pages(wired),
        file_backed_pages=pages(None if cached is None else cached - shmem),
        anonymous_pages=pages(app),
        compressor_pages=pages(compressor),
        compressed_pages=pages(compressed),
        swap_total_bytes=swap_total,
        swap_used_bytes=None
        if swap_total is None or swap_free is None
        else max(0, swap_total - swap_free),
        available_pages=pages(available),
        memory_used_pages=None if available is None else pages(mem_total - available),
    )


def meminfo_extra(info: dict[str, int]) -> dict[str, float]:
    """Linux figures without a model field, in bytes (``Snapshot.extra``)."""
    out: dict[str, float] = {}
    reclaimable = info.get("KReclaimable", info.get("SReclaimable"))
    if reclaimable is not None:
        out["kernel_reclaimable_bytes"] = float(reclaimable)
    for key, name in (
        ("Shmem", "shared_bytes"),
        ("Slab", "slab_bytes"),
        ("Buffers", "buffers_bytes"),
        ("Cached", "cached_bytes"),
        ("SwapCached", "swap_cached_bytes"),
    ):
        if key in info:
            out[name] = float(info[key])
    return out


def read_meminfo(path: str = MEMINFO) -> dict[str, int]:
    """Read and parse ``/proc/meminfo``; ``OSError`` / ``ValueError`` as they come."""
    fd = os.open(path, os.O_RDONLY)
    try:
        data = os.read(fd, 16384)
    finally:
        os.close(fd)
    return parse_meminfo(data, path)
