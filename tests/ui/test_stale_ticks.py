"""A source swapped while the GUI thread stalls: no tick of the old source is applied.

The old sampler is made to queue ticks for certain before the swap: the GUI thread
blocks until the worker (in its own thread) has emitted ``QUEUED`` of them. Nothing
here depends on timing: the wait is for a count, not for a duration.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt

from activitymon.sources.sim import SimulatorSource
from activitymon.ui.main_window import MainWindow
from activitymon.ui.sampler import Sampler
from activitymon.viewmodel import Tick
from activitymon.viewmodel.sim_sources import SimChoice

pytestmark = [pytest.mark.gui]
QUEUED = 8


def test_a_swap_under_a_stalled_gui_thread_applies_no_stale_tick(qtbot) -> None:
    win = MainWindow(SimulatorSource.open(None, seed=0), 0.02, threaded=True)
    qtbot.addWidget(win)
    applied: list[Tick] = []
    win.tick_applied.connect(applied.append)
    win.start()
    qtbot.waitUntil(lambda: win.ticks >= 3, timeout=10_000)
    old_generation = win.generation
    sampler = win.sampler
    assert isinstance(sampler, Sampler)

    emitted = [0]
    queued = threading.Event()

    def count(_tick: Tick) -> None:  # runs in the sampler thread
        emitted[0] += 1
        if emitted[0] >= QUEUED:
            queued.set()

    sampler.worker.ticked.connect(count, Qt.ConnectionType.DirectConnection)
    # the GUI thread stalls here while the old worker queues ticks for it
    assert queued.wait(timeout=30), "the old sampler never ticked"
    assert emitted[0] >= QUEUED
    assert win.last_snapshot is not None
    stale_from = win.last_snapshot.time  # what the old source had reached

    swap_at = len(applied)
    # the new simulator is built in a worker; the old source's queued ticks are
    # dropped meanwhile, and after it by their generation
    assert win.replace_simulator(SimChoice(None, None, 1))
    qtbot.waitUntil(lambda: win.generation == old_generation + 1, timeout=10_000)
    qtbot.waitUntil(lambda: win.ticks >= 5, timeout=10_000)

    # no tick of the old source reached a view …
    after = applied[swap_at:]
    assert after
    assert all(t.generation == win.generation for t in after)
    times = win.graph.history.time.view()
    assert times[0] == pytest.approx(0.0)
    assert np.all(np.diff(times) > 0), f"history went backwards: {times}"
    new_times = [t.snapshot.time for t in after if t.snapshot is not None]
    assert new_times[0] == pytest.approx(0.0)
    assert stale_from > 0.0  # a stale tick would have sent the history backwards
    assert new_times == sorted(new_times)
    # … though every one it queued arrived (and was dropped)
    assert win.dropped_ticks >= QUEUED
    win.close()
