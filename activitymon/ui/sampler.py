"""Sampling off the GUI thread.

A :class:`SamplerWorker` lives in its own ``QThread`` with its own timer; it alone
touches the source. Each tick it advances a clocked source (the simulator) by
``interval × speed`` unless paused, samples, drains events (and the simulator's jetsam
reports), and emits the immutable values to the GUI thread. GUI actions on the source
(start a hog, send a warning, quit a process) travel to the worker as callables
through a queued signal.

:class:`ManualSampler` has the same interface and runs everything synchronously on
the calling thread: headless screenshots and tests drive it tick by tick.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, SignalInstance, Slot

from activitymon.model import Event, JetsamReport, Snapshot
from activitymon.sources import ClockedSource, Source, SourceError

SourceAction = Callable[[Source], Any]


def drain_reports(source: Source) -> list[JetsamReport]:
    """The jetsam reports a source recorded since the last call (simulator only)."""
    drain = getattr(source, "drain_reports", None)
    if drain is None:
        return []
    reports = drain()
    return list(reports) if reports else []


def drain_notices(source: Source) -> list[str]:
    """One-time notices a live source gives about what it could not read and why."""
    drain = getattr(source, "drain_notices", None)
    return list(drain()) if drain is not None else []


class _TickSignals(Protocol):
    sampled: SignalInstance
    reported: SignalInstance
    failed: SignalInstance


def publish_tick(signals: _TickSignals, source: Source, step: float) -> None:
    """Read one tick and emit it: reports, notices, then the snapshot and its events;
    a failure becomes one ``failed`` message."""
    try:
        snapshot, events, reports = read_source(source, step)
    except SourceError as exc:
        signals.failed.emit(str(exc))
        return
    if reports:
        signals.reported.emit(reports)
    for notice in drain_notices(source):  # e.g. "bands need root" (macOS)
        signals.failed.emit(notice)
    signals.sampled.emit(snapshot, events)


def read_source(
    source: Source, advance_by: float
) -> tuple[Snapshot, list[Event], list[JetsamReport]]:
    """One tick: advance a clocked source (when ``advance_by`` > 0), then sample and
    drain. May raise :class:`SourceError`."""
    if advance_by > 0 and isinstance(source, ClockedSource):
        source.advance(advance_by)
    return source.sample(), source.drain_events(), drain_reports(source)


def _run_action(source: Source, action: SourceAction, description: str) -> object:
    """Run one GUI action; failures become a :class:`SourceError` value, never a raise."""
    try:
        return action(source)
    except SourceError as exc:
        return exc
    except Exception as exc:  # a control on a process that just died, a refused value …
        return SourceError(f"{description}: {exc}")


class SamplerWorker(QObject):
    sampled = Signal(object, object)  # Snapshot, list[Event]
    reported = Signal(object)  # list[JetsamReport]
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
        step = self.interval * self.speed if advance and not self.paused else 0.0
        publish_tick(self, self.source, step)

    def step_once(self, seconds: float) -> None:
        """Advance a clocked source by ``seconds`` and sample, even when paused."""
        if isinstance(self.source, ClockedSource):
            self.source.advance(seconds)
        self.tick(advance=False)

    @Slot(float)
    def set_interval(self, seconds: float) -> None:
        self.interval = seconds
        if self._timer is not None:
            self._timer.setInterval(int(seconds * 1000))

    def request(self, action: SourceAction, description: str) -> None:
        """Run ``action(source)`` in the worker thread (callable from any thread)."""
        self._run_action.emit(action, description)

    @Slot(object, str)
    def _perform(self, action: SourceAction, description: str) -> None:
        self.action_done.emit(description, _run_action(self.source, action, description))
        self.tick(advance=False)


class Sampler(QObject):
    """Owns the worker thread; lives in the GUI thread."""

    sampled = Signal(object, object)
    reported = Signal(object)
    failed = Signal(str)
    action_done = Signal(str, object)
    _set_interval = Signal(float)

    def __init__(self, source: Source, interval: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("activitymon-sampler")
        self.worker = SamplerWorker(source, interval)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.start)
        self.worker.sampled.connect(self.sampled)
        self.worker.reported.connect(self.reported)
        self.worker.failed.connect(self.failed)
        self.worker.action_done.connect(self.action_done)
        self._set_interval.connect(self.worker.set_interval)

    def start(self) -> None:
        self.worker_thread.start()

    def stop(self) -> None:
        """Stop the worker's timer in its own thread, then end the thread."""
        if self.worker_thread.isRunning():
            QMetaObject.invokeMethod(
                self.worker, "stop", Qt.ConnectionType.BlockingQueuedConnection
            )
            self.worker_thread.quit()
            self.worker_thread.wait(5000)

    def request(self, action: SourceAction, description: str) -> None:
        self.worker.request(action, description)

    def step(self, seconds: float) -> None:
        """Advance a clocked source by ``seconds`` once, paused or not."""
        self.request(lambda s: s.advance(seconds) if isinstance(s, ClockedSource) else None, "step")

    def set_interval(self, seconds: float) -> None:
        self._set_interval.emit(seconds)

    @property
    def interval(self) -> float:
        return self.worker.interval

    @property
    def paused(self) -> bool:
        return self.worker.paused

    @paused.setter
    def paused(self, value: bool) -> None:
        self.worker.paused = value  # a plain attribute read by the worker each tick

    @property
    def speed(self) -> float:
        return self.worker.speed

    @speed.setter
    def speed(self, value: float) -> None:
        self.worker.speed = value


class ManualSampler(QObject):
    """The sampler's interface, run synchronously: nothing happens until :meth:`tick`.

    Actions run at once and are followed by a sample, as in the threaded sampler.
    """

    sampled = Signal(object, object)
    reported = Signal(object)
    failed = Signal(str)
    action_done = Signal(str, object)

    def __init__(self, source: Source, interval: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.interval = interval
        self.speed = 1.0
        self.paused = False

    def start(self) -> None:
        self.tick(advance=False)

    def stop(self) -> None:
        self.source.close()

    def tick(self, advance: bool = True) -> None:
        step = self.interval * self.speed if advance and not self.paused else 0.0
        publish_tick(self, self.source, step)

    def request(self, action: SourceAction, description: str) -> None:
        self.action_done.emit(description, _run_action(self.source, action, description))
        self.tick(advance=False)

    def step(self, seconds: float) -> None:
        self.request(lambda s: s.advance(seconds) if isinstance(s, ClockedSource) else None, "step")

    def set_interval(self, seconds: float) -> None:
        self.interval = seconds


AnySampler = Sampler | ManualSampler
