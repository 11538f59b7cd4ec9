"""Read many report files in parallel, through the index, into per-file facts.

Files are found (:func:`discover`), looked up in the index, and the rest are read by a
process pool sized to the machine, in chunks: at most a few batches of work are in
flight, and a worker returns only the small facts of each file, so memory stays
bounded however many files there are. Results come back in batches, in file order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext

from activitymon.reports.discover import FoundFile, discover, resolved
from activitymon.reports.incident import FileResult, Unreadable
from activitymon.reports.index import ReportIndex
from activitymon.reports.reading import read_many

#: files per pool task: large enough to amortise the hand-off, small enough to share
#: the work evenly and to report progress often
CHUNK = 64
#: below this many files to read, reading in this process beats starting a pool
POOL_THRESHOLD = 48

#: facts from the index are handed on this many at a time
CACHED_BATCH = 1024
#: while walking folders, ``finding`` and ``stopped`` are called every this many files
FIND_STEP = 256

#: ``progress(done, total)`` after each batch
Progress = Callable[[int, int], None]


@dataclass
class ScanResult:
    results: list[FileResult] = field(default_factory=list)
    #: files whose facts came from the index / were read this time
    from_index: int = 0
    read: int = 0
    notices: list[str] = field(default_factory=list)


def worker_count() -> int:
    """Workers for this machine: the CPUs this process may use (in a frozen bundle
    too: its workers are spawned, see :func:`pool_context`)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS has no sched_getaffinity
        return max(1, os.cpu_count() or 1)


def pool_context() -> BaseContext | None:
    """How the pool starts its workers: the platform's default, but ``spawn`` in a
    frozen bundle (PyInstaller's executable started again as a worker, which
    ``multiprocessing.freeze_support()`` in ``__main__`` turns into one)."""
    if getattr(sys, "frozen", False):
        return multiprocessing.get_context("spawn")
    return None


def _quiet_worker() -> None:
    """A worker leaves Ctrl-C to the command (which stops the pool and says so): no
    traceback from every worker on the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def scan_batches(
    paths: Iterable[str],
    *,
    index: ReportIndex | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    mp_context: BaseContext | None = None,
    stats: ScanResult | None = None,
    finding: Callable[[int], None] | None = None,
    stopped: Callable[[], bool] | None = None,
) -> Generator[list[FileResult], None, None]:
    """Yield the facts of every file under ``paths``, a batch at a time. With an index,
    rows of files that vanished from the named folders are dropped from it.

    ``finding(n)`` is told how many files were found so far while folders are walked;
    ``stopped()`` is asked there too (a consumer stops between batches by closing the
    generator, which stops the pool)."""
    paths = [os.fspath(p) for p in paths]
    found: list[FoundFile] = []
    missing: list[FileResult] = []
    for n, item in enumerate(discover(paths), 1):
        if isinstance(item, Unreadable):
            missing.append(item)
        else:
            found.append(item)
        if n % FIND_STEP == 0:
            if stopped is not None and stopped():
                return
            if finding is not None:
                finding(n)
    total = len(found) + len(missing)
    done = 0
    if missing:
        done += len(missing)
        yield missing
    cached: dict[str, FileResult] = {}
    if index is not None:
        folders = _folders(paths)
        cached = index.lookup(found, folders)
        index.forget_missing(folders, (f.key for f in found))
    if stats is not None:
        stats.from_index += len(cached)
    known = list(cached.values())
    for start in range(0, len(known), CACHED_BATCH):  # a window appends a batch per frame
        done += len(known[start : start + CACHED_BATCH])
        yield known[start : start + CACHED_BATCH]
    if progress is not None:
        progress(done, total)
    todo = [f for f in found if f.key not in cached]
    if stats is not None:
        stats.read += len(todo)
    for batch in _read(todo, workers or worker_count(), mp_context):
        if index is not None:
            index.store(batch)
        done += len(batch)
        if progress is not None:
            progress(done, total)
        yield [result for _, result in batch]


def _folders(paths: list[str]) -> list[str]:
    """The named folders, resolved (the index's keys are resolved paths)."""
    folders = []
    for path in paths:
        try:
            if os.path.isdir(path):
                folders.append(resolved(path))
        except (OSError, ValueError):
            continue
    return folders


def _task(chunk: list[FoundFile]) -> list[tuple[str, str]]:
    return [(f.key, f.path) for f in chunk]


def _read(
    todo: list[FoundFile], workers: int, mp_context: BaseContext | None
) -> Iterator[list[tuple[FoundFile, FileResult]]]:
    """Read ``todo`` a chunk at a time: in this process for a few files, else in a
    pool. Closing the generator (a cancelled scan) cancels the chunks not started
    and waits only for those running."""
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    if workers <= 1 or len(todo) < POOL_THRESHOLD:
        yield from _in_turn(chunks)
        return
    try:
        pool = ProcessPoolExecutor(
            max_workers=min(workers, len(chunks)),
            mp_context=mp_context or pool_context(),
            initializer=_quiet_worker,
        )
    except (OSError, RuntimeError, ValueError):
        yield from _in_turn(chunks)
        return
    done = 0
    try:
        for batch in _bounded(pool, chunks, in_flight=workers * 2):
            done += 1
            yield batch
    except (BrokenProcessPool, OSError, RuntimeError):
        # no pool here (a worker died, no process could start): read the rest in turn
        pool.shutdown(wait=False, cancel_futures=True)
        yield from _in_turn(chunks[done:])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_turn(chunks: list[list[FoundFile]]) -> Iterator[list[tuple[FoundFile, FileResult]]]:
    for chunk in chunks:
        yield list(zip(chunk, read_many(_task(chunk)), strict=True))


def _bounded(
    pool: Executor, chunks: list[list[FoundFile]], in_flight: int
) -> Iterator[list[tuple[FoundFile, FileResult]]]:
    """Keep at most ``in_flight`` chunks submitted; yield them in order."""
    pending: list[tuple[list[FoundFile], Future[list[FileResult]]]] = []
    it = iter(chunks)
    for chunk in it:
        pending.append((chunk, pool.submit(read_many, _task(chunk))))
        if len(pending) >= in_flight:
            break
    while pending:
        chunk, future = pending.pop(0)
        results = future.result()
        nxt = next(it, None)
        if nxt is not None:
            pending.append((nxt, pool.submit(read_many, _task(nxt))))
        yield list(zip(chunk, results, strict=True))


def scan(
    paths: Iterable[str],
    *,
    index: ReportIndex | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ScanResult:
    """Every file's facts at once (they are small: a few hundred bytes each)."""
    result = ScanResult()
    for batch in scan_batches(paths, index=index, workers=workers, progress=progress, stats=result):
        result.results.extend(batch)
    if index is not None and index.notice:
        result.notices.append(index.notice)
    return result
