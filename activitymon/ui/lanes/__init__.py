"""Moved to :mod:`activitymon.viewmodel.lanes` (Qt-free, tested without a
QApplication); re-exported here so existing imports keep working.

A package rather than ``lanes.py``: with the old file gone, git follows the move, so
changes made to ``ui/lanes.py`` on other branches land in the moved module on merge.
"""

from activitymon.viewmodel.lanes import (
    STATE_LANES,
    Lane,
    LaneGrouping,
    band_lanes,
    default_grouping,
    lane_grouping_for,
    oom_score_lanes,
    state_lanes,
)

__all__ = [
    "STATE_LANES",
    "Lane",
    "LaneGrouping",
    "band_lanes",
    "default_grouping",
    "lane_grouping_for",
    "oom_score_lanes",
    "state_lanes",
]
