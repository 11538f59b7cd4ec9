"""Checks that need a real Mac; skipped elsewhere. They use only what any user may
read, so they pass without root (bands are checked only when root)."""

from __future__ import annotations

import os
import sys

import pytest

from activitymon.model import PressureLevel
from activitymon.sources import Capability
from activitymon.sources import macos_structs as st
from activitymon.sources.macos import open_macos_source
from activitymon.sources.macos_calls import DarwinLibc
from activitymon.sources.macos_decode import decode_sysctl_int

pytestmark = [
    pytest.mark.macos,
    pytest.mark.skipif(sys.platform != "darwin", reason="needs a real Mac"),
]


def test_page_size_and_host_statistics() -> None:
    calls = DarwinLibc.load()
    page = decode_sysctl_int(calls.sysctl("vm.pagesize"), "vm.pagesize")
    assert page in (4096, 16384)
    assert len(calls.host_vm_info64()) == st.HOST_VM_INFO64_COUNT * 4


def test_own_process_has_a_footprint_and_a_name() -> None:
    source = open_macos_source()
    try:
        snap = source.sample()
    finally:
        source.close()
    me = snap.by_pid[os.getpid()]
    assert me.footprint_bytes is not None
    assert me.footprint_bytes > 1 << 20
    assert me.rss_bytes is not None
    assert me.name
    assert snap.level in set(PressureLevel)
    assert snap.memory.compressor_pages is not None


@pytest.mark.skipif(os.geteuid() != 0, reason="bands need root")
def test_bands_as_root() -> None:
    source = open_macos_source()
    try:
        assert Capability.BANDS in source.capabilities
        snap = source.sample()
    finally:
        source.close()
    assert snap.era is not None
    assert any(p.band is not None for p in snap.processes)


def test_vm_pressure_monitor_does_not_wait_when_asked_not_to() -> None:
    wanted, reclaimed = DarwinLibc.load().vm_pressure_monitor(False, 1)
    assert wanted >= 0
    assert reclaimed >= 0
