"""The reports browser's reading: the scan (``reports/scan.py``: the index, a pool of
spawned workers) in a ``QThread``, batches of facts handed to the window as they come,
and a stop that the thread obeys between batches (and while folders are walked)."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal, Slot

from activitymon.reports.index import ReportIndex
from activitymon.reports.scan import scan_batches


class ScanWorker(QObject):
    """Reads the folders in its own thread; emits batches of per-file results."""

    batch = Signal(object)  # list[FileResult]
    finding = Signal(int)  # files found so far, while folders are walked
    progress = Signal(int, int)  # files read (or from the index), of all found
    done = Signal(object, bool)  # notices (a rebuilt index …), whether it was cancelled

    def __init__(self, paths: Sequence[str], *, use_index: bool, workers: int | None) -> None:
        super().__init__()
        self.paths = list(paths)
        self.use_index = use_index
        self.workers = workers
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    @Slot()
    def run(self) -> None:
        notices: list[str] = []
        index = None
        if self.use_index:
            try:
                index = ReportIndex()
            except OSError as exc:
                notices.append(f"no report index ({exc})")
        batches = scan_batches(
            self.paths,
            index=index,
            workers=self.workers,
            progress=self.progress.emit,
            # a fresh interpreter per worker: forking a process that runs Qt threads is
            # unsafe
            mp_context=multiprocessing.get_context("spawn"),
            finding=self.finding.emit,
            stopped=self._stop.is_set,
        )
        try:
            # closed here, in this thread, when stopped: the pool drops the chunks not
            # started and is gone before ``done``
            with contextlib.closing(batches):
                for results in batches:
                    if self._stop.is_set():
                        break
                    self.batch.emit(results)
        except Exception as exc:  # never a traceback from a thread: say it in the window
            notices.append(f"reading stopped: {type(exc).__name__}: {exc}")
        finally:
            if index is not None:
                if index.notice:
                    notices.append(index.notice)
                index.close()
            self.done.emit(notices, self._stop.is_set())
