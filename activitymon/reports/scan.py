"""Read many report files in parallel, through the index, into per-file facts.

Files are found (:func:`discover`), looked up in the index, and the rest are read by a
process pool sized to the machine, in chunks: at most a few batches of work are in
flight, and a worker returns only the small facts of each file, so memory stays
bounded however many files there are. Results come back in batches, in file order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from activitymon.reports.discover import FoundFile, discover, resolved
from activitymon.reports.incident import FileResult, Unreadable
from activitymon.reports.index import ReportIndex, decode_rows
from activitymon.reports.pool import (
    POOL_THRESHOLD,
    in_chunks,
    pool_context,
    started_pool,
    worker_count,
)
from activitymon.reports.reading import read_rows
from activitymon.reports.rows import decode_rows as decode_texts

if TYPE_CHECKING:
    from concurrent.futures import Executor
    from multiprocessing.context import BaseContext

__all__ = ["ScanResult", "pool_context", "scan", "scan_batches", "worker_count"]

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
    pool: Executor | None = None,
    early_pool: bool = False,
) -> Generator[list[FileResult], None, None]:
    """Yield the facts of every file under ``paths``, a batch at a time. With an index,
    rows of files that vanished from the named folders are dropped from it.

    ``finding(n)`` is told how many files were found so far while folders are walked;
    ``stopped()`` is asked there too (a consumer stops between batches by closing the
    generator, which stops the pool). ``early_pool``: start the workers before the
    index's facts are decoded (forked workers then share little with this process)."""
    paths = [os.fspath(p) for p in paths]
    walked = _walk(paths, finding, stopped)
    if walked is None:
        return
    found, missing = walked
    total = len(found) + len(missing)
    done = 0
    if missing:
        done += len(missing)
        yield missing
    rows: list[tuple[FoundFile, str]] = []
    if index is not None:
        folders = _folders(paths)
        rows = index.lookup_rows(found, folders, forget_missing=True)
    count = workers or worker_count()
    own_pool = None
    if pool is None and early_pool and len(found) - len(rows) >= POOL_THRESHOLD:
        # the workers start while this process holds no decoded facts (forked, they
        # share little with it)
        pool = own_pool = started_pool(count, mp_context)
    try:
        cached = decode_rows(rows)
        if stats is not None:
            stats.from_index += len(cached)
        known = list(cached.values())
        for start in range(0, len(known), CACHED_BATCH):  # a window adds a batch per frame
            done += len(known[start : start + CACHED_BATCH])
            yield known[start : start + CACHED_BATCH]
        if progress is not None:
            progress(done, total)
        todo = [f for f in found if f.key not in cached]
        if stats is not None:
            stats.read += len(todo)
        reading = in_chunks(todo, read_rows, count, mp_context, pool)
        try:
            for chunk, texts in reading:
                if index is not None:
                    index.store(zip(chunk, texts, strict=True))
                results = decode_texts([f.path for f in chunk], texts)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
                yield [_fresh(f, r) for f, r in zip(chunk, results, strict=True)]
        finally:
            reading.close()
    finally:
        if own_pool is not None:
            own_pool.shutdown(wait=True, cancel_futures=True)


def _fresh(file: FoundFile, result: FileResult | None) -> FileResult:
    """A worker's result (a row it wrote always decodes; never a silent loss if not)."""
    if result is None:
        return Unreadable(file.path, "the reader's facts could not be decoded")
    return result


def _walk(
    paths: list[str], finding: Callable[[int], None] | None, stopped: Callable[[], bool] | None
) -> tuple[list[FoundFile], list[FileResult]] | None:
    """The files found and the paths that gave none; ``None`` when ``stopped()``."""
    found: list[FoundFile] = []
    missing: list[FileResult] = []
    for n, item in enumerate(discover(paths), 1):
        if isinstance(item, Unreadable):
            missing.append(item)
        else:
            found.append(item)
        if n % FIND_STEP == 0:
            if stopped is not None and stopped():
                return None
            if finding is not None:
                finding(n)
    return found, missing


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


def scan(
    paths: Iterable[str],
    *,
    index: ReportIndex | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ScanResult:
    """Every file's facts at once (they are small: a few hundred bytes each)."""
    result = ScanResult()
    batches = scan_batches(
        paths, index=index, workers=workers, progress=progress, stats=result, early_pool=True
    )
    for batch in batches:
        result.results.extend(batch)
    if index is not None and index.notice:
        result.notices.append(index.notice)
    return result
