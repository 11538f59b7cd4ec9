"""What each line and level means, per kind of kernel (``teaching/sentences.py``): the
sentences written out as the narration says them, one fact changed at a time.

xnu-2050's high-water line: ``memorystatus_update_levels_locked`` puts it at
(HIGHWATER_PERCENT / DELTA_PERCENT) × ``memorystatus_delta`` (5 % of memory), 10 / 5 × 6,553
= 13,106 pages on the 512 MB iPod (131,072 pages of 4 KiB)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from activitymon.model import KernelFacts, LevelSource, Platform, PressureLevel, Threshold
from activitymon.teaching.sentences import (
    Line,
    highwater_line_pages,
    level_meaning,
    line_meaning,
)

IOS = Platform.IOS
UNHEALTHY = "the system is unhealthy: jetsam kills "
BAND_ORDER = UNHEALTHY + "in band order, lowest band first"


@pytest.mark.parametrize(
    ("source", "below"),
    [
        (
            LevelSource.AVAILABLE_PAGES,
            "without a compressor, the pressure level turns Warning below it",
        ),
        (
            LevelSource.SUSPENDED_COUNT,
            "below it the pressure level counts suspended apps: Warning while 1–4 are left, "
            "Critical when none is",
        ),
        (
            LevelSource.COMPRESSOR,
            "the pressure level does not follow this line, the compressor decides it",
        ),
        (None, "the kernel's first warning line"),
    ],
)
def test_the_soft_line_by_what_makes_the_level(source: LevelSource | None, below: str) -> None:
    meaning = line_meaning(Line.SOFT, KernelFacts(IOS, level_source=source))
    assert (meaning.name, meaning.below, meaning.term) == (
        "the soft threshold",
        below,
        "soft-threshold",
    )


@pytest.mark.parametrize(
    ("facts", "below"),
    [
        (KernelFacts(IOS, idle_band=False), UNHEALTHY + "lowest priority first"),
        (KernelFacts(IOS, idle_band=True), BAND_ORDER),
        (KernelFacts(IOS), BAND_ORDER),
        (
            KernelFacts(
                IOS,
                idle_band=True,
                highwater_below=Threshold.CRITICAL,
                level_source=LevelSource.AVAILABLE_PAGES,
            ),
            BAND_ORDER + "; processes over their soft memory limit (high-water) first; the "
            "pressure level turns Critical",
        ),
    ],
)
def test_the_critical_line_by_kernel(facts: KernelFacts, below: str) -> None:
    assert line_meaning(Line.CRITICAL, facts).below == below


def test_the_high_water_line_of_xnu_2050() -> None:
    meaning = line_meaning(Line.HIGHWATER, KernelFacts(IOS, highwater_percent=10))
    assert meaning.name == "10 % of memory"
    assert meaning.below == (
        "this kernel kills processes over their high-water mark below 10 % of memory"
    )
    assert highwater_line_pages(131_072, 10) == 13_106
    assert type(highwater_line_pages(131_072, 10)) is int


@pytest.mark.parametrize(
    ("source", "warn"),
    [
        (LevelSource.PSI, "processes spend a noticeable share of time waiting for memory"),
        (LevelSource.AVAILABLE_PERCENT, "available memory fell below 10 % of RAM"),
        (None, "the kernel reports memory is getting short"),
    ],
)
def test_what_warning_means_by_what_makes_the_level(source: LevelSource | None, warn: str) -> None:
    facts = KernelFacts(Platform.LINUX, level_source=source)
    assert level_meaning(PressureLevel.WARN, facts) == warn


def test_a_meaning_is_a_fixed_value() -> None:
    meaning = line_meaning(Line.IDLE, KernelFacts(IOS))
    with pytest.raises(FrozenInstanceError):
        meaning.name = "x"  # type: ignore[misc]  # the point: frozen
    assert not hasattr(meaning, "__dict__")  # slots
