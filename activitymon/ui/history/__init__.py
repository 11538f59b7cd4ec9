"""Moved to :mod:`activitymon.viewmodel.history` (Qt-free, tested without a
QApplication); re-exported here so existing imports keep working.

A package rather than ``history.py``: with the old file gone, git follows the move, so
changes made to ``ui/history.py`` on other branches land in the moved module on merge.
Every public name is re-exported (a star import), so names those branches add to the
module are found here too.
"""

from activitymon.viewmodel.history import *  # noqa: F403
