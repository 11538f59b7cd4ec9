"""The graph's lines per device, named as the narration names them (the truth audit:
the iPod's graph lacked the 10 % high-water line its narration speaks of, and the
iPhone 6s labelled its raised critical threshold an "idle threshold" the kernel does
not have). Pages are the kernels' own arithmetic, written out: xnu-2050 / 2422
``memorystatus_delta`` = 5 % of 131,072 pages = 6,553, thresholds at 1 ×, 2 × and 3 ×
(the 2 × line is iOS 6's high-water level, iOS 7's raised critical); xnu-7195 and
11417 ``memorystatus_init`` percentages (15 / 10 / 5 %, critical + 5 % while band 0
is occupied; 15 / 9 / 4 % of a 4 GB iPhone 11)."""

from __future__ import annotations

import pytest

from activitymon.sources import kernel_facts_of
from activitymon.teaching.threshold_marks import threshold_marks
from activitymon.viewmodel.sim_sources import SimChoice, build_sim_source


def _marks(profile: str) -> list[tuple[str, int]]:
    source = build_sim_source(SimChoice("hog", profile, 0))
    snapshot = source.sample()
    assert snapshot.thresholds is not None
    marks = threshold_marks(
        snapshot.thresholds, kernel_facts_of(source), snapshot.memory.total_pages
    )
    return [(m.label, m.pages) for m in marks]


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (
            "iPod5,1",
            [
                ("soft threshold", 19_659),
                ("10 % of memory (high-water)", 13_106),
                ("critical threshold", 6_553),
            ],
        ),
        (
            "iPad2,5",
            [
                ("soft threshold", 19_659),
                ("raised critical threshold", 13_106),
                ("critical threshold", 6_553),
            ],
        ),
        (
            "iPhone8,1",
            [
                ("soft threshold", 19_660),
                ("raised critical threshold", 13_106),
                ("critical threshold", 6_553),
            ],
        ),
        (
            "iPhone12,1",
            [
                ("soft threshold", 39_321),
                ("idle threshold", 23_592),
                ("critical threshold", 10_485),
            ],
        ),
    ],
)
def test_each_device_draws_its_own_lines_by_their_narration_names(
    profile: str, expected: list[tuple[str, int]]
) -> None:
    assert _marks(profile) == expected


def test_a_source_that_does_not_say_draws_the_thresholds_it_has() -> None:
    from activitymon.model import JetsamThresholds

    th = JetsamThresholds(soft_pages=300, idle_pages=100, critical_pages=100)
    assert [m.label for m in threshold_marks(th, None, 2_000)] == [
        "soft threshold",
        "critical threshold",
    ]
