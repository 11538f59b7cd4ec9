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

from activitymon.model import Era, PressureLevel
from activitymon.sim.rules import rules_for
from activitymon.sim.xnu import (
    CompressorDivisors,
    background_band,
    foreground_band,
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
