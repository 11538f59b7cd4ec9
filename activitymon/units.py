"""Human formatting of sizes, times and missing values, shared by the CLI and the UI.

The model keeps numbers; only presentation code calls these.
"""

from __future__ import annotations

import enum

MISSING = "—"


class UnitSystem(enum.StrEnum):
    """Binary (KiB, shown as KB like Activity Monitor) or decimal (kB = 1000)."""

    BINARY = "binary"
    DECIMAL = "decimal"


def format_bytes(
    value: int | float | None,
    units: UnitSystem = UnitSystem.BINARY,
    *,
    signed: bool = False,
) -> str:
    """``1.5 GB``, ``820 MB``, ``12 KB``, ``—`` for unknown; switches unit sensibly."""
    if value is None:
        return MISSING
    step = 1024.0 if units is UnitSystem.BINARY else 1000.0
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    amount = abs(float(value))
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if amount < step or unit == "TB":
            if unit == "bytes":
                return f"{sign}{int(amount)} bytes"
            digits = 0 if amount >= 100 else (1 if amount >= 10 else 2)
            return f"{sign}{amount:.{digits}f} {unit}"
        amount /= step
    raise AssertionError("unreachable")


def format_pages(pages: int | None, page_size: int, units: UnitSystem = UnitSystem.BINARY) -> str:
    return MISSING if pages is None else format_bytes(pages * page_size, units)


def format_percent(value: float | None, digits: int = 1) -> str:
    return MISSING if value is None else f"{value:.{digits}f} %"


def format_pid(pid: int | None) -> str:
    """A pid, or ``—`` where the source has none (report rows without a pid carry
    negative stand-ins that must never be shown as pids)."""
    return MISSING if pid is None or pid < 0 else str(pid)


def format_count(value: int | None) -> str:
    return MISSING if value is None else f"{value:,}"


def format_duration(seconds: float) -> str:
    """``0.250 s``, ``12.5 s``, ``3 min 05 s``, ``2 h 01 min``."""
    if seconds < 1:
        return f"{seconds:.3f} s"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
