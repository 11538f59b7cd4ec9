from __future__ import annotations

from activitymon.model import MemoryStats
from activitymon.units import MISSING, UnitSystem, format_bytes, format_duration


def test_units_switch_sensibly() -> None:
    assert format_bytes(None) == MISSING
    assert format_bytes(512) == "512 bytes"
    assert format_bytes(8 << 20) == "8.00 MB"
    assert format_bytes(150 << 20) == "150 MB"
    assert format_bytes(3 << 30) == "3.00 GB"
    assert format_bytes(1_500_000, UnitSystem.DECIMAL) == "1.50 MB"
    assert format_bytes(-(2 << 20)) == "-2.00 MB"


def test_durations() -> None:
    assert format_duration(0.25) == "0.250 s"
    assert format_duration(125) == "2 min 05 s"
    assert format_duration(7260) == "2 h 01 min"


def test_unknown_counts_stay_unknown() -> None:
    mem = MemoryStats(page_size=16384, total_pages=1000)
    assert mem.free_pages is None
    assert mem.bytes_of(mem.wired_pages) is None
    assert mem.app_pages is None
    assert mem.total_bytes == 16384 * 1000
