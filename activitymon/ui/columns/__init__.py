"""Moved to :mod:`activitymon.viewmodel.columns` (Qt-free, tested without a
QApplication); re-exported here so existing imports keep working.

A package rather than ``columns.py``: with the old file gone, git follows the move, so
changes made to ``ui/columns.py`` on other branches land in the moved module on merge.
"""

from activitymon.viewmodel.columns import (
    COLUMN_KEYS,
    COLUMNS,
    Column,
    DisplayContext,
    SortValue,
    column_index,
    state_text,
    visible_by_default,
)

__all__ = [
    "COLUMNS",
    "COLUMN_KEYS",
    "Column",
    "DisplayContext",
    "SortValue",
    "column_index",
    "state_text",
    "visible_by_default",
]
