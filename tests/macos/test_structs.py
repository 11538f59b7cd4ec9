"""ctypes layouts against the reference (xnu-memorystatus.md §5.3, §6.2, §7.1, §8) and
the decoders' struct formats against the ctypes layouts."""

from __future__ import annotations

import ctypes

import pytest

from activitymon.sources import macos_decode as dec
from activitymon.sources import macos_structs as st
from activitymon.sources import macos_vm_structs as vst

SIZES = [
    (st.vm_statistics64, 152),
    (st.xsw_usage, 32),
    (st.rusage_info_v4, 296),
    (st.memorystatus_priority_entry, 24),
    (st.memorystatus_priority_entry_v2, 128),
    (st.memorystatus_memlimit_properties, 16),
    (st.proc_taskinfo, 96),
    (st.proc_bsdshortinfo, 64),
    (st.mach_timebase_info, 8),
    # memory maps (issue 25): bsd/sys/proc_info.h, osfmk/mach/vm_region.h, task_info.h
    (vst.proc_regioninfo, 96),
    (vst.vinfo_stat, 136),
    (vst.vnode_info, 152),
    (vst.vnode_info_path, 1176),
    (vst.proc_regionwithpathinfo, 1272),
    (vst.vm_region_submap_info_64, 76),
    (vst.task_vm_info, 372),
]


@pytest.mark.parametrize(("cls", "size"), SIZES, ids=[c.__name__ for c, _ in SIZES])
def test_struct_sizes_match_the_reference(cls: type[ctypes.Structure], size: int) -> None:
    assert ctypes.sizeof(cls) == size


OFFSETS = [
    # §7.1 vm_statistics64
    (st.vm_statistics64, "free_count", 0),
    (st.vm_statistics64, "wire_count", 12),
    (st.vm_statistics64, "zero_fill_count", 16),
    (st.vm_statistics64, "purges", 80),
    (st.vm_statistics64, "purgeable_count", 88),
    (st.vm_statistics64, "speculative_count", 92),
    (st.vm_statistics64, "decompressions", 96),
    (st.vm_statistics64, "compressions", 104),
    (st.vm_statistics64, "swapouts", 120),
    (st.vm_statistics64, "compressor_page_count", 128),
    (st.vm_statistics64, "throttled_count", 132),
    (st.vm_statistics64, "external_page_count", 136),
    (st.vm_statistics64, "internal_page_count", 140),
    (st.vm_statistics64, "total_uncompressed_pages_in_compressor", 144),
    # §6.2 xsw_usage
    (st.xsw_usage, "xsu_avail", 8),
    (st.xsw_usage, "xsu_used", 16),
    (st.xsw_usage, "xsu_pagesize", 24),
    (st.xsw_usage, "xsu_encrypted", 28),
    # §8.2 rusage_info_v4
    (st.rusage_info_v4, "ri_user_time", 16),
    (st.rusage_info_v4, "ri_resident_size", 64),
    (st.rusage_info_v4, "ri_phys_footprint", 72),
    (st.rusage_info_v4, "ri_proc_exit_abstime", 88),
    (st.rusage_info_v4, "ri_diskio_bytesread", 144),
    (st.rusage_info_v4, "ri_billed_system_time", 216),
    (st.rusage_info_v4, "ri_logical_writes", 232),
    (st.rusage_info_v4, "ri_lifetime_max_phys_footprint", 240),
    (st.rusage_info_v4, "ri_interval_max_phys_footprint", 280),
    (st.rusage_info_v4, "ri_runnable_time", 288),
    # §5.3 memorystatus
    (st.memorystatus_priority_entry, "priority", 4),
    (st.memorystatus_priority_entry, "user_data", 8),
    (st.memorystatus_priority_entry, "limit", 16),
    (st.memorystatus_priority_entry, "state", 20),
    (st.memorystatus_priority_entry_v2, "priority_start_mtime", 24),
    (st.memorystatus_memlimit_properties, "memlimit_active_attr", 4),
    (st.memorystatus_memlimit_properties, "memlimit_inactive", 8),
    (st.memorystatus_memlimit_properties, "memlimit_inactive_attr", 12),
    # §8.1 libproc
    (st.proc_taskinfo, "pti_resident_size", 8),
    (st.proc_taskinfo, "pti_total_user", 16),
    (st.proc_taskinfo, "pti_total_system", 24),
    (st.proc_taskinfo, "pti_policy", 48),
    (st.proc_taskinfo, "pti_threadnum", 84),
    (st.proc_bsdshortinfo, "pbsi_status", 12),
    (st.proc_bsdshortinfo, "pbsi_comm", 16),
    (st.proc_bsdshortinfo, "pbsi_uid", 36),
    # bsd/sys/proc_info.h struct proc_regioninfo
    (vst.proc_regioninfo, "pri_offset", 16),
    (vst.proc_regioninfo, "pri_user_tag", 32),
    (vst.proc_regioninfo, "pri_pages_resident", 36),
    (vst.proc_regioninfo, "pri_pages_swapped_out", 44),
    (vst.proc_regioninfo, "pri_pages_dirtied", 48),
    (vst.proc_regioninfo, "pri_share_mode", 60),
    (vst.proc_regioninfo, "pri_private_pages_resident", 64),
    (vst.proc_regioninfo, "pri_address", 80),
    (vst.proc_regioninfo, "pri_size", 88),
    (vst.proc_regionwithpathinfo, "prp_vip", 96),
    (vst.vnode_info_path, "vip_path", 152),
    # osfmk/mach/vm_region.h, #pragma pack(4)
    (vst.vm_region_submap_info_64, "offset", 12),
    (vst.vm_region_submap_info_64, "user_tag", 20),
    (vst.vm_region_submap_info_64, "pages_resident", 24),
    (vst.vm_region_submap_info_64, "pages_swapped_out", 32),
    (vst.vm_region_submap_info_64, "pages_dirtied", 36),
    (vst.vm_region_submap_info_64, "share_mode", 47),
    (vst.vm_region_submap_info_64, "is_submap", 48),
    (vst.vm_region_submap_info_64, "pages_reusable", 64),
    (vst.vm_region_submap_info_64, "object_id_full", 68),
    # osfmk/mach/task_info.h, #pragma pack(4)
    (vst.task_vm_info, "internal", 48),
    (vst.task_vm_info, "external", 64),
    (vst.task_vm_info, "compressed", 120),
    (vst.task_vm_info, "phys_footprint", 144),  # rev1 (reference §8.2)
    (vst.task_vm_info, "ledger_purgeable_nonvolatile", 176),
    (vst.task_vm_info, "ledger_purgeable_volatile", 192),
    (vst.task_vm_info, "ledger_tag_graphics_footprint", 272),
    (vst.task_vm_info, "limit_bytes_remaining", 336),
    (vst.task_vm_info, "decompressions", 344),
    (vst.task_vm_info, "ledger_swapins", 348),
]


@pytest.mark.parametrize(
    ("cls", "field", "offset"), OFFSETS, ids=[f"{c.__name__}.{f}" for c, f, _ in OFFSETS]
)
def test_field_offsets_match_the_reference(
    cls: type[ctypes.Structure], field: str, offset: int
) -> None:
    assert getattr(cls, field).offset == offset


def test_host_vm_info64_count_is_the_struct_in_integer_units() -> None:
    assert ctypes.sizeof(st.vm_statistics64) == st.HOST_VM_INFO64_COUNT * 4
    assert st.vm_statistics64.decompressions.offset == st.HOST_VM_INFO64_REV0_COUNT * 4


def test_v1_priority_list_cap_holds_2730_entries() -> None:
    assert st.MEMORYSTATUS_BUFFERSIZE_MAX // ctypes.sizeof(st.memorystatus_priority_entry) == 2730


def test_decoder_formats_cover_whole_structs() -> None:
    """Each decoder's precompiled format spans exactly its ctypes structure."""
    assert dec._VM_REV0.size + dec._VM_REV1.size == ctypes.sizeof(st.vm_statistics64)
    assert dec._XSW.size == ctypes.sizeof(st.xsw_usage)
    assert dec._PRIORITY_ENTRY.size == ctypes.sizeof(st.memorystatus_priority_entry)
    assert dec._MEMLIMIT.size == ctypes.sizeof(st.memorystatus_memlimit_properties)
    assert dec._TASKINFO.size == ctypes.sizeof(st.proc_taskinfo)
    assert dec._SHORTINFO.size == ctypes.sizeof(st.proc_bsdshortinfo)
    assert st.rusage_info_v4.ri_phys_footprint.offset == dec.OFF_RI_PHYS_FOOTPRINT
    assert (
        st.rusage_info_v4.ri_lifetime_max_phys_footprint.offset
        == dec.OFF_RI_LIFETIME_MAX_PHYS_FOOTPRINT
    )


def test_every_vm_statistics64_field_survives_ctypes_to_decoder() -> None:
    """Distinct values in every field the decoder reads, written through ctypes."""
    info = st.vm_statistics64()
    names = [name for name, _ in st.vm_statistics64._fields_]
    for i, name in enumerate(names):
        setattr(info, name, 1000 + i)
    got = dec.decode_vm_statistics64(bytes(info))
    for field in got.__dataclass_fields__:
        assert getattr(got, field) == 1000 + names.index(field), field
