"""A macOS process's memory map (issue 25) through the real ctypes table and the fake
libSystem: task port and ``mach_vm_region_recurse`` into the shared region's submap
as root, ``PROC_PIDREGIONPATHINFO`` as the same user, a refusal for another user's
process, a process that exits mid-walk."""

from __future__ import annotations

import pytest

from activitymon.sources.base import ProcessGone
from activitymon.sources.macos import MacOSSource
from activitymon.sources.macos_regions import read_memory_map
from tests.macos.fake_regions import PAGE, TASK_PORT_BASE, FakeRegion, FakeVmInfo
from tests.macos.fakes import MB, FakeDarwin, demo_fake
from tests.macos.test_libc import table

# VM_MEMORY_* tags, SM_* modes and VM_PROT_* bits, from their headers (literals)
TAG_MALLOC_SMALL = 2  # osfmk/mach/vm_statistics.h
TAG_MALLOC_LARGE = 3
TAG_STACK = 30
SM_COW, SM_PRIVATE, SM_SHARED = 1, 2, 4  # osfmk/mach/vm_region.h
R, W, X = 1, 2, 4  # osfmk/mach/vm_prot.h

SAFARI = 777  # demo_fake's Safari (uid 501)


def regions() -> list[FakeRegion]:
    return [
        FakeRegion(
            0x1_0000_0000,
            64 * PAGE,
            protection=R | X,
            max_protection=R | X,
            share_mode=SM_COW,
            resident=40,
            now_private=0,
            shared_resident=40,
            path="/Applications/Safari.app/Contents/MacOS/Safari",
        ),
        FakeRegion(
            0x1_2000_0000,
            512 * PAGE,
            tag=TAG_MALLOC_SMALL,
            resident=300,
            dirtied=280,
            swapped=100,
            private_resident=300,
        ),
        FakeRegion(
            0x1_6B00_0000,
            32 * PAGE,
            tag=TAG_STACK,
            max_protection=R | W | X,
            resident=4,
            dirtied=4,
            private_resident=4,
        ),
        FakeRegion(  # the shared region: a submap with two dylib regions inside
            0x1_8000_0000,
            0x4000_0000,
            protection=R,
            max_protection=R,
            share_mode=SM_SHARED,
            submap=[
                FakeRegion(
                    0x1_8000_0000,
                    1000 * PAGE,
                    protection=R | X,
                    max_protection=R | X,
                    share_mode=SM_COW,
                    resident=600,
                    now_private=10,
                    path="/usr/lib/libSystem.B.dylib",
                ),
                FakeRegion(
                    0x1_9000_0000,
                    200 * PAGE,
                    share_mode=SM_COW,
                    resident=50,
                    dirtied=20,
                    now_private=20,
                    path="/usr/lib/libSystem.B.dylib",
                ),
            ],
        ),
        FakeRegion(0x3_0000_0000, 256 * PAGE, tag=TAG_MALLOC_LARGE, resident=256, dirtied=256),
    ]


def fake(*, root: bool, task_port: bool = True) -> FakeDarwin:
    darwin = demo_fake(root=root)
    darwin.regions[SAFARI] = regions()
    darwin.vm_infos[SAFARI] = FakeVmInfo(
        internal=900 * MB,
        external=40 * MB,
        compressed=200 * MB,
        phys_footprint=1200 * MB,
        purgeable_nonvolatile=30 * MB,
        purgeable_volatile=8 * MB,
        graphics=50 * MB,
    )
    if task_port:
        darwin.task_ports.add(SAFARI)
    return darwin


def test_as_root_the_task_port_walks_into_the_shared_region() -> None:
    darwin = fake(root=True)
    m = read_memory_map(table(darwin), SAFARI, PAGE)
    assert m.origin == "mach_vm_region_recurse (VM_REGION_SUBMAP_INFO_64)"
    assert m.complete
    assert m.problem is None
    # the submap itself is not a region: its two dylib regions are
    assert [r.start for r in m.regions] == [
        0x1_0000_0000,
        0x1_2000_0000,
        0x1_6B00_0000,
        0x1_8000_0000,
        0x1_9000_0000,
        0x3_0000_0000,
    ]
    text, small, stack, dylib_text, dylib_data, large = m.regions
    assert text.type == "__TEXT"
    assert text.path == "/Applications/Safari.app/Contents/MacOS/Safari"
    assert text.protection == "r-x/r-x"
    assert text.share_mode == "COW"
    assert small.type == "MALLOC_SMALL"
    assert (small.virtual_bytes, small.resident_bytes) == (512 * PAGE, 300 * PAGE)
    assert (small.dirty_bytes, small.swapped_bytes) == (280 * PAGE, 100 * PAGE)
    assert small.share_mode == "PRV"
    assert small.private_bytes == 300 * PAGE
    assert stack.type == "Stack"
    assert stack.protection == "rw-/rwx"
    assert dylib_text.path == "/usr/lib/libSystem.B.dylib"
    assert (dylib_text.private_bytes, dylib_text.shared_bytes) == (10 * PAGE, 590 * PAGE)
    assert dylib_data.type == "__DATA"
    assert large.type == "MALLOC_LARGE"
    assert large.path is None
    # the task port is given back
    assert darwin.deallocated == [TASK_PORT_BASE + SAFARI]


def test_as_root_the_footprint_parts_add_up_to_phys_footprint() -> None:
    m = read_memory_map(table(fake(root=True)), SAFARI, PAGE)
    parts = {p.name: p for p in m.parts}
    assert parts["internal (dirty private), resident"].bytes == 900 * MB
    assert parts["compressed (at full size)"].bytes == 200 * MB
    assert parts["graphics (ledger tag)"].bytes == 50 * MB
    assert parts["purgeable, non-volatile"].bytes == 30 * MB
    assert parts["other (IOKit mappings, page tables)"].bytes == 20 * MB
    assert sum(p.bytes or 0 for p in m.parts if p.counted) == 1200 * MB
    assert not parts["purgeable, volatile (not counted)"].counted
    assert parts["purgeable, volatile (not counted)"].bytes == 8 * MB
    assert parts["file-backed (external; not counted)"].bytes == 40 * MB


def test_as_the_same_user_libproc_walks_the_regions_with_their_paths() -> None:
    m = read_memory_map(table(fake(root=False)), SAFARI, PAGE)
    assert m.origin == "proc_pidinfo (PROC_PIDREGIONPATHINFO)"
    assert m.complete
    # without the task port the shared region is one region, not its insides
    assert [r.start for r in m.regions] == [
        0x1_0000_0000,
        0x1_2000_0000,
        0x1_6B00_0000,
        0x1_8000_0000,
        0x3_0000_0000,
    ]
    small = m.regions[1]
    assert (small.dirty_bytes, small.swapped_bytes) == (280 * PAGE, 100 * PAGE)
    assert m.parts == ()
    assert m.notes[0].startswith("its footprint's parts need its task port (task_for_pid)")


def test_another_users_process_is_refused_in_one_line() -> None:
    darwin = fake(root=False)
    m = read_memory_map(table(darwin), 310, PAGE)  # mds_stores, uid 0
    assert m.regions == ()
    assert not m.complete
    assert m.problem == (
        "not permitted to read pid 310's map: another user's process (run as root to see it)"
    )


def test_a_process_that_exits_mid_walk_keeps_what_was_read() -> None:
    darwin = fake(root=False)
    darwin.vanish_after[SAFARI] = 2
    m = read_memory_map(table(darwin), SAFARI, PAGE)
    assert len(m.regions) == 2
    assert not m.complete
    assert m.problem == f"pid {SAFARI} exited while its map was read: 2 regions read"


def test_a_gone_process_is_process_gone() -> None:
    with pytest.raises(ProcessGone, match="pid 4242"):
        read_memory_map(table(fake(root=False)), 4242, PAGE)


def test_the_source_offers_maps() -> None:
    darwin = fake(root=True)
    source = MacOSSource(darwin)
    m = source.memory_map(SAFARI)
    assert len(m.regions) == 6
    assert m.total.resident_bytes == (40 + 300 + 4 + 600 + 50 + 256) * PAGE
