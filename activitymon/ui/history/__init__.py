"""Moved to :mod:`activitymon.viewmodel.history` (Qt-free, tested without a
QApplication); re-exported here so existing imports keep working.

A package rather than ``history.py``: with the old file gone, git follows the move, so
changes made to ``ui/history.py`` on other branches land in the moved module on merge.
"""

from activitymon.viewmodel.history import (
    FloatArray,
    RingBuffer,
    SeriesHistory,
)

__all__ = ["FloatArray", "RingBuffer", "SeriesHistory"]
