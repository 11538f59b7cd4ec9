"""Band names and parsing: what scenario files and the band view rely on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activitymon.model import Era, band_label, band_name, parse_band


def test_modern_scale_is_legacy_times_ten() -> None:
    assert parse_band("foreground", Era.LEGACY) == 10
    assert parse_band("foreground", Era.MODERN) == 100
    assert parse_band("home", Era.MODERN) == 160
    assert parse_band("critical", Era.LEGACY) == 19
    assert parse_band("idle", Era.MODERN) == 0


def test_xnu_names_with_prefix_and_case() -> None:
    assert parse_band("JETSAM_PRIORITY_IMPORTANT", Era.MODERN) == 180
    assert parse_band("Background", Era.LEGACY) == 3


def test_freezer_band_exists_only_on_the_modern_scale() -> None:
    assert parse_band("freezer", Era.MODERN) == 75
    with pytest.raises(ValueError, match="band name"):
        parse_band("freezer", Era.LEGACY)


def test_bad_band_message_names_the_expectation() -> None:
    with pytest.raises(ValueError, match="band name") as info:
        parse_band("hgh", Era.MODERN)
    assert str(info.value) == 'expected an integer 0–210 or a band name, got "hgh"'
    with pytest.raises(ValueError, match="0–21"):
        parse_band(22, Era.LEGACY)
    with pytest.raises(ValueError, match="got True"):
        parse_band(True, Era.LEGACY)


def test_names_and_labels() -> None:
    assert band_name(100, Era.MODERN) == "FOREGROUND"
    assert band_name(10, Era.LEGACY) == "FOREGROUND"
    assert band_name(7, Era.LEGACY) == "7"
    assert band_label(160, Era.MODERN) == "160 HOME"
    assert band_label(140, Era.MODERN) == "140"
    assert band_name(999, Era.MODERN) == "INTERNAL"


def test_default_band_is_jetsam_priority_default() -> None:
    assert Era.LEGACY.default_band == 18
    assert Era.MODERN.default_band == 180
    # xnu-2050.48.11 bsd/sys/kern_memorystatus.h: DEFAULT_JETSAM_PRIORITY -100
    assert Era.PRIORITY_LIST.default_band == -100


def test_ios_6_priorities_are_signed_and_band_names_map_onto_estimates() -> None:
    era = Era.PRIORITY_LIST
    assert parse_band(-100, era) == -100
    assert parse_band("-49", era) == -49
    assert parse_band("idle", era) == 16  # a suspended app (estimate)
    assert parse_band("foreground", era) == 2  # the frontmost app (estimate)
    assert parse_band("default", era) == -100
    assert band_label(-100, era) == "priority -100 DEFAULT_JETSAM_PRIORITY"
    assert band_label(16, era) == "priority 16 SUSPENDED_APP (est.)"
    assert band_label(5, era) == "priority 5"
    with pytest.raises(ValueError, match="expected an integer -1000–1000"):
        parse_band(5000, era)


@given(st.sampled_from(list(Era)), st.integers())
def test_integers_parse_only_inside_the_scale(era: Era, value: int) -> None:
    if era.min_band <= value <= era.max_band:
        assert parse_band(value, era) == value
        assert parse_band(str(value), era) == value
    else:
        with pytest.raises(ValueError, match="expected an integer"):
            parse_band(value, era)
