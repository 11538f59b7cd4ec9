"""Kernel constants and the pure rules the simulator applies, with their § in
``shared/reference/xnu-memorystatus.md``.

Everything here is a function of numbers: no simulator state.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import Era, JetsamThresholds, PressureLevel

MB = 1 << 20
GIB = 1 << 30

# §3.4: the ledger warns at 80 % of the applied limit.
LIMIT_WARNING_PERCENT = 80

# §4.5 notifications
INTER_NOTIFICATION_DELAY_S = 0.25
RESTING_PERIOD_S = 25.0
DECREASED_SMOOTHING_S = 5.0
MIN_NOTIFY_BYTES_IOS = 6 * MB
MIN_NOTIFY_BYTES_MACOS = 10 * MB

# §1.9 macOS idle exit under pressure
MACOS_IDLE_EXIT_INTERVAL_S = 1.0
MACOS_IDLE_EXIT_MAX_PER_EPISODE = 100

# §4.6 sustained pressure (iOS, xnu-8019 →)
SUSTAINED_WINDOW_S = 600.0
SUSTAINED_KILL_INTERVAL_S = 0.5

# §1.6 aging: base deferral 10 s, divided by relaunch likelihood.
IDLE_DEFERRAL_S = 10.0
AGING_TIME_S = {"low": IDLE_DEFERRAL_S / 5, "medium": IDLE_DEFERRAL_S / 2, "high": IDLE_DEFERRAL_S}
APP_AGING_TIME_S = IDLE_DEFERRAL_S / 5

# §10 a snapshot is posted at most once per 30 s.
SNAPSHOT_TIMEOUT_S = 30.0

# Simulated time one kill takes inside a jetsam pass (the kernel's kills take
# milliseconds; a small step keeps kill order visible and killDelta meaningful).
KILL_STEP_S = 0.005

# Mach absolute time units per second on arm64 Apple hardware (reports' age, killDelta).
MACH_TICKS_PER_S = 24_000_000


def aging_band(era: Era, *, app: bool) -> int:
    """§1.6: daemons age in IDLE_DEFERRED (1 / 10), apps in AGING_BAND2 (20) on the
    modern scale; the legacy policy ages daemons in band 1 and sends apps straight to 0."""
    if era is Era.MODERN:
        return 20 if app else 10
    if era is Era.LEGACY:
        return 0 if app else 1
    return 0  # macOS: no aging from xnu-8792


def notify_min_band(era: Era) -> int:
    """§4.5: only bands ≥ BACKGROUND_OPPORTUNISTIC (2 / 20) are notified."""
    return 2 if era is Era.LEGACY else 20


def foreground_band(era: Era) -> int:
    return 10 * era.scale


def background_band(era: Era) -> int:
    return 3 * era.scale


def idle_snapshot_max_band(era: Era) -> int:
    """§10: kills in band 0 or the system aging band alone do not cause a report (iOS)."""
    return 1 if era is Era.LEGACY else 10


def jetsam_thresholds(total_pages: int, ram_bytes: int, era: Era) -> JetsamThresholds | None:
    """§4.3, in pages. Modern: the newest table (separate idle, soft, critical).
    Legacy (xnu-2422 … 8796): critical 5 % (4 % above 3 GiB from xnu-6153), pressure 15 %;
    ``idle_pages`` is the raised critical threshold used while band 0 is non-empty
    (critical + 5 %, capped at pressure). macOS has no page-shortage thresholds."""
    if era is Era.MACOS:
        return None
    if era is Era.LEGACY:
        critical = total_pages * (4 if ram_bytes > 3 * GIB else 5) // 100
        soft = total_pages * 15 // 100
        idle = min(soft, critical + total_pages * 5 // 100)
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


@dataclass(frozen=True, slots=True)
class CompressorDivisors:
    """§4.2 divisors from ``vm_compressor_init``."""

    minor: int
    major: int
    unthrottle: int

    @classmethod
    def for_device(cls, era: Era, ram_bytes: int, xnu: int) -> CompressorDivisors:
        if era is Era.MACOS:
            return cls(20, 25, 35) if ram_bytes > 3 * GIB else cls(11, 13, 20)
        if xnu >= 4570:
            return cls(20, 30, 40)  # embedded
        return cls(20, 25, 35) if ram_bytes > 3 * GIB else cls(11, 13, 20)


def next_pressure_level(
    current: PressureLevel, anc: int, am: int, divisors: CompressorDivisors
) -> PressureLevel:
    """§4.2 transitions with the compressor active (integer thresholds, 1.2 / 1.4 factors)."""
    compact = am * 10 // divisors.minor
    unthrottle = am * 10 // divisors.unthrottle
    critical_now = anc * 10 < 12 * unthrottle
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
