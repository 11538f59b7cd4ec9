"""Each run of the jetsam thread starts afresh (issue 29 item 3: sim/jetsam.py survivors).

xnu-11417.121.6 (iPhone12,1), bsd/kern/kern_memorystatus.c · memorystatus_thread: every
wake-up sets ``state->sort_flag = true`` and ``state->post_snapshot = false`` before its
loop; the first kill clears sort_flag (the foreground band is sorted by footprint once
per run), and the snapshot note is sent only ``if (state->post_snapshot)``.
"""

from __future__ import annotations

import pytest

from activitymon.sim.kernel import Kernel
from tests.sim.conftest import make_sim

MODERN_CRITICAL = 10485  # iPhone12,1's critical threshold in pages (§4.3)


class Pinned:
    value = MODERN_CRITICAL


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> Pinned:
    pin = Pinned()
    monkeypatch.setattr(Kernel, "available", property(lambda _self: pin.value))
    return pin


def posts(monkeypatch: pytest.MonkeyPatch, kernel: Kernel) -> list[bool]:
    seen: list[bool] = []
    monkeypatch.setattr(
        kernel.reporter, "end_of_pass", lambda *, post, new_generation=True: seen.append(post)
    )
    return seen


def test_a_run_without_a_kill_posts_no_snapshot(
    pinned: Pinned, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim = make_sim(profile="iPhone12,1")
    seen = posts(monkeypatch, sim.kernel)
    sim.kernel.jetsam.step()  # healthy: the run ends at once
    assert seen == [False]


def test_a_posted_snapshot_is_not_posted_again_by_the_next_run(
    pinned: Pinned, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim = make_sim(profile="iPhone12,1")
    seen = posts(monkeypatch, sim.kernel)
    jetsam = sim.kernel.jetsam
    jetsam.post_snapshot = True  # a kill of this run asked for it
    jetsam.step()
    jetsam.step()
    assert seen == [True, False]


def test_every_run_sorts_the_foreground_band_again(
    pinned: Pinned, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim = make_sim(profile="iPhone12,1")
    posts(monkeypatch, sim.kernel)
    small = sim.launch("small", "foreground", 20)
    large = sim.launch("large", "foreground", 400)
    jetsam = sim.kernel.jetsam
    jetsam.kills_in_pass = 3  # a run that killed three
    jetsam.step()  # healthy: that run ends
    assert jetsam.kills_in_pass == 0
    pinned.value = MODERN_CRITICAL - 1
    choice = jetsam.choose()
    assert choice is not None
    assert choice[0].pid == large
    assert small in sim.kernel.procs
