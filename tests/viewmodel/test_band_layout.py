"""The band view's layout and fading without Qt."""

from __future__ import annotations

import pytest

from activitymon.model import Era, Killed, KillReason, MemoryStats, ProcessInfo, Snapshot
from activitymon.viewmodel.band_layout import (
    BLOCK_H,
    FADE_TICKS,
    LANE_PAD,
    MIN_BLOCK_W,
    ROW_GAP,
    Entries,
    FadingBlock,
    age_fading,
    block_width,
    fade_killed,
    kill_order_text,
    place_blocks,
    recorded_victims,
    with_fading,
)
from activitymon.viewmodel.lanes import Lane

MB = 1 << 20


def _p(pid: int, mb: int, seq: int | None = None, **kw) -> ProcessInfo:
    return ProcessInfo(pid=pid, name=f"p{pid}", footprint_bytes=mb * MB, band_seq=seq, **kw)


def test_a_block_grows_with_the_square_root_of_its_share_of_memory() -> None:
    assert block_width(1024 * MB, 4096 * MB, 400.0) == pytest.approx(200.0)  # a quarter: half
    assert block_width(4096 * MB, 4096 * MB, 400.0) == pytest.approx(400.0)
    assert block_width(0, 4096 * MB, 400.0) == MIN_BLOCK_W
    assert block_width(1, 4096 * MB, 400.0) == MIN_BLOCK_W  # never thinner than 6 px


def test_blocks_run_in_entry_order_and_wrap_within_their_lane() -> None:
    quarter = 1024 * MB  # each 50 px wide on a 100 px row of 4 GB
    lanes: list[tuple[str, Entries]] = [
        ("0 IDLE", [(_p(1, 1024), None), (_p(2, 1024), None)]),
        ("10 FG", [(_p(3, 1024), None)]),
    ]
    layout = place_blocks(lanes, {}, left=10.0, usable=100.0, top=5.0, total_bytes=4 * quarter)
    first, second, third = layout.blocks
    assert (first.x, first.y, first.w) == (10.0, 5.0 + LANE_PAD, 50.0)
    # 10 + 50 + a 2 px gap + 50 runs past 110: the second block starts a new row
    assert (second.x, second.y) == (10.0, 5.0 + LANE_PAD + BLOCK_H + ROW_GAP)
    assert first.label_after  # last in its row
    lane0_bottom = second.y + BLOCK_H + LANE_PAD
    assert layout.lane_spans[0] == (5.0, lane0_bottom)
    assert (third.lane, third.y) == (1, lane0_bottom + LANE_PAD)
    assert layout.height == third.y + BLOCK_H + LANE_PAD


def test_a_killed_process_fades_in_its_lane_for_four_ticks() -> None:
    victim = _p(7, 100, seq=2)
    lane = Lane("0 IDLE", (_p(5, 10, seq=1), victim, _p(9, 10, seq=3)), order=0.0)
    fading: dict[int, FadingBlock] = {}
    kill = Killed(t=1.0, pid=7, name="p7", reason=KillReason.IDLE_EXIT, footprint_bytes=120 * MB)
    fade_killed(fading, [kill], {p.pid: (p, lane) for p in lane.processes})
    assert fading[7].proc.footprint_bytes == 120 * MB  # the footprint it died with
    assert fading[7].opacity == pytest.approx(FADE_TICKS / (FADE_TICKS + 1))
    # the next snapshot no longer lists it: it is put back between its neighbours
    after = Lane("0 IDLE", (lane.processes[0], lane.processes[2]), order=0.0)
    ((title, entries),) = with_fading([after], fading)
    assert title == "0 IDLE"
    assert [(p.pid, r) for p, r in entries] == [(5, None), (7, "idle-exit"), (9, None)]
    for left in (3, 2, 1):
        age_fading(fading)
        assert fading[7].ticks_left == left
    age_fading(fading)
    assert fading == {}


def test_an_emptied_lane_stays_while_its_victim_fades() -> None:
    fading = {1: FadingBlock(_p(1, 10), "3 BACKGROUND", 3.0, "vm-pageshortage", 2)}
    ordered = with_fading([Lane("10 FOREGROUND", (_p(2, 10),), order=10.0)], fading)
    assert [title for title, _ in ordered] == ["3 BACKGROUND", "10 FOREGROUND"]


def test_kill_order_and_recorded_victims() -> None:
    assert kill_order_text(_p(1, 1, band=0), Era.MODERN) == "band 0 IDLE"
    assert kill_order_text(_p(1, 1, oom_score_adj=200), None) == "oom_score_adj 200"
    assert kill_order_text(_p(1, 1), None) == ""
    procs = (_p(1, 1, seq=5, kill_reason="idle"), _p(2, 1), _p(3, 1, seq=2, kill_reason="hw"))
    snapshot = Snapshot(time=0.0, memory=MemoryStats(4096, 1000), processes=procs)
    assert [p.pid for p in recorded_victims(snapshot)] == [3, 1]
