"""The limits a process starts with and where the ledger warns (§3.2, §3.4).

Expectations are worked by hand from the source: ``osfmk/kern/task.c`` ``task_init``
(xnu-7195.81.3: ``max_task_footprint_warning_level`` = (limit − 100) × 100 / limit on
devices with at least 1 GiB, (limit − 50) × 100 / limit below, never under
``PHYS_FOOTPRINT_WARNING_LEVEL`` 80), ``osfmk/kern/ledger.c`` ``ledger_set_limit``
(the percentage kept as ``pct * 65536 / 100`` and compared as ``limit * p >> 16``).
"""

from __future__ import annotations

from activitymon.model import LimitOrigin, MemoryLimit
from activitymon.sim.ledger import (
    DeviceLimits,
    starting_limits,
    task_warning_percent,
    warning_bytes,
)
from activitymon.sim.rules import XNU_2107, XNU_2423, XNU_7195, XNU_11417

MIB = 1 << 20
GIB = 1 << 30


def test_task_limit_warning_level_is_100_mb_below_on_1_gib_devices() -> None:
    # (2068 - 100) * 100 // 2068 = 196800 // 2068 = 95
    assert task_warning_percent(2068, 4 * GIB) == 95
    # (1396 - 100) * 100 // 1396 = 129600 // 1396 = 92
    assert task_warning_percent(1396, 2 * GIB) == 92


def test_task_limit_warning_level_is_50_mb_below_under_1_gib() -> None:
    # (297 - 50) * 100 // 297 = 24700 // 297 = 83
    assert task_warning_percent(297, 512 * MIB) == 83


def test_task_limit_warning_level_is_never_under_80() -> None:
    # (120 - 50) * 100 // 120 = 58 → 80; 100 MB is not above the margin → 0 → 80
    assert task_warning_percent(120, 512 * MIB) == 80
    assert task_warning_percent(100, 2 * GIB) == 80


def test_the_ledger_warns_in_16_bit_fixed_point() -> None:
    # 80 * 65536 // 100 = 52428; 1 MiB * 52428 >> 16 = 52428 * 16 = 838848
    assert warning_bytes(MIB, 80) == 838_848
    # 95 * 65536 // 100 = 62259; 2068 MiB * 62259 >> 16 = 2068 * 16 * 62259 = 2060025792
    assert warning_bytes(2068 * MIB, 95) == 2_060_025_792


def test_each_release_applies_the_device_limits_it_has() -> None:
    # xnu-2050 has no phys_footprint ledger: no task limit whatever the device says
    assert DeviceLimits.of(297, 0, 512 * MIB, XNU_2107) == DeviceLimits(None, None, 80)
    # xnu-2422: task limit warned at 80 %, no entitlement yet
    assert DeviceLimits.of(297, 900, 512 * MIB, XNU_2423) == DeviceLimits(297, None, 80)
    # xnu-7195: the default is written to the ledger as -1 → the task limit's level
    assert DeviceLimits.of(1396, 1800, 2 * GIB, XNU_7195) == DeviceLimits(1396, 1800, 92)
    # xnu-11417: the default is stored in MB and warned at 80 %
    assert DeviceLimits.of(2068, 3072, 4 * GIB, XNU_11417) == DeviceLimits(2068, 3072, 80)
    # task.c: "max_task_pmem below minimum" raises a value under 50 MB to 50
    assert DeviceLimits.of(20, 0, 4 * GIB, XNU_11417).task_limit_mb == 50


def _start(mb: float | None, *, entitled: bool = False) -> tuple[object, ...]:
    device = DeviceLimits(2068, 3072, 80)
    got = starting_limits(mb, False, mb, False, device=device, entitled=entitled, origin=None)
    return got.active, got.inactive, got.active_default, got.origin


def test_no_limit_of_its_own_means_the_task_limit_which_is_fatal() -> None:
    # memorystatus_update: "System_wide task limit is always fatal"
    task = MemoryLimit(2068 * MIB, True)
    assert _start(None) == (task, task, True, LimitOrigin.TASK)


def test_its_own_limit_and_none() -> None:
    own = MemoryLimit(600 * MIB, False)
    assert _start(600) == (own, own, False, LimitOrigin.OWN)
    assert _start(0) == (None, None, False, None)


def test_the_entitlement_raises_the_limit_and_keeps_its_fatality() -> None:
    entitled = MemoryLimit(3072 * MIB, True)
    assert _start(None, entitled=True) == (entitled, entitled, False, LimitOrigin.ENTITLED)
    # memorystatus_raise_memlimit: the larger of the two, fatality kept
    soft = MemoryLimit(3072 * MIB, False)
    assert _start(600, entitled=True)[:2] == (soft, soft)
    # a limit above the entitled one stays; no limit stays none
    assert _start(4000, entitled=True)[0] == MemoryLimit(4000 * MIB, False)
    assert _start(0, entitled=True)[:2] == (None, None)
