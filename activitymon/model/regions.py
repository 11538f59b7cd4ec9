"""A process's memory map, as ``vmmap`` shows it: regions and the "REGION TYPE" summary.

Every source that can read a map (the simulator, ``/proc/PID/smaps`` on Linux, libproc
and Mach on macOS) gives the same values. Sizes are bytes; a figure a source cannot
know is ``None``, never a fake 0.

Per region the article's formula holds (Levin, "No pressure, Mon!", 2013)::

    VSS (virtual) = RSS (resident) + LSS (lazy: reserved, never touched)
                    + SwSS (swapped out, or compressed on Apple systems)

``dirty_bytes`` is the part of the resident pages the process wrote (vmmap's DIRTY
SIZE); ``swapped_bytes`` is vmmap's SWAPPED SIZE (compressed, on iOS and macOS) and
``Swap`` of ``smaps`` on Linux.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: vmmap's share modes (``SM=``), from ``osfmk/mach/vm_region.h`` SM_* by their short names
SHARE_MODES = ("COW", "PRV", "NUL", "SHM", "ALI", "S/A", "P/A", "LPG")


@dataclass(frozen=True, slots=True)
class MemoryRegion:
    """One mapping: an address range with one protection and one backing."""

    start: int
    end: int
    #: vmmap's region type ("__TEXT", "MALLOC_SMALL", "Stack") or, on Linux, what the
    #: mapping is ("heap", "anonymous", "library text", "mapped file" …)
    type: str
    #: the file behind it, if any
    path: str | None
    #: "r-x/r-x" (current/maximum) on macOS, "r-xp" on Linux
    protection: str | None
    #: vmmap's SM= code: COW, PRV, NUL, SHM, ALI, S/A, P/A, LPG
    share_mode: str | None
    virtual_bytes: int
    resident_bytes: int | None
    dirty_bytes: int | None
    swapped_bytes: int | None
    #: resident pages only this process maps / also mapped by others (shared vs private)
    private_bytes: int | None = None
    shared_bytes: int | None = None
    #: volatile purgeable memory: the kernel may discard it instead of killing anyone
    purgeable: bool = False

    @property
    def lazy_bytes(self) -> int | None:
        """LSS: virtual − resident − swapped (reserved, never touched, or file pages
        not read in)."""
        if self.resident_bytes is None or self.swapped_bytes is None:
            return None
        return max(0, self.virtual_bytes - self.resident_bytes - self.swapped_bytes)


@dataclass(frozen=True, slots=True)
class RegionSummary:
    """One row of vmmap's "REGION TYPE" summary (or its TOTAL)."""

    type: str
    count: int
    virtual_bytes: int
    resident_bytes: int | None
    dirty_bytes: int | None
    swapped_bytes: int | None


def _sum(values: Iterable[int | None]) -> int | None:
    """The sum of the known values; ``None`` when none is known."""
    total: int | None = None
    for value in values:
        if value is not None:
            total = value if total is None else total + value
    return total


def total_of(regions: Iterable[MemoryRegion], type_name: str = "TOTAL") -> RegionSummary:
    rows = tuple(regions)
    return RegionSummary(
        type=type_name,
        count=len(rows),
        virtual_bytes=sum(r.virtual_bytes for r in rows),
        resident_bytes=_sum(r.resident_bytes for r in rows),
        dirty_bytes=_sum(r.dirty_bytes for r in rows),
        swapped_bytes=_sum(r.swapped_bytes for r in rows),
    )


def summarize(regions: Iterable[MemoryRegion]) -> tuple[RegionSummary, ...]:
    """vmmap's "REGION TYPE" table: one row per type (largest virtual size first, then
    by name), each the sum of its regions. The TOTAL is :func:`total_of`."""
    by_type: dict[str, list[MemoryRegion]] = {}
    for region in regions:
        by_type.setdefault(region.type, []).append(region)
    rows = [total_of(group, name) for name, group in by_type.items()]
    rows.sort(key=lambda row: (-row.virtual_bytes, row.type))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class FootprintPart:
    """One part of what the kernel charges (or does not charge) a process."""

    name: str
    bytes: int | None
    #: counted in the footprint (phys_footprint, or Linux's anon + shmem + swap)
    counted: bool
    #: the glossary term that explains it
    term: str = "footprint"


@dataclass(frozen=True, slots=True)
class MemoryMap:
    """What a source could read of one process's memory at one moment.

    ``complete`` is false when the read was cut short (the process exited or the
    region cap was reached); ``problem`` then says so in one line, as it does when
    the map could not be read at all (``regions`` empty).
    """

    pid: int
    #: where it was read: "/proc/123/smaps", "simulated", "proc_pidinfo(…)" …
    origin: str
    regions: tuple[MemoryRegion, ...] = ()
    complete: bool = True
    problem: str | None = None
    #: footprint and its parts, where the source knows them (``task_vm_info`` …)
    parts: tuple[FootprintPart, ...] = ()
    #: the kernel's own totals for the whole process, to check the regions against
    #: (``smaps_rollup`` on Linux), by name
    rollup: tuple[tuple[str, int], ...] = ()
    #: lines that say what a source without regions holds (a jetsam report's entry)
    notes: tuple[str, ...] = ()

    @property
    def summary(self) -> tuple[RegionSummary, ...]:
        return summarize(self.regions)

    @property
    def total(self) -> RegionSummary:
        return total_of(self.regions)
