"""Moved to :mod:`activitymon.viewmodel.lanes` (Qt-free, tested without a
QApplication); re-exported here so existing imports keep working.

A package rather than ``lanes.py``: with the old file gone, git follows the move, so
changes made to ``ui/lanes.py`` on other branches land in the moved module on merge.
Every public name is re-exported (a star import), so names those branches add to the
module are found here too.
"""

from activitymon.viewmodel.lanes import *  # noqa: F403
