"""``/proc/PID/smaps`` as a vmmap-style map (issue 25 item 4): the parser on recorded
text (format of man 5 proc), its bounds, and a live child whose map is checked
against the kernel's ``smaps_rollup``, ``pmap -X`` and psutil."""

from __future__ import annotations

import errno
import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.sources.base import ProcessGone
from activitymon.sources.linux_smaps import (
    MAX_LINE_BYTES,
    parse_smaps,
    read_memory_map,
    region_type,
)
from tests.linux.conftest import ON_LINUX

KB = 1024
MB = 1 << 20

# two regions as the kernel prints them (man 5 proc, /proc/pid/smaps)
SMAPS = b"""\
00400000-0040b000 r-xp 00000000 fe:00 260875                     /usr/bin/sleep
Size:                 44 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                  40 kB
Pss:                  40 kB
Pss_Dirty:             0 kB
Shared_Clean:          8 kB
Shared_Dirty:          0 kB
Private_Clean:        32 kB
Private_Dirty:         0 kB
Referenced:           40 kB
Anonymous:             0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
THPeligible:           0
VmFlags: rd ex mr mw me dw
7f2c5e800000-7f2c5f000000 rw-p 00000000 00:00 0
Size:               8192 kB
Rss:                5120 kB
Pss:                5120 kB
Shared_Clean:          0 kB
Shared_Dirty:          0 kB
Private_Clean:         0 kB
Private_Dirty:      5120 kB
Anonymous:          5120 kB
Swap:               1024 kB
SwapPss:            1024 kB
VmFlags: rd wr mr mw me ac
7ffd1e3f1000-7ffd1e412000 rw-p 00000000 00:00 0                          [stack]
Size:                132 kB
Rss:                  12 kB
Shared_Clean:          0 kB
Shared_Dirty:          0 kB
Private_Clean:         0 kB
Private_Dirty:        12 kB
Swap:                  0 kB
"""


def test_regions_from_recorded_text() -> None:
    parsed = parse_smaps([SMAPS], program="/usr/bin/sleep")
    assert parsed.skipped_lines == 0
    text, anon, stack = parsed.regions
    assert (text.start, text.end) == (0x400000, 0x40B000)
    assert text.type == "program text"
    assert text.path == "/usr/bin/sleep"
    assert text.protection == "r-xp"
    assert text.share_mode == "COW"
    assert (text.virtual_bytes, text.resident_bytes) == (44 * KB, 40 * KB)
    assert (text.dirty_bytes, text.swapped_bytes) == (0, 0)
    assert (text.private_bytes, text.shared_bytes) == (32 * KB, 8 * KB)
    assert anon.type == "anonymous"
    assert anon.path is None
    assert anon.share_mode == "PRV"
    assert (anon.virtual_bytes, anon.resident_bytes) == (8192 * KB, 5120 * KB)
    assert (anon.dirty_bytes, anon.swapped_bytes) == (5120 * KB, 1024 * KB)
    # VSS = RSS + LSS + SwSS
    assert anon.lazy_bytes == (8192 - 5120 - 1024) * KB
    assert stack.type == "stack"


def test_any_chunking_gives_the_same_regions() -> None:
    whole = parse_smaps([SMAPS]).regions
    for size in (1, 2, 7, 64, 1000):
        chunks = [SMAPS[i : i + size] for i in range(0, len(SMAPS), size)]
        assert parse_smaps(chunks).regions == whole


@settings(max_examples=60, deadline=None)
@given(cuts=st.lists(st.integers(0, len(SMAPS)), max_size=12))
def test_chunk_boundaries_never_change_the_result(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    bounds = [0, *points, len(SMAPS)]
    chunks = [SMAPS[a:b] for a, b in itertools.pairwise(bounds)]
    assert parse_smaps(chunks).regions == parse_smaps([SMAPS]).regions


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=4000))
def test_any_bytes_give_regions_or_skipped_lines_never_an_exception(data: bytes) -> None:
    parsed = parse_smaps([SMAPS[:300], data, SMAPS])
    for region in parsed.regions:
        assert region.end >= region.start
        assert region.virtual_bytes == region.end - region.start


def test_an_overlong_line_is_skipped_not_kept() -> None:
    long_path = b"/" + b"x" * (MAX_LINE_BYTES * 3)
    text = b"00400000-00401000 r--p 00000000 fe:00 1 " + long_path + b"\n" + SMAPS
    chunks = [text[i : i + 4096] for i in range(0, len(text), 4096)]
    parsed = parse_smaps(chunks)
    assert parsed.skipped_lines >= 1
    assert [r.start for r in parsed.regions] == [0x400000, 0x7F2C5E800000, 0x7FFD1E3F1000]


def test_regions_beyond_the_cap_are_not_kept() -> None:
    parsed = parse_smaps([SMAPS], max_regions=2)
    assert len(parsed.regions) == 2
    assert parsed.cut


@pytest.mark.parametrize(
    ("path", "perms", "expected"),
    [
        (None, "rw-p", "anonymous"),
        (None, "rw-s", "shared memory"),
        ("[heap]", "rw-p", "heap"),
        ("[anon:dalvik-main space]", "rw-p", "anon"),
        ("/usr/lib/x86_64-linux-gnu/libc.so.6", "r-xp", "library text"),
        ("/usr/lib/x86_64-linux-gnu/libc.so.6", "rw-p", "library data"),
        ("/usr/lib/x86_64-linux-gnu/libc.so.6", "r--p", "library read-only"),
        ("/dev/shm/pulse-shm-1", "rw-s", "shared memory"),
        ("/dev/zero (deleted)", "rw-s", "shared memory"),
        ("/var/cache/big.db", "r--s", "mapped file"),
        ("/memfd:wayland (deleted)", "rw-s", "shared memory"),
        ("/usr/lib/locale/locale-archive", "r--p", "mapped file"),
        ("/usr/bin/python3", "r-xp", "program text"),
    ],
)
def test_region_types(path: str | None, perms: str, expected: str) -> None:
    assert region_type(path, perms, program="/usr/bin/python3") == expected


# -- a live process --------------------------------------------------------------------

pytestmark_live = pytest.mark.skipif(not ON_LINUX, reason="needs Linux /proc")

# maps a 4 MiB file (reads its first MiB) and 8 MiB of anonymous memory (writes 5 MiB)
_MAPPER = """
import mmap, sys, time
with open(sys.argv[1], "rb") as f:
    file_map = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
touched = sum(file_map[i] for i in range(0, 1 << 20, 4096))
anon = mmap.mmap(-1, 8 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
for i in range(0, 5 << 20, 4096):
    anon[i] = 1
sys.stdout.write("ready\\n")
sys.stdout.flush()
sys.stdin.readline()
"""


@pytest.fixture
def mapper(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    data = tmp_path / "data.bin"
    with data.open("wb") as f:
        f.write(os.urandom(4 * MB))
        f.flush()
        os.fsync(f.fileno())  # its pages are clean in the page cache, as a file's are
    child = subprocess.Popen(
        [sys.executable, "-c", _MAPPER, str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    yield child
    if child.poll() is None:
        child.kill()
    child.wait(timeout=10)
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            stream.close()


def _region_at(m_regions, start: int):
    return next(r for r in m_regions if r.start == start)


@pytestmark_live
def test_the_map_of_a_process_that_maps_a_file_and_anonymous_memory(
    mapper: subprocess.Popen[str], tmp_path: Path
) -> None:
    m = read_memory_map(mapper.pid)
    assert m.problem is None
    assert m.complete
    data = str(tmp_path / "data.bin")
    (file_region,) = [r for r in m.regions if r.path == data]
    assert file_region.type == "mapped file"
    assert file_region.virtual_bytes == 4 * MB
    assert file_region.resident_bytes is not None
    assert MB <= file_region.resident_bytes <= 4 * MB
    assert file_region.dirty_bytes == 0
    anon = [r for r in m.regions if r.type == "anonymous" and r.virtual_bytes == 8 * MB]
    assert anon, "the 8 MiB anonymous mapping"
    assert anon[0].dirty_bytes is not None
    assert anon[0].dirty_bytes + (anon[0].swapped_bytes or 0) >= 5 * MB


@pytestmark_live
def test_the_summary_agrees_with_smaps_rollup(mapper: subprocess.Popen[str]) -> None:
    m = read_memory_map(mapper.pid)
    rollup = dict(m.rollup)
    total = m.total
    page = os.sysconf("SC_PAGE_SIZE")
    # one page per region at most, as the rollup is read a moment after the regions
    assert abs((total.resident_bytes or 0) - rollup["Rss"]) <= page * total.count
    assert abs((total.swapped_bytes or 0) - rollup["Swap"]) <= page * total.count
    dirty = rollup["Private_Dirty"] + rollup["Shared_Dirty"]
    assert abs((total.dirty_bytes or 0) - dirty) <= page * total.count
    # and the summary rows add up to the total
    assert sum(row.count for row in m.summary) == total.count
    assert sum(row.virtual_bytes for row in m.summary) == total.virtual_bytes
    assert sum(row.resident_bytes or 0 for row in m.summary) == total.resident_bytes


def _pmap_x(pid: int) -> dict[int, dict[str, int]]:
    """``pmap -X``: per address, its KB columns by header name, and the totals."""
    out = subprocess.run(
        ["pmap", "-X", str(pid)], capture_output=True, text=True, check=True, timeout=30
    ).stdout.splitlines()
    header = out[1].split()
    rows: dict[int, dict[str, int]] = {}
    for line in out[2:]:
        fields = line.split()
        if not fields or fields[0].startswith("="):
            continue
        if fields[-1] == "KB":  # the totals line
            rows[-1] = dict(zip(header[5:], map(int, fields[:-1]), strict=False))
            continue
        rows[int(fields[0], 16)] = {
            name: int(value)
            for name, value in zip(header[5:-1], fields[5:], strict=False)
            if value.isdigit()
        }
    return rows


@pytestmark_live
@pytest.mark.skipif(shutil.which("pmap") is None, reason="pmap (procps) not installed")
def test_regions_agree_with_pmap_x_within_a_page(mapper: subprocess.Popen[str]) -> None:
    m = read_memory_map(mapper.pid)
    pmap = _pmap_x(mapper.pid)
    page_kb = os.sysconf("SC_PAGE_SIZE") // KB
    compared = 0
    for region in m.regions:
        row = pmap.get(region.start)
        if row is None:
            continue  # pmap -X leaves out [vsyscall] on some kernels
        compared += 1
        assert row["Size"] * KB == region.virtual_bytes
        assert abs(row["Rss"] - (region.resident_bytes or 0) // KB) <= page_kb
        assert abs(row["Swap"] - (region.swapped_bytes or 0) // KB) <= page_kb
    assert compared >= len(m.regions) - 1
    totals = pmap[-1]
    total = m.total
    assert abs(totals["Size"] * KB - total.virtual_bytes) <= total.count * page_kb * KB
    assert abs(totals["Rss"] * KB - (total.resident_bytes or 0)) <= total.count * page_kb * KB


@pytestmark_live
def test_regions_agree_with_psutil_memory_maps(mapper: subprocess.Popen[str]) -> None:
    psutil = pytest.importorskip("psutil")
    theirs = {
        int(r.addr.split("-")[0], 16): r for r in psutil.Process(mapper.pid).memory_maps(False)
    }
    m = read_memory_map(mapper.pid)
    page = os.sysconf("SC_PAGE_SIZE")
    for region in m.regions:
        other = theirs.get(region.start)
        if other is None:
            continue
        assert other.size == region.virtual_bytes
        assert abs(other.rss - (region.resident_bytes or 0)) <= page
        assert abs(other.swap - (region.swapped_bytes or 0)) <= page
        assert abs(other.private_dirty + other.shared_dirty - (region.dirty_bytes or 0)) <= page


@pytestmark_live
def test_a_process_that_exits_mid_read_keeps_what_was_read(mapper: subprocess.Popen[str]) -> None:
    calls = 0

    def read_then_vanish(fd: int, size: int) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 1:
            return os.read(fd, 2048)  # the first few regions
        raise ProcessLookupError(errno.ESRCH, "No such process")

    m = read_memory_map(mapper.pid, read=read_then_vanish)
    assert not m.complete
    assert m.problem is not None
    assert m.problem.startswith(f"pid {mapper.pid} exited while its map was read:")
    assert m.regions  # what was read is kept


@pytestmark_live
def test_a_refusal_mid_read_is_one_line(mapper: subprocess.Popen[str]) -> None:
    def refuse(fd: int, size: int) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied")

    m = read_memory_map(mapper.pid, read=refuse)
    assert not m.complete
    assert m.problem is not None
    assert "refused" in m.problem
    assert "\n" not in m.problem


@pytestmark_live
def test_a_process_gone_before_the_read_is_process_gone(mapper: subprocess.Popen[str]) -> None:
    mapper.kill()
    mapper.wait(timeout=10)
    with pytest.raises(ProcessGone, match=str(mapper.pid)):
        read_memory_map(mapper.pid)


@pytestmark_live
def test_a_kernel_thread_has_no_map_and_says_so() -> None:
    m = read_memory_map(2)  # kthreadd
    if m.problem is not None and "not permitted" in m.problem:
        pytest.skip("this machine hides kthreadd's smaps")
    assert m.regions == ()
    assert m.problem == "no memory map: a kernel thread or a zombie has no user memory"
