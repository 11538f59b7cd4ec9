"""Work that would block the GUI (reading a scenario, running two simulations) in a
thread of its own; the result comes back to the GUI thread as a signal.

One :class:`Background` runs one job at a time. A job is a plain function; it ends by
itself (a long one checks a cancel flag it was given). :meth:`Background.stop` waits
for the thread, so no thread outlives the widget that started it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


class _Job(QObject):
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], Any], expected: tuple[type[BaseException], ...]):
        super().__init__()
        self._work = work
        self._expected = expected

    @Slot()
    def run(self) -> None:
        try:
            result = self._work()
        except self._expected as exc:  # a user's input: one line, no traceback
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # never a traceback from a thread: logged, said in a line
            log.exception("background job failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.finished.emit(result)


class Background(QObject):
    """``done(result)`` or ``failed(message)`` in the GUI thread, once per job."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._job: _Job | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def start(
        self, work: Callable[[], Any], *, expected: tuple[type[BaseException], ...] = ()
    ) -> None:
        """Run ``work()`` in a new thread (one at a time: the last must have ended).
        Exceptions of the ``expected`` types are said as their message alone."""
        if self._thread is not None:
            raise RuntimeError("a background job is still running")
        thread = QThread()
        job = _Job(work, expected)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.finished.connect(self._finished)
        job.failed.connect(self._failed)
        self._thread, self._job = thread, job
        thread.start()

    def _end(self) -> None:
        thread, self._thread, self._job = self._thread, None, None
        if thread is not None:
            thread.quit()
            thread.wait()

    def _finished(self, result: object) -> None:
        self._end()
        self.done.emit(result)

    def _failed(self, message: str) -> None:
        self._end()
        self.failed.emit(message)

    def stop(self) -> None:
        """Wait for the running job's thread to end (its result is dropped)."""
        job = self._job
        if job is not None:
            job.finished.disconnect(self._finished)
            job.failed.disconnect(self._failed)
        self._end()
