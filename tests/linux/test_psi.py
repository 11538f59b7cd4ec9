"""PSI parsing and the mapping of PSI onto pressure levels (pure: recorded text)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activitymon.model import PressureLevel, PressureStall
from activitymon.sources.linux_psi import (
    PressureThresholds,
    level_from_available,
    level_from_psi,
    parse_psi,
    pressure_level,
    read_psi,
)

QUIET = """some avg10=0.00 avg60=0.00 avg300=0.00 total=0
full avg10=0.00 avg60=0.00 avg300=0.00 total=0
"""
BUSY = """some avg10=12.51 avg60=3.20 avg300=0.71 total=48310912
full avg10=6.02 avg60=1.10 avg300=0.22 total=20119340
"""
# kernels before 5.13 (and the cpu file before 5.13) have no `full` line
SOME_ONLY = "some avg10=1.50 avg60=0.40 avg300=0.10 total=123456\n"


def psi(some10: float, full10: float | None = 0.0) -> PressureStall:
    if full10 is None:
        return PressureStall(some10, 0.0, 0.0, 0)
    return PressureStall(some10, 0.0, 0.0, 0, full10, 0.0, 0.0, 0)


def test_parses_both_lines_with_raw_values() -> None:
    got = parse_psi(BUSY)
    assert got == PressureStall(12.51, 3.20, 0.71, 48310912, 6.02, 1.10, 0.22, 20119340)


def test_quiet_machine_reads_as_zero_not_missing() -> None:
    got = parse_psi(QUIET)
    assert got.some_avg10 == 0.0
    assert got.full_avg10 == 0.0
    assert got.full_total_us == 0


def test_kernel_without_full_line_gives_none_for_full() -> None:
    got = parse_psi(SOME_ONLY)
    assert got.some_avg10 == 1.5
    assert got.some_total_us == 123456
    assert got.full_avg10 is None
    assert got.full_total_us is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
        "some avg10=x avg60=0.00 avg300=0.00 total=0\n",
        "some avg10=0.00 avg60=0.00 total=0\n",
    ],
)
def test_malformed_text_is_one_clear_error_naming_the_file(text: str) -> None:
    with pytest.raises(ValueError, match="/proc/pressure/memory") as info:
        parse_psi(text)
    assert "\n" not in str(info.value)


def test_unreadable_or_absent_file_is_none(tmp_path) -> None:
    assert read_psi(str(tmp_path / "absent")) is None
    bad = tmp_path / "bad"
    bad.write_text("garbage\n")
    assert read_psi(str(bad)) is None
    good = tmp_path / "good"
    good.write_text(BUSY)
    assert read_psi(str(good)) == parse_psi(BUSY)


DEFAULT = PressureThresholds()


@pytest.mark.parametrize(
    ("some10", "full10", "level"),
    [
        (0.0, 0.0, PressureLevel.NORMAL),
        (9.99, 4.99, PressureLevel.NORMAL),
        (10.0, 0.0, PressureLevel.WARN),
        (39.9, 4.9, PressureLevel.WARN),
        (40.0, 0.0, PressureLevel.CRITICAL),
        (12.0, 5.0, PressureLevel.CRITICAL),
        (12.0, None, PressureLevel.WARN),
        (45.0, None, PressureLevel.CRITICAL),
    ],
)
def test_default_level_mapping(some10: float, full10: float | None, level: PressureLevel) -> None:
    assert level_from_psi(psi(some10, full10), DEFAULT) is level


def test_thresholds_are_configurable() -> None:
    strict = PressureThresholds(
        warn_some_avg10=1.0, critical_some_avg10=2.0, critical_full_avg10=1.0
    )
    assert level_from_psi(psi(1.5, 0.0), strict) is PressureLevel.WARN
    assert level_from_psi(psi(1.5, 0.0), DEFAULT) is PressureLevel.NORMAL
    assert level_from_psi(psi(0.5, 1.0), strict) is PressureLevel.CRITICAL


def test_inconsistent_thresholds_are_refused() -> None:
    with pytest.raises(ValueError, match="warn_some_avg10"):
        PressureThresholds(warn_some_avg10=50.0, critical_some_avg10=40.0)
    with pytest.raises(ValueError, match="available"):
        PressureThresholds(warn_available_percent=3.0, critical_available_percent=5.0)


def test_without_psi_the_level_comes_from_available_memory() -> None:
    assert level_from_available(50.0, DEFAULT) is PressureLevel.NORMAL
    assert level_from_available(9.0, DEFAULT) is PressureLevel.WARN
    assert level_from_available(4.0, DEFAULT) is PressureLevel.CRITICAL
    assert pressure_level(None, 4.0, DEFAULT) is PressureLevel.CRITICAL
    assert pressure_level(None, None, DEFAULT) is None
    # PSI wins where the kernel has it
    assert pressure_level(psi(0.0), 4.0, DEFAULT) is PressureLevel.NORMAL


percent = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)


@given(percent, percent, percent, percent)
def test_more_stall_never_lowers_the_level(s1: float, s2: float, f1: float, f2: float) -> None:
    lo, hi = psi(min(s1, s2), min(f1, f2)), psi(max(s1, s2), max(f1, f2))
    assert level_from_psi(lo, DEFAULT).severity <= level_from_psi(hi, DEFAULT).severity
