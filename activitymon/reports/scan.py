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
from multiprocessing.context import BaseContext

from activitymon.reports.discover import FoundFile, discover, resolved
from activitymon.reports.incident import FileResult, Unreadable
from activitymon.reports.index import ReportIndex
from activitymon.reports.pool import in_chunks, pool_context, worker_count
from activitymon.reports.reading import read_many

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
    for chunk, results in in_chunks(todo, read_many, workers or worker_count(), mp_context):
        batch = list(zip(chunk, results, strict=True))
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
