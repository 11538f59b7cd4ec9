"""``sim/xnu.py``'s numbers at their edges, each from the source:

* bsd/sys/kern_memorystatus.h: JETSAM_PRIORITY_BACKGROUND 3 and FOREGROUND 10 up to
  xnu-8019, 30 and 100 from xnu-8792 (the bands ×10).
* osfmk/vm/vm_compressor.c · vm_compressor_init: the compressor's divisors 20 / 25 / 35
  when ``max_mem`` is above 3 GiB, else 11 / 13 / 20 (without the embedded ones).
* osfmk/vm/vm_pageout.c: ``VM_PRESSURE_WARNING_TO_CRITICAL`` when available
  non-compressed pages × 10 < 12 × the unthrottle threshold (am × 10 / unthrottle).
* §4.2, without a compressor: back from Critical only at 115 % of the critical line.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from activitymon.model import Era, PressureLevel
from activitymon.sim.rules import rules_for
from activitymon.sim.xnu import (
    LIMIT_WARNING_PERCENT,
    MACH_TICKS_PER_S,
    CompressorDivisors,
    background_band,
    foreground_band,
    highwater_pages,
    jetsam_thresholds,
    next_level_without_compressor,
    next_pressure_level,
)

GIB = 1 << 30
NORMAL, WARN, CRITICAL = PressureLevel.NORMAL, PressureLevel.WARN, PressureLevel.CRITICAL


def test_the_background_and_foreground_bands_per_header() -> None:
    assert (background_band(Era.LEGACY), foreground_band(Era.LEGACY)) == (3, 10)
    assert (background_band(Era.MODERN), foreground_band(Era.MODERN)) == (30, 100)


def test_the_larger_divisors_start_above_3_gib() -> None:
    mac = rules_for(11417, Era.MACOS)
    assert CompressorDivisors.for_device(3 * GIB, mac) == CompressorDivisors(11, 13, 20)
    assert CompressorDivisors.for_device(3 * GIB + 1, mac) == CompressorDivisors(20, 25, 35)
    assert not hasattr(CompressorDivisors(11, 13, 20), "__dict__")  # slots


def test_critical_starts_just_below_1_2_times_the_unthrottle_threshold() -> None:
    # am 2,000 with unthrottle divisor 20: unthrottle = 1,000; critical below 1,200
    divisors = CompressorDivisors(11, 13, 20)
    assert next_pressure_level(NORMAL, 1_199, 2_000, divisors) is CRITICAL
    assert next_pressure_level(NORMAL, 1_200, 2_000, divisors) is WARN  # < compact 1,818


def test_without_a_compressor_critical_holds_up_to_115_percent_of_its_line() -> None:
    assert next_level_without_compressor(CRITICAL, 1_149, 3_000, 1_000) is CRITICAL
    assert next_level_without_compressor(CRITICAL, 1_150, 3_000, 1_000) is WARN


def test_the_ledger_warns_at_80_percent() -> None:
    # osfmk/kern/task.c: "Warn tasks when they hit 80% of their memory limit."
    # PHYS_FOOTPRINT_WARNING_LEVEL 80
    assert LIMIT_WARNING_PERCENT == 80


def test_thresholds_are_whole_pages_of_memory_not_a_multiple_of_100() -> None:
    # xnu-7195: critical 5 %, pressure 15 %, idle = critical + 5 % (integer pages)
    th = jetsam_thresholds(131_071, 2 * GIB, Era.LEGACY, rules_for(7195, Era.LEGACY))
    assert th is not None
    assert (th.soft_pages, th.idle_pages, th.critical_pages) == (19_660, 13_106, 6_553)
    assert all(type(v) is int for v in (th.soft_pages, th.idle_pages, th.critical_pages))


def test_critical_is_4_percent_only_above_3_gib() -> None:
    # xnu-8796 (critical 4 % above 3 GiB, from xnu-6153)
    rules = rules_for(8796, Era.MODERN)
    at = jetsam_thresholds(100_000, 3 * GIB, Era.MODERN, rules)
    above = jetsam_thresholds(100_000, 3 * GIB + 1, Era.MODERN, rules)
    assert at is not None
    assert above is not None
    assert (at.critical_pages, above.critical_pages) == (5_000, 4_000)


def test_the_newest_table_s_rows_by_memory() -> None:
    # xnu-11215.61 →: 5/10/15 % up to 3 GiB, 4/9/15 % up to 6 GiB, 4/8/12 % above
    rules = rules_for(11417, Era.MODERN)
    rows = [jetsam_thresholds(100_003, ram, Era.MODERN, rules) for ram in
            (6 * GIB, 6 * GIB + 1, 7 * GIB)]  # fmt: skip
    assert [(t.critical_pages, t.idle_pages, t.soft_pages) for t in rows if t] == [
        (4_000, 9_000, 15_000),
        (4_000, 8_000, 12_000),
        (4_000, 8_000, 12_000),
    ]


def test_the_compressor_levels_at_their_lines() -> None:
    # am 1,100, divisors 11 / 13 / 20: compact 1,000, unthrottle 550
    div = CompressorDivisors(11, 13, 20)
    assert next_pressure_level(NORMAL, 1_000, 1_100, div) is NORMAL  # not below compact
    assert next_pressure_level(NORMAL, 999, 1_100, div) is WARN
    assert next_pressure_level(WARN, 1_200, 1_100, div) is WARN  # 12,000: not above 1.2 ×
    assert next_pressure_level(WARN, 1_201, 1_100, div) is NORMAL
    assert next_pressure_level(CRITICAL, 1_200, 1_100, div) is WARN
    assert next_pressure_level(CRITICAL, 770, 1_100, div) is CRITICAL  # 7,700: not above 1.4 ×
    assert next_pressure_level(CRITICAL, 771, 1_100, div) is WARN


def test_without_a_compressor_the_lines_themselves_are_not_below() -> None:
    assert next_level_without_compressor(NORMAL, 1_000, 3_000, 1_000) is WARN
    assert next_level_without_compressor(NORMAL, 999, 3_000, 1_000) is CRITICAL
    assert next_level_without_compressor(NORMAL, 3_000, 3_000, 1_000) is NORMAL
    assert next_level_without_compressor(WARN, 3_420, 3_000, 1_000) is WARN  # < 115 %
    assert next_level_without_compressor(WARN, 3_450, 3_000, 1_000) is NORMAL


def test_the_stepped_thresholds_and_the_high_water_line_are_whole_pages() -> None:
    # xnu-2422 memorystatus_update_levels_locked: delta = 5 % (6,553 of 131,071 pages),
    # critical 1 ×, pressure 3 ×, idle offset 5 %; xnu-2050: high-water 10 / 5 × delta
    th = jetsam_thresholds(131_071, GIB // 2, Era.LEGACY, rules_for(2423, Era.LEGACY))
    assert th is not None
    assert (th.soft_pages, th.idle_pages, th.critical_pages) == (19_659, 13_106, 6_553)
    assert type(th.idle_pages) is int
    assert highwater_pages(131_072) == 13_106
    assert type(highwater_pages(131_072)) is int


def test_the_compressor_lines_are_whole_pages() -> None:
    # am 1,000: compact 10,000 // 11 = 909, unthrottle 10,000 // 61 = 163
    div = CompressorDivisors(11, 13, 61)
    assert next_pressure_level(NORMAL, 909, 1_000, div) is NORMAL  # not below 909
    assert next_pressure_level(NORMAL, 196, 1_000, div) is WARN  # 1,960 ≥ 12 × 163
    assert next_pressure_level(NORMAL, 195, 1_000, div) is CRITICAL


def test_divisors_and_the_timebase_are_fixed() -> None:
    with pytest.raises(FrozenInstanceError):
        CompressorDivisors(11, 13, 20).minor = 1  # type: ignore[misc]  # the point: frozen
    # Apple silicon's timebase: mach_timebase_info 125 / 3 ns a tick, 24 MHz
    assert MACH_TICKS_PER_S == 24_000_000
