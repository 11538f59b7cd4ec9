"""The views' Qt-free logic (graph history, band lanes, table columns), tested without
a QApplication; and the whole view-model layer imports no Qt."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from activitymon.model import Era, MemoryLimit, MemoryStats, ProcessInfo, ProcessState, Snapshot
from activitymon.sources import Capability
from activitymon.units import UnitSystem
from activitymon.viewmodel.columns import COLUMNS, DisplayContext, column_index, visible_by_default
from activitymon.viewmodel.history import RingBuffer, SeriesHistory
from activitymon.viewmodel.lanes import band_lanes, lane_grouping_for, oom_score_lanes, state_lanes

MB = 1 << 20


def test_the_view_model_layer_imports_no_qt() -> None:
    code = (
        "import sys, activitymon.viewmodel, activitymon.viewmodel.columns, "
        "activitymon.viewmodel.history, activitymon.viewmodel.lanes, "
        "activitymon.viewmodel.sim_sources; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph')); print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_ring_buffer_keeps_the_newest_values_oldest_first() -> None:
    ring = RingBuffer(3)
    assert ring.last() is None
    for value in (1.0, 2.0, 3.0, 4.0, 5.0):
        ring.append(value)
    assert list(ring.view()) == [3.0, 4.0, 5.0]
    assert ring.last() == 5.0
    assert not ring.view().flags.writeable
    with pytest.raises(ValueError, match="capacity"):
        RingBuffer(0)


def test_series_history_shares_one_time_axis_and_shrinks_to_the_newest() -> None:
    history = SeriesHistory(4, ("a", "b"))
    for t in range(6):
        history.append(float(t), {"a": float(t * 10), "b": None})
    assert list(history.time.view()) == [2.0, 3.0, 4.0, 5.0]
    assert np.isnan(history.series["b"].view()).all()
    history.resize(2)
    assert list(history.time.view()) == [4.0, 5.0]
    assert list(history.series["a"].view()) == [40.0, 50.0]


def _snapshot(procs: list[ProcessInfo], era: Era | None = Era.MODERN) -> Snapshot:
    return Snapshot(0.0, MemoryStats(page_size=16384, total_pages=1000), tuple(procs), era=era)


def test_band_lanes_lowest_band_first_in_entry_order() -> None:
    procs = [
        ProcessInfo(1, "late", band=100, band_seq=9),
        ProcessInfo(2, "early", band=100, band_seq=3),
        ProcessInfo(3, "idle", band=0, band_seq=5),
    ]
    lanes = band_lanes(_snapshot(procs))
    assert [[p.name for p in lane.processes] for lane in lanes] == [["idle"], ["early", "late"]]


def test_reports_without_priority_group_by_state_victims_first() -> None:
    procs = [
        ProcessInfo(1, "app", states=frozenset({ProcessState.FRONTMOST})),
        ProcessInfo(2, "gone", kill_reason="highwater"),
        ProcessInfo(3, "idled", states=frozenset({ProcessState.DAEMON, ProcessState.IDLE})),
    ]
    titles = [lane.title for lane in state_lanes(_snapshot(procs, era=None))]
    assert titles == ["killed (kill order)", "idle daemons", "frontmost"]


def test_linux_sources_get_the_oom_killers_lanes() -> None:
    assert lane_grouping_for(frozenset({Capability.OOM_SCORE})) is oom_score_lanes


def test_columns_sort_on_numbers_and_format_for_display_only() -> None:
    small = ProcessInfo(1, "small", footprint_bytes=2 * MB, band=0)
    big = ProcessInfo(2, "Big", footprint_bytes=1500 * MB, band=100)
    footprint = COLUMNS[column_index("footprint")]
    assert footprint.sort_value(small) == 2 * MB
    assert sorted([big, small], key=lambda p: footprint.sort_value(p) or 0) == [small, big]
    ctx = DisplayContext(Era.MODERN, UnitSystem.BINARY)
    assert footprint.display(big, ctx).endswith("GB")
    band = COLUMNS[column_index("band")]
    assert band.sort_value(big) == 100.0  # sorts by number, though it reads as text
    assert band.display(big, ctx) == "100 FOREGROUND"
    limit = COLUMNS[column_index("active_limit")]
    capped = ProcessInfo(3, "capped", active_limit=MemoryLimit(500 * MB, True))
    assert limit.sort_value(capped) == float(500 * MB)
    assert limit.display(capped, ctx).endswith("(fatal)")


def test_a_column_shows_only_where_the_source_knows_it() -> None:
    rss = COLUMNS[column_index("rss")]
    assert visible_by_default(rss, frozenset({Capability.RSS}))
    assert not visible_by_default(rss, frozenset({Capability.FOOTPRINT}))


def test_rows_sort_on_numbers_unknown_last_and_ties_by_pid() -> None:
    from activitymon.viewmodel.rows import arranged

    procs = [
        ProcessInfo(5, "b", footprint_bytes=10 * MB),
        ProcessInfo(2, "none"),
        ProcessInfo(3, "a", footprint_bytes=10 * MB),
        ProcessInfo(9, "big", footprint_bytes=900 * MB),
        ProcessInfo(1, "also-none"),
    ]
    footprint = COLUMNS[column_index("footprint")].sort_value
    down = arranged(procs, footprint, descending=True)
    assert [p.pid for p in down] == [9, 5, 3, 1, 2]
    up = arranged(procs, footprint, descending=False)
    assert [p.pid for p in up] == [3, 5, 9, 1, 2]


def test_row_runs_are_contiguous_blocks() -> None:
    from activitymon.viewmodel.rows import blocks

    assert blocks([]) == []
    assert blocks([0, 1, 2, 5, 7, 8]) == [(0, 2), (5, 5), (7, 8)]
