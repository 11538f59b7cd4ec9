"""Sampling off the GUI thread.

A :class:`SamplerWorker` lives in its own ``QThread`` with its own timer; it alone
touches the source, through a Qt-free :class:`~activitymon.viewmodel.SamplerCore`.
Each tick it emits one frozen :class:`~activitymon.viewmodel.Tick` (generation,
snapshot, events, reports, notices, description, position, clock). GUI controls travel
to the worker as typed commands (:mod:`activitymon.viewmodel.commands`) through a
queued signal; pause, speed and interval are commands too, so no attribute is written
across threads. A source command is answered by a tick that carries its result.

:class:`ManualSampler` has the same interface and runs everything synchronously on
the calling thread: headless screenshots and tests drive it tick by tick.
"""

from __future__ import annotations

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from activitymon.sources import Source
from activitymon.viewmodel import ClockState, Command, SamplerCore, SetInterval


class SamplerWorker(QObject):
    """Lives in the sampler thread; emits ``ticked(Tick)``."""

    ticked = Signal(object)  # Tick

    def __init__(self, source: Source, generation: int, clock: ClockState) -> None:
        super().__init__()
        self._core = SamplerCore(source, generation, clock)
        self._timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(int(self._core.clock.interval * 1000))
        self.ticked.emit(self._core.tick(advance=False))

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._core.close()

    @Slot()
    def tick(self) -> None:
        self.ticked.emit(self._core.tick())

    @Slot(object)
    def perform(self, command: Command) -> None:
        tick = self._core.perform(command)
        if isinstance(command, SetInterval) and self._timer is not None:
            self._timer.setInterval(int(command.seconds * 1000))
        if tick is not None:
            self.ticked.emit(tick)


class Sampler(QObject):
    """Owns the worker thread; lives in the GUI thread and never calls the source."""

    ticked = Signal(object)  # Tick
    _send = Signal(object)  # Command

    def __init__(
        self,
        source: Source,
        clock: ClockState,
        generation: int = 0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.generation = generation
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("activitymon-sampler")
        self.worker = SamplerWorker(source, generation, clock)
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.start)
        self.worker.ticked.connect(self.ticked)
        self._send.connect(self.worker.perform)

    def start(self) -> None:
        self.worker_thread.start()

    def stop(self) -> None:
        """Stop the worker's timer and close the source in its own thread, then end
        the thread. Ticks it queued before this still arrive (with its generation)."""
        if self.worker_thread.isRunning():
            QMetaObject.invokeMethod(
                self.worker, "stop", Qt.ConnectionType.BlockingQueuedConnection
            )
            self.worker_thread.quit()
            self.worker_thread.wait(5000)

    def send(self, command: Command) -> None:
        """Queue ``command`` for the worker (its result comes back in a tick)."""
        self._send.emit(command)


class ManualSampler(QObject):
    """The sampler's interface, run synchronously: nothing happens until :meth:`tick`.

    Commands run at once; a source command is followed by a sample, as in the
    threaded sampler.
    """

    ticked = Signal(object)  # Tick

    def __init__(
        self,
        source: Source,
        clock: ClockState,
        generation: int = 0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.generation = generation
        self._core = SamplerCore(source, generation, clock)

    @property
    def clock(self) -> ClockState:
        return self._core.clock

    def start(self) -> None:
        self.ticked.emit(self._core.tick(advance=False))

    def stop(self) -> None:
        self._core.close()

    def tick(self, interval: float | None = None) -> None:
        """One tick; ``interval`` replaces the clock's for this tick (screenshots)."""
        self.ticked.emit(self._core.tick(interval=interval))

    def send(self, command: Command) -> None:
        tick = self._core.perform(command)
        if tick is not None:
            self.ticked.emit(tick)


AnySampler = Sampler | ManualSampler
