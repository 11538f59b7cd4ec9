"""The band view: lanes in band order, the predicted next victim is the one jetsam
actually kills, kills fade out, selection is shared with the table."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from activitymon.model import (
    Era,
    Killed,
    KillReason,
    MemoryLimit,
    MemoryStats,
    ProcessInfo,
    ProcessState,
    Snapshot,
)
from activitymon.ui.band_blocks import near_limit
from activitymon.ui.band_view import BandView
from activitymon.viewmodel.band_layout import FADE_TICKS
from activitymon.viewmodel.lanes import band_lanes, oom_score_lanes
from tests.ui.conftest import tick, tick_until

MB = 1 << 20


def _snapshot(procs, era=Era.MODERN, victim=None, total_pages=1000) -> Snapshot:
    return Snapshot(
        time=0.0,
        memory=MemoryStats(page_size=16384, total_pages=total_pages),
        processes=tuple(procs),
        era=era,
        next_victim=victim,
    )


def test_lanes_are_occupied_bands_lowest_first_in_entry_order():
    procs = [
        ProcessInfo(1, "late", footprint_bytes=MB, band=100, band_seq=9),
        ProcessInfo(2, "early", footprint_bytes=MB, band=100, band_seq=3),
        ProcessInfo(3, "idle", footprint_bytes=MB, band=0, band_seq=5),
    ]
    lanes = band_lanes(_snapshot(procs))
    assert [lane.title for lane in lanes] == ["0 IDLE", "100 FOREGROUND"]
    assert [p.name for p in lanes[1].processes] == ["early", "late"]


def test_linux_lanes_group_by_oom_score_adj_most_likely_victim_first():
    procs = [
        ProcessInfo(101, "cached", rss_bytes=MB, oom_score_adj=950, oom_score=990),
        ProcessInfo(102, "shell", rss_bytes=MB, oom_score_adj=0, oom_score=10),
        ProcessInfo(103, "sshd", rss_bytes=MB, oom_score_adj=-1000, oom_score=0),
    ]
    lanes = oom_score_lanes(_snapshot(procs, era=None))
    assert [lane.processes[0].name for lane in lanes] == ["cached", "shell", "sshd"]


def test_grouping_is_pluggable(qtbot):
    view = BandView()
    qtbot.addWidget(view)
    view.set_grouping(lambda snap: band_lanes(snap)[:1])
    procs = [
        ProcessInfo(1, "a", footprint_bytes=MB, band=0, band_seq=1),
        ProcessInfo(2, "b", footprint_bytes=MB, band=10, band_seq=2),
    ]
    view.apply_snapshot(_snapshot(procs), [])
    assert view.canvas.lane_titles() == ["0 IDLE"]


def test_blocks_are_sized_by_footprint(qtbot):
    view = BandView()
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.show()
    procs = [
        ProcessInfo(1, "small", footprint_bytes=50 * MB, band=0, band_seq=1),
        ProcessInfo(2, "big", footprint_bytes=200 * MB, band=0, band_seq=2),
    ]
    three_gb = 3 * 1024 * MB // 16384
    view.apply_snapshot(_snapshot(procs, total_pages=three_gb), [])
    small, big = view.canvas.block_of(1), view.canvas.block_of(2)
    assert small is not None
    assert big is not None
    # width grows with √footprint: four times the memory, twice the width
    assert big.rect.width() == pytest.approx(2 * small.rect.width(), rel=0.01)
    assert small.rect.left() < big.rect.left()  # entry order, left to right
    width_before = small.rect.width()
    # a much larger process arriving does not rescale the others (a scale that holds still)
    procs.append(ProcessInfo(3, "game", footprint_bytes=2500 * MB, band=100, band_seq=3))
    view.apply_snapshot(_snapshot(procs, total_pages=three_gb), [])
    small = view.canvas.block_of(1)
    assert small is not None
    assert small.rect.width() == width_before


def test_near_limit_and_highwater_are_recognised():
    near = ProcessInfo(1, "n", footprint_bytes=85 * MB, limit=MemoryLimit(100 * MB, True))
    far = ProcessInfo(2, "f", footprint_bytes=10 * MB, limit=MemoryLimit(100 * MB, True))
    assert near_limit(near)
    assert not near_limit(far)
    assert not near_limit(ProcessInfo(3, "u", footprint_bytes=10 * MB))
    hw = ProcessInfo(
        4, "hw", footprint_bytes=MB, band=0, states=frozenset({ProcessState.HIGHWATER})
    )
    view = BandView()
    view.apply_snapshot(_snapshot([hw]), [])
    block = view.canvas.block_of(4)
    assert block is not None
    assert "high-water" in view.canvas.tooltip_for(block)
    view.deleteLater()


def test_next_victim_is_the_process_jetsam_kills_next(window):
    predicted: list[int | None] = []

    def remember(_tick) -> None:
        victim = window.bands.canvas.next_victim
        predicted.append(None if victim is None else victim[0])

    window.tick_applied.connect(remember)
    events = tick_until(window, lambda evs: any(isinstance(e, Killed) for e in evs))
    first_kill = next(e for e in events if isinstance(e, Killed))
    # the prediction shown before the killing tick names the process that died
    assert predicted[-2] == first_kill.pid
    shown = window.bands.canvas.block_of(first_kill.pid)
    assert shown is None  # no longer drawn as alive …
    fading = [b for b in window.bands.canvas.blocks if b.killed_reason is not None]
    assert first_kill.pid in {b.proc.pid for b in fading}  # … but fading out
    assert all(b.opacity < 1 for b in fading)


def test_killed_blocks_fade_away_after_a_few_ticks(window):
    events = tick_until(window, lambda evs: any(isinstance(e, Killed) for e in evs))
    pid = next(e.pid for e in events if isinstance(e, Killed))
    assert any(b.proc.pid == pid and b.killed_reason for b in window.bands.canvas.blocks)
    window.set_playing(False)
    tick(window, FADE_TICKS)
    assert not any(b.proc.pid == pid for b in window.bands.canvas.blocks)


def test_clicking_a_block_selects_it_in_the_table_and_back(window, qtbot):
    window.show_view("bands")
    tick(window, 2)
    canvas = window.bands.canvas
    target = next(b for b in canvas.blocks if b.proc.name == "SpringBoard")
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=target.rect.center().toPoint())
    assert window.table.selected_pid() == target.proc.pid
    other = next(b for b in canvas.blocks if b.proc.name == "Music")
    window.table.select_pid(other.proc.pid)
    assert canvas.selected_pid == other.proc.pid


def test_tooltip_names_the_process_and_its_fate(window):
    tick(window)
    canvas = window.bands.canvas
    victim_pid = canvas.next_victim[0]
    text = canvas.tooltip_for(canvas.block_of(victim_pid))
    assert f"pid {victim_pid}" in text
    assert "next victim" in text
    assert canvas.block_at(QPoint(-5, -5).toPointF()) is None


def test_linux_sources_get_the_oom_killers_lanes():
    from activitymon.sources import Capability
    from activitymon.viewmodel.lanes import default_grouping, lane_grouping_for, oom_score_lanes

    assert lane_grouping_for(frozenset({Capability.OOM_SCORE})) is oom_score_lanes
    assert lane_grouping_for(frozenset({Capability.BANDS})) is default_grouping
    procs = [
        ProcessInfo(201, "a", rss_bytes=MB, oom_score_adj=0, oom_score=5),
        ProcessInfo(202, "b", rss_bytes=MB, oom_score_adj=1000, oom_score=1000),
    ]
    titles = [lane.title for lane in oom_score_lanes(_snapshot(procs, era=None))]
    assert titles == ["1000 · killed first", "0 · default"]


def test_a_kill_that_empties_a_band_fades_there_then_the_lane_collapses(qtbot):
    from activitymon.model import KillReason

    view = BandView()
    qtbot.addWidget(view)
    idle = ProcessInfo(1, "idle-daemon", footprint_bytes=MB, band=0, band_seq=1)
    app = ProcessInfo(2, "app", footprint_bytes=MB, band=100, band_seq=2)
    view.apply_snapshot(_snapshot([idle, app], victim=(1, KillReason.VM_PAGESHORTAGE)), [])
    kill = Killed(1.0, 1, "idle-daemon", KillReason.VM_PAGESHORTAGE, 0, MB)
    view.apply_snapshot(_snapshot([app]), [kill])
    assert view.canvas.lane_titles() == ["0 IDLE", "100 FOREGROUND"]
    fading = [b for b in view.canvas.blocks if b.killed_reason]
    assert [b.proc.pid for b in fading] == [1]
    for _ in range(FADE_TICKS):
        view.apply_snapshot(_snapshot([app]), [])
    assert view.canvas.lane_titles() == ["100 FOREGROUND"]


def test_a_fading_victim_shows_the_footprint_it_died_with():
    """One footprint per kill: the kill's, not the sample before it (issue 24)."""
    view = BandView()
    before = ProcessInfo(7, "Game", footprint_bytes=6_000 * MB, band=100, band_seq=1)
    view.apply_snapshot(_snapshot([before]), [])
    _ = view.canvas.lanes
    kill = Killed(1.0, 7, "Game", KillReason.VM_PAGESHORTAGE, 100, 6_300 * MB)
    view.apply_snapshot(_snapshot([]), [kill])
    fading = view.canvas._fading[7]
    assert fading.proc.footprint_bytes == 6_300 * MB
