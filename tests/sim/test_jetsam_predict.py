"""The next-victim prediction changes nothing (issue 29 item 3: sim/jetsam.py survivors).

xnu-11417.121.6 (iPhone12,1), bsd/kern/kern_memorystatus.c · memorystatus_kill_top_process:
``if (sort_flag) memorystatus_sort_bucket(JETSAM_PRIORITY_FOREGROUND,
JETSAM_SORT_DEFAULT)`` (memorystatus_sort_by_largest_process_locked when no coalition
is found) before the first kill of a pass: the largest foreground process dies first.
The prediction names that victim without sorting the band itself.
"""

from __future__ import annotations

import pytest

from activitymon.model import KillReason
from activitymon.sim.kernel import Kernel
from activitymon.sim.xnu import foreground_band
from tests.sim.conftest import make_sim

MODERN_CRITICAL = 10485  # iPhone12,1's critical threshold in pages (§4.3)


@pytest.fixture
def unhealthy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Kernel, "available", property(lambda _self: MODERN_CRITICAL - 1))


@pytest.mark.usefixtures("unhealthy")
def test_prediction_names_the_largest_foreground_process_and_sorts_nothing() -> None:
    sim = make_sim(profile="iPhone12,1")
    small = sim.launch("small", "foreground", 20)
    large = sim.launch("large", "foreground", 400)
    k = sim.kernel
    band = foreground_band(k.era)
    predicted = k.jetsam.predict()
    assert predicted is not None
    assert (predicted[0].pid, predicted[1]) == (large, KillReason.VM_PAGESHORTAGE)
    assert [p.pid for p in k.bands.band(band)] == [small, large]
    choice = k.jetsam.choose(predict=True)
    assert choice is not None
    assert choice[0].pid == large
    assert [p.pid for p in k.bands.band(band)] == [small, large]


@pytest.mark.usefixtures("unhealthy")
def test_the_first_kill_of_a_pass_sorts_the_foreground_band_largest_first() -> None:
    sim = make_sim(profile="iPhone12,1")
    small = sim.launch("small", "foreground", 20)
    large = sim.launch("large", "foreground", 400)
    k = sim.kernel
    choice = k.jetsam.choose()
    assert choice is not None
    assert (choice[0].pid, choice[1]) == (large, KillReason.VM_PAGESHORTAGE)
    assert [p.pid for p in k.bands.band(foreground_band(k.era))] == [large, small]
