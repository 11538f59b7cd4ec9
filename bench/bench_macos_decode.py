"""Decode cost per process of the macOS source, on synthetic buffers.

Per process and sample the source decodes one short-info, one rusage, one task-info
and one memlimit buffer and its share of the priority list; this prints each cost in
µs and their sum, plus the whole decode of a 700-entry priority list.

    /tmp/venv0/bin/python bench/bench_macos_decode.py
"""

from __future__ import annotations

import ctypes
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from activitymon.sources import macos_decode as dec
from activitymon.sources import macos_structs as st

PROCESSES = 700


def _buffers() -> dict[str, bytes]:
    short = st.proc_bsdshortinfo(pbsi_pid=501, pbsi_status=2, pbsi_comm=b"WebContent", pbsi_uid=501)
    rusage = st.rusage_info_v4(ri_phys_footprint=900 << 20, ri_lifetime_max_phys_footprint=1 << 30)
    task = st.proc_taskinfo(pti_resident_size=80 << 20, pti_total_user=12345)
    limits = st.memorystatus_memlimit_properties(3072, 1, 3072, 1)
    entries = (st.memorystatus_priority_entry * PROCESSES)(
        *[st.memorystatus_priority_entry(i + 1, (i % 22) * 10, 0, -1, 0) for i in range(PROCESSES)]
    )
    vm = st.vm_statistics64(free_count=1000, internal_page_count=2000)
    return {
        "short": bytes(short),
        "rusage": bytes(rusage),
        "task": bytes(task),
        "limits": bytes(limits),
        "priority": bytes(entries),
        "vm": bytes(vm),
    }


def _per_call_us(fn: Callable[[], object], repeat: int = 5, number: int = 20000) -> float:
    best = min(timeit.repeat(fn, repeat=repeat, number=number))
    return best / number * 1e6


def main() -> None:
    b = _buffers()
    rows = [
        ("proc_bsdshortinfo", lambda: dec.decode_proc_bsdshortinfo(b["short"])),
        ("rusage_info_v4 footprint", lambda: dec.decode_rusage_footprint(b["rusage"])),
        ("proc_taskinfo", lambda: dec.decode_proc_taskinfo(b["task"])),
        ("memlimit_properties", lambda: dec.decode_memlimit_properties(b["limits"])),
    ]
    total = 0.0
    print(f"decode cost per process (best of 5, {ctypes.sizeof(st.rusage_info_v4)}-B rusage)")
    for name, fn in rows:
        us = _per_call_us(fn)
        total += us
        print(f"  {name:<28} {us:6.2f} µs")
    list_us = _per_call_us(lambda: dec.decode_priority_list(b["priority"]), number=200)
    share = list_us / PROCESSES
    total += share
    print(f"  {'priority entry (share)':<28} {share:6.2f} µs")
    print(f"  {'total per process':<28} {total:6.2f} µs")
    print(f"priority list of {PROCESSES} entries: {list_us:.1f} µs")
    vm_us = _per_call_us(lambda: dec.decode_vm_statistics64(b["vm"]))
    print(f"vm_statistics64 per sample: {vm_us:.2f} µs")
    print(f"=> decoding {PROCESSES} processes: {total * PROCESSES / 1000:.2f} ms per sample")
    _whole_sample()


def _whole_sample() -> None:
    """A whole ``MacOSSource.sample()`` as root against the fake table: decoding plus
    the source's own Python work plus the fake's (which builds ctypes structures, so
    this is an upper bound of the Python cost; real syscalls come on top)."""
    from activitymon.sources.macos import MacOSSource
    from tests.macos.fakes import FakeDarwin, FakeProc

    procs = [FakeProc(i + 2, f"proc{i}", uid=0, band=(i % 22) * 10, limit_mb=500,
                      active_mb=500, inactive_mb=500) for i in range(PROCESSES)]  # fmt: skip
    source = MacOSSource(FakeDarwin(procs=procs, euid=0))
    source.sample()
    seconds = min(timeit.repeat(source.sample, repeat=5, number=3)) / 3
    print(
        f"whole sample with fakes, {PROCESSES} processes: {seconds * 1000:.1f} ms "
        f"({seconds / PROCESSES * 1e6:.1f} µs per process, fake calls included)"
    )


if __name__ == "__main__":
    main()
