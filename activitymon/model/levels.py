"""Memory pressure levels, as the kernel reports them."""

from __future__ import annotations

import enum


class PressureLevel(enum.IntEnum):
    """System memory pressure, valued as ``kern.memorystatus_vm_pressure_level``.

    XNU reports 1 (normal), 2 (warn) and 4 (critical); the values are kept so that a
    sysctl reading maps onto the enum without a table.
    """

    NORMAL = 1
    WARN = 2
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def from_sysctl(cls, value: int) -> PressureLevel:
        """Map a ``kern.memorystatus_vm_pressure_level`` value; 0 (unknown) reads as normal."""
        if value == 0:
            return cls.NORMAL
        return cls(value)

    @classmethod
    def parse(cls, text: str) -> PressureLevel:
        """Parse ``normal`` / ``warn`` / ``critical`` (also ``warning``), case-insensitively."""
        key = text.strip().lower()
        if key == "warning":
            key = "warn"
        for level in cls:
            if level.label == key:
                return level
        raise ValueError(f"unknown pressure level {text!r} (expected normal, warn or critical)")

    @property
    def severity(self) -> int:
        """0, 1, 2 for normal, warn, critical: for comparisons and colour ramps."""
        return {PressureLevel.NORMAL: 0, PressureLevel.WARN: 1, PressureLevel.CRITICAL: 2}[self]
