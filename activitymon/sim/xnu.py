"""Kernel constants and the pure rules the simulator applies, with their § in
``shared/reference/xnu-memorystatus.md``.

Everything here is a function of numbers: no simulator state.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import Era, JetsamThresholds, PressureLevel
from activitymon.sim.rules import XnuRules

MB = 1 << 20
GIB = 1 << 30

# §3.4: the ledger warns at 80 % of the applied limit.
LIMIT_WARNING_PERCENT = 80

# §4.5 notifications (the resting period and the minimum size are release rules:
# ``rule_table``)
INTER_NOTIFICATION_DELAY_S = 0.25
DECREASED_SMOOTHING_S = 5.0

# §1.9 macOS idle exit under pressure
MACOS_IDLE_EXIT_INTERVAL_S = 1.0
MACOS_IDLE_EXIT_MAX_PER_EPISODE = 100
#: kern_memorystatus.c · no_paging_space_action_throttle_delay_ns (xnu-11417.121.6):
#: 5 * NSEC_PER_SEC between two no-paging-space actions on a Mac
NO_PAGING_SPACE_DELAY_S = 5.0

# §4.6 sustained pressure (iOS, xnu-8019 →)
SUSTAINED_WINDOW_S = 600.0
SUSTAINED_KILL_INTERVAL_S = 0.5

# §1.6 aging: base deferral 10 s, divided by relaunch likelihood.
IDLE_DEFERRAL_S = 10.0
AGING_TIME_S = {"low": IDLE_DEFERRAL_S / 5, "medium": IDLE_DEFERRAL_S / 2, "high": IDLE_DEFERRAL_S}
APP_AGING_TIME_S = IDLE_DEFERRAL_S / 5

# Simulated time one kill takes inside a jetsam pass (the kernel's kills take
# milliseconds; a small step keeps kill order visible and killDelta meaningful).
KILL_STEP_S = 0.005

# Mach absolute time units per second on arm64 Apple hardware (reports' age, killDelta).
MACH_TICKS_PER_S = 24_000_000


def foreground_band(era: Era) -> int:
    return 10 * era.scale


def background_band(era: Era) -> int:
    return 3 * era.scale


def jetsam_thresholds(
    total_pages: int, ram_bytes: int, era: Era, rules: XnuRules
) -> JetsamThresholds | None:
    """§4.3, in pages. With a separate idle threshold (xnu-11215.61 →): the newest DRAM
    table. Before: critical 5 % (4 % above 3 GiB from xnu-6153), pressure 15 %;
    ``idle_pages`` is then the critical threshold used while band 0 is occupied
    (critical + 5 % from xnu-2422, capped at pressure; xnu-2050 has no such offset).
    macOS has no page-shortage thresholds."""
    if era is Era.MACOS:
        return None
    if rules.published_in_steps:
        # xnu-2050 / 2422 memorystatus_update_levels_locked: (percent / DELTA_PERCENT) ×
        # memorystatus_delta — critical 1 ×, pressure 3 ×, the idle offset 5 % of memory
        delta = delta_pages(total_pages)
        offset = total_pages * 5 // 100 if rules.critical_idle_offset else 0
        return JetsamThresholds(
            soft_pages=3 * delta, idle_pages=min(3 * delta, delta + offset), critical_pages=delta
        )
    if not rules.idle_threshold:
        big = rules.critical_4_above_3gib and ram_bytes > 3 * GIB
        critical = total_pages * (4 if big else 5) // 100
        soft = total_pages * 15 // 100
        offset = total_pages * 5 // 100 if rules.critical_idle_offset else 0
        idle = min(soft, critical + offset)
        return JetsamThresholds(soft_pages=soft, idle_pages=idle, critical_pages=critical)
    if ram_bytes <= 3 * GIB:
        crit_pct, idle_pct, soft_pct = 5, 10, 15
    elif ram_bytes <= 6 * GIB:
        crit_pct, idle_pct, soft_pct = 4, 9, 15
    else:
        crit_pct, idle_pct, soft_pct = 4, 8, 12
    critical = total_pages * crit_pct // 100
    idle = total_pages * idle_pct // 100
    soft = total_pages * soft_pct // 100
    cap = total_pages // 2
    return JetsamThresholds(
        soft_pages=min(soft, cap), idle_pages=min(idle, cap), critical_pages=min(critical, cap)
    )


#: xnu-2050 ``HIGHWATER_PERCENT`` and ``DELTA_PERCENT`` (bsd/sys/kern_memorystatus.h)
HIGHWATER_PERCENT = 10
DELTA_PERCENT = 5


def delta_pages(total_pages: int) -> int:
    """xnu-2050 / 2422 ``memorystatus_init``: ``memorystatus_delta`` = DELTA_PERCENT (5)
    of memory, the step the kernel publishes available pages in and the unit of its
    thresholds."""
    return DELTA_PERCENT * total_pages // 100


def highwater_pages(total_pages: int) -> int:
    """xnu-2050 ``memorystatus_update_levels_locked``: (HIGHWATER_PERCENT 10 /
    DELTA_PERCENT 5) × ``memorystatus_delta``, the level at or below which high-water
    kills run on iOS 6."""
    return (HIGHWATER_PERCENT // DELTA_PERCENT) * delta_pages(total_pages)


def backoff_pages(soft_pages: int, critical_pages: int) -> int:
    """``memorystatus_update_vm_pressure`` (kern_memorystatus_notify.c, CONFIG_JETSAM):
    at or below ``soft − (soft − critical) / 2`` available pages the pressure thread
    sends the next notification without its 250 ms ``INTER_NOTIFICATION_DELAY``."""
    return soft_pages - (soft_pages - critical_pages) // 2


@dataclass(frozen=True, slots=True)
class CompressorDivisors:
    """§4.2 divisors from ``vm_compressor_init``."""

    minor: int
    major: int
    unthrottle: int

    @classmethod
    def for_device(cls, ram_bytes: int, rules: XnuRules) -> CompressorDivisors:
        """Embedded (``rules.embedded_divisors``, xnu-4570 →): 20 / 30 / 40; otherwise
        20 / 25 / 35 above 3 GiB, 11 / 13 / 20 below."""
        if rules.embedded_divisors:
            return cls(20, 30, 40)
        return cls(20, 25, 35) if ram_bytes > 3 * GIB else cls(11, 13, 20)


def next_pressure_level(
    current: PressureLevel,
    anc: int,
    am: int,
    divisors: CompressorDivisors,
    low_on_space: bool = False,
) -> PressureLevel:
    """§4.2 transitions with the compressor active (integer thresholds, 1.2 / 1.4 factors).
    ``VM_PRESSURE_WARNING_TO_CRITICAL`` is also true while the compressor is low on space
    (``osfmk/vm/vm_pageout.c``); the ways down do not look at it."""
    compact = am * 10 // divisors.minor
    unthrottle = am * 10 // divisors.unthrottle
    critical_now = low_on_space or anc * 10 < 12 * unthrottle
    if current is PressureLevel.NORMAL:
        if critical_now:
            return PressureLevel.CRITICAL
        return PressureLevel.WARN if anc < compact else PressureLevel.NORMAL
    if current is PressureLevel.WARN:
        if critical_now:
            return PressureLevel.CRITICAL
        return PressureLevel.NORMAL if anc * 10 > 12 * compact else PressureLevel.WARN
    if anc * 10 > 12 * compact:
        return PressureLevel.NORMAL
    return PressureLevel.WARN if anc * 10 > 14 * unthrottle else PressureLevel.CRITICAL


def next_level_without_compressor(
    current: PressureLevel, available: int, soft: int, critical: int
) -> PressureLevel:
    """§4.2 last paragraph: without a compressor the level follows available pages
    against the soft and critical thresholds with 15 % hysteresis on the way back."""
    if available < critical:
        return PressureLevel.CRITICAL
    if current is PressureLevel.CRITICAL and available * 100 < critical * 115:
        return PressureLevel.CRITICAL
    if available < soft:
        return PressureLevel.WARN
    if current is not PressureLevel.NORMAL and available * 100 < soft * 115:
        return PressureLevel.WARN
    return PressureLevel.NORMAL
