"""A macOS process's memory map, vmmap-style, through libproc and Mach (issue 25).

Two ways, as vmmap has:

* with the process's task port (``task_for_pid``: root, or a process that allows it),
  ``mach_vm_region_recurse`` with ``VM_REGION_SUBMAP_INFO_64`` walks every region,
  descending into submaps (the shared region), and ``proc_regionfilename`` names the
  file behind each; ``task_info(TASK_VM_INFO)`` then gives the footprint's parts
  (internal, compressed, graphics, purgeable …, ``phys_footprint``);
* without it, ``proc_pidinfo(PROC_PIDREGIONPATHINFO)`` walks the regions of a process
  of the same user (or any, as root), with the path of each, the way Activity Monitor
  does; the footprint's parts then need the task port, and the map says so.

Another user's process without root is refused: one line says what is needed. A
process that exits mid-walk keeps what was read. Everything here goes through the
:class:`~activitymon.sources.macos_calls.DarwinCalls` table (a fake in the tests).
"""

from __future__ import annotations

from activitymon.model.regions import FootprintPart, MemoryMap, MemoryRegion
from activitymon.sources import macos_vm_structs as vst
from activitymon.sources.base import ProcessGone
from activitymon.sources.macos_calls import CallFailed, DarwinCalls, Gone, Missing, Refused

#: the walk stops here whatever happens (``vm.max_map_count`` has no macOS twin)
MAX_REGIONS = 65_536

#: ``SM_*`` (osfmk/mach/vm_region.h) → vmmap's SM= text
SHARE_MODES = {
    vst.SM_COW: "COW",
    vst.SM_PRIVATE: "PRV",
    vst.SM_EMPTY: "NUL",
    vst.SM_SHARED: "SHM",
    vst.SM_TRUESHARED: "SHM",
    vst.SM_PRIVATE_ALIASED: "P/A",
    vst.SM_SHARED_ALIASED: "S/A",
    vst.SM_LARGE_PAGE: "LPG",
}

#: ``VM_MEMORY_*`` user tags (osfmk/mach/vm_statistics.h) → vmmap's region type
TAG_TYPES = {
    vst.VM_MEMORY_MALLOC: "MALLOC",
    vst.VM_MEMORY_MALLOC_SMALL: "MALLOC_SMALL",
    vst.VM_MEMORY_MALLOC_LARGE: "MALLOC_LARGE",
    vst.VM_MEMORY_MALLOC_HUGE: "MALLOC_HUGE",
    vst.VM_MEMORY_REALLOC: "MALLOC_REALLOC",
    vst.VM_MEMORY_MALLOC_TINY: "MALLOC_TINY",
    vst.VM_MEMORY_MALLOC_LARGE_REUSABLE: "MALLOC_LARGE (reusable)",
    vst.VM_MEMORY_MALLOC_LARGE_REUSED: "MALLOC_LARGE (reused)",
    vst.VM_MEMORY_MALLOC_NANO: "MALLOC_NANO",
    vst.VM_MEMORY_MALLOC_MEDIUM: "MALLOC_MEDIUM",
    vst.VM_MEMORY_IOKIT: "IOKit",
    vst.VM_MEMORY_STACK: "Stack",
    vst.VM_MEMORY_GUARD: "Guard",
    vst.VM_MEMORY_DYLIB: "dylib",
    vst.VM_MEMORY_FOUNDATION: "Foundation",
    vst.VM_MEMORY_COREGRAPHICS: "CoreGraphics",
    vst.VM_MEMORY_LAYERKIT: "CoreAnimation",
    vst.VM_MEMORY_CGIMAGE: "CG image",
    vst.VM_MEMORY_DYLD: "dyld private memory",
    vst.VM_MEMORY_DYLD_MALLOC: "dyld malloc",
    vst.VM_MEMORY_SQLITE: "SQLite page cache",
    vst.VM_MEMORY_JAVASCRIPT_CORE: "JavaScriptCore",
    vst.VM_MEMORY_IMAGEIO: "ImageIO",
    vst.VM_MEMORY_OS_ALLOC_ONCE: "Kernel Alloc Once",
    vst.VM_MEMORY_LIBDISPATCH: "libdispatch",
    vst.VM_MEMORY_ACCELERATE: "Accelerate framework",
    vst.VM_MEMORY_COREUI: "CoreUI image data",
    vst.VM_MEMORY_SWIFT_RUNTIME: "Swift runtime",
    vst.VM_MEMORY_SWIFT_METADATA: "Swift metadata",
    vst.VM_MEMORY_IOSURFACE: "IOSurface",
    vst.VM_MEMORY_IOACCELERATOR: "IOAccelerator",
}


def protection_text(current: int, maximum: int) -> str:
    """``r-x/rwx``: vmmap's current/maximum protection."""

    def one(prot: int) -> str:
        return (
            ("r" if prot & vst.VM_PROT_READ else "-")
            + ("w" if prot & vst.VM_PROT_WRITE else "-")
            + ("x" if prot & vst.VM_PROT_EXECUTE else "-")
        )

    return f"{one(current)}/{one(maximum)}"


def region_type(tag: int, path: str | None, current: int) -> str:
    """vmmap's type: the user tag's name, else what a file mapping is, else
    VM_ALLOCATE (anonymous memory without a tag)."""
    if tag in TAG_TYPES:
        return TAG_TYPES[tag]
    if vst.VM_MEMORY_APPLICATION_SPECIFIC_1 <= tag <= vst.VM_MEMORY_APPLICATION_SPECIFIC_16:
        return f"VM_ALLOCATE (tag {tag})"
    if path:
        if current & vst.VM_PROT_EXECUTE:
            return "__TEXT"
        if current & vst.VM_PROT_WRITE:
            return "__DATA"
        return "mapped file"
    return "VM_ALLOCATE" if tag == 0 else f"memory tag {tag}"


def _sharing(mode: int, resident: int, now_private: int) -> tuple[int, int]:
    """(private, shared) resident bytes of a region from its share mode."""
    if mode in (vst.SM_PRIVATE, vst.SM_PRIVATE_ALIASED, vst.SM_LARGE_PAGE):
        return resident, 0
    if mode == vst.SM_COW:
        private = min(now_private, resident)
        return private, resident - private
    if mode == vst.SM_EMPTY:
        return 0, 0
    return 0, resident


def _region(
    address: int,
    size: int,
    *,
    tag: int,
    current: int,
    maximum: int,
    mode: int,
    pages: tuple[int, int, int, int],
    path: str | None,
    page_size: int,
    sharing: tuple[int, int] | None = None,
) -> MemoryRegion:
    resident, dirtied, swapped, now_private = (n * page_size for n in pages)
    private, shared = sharing or _sharing(mode, resident, now_private)
    return MemoryRegion(
        start=address,
        end=address + size,
        type=region_type(tag, path, current),
        path=path,
        protection=protection_text(current, maximum),
        share_mode=SHARE_MODES.get(mode, str(mode)),
        virtual_bytes=size,
        resident_bytes=resident,
        dirty_bytes=min(dirtied, resident),
        swapped_bytes=swapped,
        private_bytes=private,
        shared_bytes=shared,
    )


def _c_string(raw: bytes) -> str | None:
    text = raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    return text or None


def regions_by_path_info(
    calls: DarwinCalls, pid: int, page_size: int
) -> tuple[list[MemoryRegion], str | None]:
    """Walk ``proc_pidinfo(PROC_PIDREGIONPATHINFO)``; (regions, problem or None).
    Raises :class:`Refused` when the first call is refused, :class:`Gone` when the
    process is gone before anything was read."""
    size = vst.PROC_PIDREGIONPATHINFO_SIZE
    regions: list[MemoryRegion] = []
    address = 0
    while len(regions) < MAX_REGIONS:
        try:
            raw = calls.proc_pidinfo(pid, vst.PROC_PIDREGIONPATHINFO, size, address)
        except (Refused, Gone):
            if not regions:
                raise
            return (
                regions,
                f"pid {pid} exited while its map was read: {len(regions):,} regions read",
            )
        except Missing:
            raise
        except CallFailed:
            return regions, None  # EINVAL: no region at or after the address
        info = vst.proc_regionwithpathinfo.from_buffer_copy(raw)
        pri = info.prp_prinfo
        if pri.pri_size == 0 or pri.pri_address + pri.pri_size <= address:
            return regions, None
        regions.append(
            _region(
                pri.pri_address,
                pri.pri_size,
                tag=pri.pri_user_tag,
                current=pri.pri_protection,
                maximum=pri.pri_max_protection,
                mode=pri.pri_share_mode,
                pages=(
                    pri.pri_pages_resident,
                    pri.pri_pages_dirtied,
                    pri.pri_pages_swapped_out,
                    pri.pri_pages_shared_now_private,
                ),
                path=_c_string(bytes(info.prp_vip.vip_path)),
                page_size=page_size,
                sharing=(
                    pri.pri_private_pages_resident * page_size,
                    pri.pri_shared_pages_resident * page_size,
                ),
            )
        )
        address = pri.pri_address + pri.pri_size
    return regions, f"the map has more than {MAX_REGIONS:,} regions: the first are shown"


def regions_by_task(
    calls: DarwinCalls, task: int, pid: int, page_size: int
) -> tuple[list[MemoryRegion], str | None]:
    """Walk ``mach_vm_region_recurse`` (``VM_REGION_SUBMAP_INFO_64``), into submaps."""
    regions: list[MemoryRegion] = []
    address, depth = 0, 0
    while len(regions) < MAX_REGIONS:
        try:
            found = calls.mach_vm_region_recurse(task, address, depth)
        except CallFailed:
            note = f"pid {pid} exited while its map was read: {len(regions):,} regions read"
            return regions, note if regions else None
        if found is None:
            return regions, None  # KERN_INVALID_ADDRESS: past the last region
        start, size, depth_now, raw = found
        info = vst.vm_region_submap_info_64.from_buffer_copy(raw)
        if info.is_submap:
            depth = depth_now + 1  # look inside it at the same address
            address = start
            continue
        try:
            path = calls.proc_regionfilename(pid, start) or None
        except CallFailed:
            path = None
        regions.append(
            _region(
                start,
                size,
                tag=info.user_tag,
                current=info.protection,
                maximum=info.max_protection,
                mode=info.share_mode,
                pages=(
                    info.pages_resident,
                    info.pages_dirtied,
                    info.pages_swapped_out,
                    info.pages_shared_now_private,
                ),
                path=path,
                page_size=page_size,
            )
        )
        address, depth = start + size, depth_now
    return regions, f"the map has more than {MAX_REGIONS:,} regions: the first are shown"


def footprint_parts(raw: bytes) -> tuple[FootprintPart, ...]:
    """``task_vm_info`` (rev 3+) as the footprint's parts; the counted ones add up to
    ``phys_footprint`` (what they leave, IOKit mappings and page tables, is "other")."""
    info = vst.task_vm_info.from_buffer_copy(raw.ljust(vst.TASK_VM_INFO_SIZE, b"\0"))
    counted = [
        FootprintPart("internal (dirty private), resident", info.internal, True),
        FootprintPart("compressed (at full size)", info.compressed, True, "process-compressed"),
        FootprintPart("graphics (ledger tag)", info.ledger_tag_graphics_footprint, True),
        FootprintPart(
            "purgeable, non-volatile", info.ledger_purgeable_nonvolatile, True, "purgeable"
        ),
    ]
    known = sum(p.bytes or 0 for p in counted)
    if info.phys_footprint >= known:
        counted.append(
            FootprintPart("other (IOKit mappings, page tables)", info.phys_footprint - known, True)
        )
    return (
        *counted,
        FootprintPart(
            "purgeable, volatile (not counted)", info.ledger_purgeable_volatile, False, "purgeable"
        ),
        FootprintPart(
            "file-backed (external; not counted)", info.external, False, "footprint-vs-rss"
        ),
    )


def read_memory_map(calls: DarwinCalls, pid: int, page_size: int) -> MemoryMap:
    """The map of ``pid``: by its task port where allowed, else by libproc. Raises
    :class:`ProcessGone` once it has exited; a refusal is a map with ``problem``."""
    try:
        task: int | None = calls.task_for_pid(pid)
    except CallFailed:
        task = None
    if task is not None:
        try:
            regions, problem = regions_by_task(calls, task, pid, page_size)
            try:
                parts = footprint_parts(calls.task_vm_info(task))
            except CallFailed:
                parts = ()
        finally:
            calls.port_deallocate(task)
        origin = "mach_vm_region_recurse (VM_REGION_SUBMAP_INFO_64)"
        return MemoryMap(pid, origin, tuple(regions), problem is None, problem, parts)
    origin = "proc_pidinfo (PROC_PIDREGIONPATHINFO)"
    try:
        regions, problem = regions_by_path_info(calls, pid, page_size)
    except Gone as exc:
        raise ProcessGone(f"pid {pid} is not running") from exc
    except Refused:
        return MemoryMap(
            pid,
            origin,
            complete=False,
            problem=f"not permitted to read pid {pid}'s map: another user's process "
            "(run as root to see it)",
        )
    except Missing:
        return MemoryMap(pid, origin, complete=False, problem="this macOS has no region calls")
    note = (
        "its footprint's parts need its task port (task_for_pid): run as root, or "
        "inspect a process that allows it"
    )
    return MemoryMap(
        pid,
        origin,
        tuple(regions),
        problem is None,
        problem,
        notes=(note,),
    )
