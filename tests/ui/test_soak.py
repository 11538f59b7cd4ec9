"""A few thousand UI ticks on the simulator: nothing leaks references to None.

PySide6-Essentials 6.12.0 on CPython < 3.12 drops a reference to None on every void
Qt call and aborts the interpreter after minutes (perf-anchors.md §7). This soak test
catches that class of bug: on an affected build the count falls by thousands.
"""

from __future__ import annotations

import gc
import sys

import pytest

from activitymon.sources import ClockedSource, open_source
from activitymon.ui.main_window import MainWindow
from activitymon.viewmodel import Tick

pytestmark = [pytest.mark.gui]
TICKS = 3000


def test_thousands_of_ticks_keep_none_alive(qtbot) -> None:
    source = open_source("sim", seed=1)
    assert isinstance(source, ClockedSource)
    window = MainWindow(source, interval=1.0)
    qtbot.addWidget(window)
    window.show()
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(TICKS):
        source.advance(0.25)
        window.apply(Tick(window.generation, source.sample(), tuple(source.drain_events())))
    qtbot.wait(10)
    gc.collect()
    after = sys.getrefcount(None)
    assert window.ticks == TICKS
    if sys.version_info < (3, 12):
        # a healthy build gains or loses a few (objects freed by the collector held
        # some); a broken one loses one per void Qt call: tens of thousands here
        assert after - before > -2000, f"lost {before - after} references to None"
