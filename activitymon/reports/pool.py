"""Reading many files on every core: a process pool sized to the machine, fed a chunk
of files at a time with a bounded number of chunks in flight, results handed back in
order. The summary's scan and the Parquet export both read through it.

In a frozen bundle the workers are spawned (the bundle's executable started again,
turned into a worker by ``multiprocessing.freeze_support()`` in ``__main__``).
Closing the generator (a cancelled scan) cancels the chunks not started and waits
only for those running; a pool that cannot start or breaks is replaced by reading in
this process.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, TypeVar

from activitymon.reports.discover import FoundFile

if TYPE_CHECKING:  # loaded when a pool starts: a warm summary reads nothing, starts none
    from concurrent.futures import Executor, Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

#: files per pool task: large enough to amortise the hand-off, small enough to share
#: the work evenly and to report progress often
CHUNK = 64
#: below this many files to read, reading in this process beats starting a pool
POOL_THRESHOLD = 48

T = TypeVar("T")


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
        import multiprocessing

        return multiprocessing.get_context("spawn")
    return None


def _process_pool(workers: int, mp_context: BaseContext | None) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes (``concurrent.futures`` and ``multiprocessing``
    imported here, when there is something to read: 25 ms of a warm summary's start)."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=workers, mp_context=mp_context or pool_context(), initializer=_quiet_worker
    )


def _quiet_worker() -> None:
    """A worker leaves Ctrl-C to the command (which stops the pool and says so): no
    traceback from every worker on the terminal. It collects cycles as usual, even if
    forked from a command that paused its collector."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()


def _task(chunk: list[FoundFile]) -> list[tuple[str, str]]:
    return [(f.key, f.path) for f in chunk]


def started_pool(workers: int, mp_context: BaseContext | None = None) -> ProcessPoolExecutor | None:
    """A pool whose ``workers`` are running already: started before the command holds
    much (the facts of ten thousand reports from the index), a forked worker shares
    little with it. ``None`` where no pool can start (or one worker is all there is)."""
    if workers <= 1:
        return None
    from concurrent.futures.process import BrokenProcessPool

    try:
        pool = _process_pool(workers, mp_context)
        for future in [pool.submit(os.getpid) for _ in range(workers)]:
            future.result()
    except (BrokenProcessPool, OSError, RuntimeError, ValueError):
        return None
    return pool


def in_chunks(
    todo: list[FoundFile],
    task: Callable[[list[tuple[str, str]]], T],
    workers: int,
    mp_context: BaseContext | None = None,
    pool: Executor | None = None,
) -> Generator[tuple[list[FoundFile], T], None, None]:
    """``(chunk, task(chunk))`` for each chunk of ``todo``, in order: in this process
    for a few files, else in ``pool`` (the caller's, left running) or a pool of
    ``workers`` made here."""
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    if workers <= 1 or len(todo) < POOL_THRESHOLD:
        yield from _in_turn(chunks, task)
        return
    from concurrent.futures.process import BrokenProcessPool

    own = pool is None
    try:
        if pool is None:
            pool = _process_pool(min(workers, len(chunks)), mp_context)
    except (OSError, RuntimeError, ValueError):
        yield from _in_turn(chunks, task)
        return
    done = 0
    try:
        for item in _bounded(pool, chunks, task, in_flight=workers * 2):
            done += 1
            yield item
    except (BrokenProcessPool, OSError, RuntimeError):
        # no pool here (a worker died, no process could start): read the rest in turn
        pool.shutdown(wait=False, cancel_futures=True)
        yield from _in_turn(chunks[done:], task)
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def _in_turn(
    chunks: list[list[FoundFile]], task: Callable[[list[tuple[str, str]]], T]
) -> Generator[tuple[list[FoundFile], T], None, None]:
    for chunk in chunks:
        yield chunk, task(_task(chunk))


def _bounded(
    pool: Executor,
    chunks: list[list[FoundFile]],
    task: Callable[[list[tuple[str, str]]], T],
    in_flight: int,
) -> Generator[tuple[list[FoundFile], T], None, None]:
    """Keep at most ``in_flight`` chunks submitted; yield them in order."""
    pending: list[tuple[list[FoundFile], Future[T]]] = []
    it = iter(chunks)
    for chunk in it:
        pending.append((chunk, pool.submit(task, _task(chunk))))
        if len(pending) >= in_flight:
            break
    while pending:
        chunk, future = pending.pop(0)
        result = future.result()
        nxt = next(it, None)
        if nxt is not None:
            pending.append((nxt, pool.submit(task, _task(nxt))))
        yield chunk, result
