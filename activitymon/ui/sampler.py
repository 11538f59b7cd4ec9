"""Sampling off the GUI thread.

A :class:`SamplerWorker` lives in its own ``QThread`` with its own timer; it alone
touches the source. Each tick it advances a clocked source (the simulator) by
``interval × speed`` unless paused, samples, drains events, and emits the immutable
snapshot and events to the GUI thread. GUI actions on the source (start a hog, send a
warning, quit a process) travel to the worker as callables through a queued signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from activitymon.model import Event, Snapshot
from activitymon.sources import ClockedSource, Source, SourceError

SourceAction = Callable[[Source], Any]


class SamplerWorker(QObject):
    sampled = Signal(object, object)  # Snapshot, list[Event]
    failed = Signal(str)
    action_done = Signal(str, object)  # description, result or SourceError
    _run_action = Signal(object, str)

    def __init__(self, source: Source, interval: float) -> None:
        super().__init__()
        self.source = source
        self.interval = interval
        self.speed = 1.0
        self.paused = False
        self._timer: QTimer | None = None
        self._run_action.connect(self._perform)

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(int(self.interval * 1000))
        self.tick(advance=False)

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.source.close()

    @Slot()
    def tick(self, advance: bool = True) -> None:
        try:
            if advance and isinstance(self.source, ClockedSource) and not self.paused:
                self.source.advance(self.interval * self.speed)
            snapshot = self.source.sample()
            events = self.source.drain_events()
        except SourceError as exc:
            self.failed.emit(str(exc))
            return
        self.sampled.emit(snapshot, events)

    def step_once(self, seconds: float) -> None:
        """Advance a clocked source by ``seconds`` and sample, even when paused."""
        if isinstance(self.source, ClockedSource):
            self.source.advance(seconds)
        self.tick(advance=False)

    def set_interval(self, seconds: float) -> None:
        self.interval = seconds
        if self._timer is not None:
            self._timer.setInterval(int(seconds * 1000))

    def request(self, action: SourceAction, description: str) -> None:
        """Run ``action(source)`` in the worker thread (callable from any thread)."""
        self._run_action.emit(action, description)

    @Slot(object, str)
    def _perform(self, action: SourceAction, description: str) -> None:
        try:
            result = action(self.source)
        except SourceError as exc:
            self.action_done.emit(description, exc)
            return
        except (KeyError, ValueError) as exc:  # a control on a process that just died
            self.action_done.emit(description, SourceError(f"{description}: {exc}"))
            return
        self.action_done.emit(description, result)
        self.tick(advance=False)


class Sampler(QObject):
    """Owns the worker thread; lives in the GUI thread."""

    sampled = Signal(object, object)
    failed = Signal(str)
    action_done = Signal(str, object)

    def __init__(self, source: Source, interval: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("activitymon-sampler")
        self.worker = SamplerWorker(source, interval)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.start)
        self.worker.sampled.connect(self.sampled)
        self.worker.failed.connect(self.failed)
        self.worker.action_done.connect(self.action_done)

    def start(self) -> None:
        self.worker_thread.start()

    def stop(self) -> None:
        if self.worker_thread.isRunning():
            QTimer.singleShot(0, self.worker, self.worker.stop)
            self.worker_thread.quit()
            self.worker_thread.wait(5000)

    def request(self, action: SourceAction, description: str) -> None:
        self.worker.request(action, description)

    @property
    def interval(self) -> float:
        return self.worker.interval


def sample_once(source: Source, advance: float) -> tuple[Snapshot, list[Event]]:
    """Synchronous helper for headless rendering and tests."""
    if advance and isinstance(source, ClockedSource):
        source.advance(advance)
    return source.sample(), source.drain_events()
