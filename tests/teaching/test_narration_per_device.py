"""Every narration sentence on the iOS 6 iPod, the iOS 14 iPhone 6s and the Mac names
only machinery that device has. What each lacks is written here as docs/SIMULATOR.md's
table reads it in XNU: the iPod (xnu-2050) has no bands (one priority list), no
compressor, no idle threshold and no idle-exit kills, and writes "[vm]"; the iPhone 6s
(xnu-7195) has no idle threshold but raises its critical threshold while band 0 is
occupied; the Mac has no page-shortage
thresholds at all and ends idle processes under pressure."""

from __future__ import annotations

import pytest

from activitymon.sources import ClockedSource, kernel_facts_of
from activitymon.teaching.narration_line import NarrationLine
from activitymon.teaching.narrator import Narrator
from activitymon.viewmodel.sim_sources import SimChoice, build_sim_source


def narrate(scenario: str, profile: str | None, seconds: int) -> list[NarrationLine]:
    source = build_sim_source(SimChoice(scenario, profile, 0))
    assert isinstance(source, ClockedSource)
    narrator = Narrator(kernel_facts_of(source))
    moments = []
    for _ in range(seconds):
        source.advance(1.0)
        moments.append((source.sample(), source.drain_events()))
    return narrator.narrate_all(moments)


def words(lines: list[NarrationLine]) -> str:
    return "\n".join(part for line in lines for part in (line.sentence, *line.details)).lower()


def test_the_ios_6_ipod_narration_names_only_its_machinery() -> None:
    text = words(narrate("hog", "iPod5,1", 60))  # the hog scenario runs on the iPod
    # xnu-2050 keeps one priority list: no bands, no idle band
    assert "band" not in text
    assert "priority list" in text
    assert "idle threshold" not in text
    assert "idle-exit" not in text
    assert "compressor" not in text.replace("without a compressor", "")
    assert "band 20" not in text  # no notification floor before xnu-4903
    assert "raised critical" not in text  # no critical idle offset in xnu-2050
    assert 'its reports write "vm"' in text
    assert "fell below the critical threshold" in text
    assert "10 % of memory" in text  # HIGHWATER_PERCENT, its own line on this kernel


def test_the_ios_14_iphone_6s_narration_names_only_its_machinery() -> None:
    # the camera's video buffers cannot be compressed: available memory falls and band 0
    # dies at the raised critical threshold (on this kernel the article's hog would
    # meet its own 1.4 GB task limit first)
    text = words(narrate("foreground-vs-suspended", "iPhone8,1", 70))
    assert "idle threshold" not in text
    assert "idle-exit" not in text
    assert "the raised critical threshold" in text
    assert "reason vm-pageshortage" in text
    assert "band 2 or above" in text  # xnu-4903+: only band ≥ 2 is notified (legacy scale)


def test_the_mac_narration_speaks_of_idle_exit_not_thresholds() -> None:
    text = words(narrate("mac-idle-exit", None, 90))
    assert "threshold" not in text
    assert "vm-pageshortage" not in text
    assert "band order" not in text
    assert "macos ends clean idle processes that allow idle exit" in text


@pytest.mark.parametrize("profile", ["iPod5,1", "iPhone8,1", "iPhone12,1"])
def test_each_kill_has_one_line_that_names_it_with_its_reason(profile: str) -> None:
    lines = narrate("demo", profile, 100)
    kills = [line for line in lines if line.kind == "kill"]
    assert kills
    for line in kills:
        members = line.details or (line.sentence,)
        assert all("reason " in member for member in members)
