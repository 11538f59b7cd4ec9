"""Decoders over byte blobs laid out by hand at the documented offsets."""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as s

from activitymon.sources import macos_decode as dec


def test_vm_statistics64_at_documented_offsets() -> None:
    buf = bytearray(152)
    struct.pack_into("<IIII", buf, 0, 1111, 2222, 3333, 4444)
    struct.pack_into("<Q", buf, 32, 55)  # pageins
    struct.pack_into("<Q", buf, 40, 66)  # pageouts
    struct.pack_into("<II", buf, 88, 77, 88)  # purgeable, speculative
    struct.pack_into("<QQ", buf, 96, 9, 10)  # decompressions, compressions
    struct.pack_into("<IIII", buf, 128, 5000, 6, 7000, 8000)
    struct.pack_into("<Q", buf, 144, 12345678901)
    vm = dec.decode_vm_statistics64(bytes(buf))
    assert (vm.free_count, vm.active_count, vm.inactive_count, vm.wire_count) == (
        1111,
        2222,
        3333,
        4444,
    )
    assert (vm.pageins, vm.pageouts) == (55, 66)
    assert (vm.purgeable_count, vm.speculative_count) == (77, 88)
    assert (vm.decompressions, vm.compressions) == (9, 10)
    assert vm.compressor_page_count == 5000
    assert vm.throttled_count == 6
    assert vm.external_page_count == 7000
    assert vm.internal_page_count == 8000
    assert vm.total_uncompressed_pages_in_compressor == 12345678901


def test_vm_statistics64_rev0_leaves_compressor_fields_unknown() -> None:
    buf = bytearray(96)
    struct.pack_into("<IIII", buf, 0, 1, 2, 3, 4)
    vm = dec.decode_vm_statistics64(bytes(buf))
    assert vm.free_count == 1
    assert vm.compressor_page_count is None
    assert vm.internal_page_count is None


@pytest.mark.parametrize(
    ("decoder", "size", "name"),
    [
        (dec.decode_vm_statistics64, 95, "vm_statistics64"),
        (dec.decode_xsw_usage, 31, "xsw_usage"),
        (dec.decode_rusage_footprint, 95, "rusage_info"),
        (dec.decode_memlimit_properties, 15, "memorystatus_memlimit_properties"),
        (dec.decode_proc_taskinfo, 95, "proc_taskinfo"),
        (dec.decode_proc_bsdshortinfo, 63, "proc_bsdshortinfo"),
    ],
)
def test_short_buffers_are_refused_by_name(decoder: object, size: int, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        decoder(bytes(size))  # type: ignore[operator]


def test_xsw_usage() -> None:
    buf = struct.pack("<QQQIi", 4 << 30, 3 << 30, 1 << 30, 16384, 1)
    swap = dec.decode_xsw_usage(buf)
    assert (swap.total_bytes, swap.avail_bytes, swap.used_bytes) == (4 << 30, 3 << 30, 1 << 30)
    assert swap.page_size == 16384
    assert swap.encrypted is True


def test_rusage_v4_footprint_and_lifetime_peak() -> None:
    buf = bytearray(296)
    struct.pack_into("<Q", buf, 64, 111)
    struct.pack_into("<Q", buf, 72, 222)
    struct.pack_into("<Q", buf, 240, 333)
    fp = dec.decode_rusage_footprint(bytes(buf))
    assert (fp.resident_size, fp.phys_footprint, fp.lifetime_max_phys_footprint) == (111, 222, 333)


def test_rusage_v0_has_footprint_but_no_lifetime_peak() -> None:
    buf = bytearray(96)
    struct.pack_into("<Q", buf, 72, 4242)
    fp = dec.decode_rusage_footprint(bytes(buf))
    assert fp.phys_footprint == 4242
    assert fp.lifetime_max_phys_footprint is None


def test_priority_list_in_kernel_order() -> None:
    buf = struct.pack("<iiQiI", 300, 0, 7, -1, 0x18) + struct.pack("<iiQiI", 42, 100, 0, 3072, 0x80)
    entries = dec.decode_priority_list(buf)
    assert [(e.pid, e.priority, e.user_data, e.limit_mb, e.state) for e in entries] == [
        (300, 0, 7, -1, 0x18),
        (42, 100, 0, 3072, 0x80),
    ]


def test_priority_list_v2_reads_the_v1_prefix_of_128_byte_entries() -> None:
    buf = bytearray(256)
    struct.pack_into("<iiQiIQ", buf, 0, 7, 40, 1, 512, 0x80, 999)
    struct.pack_into("<iiQiIQ", buf, 128, 8, 100, 2, -1, 0, 998)
    entries = dec.decode_priority_list_v2(bytes(buf))
    assert [(e.pid, e.priority, e.limit_mb, e.state) for e in entries] == [
        (7, 40, 512, 0x80),
        (8, 100, -1, 0),
    ]
    with pytest.raises(ValueError, match="128-byte entries"):
        dec.decode_priority_list_v2(bytes(200))


def test_priority_list_rejects_a_partial_entry() -> None:
    with pytest.raises(ValueError, match="24-byte entries"):
        dec.decode_priority_list(bytes(30))


@given(
    s.lists(
        s.tuples(
            s.integers(1, 2**31 - 1),
            s.integers(-2, 999),
            s.integers(0, 2**64 - 1),
            s.integers(-1, 2**20),
            s.integers(0, 0x7FF),
        ),
        max_size=40,
    )
)
def test_priority_list_round_trip(rows: list[tuple[int, int, int, int, int]]) -> None:
    buf = b"".join(struct.pack("<iiQiI", *row) for row in rows)
    decoded = [
        (e.pid, e.priority, e.user_data, e.limit_mb, e.state) for e in dec.decode_priority_list(buf)
    ]
    assert decoded == rows


def test_memlimit_properties_fatality_and_unlimited() -> None:
    props = dec.decode_memlimit_properties(struct.pack("<iIiI", 3072, 1, -1, 0))
    assert props.active_mb == 3072
    assert props.active_fatal is True
    assert props.inactive_mb is None
    assert props.inactive_fatal is False


def test_taskinfo_resident_and_cpu_ticks() -> None:
    buf = bytearray(96)
    struct.pack_into("<QQQQ", buf, 0, 1 << 40, 50 << 20, 300, 200)
    struct.pack_into("<i", buf, 84, 12)
    task = dec.decode_proc_taskinfo(bytes(buf))
    assert task.resident_size == 50 << 20
    assert task.cpu_ticks == 500
    assert task.threads == 12


def test_shortinfo_name_of_sixteen_characters_has_no_nul() -> None:
    buf = bytearray(64)
    struct.pack_into("<IIII", buf, 0, 77, 1, 77, 5)
    buf[16:32] = b"abcdefghijklmnop"
    struct.pack_into("<I", buf, 36, 501)
    info = dec.decode_proc_bsdshortinfo(bytes(buf))
    assert (info.pid, info.ppid, info.status, info.uid) == (77, 1, 5, 501)
    assert info.comm == "abcdefghijklmnop"


def test_pids_skip_zero_and_stop_at_count() -> None:
    buf = struct.pack("<5i", 1, 0, 88, 501, 999)
    assert dec.decode_pids(buf, 4) == [1, 88, 501]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (struct.pack("<i", 4), 4),
        (struct.pack("<i", -1), -1),
        (struct.pack("<q", 16 << 30), 16 << 30),
    ],
)
def test_sysctl_integers_of_four_and_eight_bytes(raw: bytes, value: int) -> None:
    assert dec.decode_sysctl_int(raw, "x") == value


def test_sysctl_integer_of_odd_size_names_the_sysctl() -> None:
    with pytest.raises(ValueError, match=r"hw\.memsize"):
        dec.decode_sysctl_int(b"\0\0", "hw.memsize")


DECODERS = [
    dec.decode_vm_statistics64,
    dec.decode_xsw_usage,
    dec.decode_rusage_footprint,
    dec.decode_priority_list,
    dec.decode_priority_list_v2,
    dec.decode_memlimit_properties,
    dec.decode_proc_taskinfo,
    dec.decode_proc_bsdshortinfo,
]


@pytest.mark.parametrize("decoder", DECODERS, ids=[d.__name__ for d in DECODERS])
@given(raw=s.binary(max_size=400))
def test_any_bytes_decode_or_raise_value_error(
    decoder: Callable[[bytes], object], raw: bytes
) -> None:
    """Whatever a kernel (or a corrupt recording) hands over: a value or ValueError,
    never a struct.error or IndexError."""
    with contextlib.suppress(ValueError):
        decoder(raw)
