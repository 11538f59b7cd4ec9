"""The Darwin structures and constants of a process's memory map (the inspector,
issue 25), as ctypes classes named after the C structs: ``proc_regionwithpathinfo``
(libproc), ``vm_region_submap_info_64`` and ``task_vm_info`` (Mach, ``#pragma
pack(4)``), share modes, protections and the ``VM_MEMORY_*`` user tags.

Layouts are from XNU's ``bsd/sys/proc_info.h``, ``osfmk/mach/vm_region.h``,
``osfmk/mach/task_info.h``, ``osfmk/mach/vm_prot.h`` and
``osfmk/mach/vm_statistics.h`` (read at xnu-11417); tests pin every size, offset and
constant. Nothing here calls the kernel.
"""

from __future__ import annotations

import ctypes

from activitymon.sources.macos_structs import c_int32, c_int64, c_uint32, c_uint64

#: bsd/sys/proc_info.h
PROC_PIDREGIONINFO = 7
PROC_PIDREGIONPATHINFO = 8
#: bsd/sys/param.h
MAXPATHLEN = 1024
#: osfmk/mach/vm_region.h: sizeof(vm_region_submap_info_data_64_t) / sizeof(natural_t)
VM_REGION_SUBMAP_INFO_COUNT_64 = 19
#: osfmk/mach/task_info.h
TASK_VM_INFO = 22
#: osfmk/mach/kern_return.h: past the last region (mach_vm_region_recurse)
KERN_INVALID_ADDRESS = 1
#: osfmk/mach/vm_prot.h
VM_PROT_READ = 0x01
VM_PROT_WRITE = 0x02
VM_PROT_EXECUTE = 0x04
#: osfmk/mach/vm_region.h: share modes
SM_COW = 1
SM_PRIVATE = 2
SM_EMPTY = 3
SM_SHARED = 4
SM_TRUESHARED = 5
SM_PRIVATE_ALIASED = 6
SM_SHARED_ALIASED = 7
SM_LARGE_PAGE = 8
#: osfmk/mach/vm_statistics.h: user tags (the region types vmmap names)
VM_MEMORY_MALLOC = 1
VM_MEMORY_MALLOC_SMALL = 2
VM_MEMORY_MALLOC_LARGE = 3
VM_MEMORY_MALLOC_HUGE = 4
VM_MEMORY_REALLOC = 6
VM_MEMORY_MALLOC_TINY = 7
VM_MEMORY_MALLOC_LARGE_REUSABLE = 8
VM_MEMORY_MALLOC_LARGE_REUSED = 9
VM_MEMORY_MALLOC_NANO = 11
VM_MEMORY_MALLOC_MEDIUM = 12
VM_MEMORY_IOKIT = 21
VM_MEMORY_STACK = 30
VM_MEMORY_GUARD = 31
VM_MEMORY_DYLIB = 33
VM_MEMORY_FOUNDATION = 41
VM_MEMORY_COREGRAPHICS = 42
VM_MEMORY_LAYERKIT = 51
VM_MEMORY_CGIMAGE = 52
VM_MEMORY_DYLD = 60
VM_MEMORY_DYLD_MALLOC = 61
VM_MEMORY_SQLITE = 62
VM_MEMORY_JAVASCRIPT_CORE = 63
VM_MEMORY_IMAGEIO = 70
VM_MEMORY_OS_ALLOC_ONCE = 73
VM_MEMORY_LIBDISPATCH = 74
VM_MEMORY_ACCELERATE = 75
VM_MEMORY_COREUI = 76
VM_MEMORY_SWIFT_RUNTIME = 82
VM_MEMORY_SWIFT_METADATA = 83
VM_MEMORY_IOSURFACE = 88
VM_MEMORY_IOACCELERATOR = 100
VM_MEMORY_APPLICATION_SPECIFIC_1 = 240
VM_MEMORY_APPLICATION_SPECIFIC_16 = 255


class proc_regioninfo(ctypes.Structure):
    """``struct proc_regioninfo`` (96 bytes, bsd/sys/proc_info.h)."""

    _fields_ = (
        ("pri_protection", c_uint32),
        ("pri_max_protection", c_uint32),
        ("pri_inheritance", c_uint32),
        ("pri_flags", c_uint32),
        ("pri_offset", c_uint64),
        ("pri_behavior", c_uint32),
        ("pri_user_wired_count", c_uint32),
        ("pri_user_tag", c_uint32),
        ("pri_pages_resident", c_uint32),
        ("pri_pages_shared_now_private", c_uint32),
        ("pri_pages_swapped_out", c_uint32),
        ("pri_pages_dirtied", c_uint32),
        ("pri_ref_count", c_uint32),
        ("pri_shadow_depth", c_uint32),
        ("pri_share_mode", c_uint32),
        ("pri_private_pages_resident", c_uint32),
        ("pri_shared_pages_resident", c_uint32),
        ("pri_obj_id", c_uint32),
        ("pri_depth", c_uint32),
        ("pri_address", c_uint64),
        ("pri_size", c_uint64),
    )


class vinfo_stat(ctypes.Structure):
    """``struct vinfo_stat`` (136 bytes, bsd/sys/proc_info.h)."""

    _fields_ = (
        ("vst_dev", c_uint32),
        ("vst_mode", ctypes.c_uint16),
        ("vst_nlink", ctypes.c_uint16),
        ("vst_ino", c_uint64),
        ("vst_uid", c_uint32),
        ("vst_gid", c_uint32),
        ("vst_atime", c_int64),
        ("vst_atimensec", c_int64),
        ("vst_mtime", c_int64),
        ("vst_mtimensec", c_int64),
        ("vst_ctime", c_int64),
        ("vst_ctimensec", c_int64),
        ("vst_birthtime", c_int64),
        ("vst_birthtimensec", c_int64),
        ("vst_size", c_int64),
        ("vst_blocks", c_int64),
        ("vst_blksize", c_int32),
        ("vst_flags", c_uint32),
        ("vst_gen", c_uint32),
        ("vst_rdev", c_uint32),
        ("vst_qspare", c_int64 * 2),
    )


class vnode_info(ctypes.Structure):
    """``struct vnode_info`` (152 bytes): the stat, the vnode type, ``fsid_t``."""

    _fields_ = (
        ("vi_stat", vinfo_stat),
        ("vi_type", c_int32),
        ("vi_pad", c_int32),
        ("vi_fsid", c_int32 * 2),
    )


class vnode_info_path(ctypes.Structure):
    """``struct vnode_info_path`` (1176 bytes): the vnode and its path."""

    _fields_ = (("vip_vi", vnode_info), ("vip_path", ctypes.c_char * MAXPATHLEN))


class proc_regionwithpathinfo(ctypes.Structure):
    """``struct proc_regionwithpathinfo`` (1272 bytes): ``PROC_PIDREGIONPATHINFO``."""

    _fields_ = (("prp_prinfo", proc_regioninfo), ("prp_vip", vnode_info_path))


PROC_PIDREGIONPATHINFO_SIZE = ctypes.sizeof(proc_regionwithpathinfo)


class vm_region_submap_info_64(ctypes.Structure):
    """``struct vm_region_submap_info_64`` (76 bytes; ``#pragma pack(4)`` in
    osfmk/mach/vm_region.h, so ``offset`` sits at byte 12)."""

    _pack_ = 4
    _fields_ = (
        ("protection", c_int32),
        ("max_protection", c_int32),
        ("inheritance", c_uint32),
        ("offset", c_uint64),
        ("user_tag", c_uint32),
        ("pages_resident", c_uint32),
        ("pages_shared_now_private", c_uint32),
        ("pages_swapped_out", c_uint32),
        ("pages_dirtied", c_uint32),
        ("ref_count", c_uint32),
        ("shadow_depth", ctypes.c_uint16),
        ("external_pager", ctypes.c_uint8),
        ("share_mode", ctypes.c_uint8),
        ("is_submap", c_int32),
        ("behavior", c_int32),
        ("object_id", c_uint32),
        ("user_wired_count", ctypes.c_uint16),
        ("pages_reusable", c_uint32),
        ("object_id_full", c_uint64),
    )


_TASK_VM_INFO_FIELDS: tuple[tuple[str, type], ...] = (
    ("virtual_size", c_uint64),
    ("region_count", c_int32),
    ("page_size", c_int32),
    ("resident_size", c_uint64),
    ("resident_size_peak", c_uint64),
    ("device", c_uint64),
    ("device_peak", c_uint64),
    ("internal", c_uint64),
    ("internal_peak", c_uint64),
    ("external", c_uint64),
    ("external_peak", c_uint64),
    ("reusable", c_uint64),
    ("reusable_peak", c_uint64),
    ("purgeable_volatile_pmap", c_uint64),
    ("purgeable_volatile_resident", c_uint64),
    ("purgeable_volatile_virtual", c_uint64),
    ("compressed", c_uint64),
    ("compressed_peak", c_uint64),
    ("compressed_lifetime", c_uint64),
    # rev1
    ("phys_footprint", c_uint64),
    # rev2
    ("min_address", c_uint64),
    ("max_address", c_uint64),
    # rev3
    ("ledger_phys_footprint_peak", c_int64),
    ("ledger_purgeable_nonvolatile", c_int64),
    ("ledger_purgeable_novolatile_compressed", c_int64),
    ("ledger_purgeable_volatile", c_int64),
    ("ledger_purgeable_volatile_compressed", c_int64),
    ("ledger_tag_network_nonvolatile", c_int64),
    ("ledger_tag_network_nonvolatile_compressed", c_int64),
    ("ledger_tag_network_volatile", c_int64),
    ("ledger_tag_network_volatile_compressed", c_int64),
    ("ledger_tag_media_footprint", c_int64),
    ("ledger_tag_media_footprint_compressed", c_int64),
    ("ledger_tag_media_nofootprint", c_int64),
    ("ledger_tag_media_nofootprint_compressed", c_int64),
    ("ledger_tag_graphics_footprint", c_int64),
    ("ledger_tag_graphics_footprint_compressed", c_int64),
    ("ledger_tag_graphics_nofootprint", c_int64),
    ("ledger_tag_graphics_nofootprint_compressed", c_int64),
    ("ledger_tag_neural_footprint", c_int64),
    ("ledger_tag_neural_footprint_compressed", c_int64),
    ("ledger_tag_neural_nofootprint", c_int64),
    ("ledger_tag_neural_nofootprint_compressed", c_int64),
    # rev4
    ("limit_bytes_remaining", c_uint64),
    # rev5
    ("decompressions", c_int32),
    # rev6
    ("ledger_swapins", c_int64),
    # rev7
    ("ledger_tag_neural_nofootprint_total", c_int64),
    ("ledger_tag_neural_nofootprint_peak", c_int64),
)


class task_vm_info(ctypes.Structure):
    """``struct task_vm_info`` rev 7 (372 bytes; ``#pragma pack(4)`` in
    osfmk/mach/task_info.h): ``phys_footprint`` at byte 144."""

    _pack_ = 4
    _fields_ = _TASK_VM_INFO_FIELDS


TASK_VM_INFO_SIZE = ctypes.sizeof(task_vm_info)
#: ``TASK_VM_INFO_COUNT``: sizeof(task_vm_info_data_t) / sizeof(natural_t)
TASK_VM_INFO_COUNT = TASK_VM_INFO_SIZE // 4
