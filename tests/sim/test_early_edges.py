"""The first kernels' published count and suspended-count level at their edges
(sim/early.py), read in bsd/kern/kern_memorystatus.c at xnu-2050.48.11:

* ``memorystatus_update``: ``if ((pages_avail < memorystatus_available_pages_critical) ||
  (pages_avail >= (memorystatus_available_pages + memorystatus_delta)) ||
  (memorystatus_available_pages >= (pages_avail + memorystatus_delta)))`` the new value
  is published, otherwise the old one stays;
* ``memorystatus_get_pressure_locked``: ``memorystatus_available_pages >
  memorystatus_available_pages_pressure`` → Normal; ``memorystatus_suspended_count >
  MEMORYSTATUS_SUSPENDED_THRESHOLD`` (4, bsd/sys/kern_memorystatus.h) → Normal; ``> 0``
  → Warning; otherwise Urgent (shown as Critical).

The iPod's numbers: memorystatus_delta = 5 × 131,072 / 100 = 6,553 pages; critical
1 × delta = 6,553; pressure 3 × delta = 19,659.
"""

from __future__ import annotations

import pytest

from activitymon.model import PressureLevel
from activitymon.sim.early import Published, published_pages, suspended_level

DELTA = CRITICAL = 6_553
PRESSURE = 19_659


@pytest.mark.parametrize(
    ("previous", "real", "published"),
    [
        (30_000, 6_552, 6_552),  # below critical: always
        (6_600, 6_553, 6_600),  # at critical, a move under delta: kept
        (30_000, 36_553, 36_553),  # up by exactly delta
        (30_000, 36_552, 30_000),  # up by one page less
        (30_000, 23_447, 23_447),  # down by exactly delta
        (30_000, 23_448, 30_000),  # down by one page less
        (30_000, 30_000, 30_000),
    ],
)
def test_the_published_count_moves_below_critical_or_by_a_whole_delta(
    previous: int, real: int, published: int
) -> None:
    assert published_pages(previous, real, CRITICAL, DELTA) == published


def test_the_ipods_published_count_keeps_its_value_until_a_delta_step() -> None:
    published = Published(131_072, 30_000)
    assert published.delta == 6_553
    assert published.update(24_000, CRITICAL) == 30_000
    assert published.value == 30_000
    assert published.update(23_447, CRITICAL) == 23_447
    assert published.update(6_552, CRITICAL) == 6_552


@pytest.mark.parametrize(
    ("published", "suspended", "level"),
    [
        (PRESSURE + 1, 0, PressureLevel.NORMAL),  # above the pressure threshold
        (PRESSURE, 0, PressureLevel.CRITICAL),  # at it: Urgent, shown as Critical
        (PRESSURE, 5, PressureLevel.NORMAL),  # more than 4 suspended
        (PRESSURE, 4, PressureLevel.WARN),
        (PRESSURE, 1, PressureLevel.WARN),
        (0, 0, PressureLevel.CRITICAL),
    ],
)
def test_the_level_comes_from_the_suspended_count_below_the_pressure_threshold(
    published: int, suspended: int, level: PressureLevel
) -> None:
    assert suspended_level(published, PRESSURE, suspended) is level
