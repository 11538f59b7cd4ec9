"""A simulated process's memory map, kept consistent with its footprint.

:func:`memory_map_of` turns a process's :class:`~activitymon.sim.region_layout.
RegionLayout` (its dirty regions, resized by the kernel on every footprint change)
into :class:`~activitymon.model.MemoryRegion` values at one moment, adding the clean
regions that do not count in a footprint (the binary's ``__TEXT`` and ``__LINKEDIT``,
the dyld shared cache) and the volatile purgeable region (emptied by a purge). The
process's compressed pages are spread over its dirty regions in proportion (largest
remainder), so for every process at every moment::

    Σ dirty_bytes + Σ swapped_bytes = footprint_bytes
    Σ swapped_bytes = compressed_bytes

Pure Python and deterministic: the sizes of the clean regions come from the name.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import NamedTuple

from activitymon.model.regions import FootprintPart, MemoryMap, MemoryRegion
from activitymon.sim.region_layout import RegionLayout

KIB = 1024
MIB = 1024 * 1024
#: the dyld shared cache on arm64 devices starts here (``SHARED_REGION_BASE_ARM64``)
SHARED_REGION_BASE = 0x1_8000_0000
BINARY_BASE = 0x1_0000_0000
STACK_BASE = 0x1_6B00_0000
#: malloc zones, IOKit and purgeable memory each get their own stretch of addresses
ZONE_BASE = 0x3_0000_0000
ZONE_SPACING = 0x10_0000_0000
SHARED_CACHE_PATH = "/System/Library/Caches/com.apple.dyld/dyld_shared_cache_arm64e"


@dataclass(frozen=True, slots=True)
class Identity:
    """What a process's clean regions are derived from."""

    pid: int
    name: str
    is_app: bool
    page_size: int


def _seed(name: str) -> int:
    return int(hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()[:8], 16)


def _round_up(n: int, unit: int) -> int:
    return -(-n // unit) * unit if n > 0 else 0


def _spread(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder, ties to the
    earlier weight), never more than a weight in any part."""
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0] * len(weights)
    total = min(total, whole)
    parts = [total * w // whole for w in weights]
    rest = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order:
        if rest <= 0:
            break
        if parts[i] < weights[i]:
            parts[i] += 1
            rest -= 1
    return parts


@dataclass(frozen=True, slots=True)
class _Dirty:
    start: int
    type: str
    path: str | None
    protection: str
    share_mode: str
    pages: int
    #: the region's reserved size in bytes (≥ its pages)
    reserve: int


def _binary_path(ident: Identity) -> str:
    if ident.is_app:
        return f"/private/var/containers/Bundle/Application/{ident.name}.app/{ident.name}"
    return f"/usr/libexec/{ident.name}"


class CleanSizes(NamedTuple):
    """The clean regions' sizes in pages (virtual and resident): the binary's
    ``__TEXT`` and ``__LINKEDIT``, the shared cache's ``__TEXT`` and ``__LINKEDIT``."""

    text: int
    text_resident: int
    linkedit: int
    linkedit_resident: int
    cache_text: int
    cache_text_resident: int
    cache_linkedit: int
    cache_linkedit_resident: int

    @property
    def resident(self) -> int:
        return (
            self.text_resident
            + self.linkedit_resident
            + self.cache_text_resident
            + self.cache_linkedit_resident
        )


@functools.lru_cache(maxsize=4096)
def clean_sizes(name: str, is_app: bool, page_size: int) -> CleanSizes:
    """From the name: apps are bigger than daemons; the same name, the same sizes."""
    ps = page_size
    seed = _seed(name)
    if is_app:
        text = max(1, (2 * MIB + (seed % 22) * MIB) // ps)
        cache = max(1, (60 * MIB + (seed >> 8) % 60 * MIB) // ps)
    else:
        text = max(1, (64 * KIB + (seed % 16) * 64 * KIB) // ps)
        cache = max(1, (6 * MIB + (seed >> 8) % 14 * MIB) // ps)
    linkedit = max(1, text // 3)
    cache_virtual = (1200 if is_app else 700) * MIB // ps
    cache_linkedit = 400 * MIB // ps
    return CleanSizes(
        text=text,
        text_resident=max(1, text * (40 + seed % 40) // 100),
        linkedit=linkedit,
        linkedit_resident=max(1, linkedit // 4),
        cache_text=cache_virtual,
        cache_text_resident=min(cache, cache_virtual),
        cache_linkedit=cache_linkedit,
        cache_linkedit_resident=min(max(1, cache // 12), cache_linkedit),
    )


def resident_bytes(
    layout: RegionLayout, ident: Identity, *, compressed_pages: int, purgeable_pages: int
) -> int:
    """What the map's regions say is resident, without building them (the ``rss``
    the simulator reports): dirty pages not compressed, clean pages, purgeable held."""
    clean = clean_sizes(ident.name, ident.is_app, ident.page_size)
    dirty = layout.pages - min(compressed_pages, layout.pages)
    held = min(purgeable_pages, layout.purgeable_virtual)
    return (dirty + clean.resident + held) * ident.page_size


def _dirty_regions(layout: RegionLayout, ident: Identity, text_pages: int) -> list[_Dirty]:
    ps = ident.page_size
    data_start = BINARY_BASE + text_pages * ps
    out = [
        _Dirty(
            data_start,
            "__DATA",
            _binary_path(ident),
            "rw-/rw-",
            "COW",
            layout.data,
            _round_up(layout.data * ps, 64 * KIB),
        ),
        _Dirty(
            SHARED_REGION_BASE + 0x6800_0000,
            "__DATA_DIRTY",
            SHARED_CACHE_PATH,
            "rw-/rw-",
            "COW",
            layout.data_dirty,
            layout.data_dirty * ps,
        ),
        _Dirty(
            STACK_BASE,
            "Stack",
            None,
            "rw-/rwx",
            "PRV",
            layout.stack,
            max(layout.stack * ps, (1024 if ident.is_app else 512) * KIB),
        ),
        _Dirty(
            ZONE_BASE,
            "MALLOC_TINY",
            None,
            "rw-/rwx",
            "PRV",
            layout.tiny,
            _round_up(layout.tiny * ps, MIB),
        ),
        _Dirty(
            ZONE_BASE + ZONE_SPACING,
            "MALLOC_SMALL",
            None,
            "rw-/rwx",
            "PRV",
            layout.small,
            _round_up(layout.small * ps, 8 * MIB),
        ),
    ]
    if layout.iokit or ident.is_app:
        out.append(
            _Dirty(
                ZONE_BASE + 2 * ZONE_SPACING,
                "IOKit",
                None,
                "rw-/rw-",
                "PRV",
                layout.iokit,
                layout.iokit * ps,
            )
        )
    out.extend(
        _Dirty(r.address, "MALLOC_LARGE", None, "rw-/rwx", "PRV", r.pages, r.pages * ps)
        for r in layout.large
    )
    return out


def memory_map_of(
    layout: RegionLayout,
    ident: Identity,
    *,
    compressed_pages: int,
    purgeable_pages: int,
) -> MemoryMap:
    """The process's regions now. ``compressed_pages`` is its share of the compressor
    (what its ``compressed_bytes`` says), ``purgeable_pages`` its volatile purgeable
    memory still held."""
    ps = ident.page_size
    clean = clean_sizes(ident.name, ident.is_app, ident.page_size)
    dirty = _dirty_regions(layout, ident, clean.text)
    swapped = _spread(compressed_pages, [d.pages for d in dirty])
    regions: list[MemoryRegion] = []
    for d, sw in zip(dirty, swapped, strict=True):
        resident = (d.pages - sw) * ps
        if max(d.reserve, d.pages * ps) == 0:
            continue
        regions.append(
            MemoryRegion(
                start=d.start,
                end=d.start + max(d.reserve, d.pages * ps),
                type=d.type,
                path=d.path,
                protection=d.protection,
                share_mode=d.share_mode if d.pages else "NUL",
                virtual_bytes=max(d.reserve, d.pages * ps),
                resident_bytes=resident,
                dirty_bytes=resident,
                swapped_bytes=sw * ps,
                private_bytes=resident,
                shared_bytes=0,
            )
        )
    binary = _binary_path(ident)
    data_end = dirty[0].start + max(dirty[0].reserve, dirty[0].pages * ps)
    regions += [
        _clean(
            BINARY_BASE,
            clean.text,
            resident=clean.text_resident,
            type_name="__TEXT",
            path=binary,
            protection="r-x/r-x",
            ps=ps,
        ),
        _clean(
            data_end,
            clean.linkedit,
            resident=clean.linkedit_resident,
            type_name="__LINKEDIT",
            path=binary,
            protection="r--/r--",
            ps=ps,
        ),
        _clean(
            SHARED_REGION_BASE,
            clean.cache_text,
            resident=clean.cache_text_resident,
            type_name="__TEXT",
            path=SHARED_CACHE_PATH,
            protection="r-x/r-x",
            ps=ps,
            shared=True,
        ),
        _clean(
            SHARED_REGION_BASE + 0x4C00_0000,
            clean.cache_linkedit,
            resident=clean.cache_linkedit_resident,
            type_name="__LINKEDIT",
            path=SHARED_CACHE_PATH,
            protection="r--/r--",
            ps=ps,
            shared=True,
        ),
    ]
    if layout.purgeable_virtual:
        held = min(purgeable_pages, layout.purgeable_virtual)
        start = ZONE_BASE + 3 * ZONE_SPACING
        regions.append(
            MemoryRegion(
                start=start,
                end=start + layout.purgeable_virtual * ps,
                type="Purgeable (volatile)" if held else "Purgeable (empty)",
                path=None,
                protection="rw-/rwx",
                share_mode="PRV" if held else "NUL",
                virtual_bytes=layout.purgeable_virtual * ps,
                resident_bytes=held * ps,
                dirty_bytes=0,
                swapped_bytes=0,
                private_bytes=held * ps,
                shared_bytes=0,
                purgeable=True,
            )
        )
    regions.sort(key=lambda r: r.start)
    return MemoryMap(
        pid=ident.pid,
        origin="simulated",
        regions=tuple(regions),
        parts=footprint_parts(regions, purgeable_pages, ps),
    )


def _clean(
    start: int,
    pages: int,
    *,
    resident: int,
    type_name: str,
    path: str,
    protection: str,
    ps: int,
    shared: bool = False,
) -> MemoryRegion:
    resident = min(resident, pages)
    return MemoryRegion(
        start=start,
        end=start + pages * ps,
        type=type_name,
        path=path,
        protection=protection,
        share_mode="COW",
        virtual_bytes=pages * ps,
        resident_bytes=resident * ps,
        dirty_bytes=0,
        swapped_bytes=0,
        private_bytes=0 if shared else resident * ps,
        shared_bytes=resident * ps if shared else 0,
    )


def footprint_parts(
    regions: list[MemoryRegion], purgeable_pages: int, page_size: int
) -> tuple[FootprintPart, ...]:
    """phys_footprint's parts (reference §3.1), read off the regions, and what it
    leaves out."""

    def total(regions: list[MemoryRegion], attr: str) -> int:
        return sum(getattr(r, attr) or 0 for r in regions)

    iokit = [r for r in regions if r.type == "IOKit"]
    other = [r for r in regions if r.type != "IOKit"]
    clean = [r for r in regions if not r.dirty_bytes and not r.swapped_bytes and not r.purgeable]
    return (
        FootprintPart("dirty private memory, resident", total(other, "dirty_bytes"), True),
        FootprintPart(
            "compressed (at full size)", total(regions, "swapped_bytes"), True, "process-compressed"
        ),
        FootprintPart("IOKit / graphics", total(iokit, "dirty_bytes"), True),
        FootprintPart("purgeable, non-volatile", 0, True, "purgeable"),
        FootprintPart(
            "purgeable, volatile (not counted)", purgeable_pages * page_size, False, "purgeable"
        ),
        FootprintPart(
            "clean file pages and shared libraries (not counted)",
            total(clean, "resident_bytes"),
            False,
            "footprint-vs-rss",
        ),
    )
