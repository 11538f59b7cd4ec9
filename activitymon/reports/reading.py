"""The worker side of a scan: one file's bytes to its facts, never an exception.

A well-formed JetsamEvent takes the fast path: msgspec's typed decode
(:mod:`activitymon.reports.typed_facts`; for a report cut inside its process list,
:mod:`activitymon.reports.cut_facts`), else Python's C JSON parser into dictionaries
held to the same bounds (:mod:`activitymon.reports.fast_facts`, also the whole fast
path where msgspec is not installed); every other file, and any they refuse, goes to
the full readers (:func:`activitymon.reports.detect.parse_bytes`: every format, lenient
recovery, the sanity pass), whose report is reduced by
:func:`activitymon.reports.incident.facts_of`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from activitymon.reports.detect import parse_bytes
from activitymon.reports.errors import NotAJetsamReport, ReportError
from activitymon.reports.fast_facts import fast_facts
from activitymon.reports.files import NotReadable, read_regular
from activitymon.reports.incident import FileResult, ReportFacts, Unreadable, facts_of
from activitymon.reports.rows import row_text

FastReader = Callable[[bytes, str], ReportFacts | None]


def fast_readers() -> tuple[FastReader, ...]:
    """The fast paths, fastest first: the typed decode where msgspec is installed, and
    its reading of a report cut inside its process list, then the dictionary path
    (which also reads what the typed structures do not name)."""
    try:
        from activitymon.reports.cut_facts import cut_facts
        from activitymon.reports.typed_facts import typed_facts
    except ImportError:  # no msgspec here: the standard parser reads every file
        return (fast_facts,)
    return (typed_facts, cut_facts, fast_facts)


FAST_READERS = fast_readers()


def facts_of_bytes(data: bytes, name: str) -> FileResult:
    """The facts of a file's bytes (fast path first); never raises."""
    try:
        for read in FAST_READERS:
            fast = read(data, name)
            if fast is not None:
                return fast
        report = parse_bytes(data, name)
    except NotAJetsamReport as exc:
        return Unreadable(name, exc.message, jetsam=False)
    except ReportError as exc:
        return Unreadable(name, exc.message)
    except Exception as exc:  # a reader bug must not stop a run over thousands of files
        return Unreadable(name, f"the reader failed ({type(exc).__name__}: {exc})")
    return facts_of(report, name, data)


def read_facts(path: str, shown: str | None = None) -> FileResult:
    """Read one file and reduce it; never raises (the worker function of the pool).
    ``path`` is opened (a resolved path: a symbolic link there is refused); ``shown``
    is the name the facts carry (``path`` when not given)."""
    name = path if shown is None else shown
    try:
        data = read_regular(path, follow=shown is None)
    except NotReadable as exc:
        return Unreadable(name, str(exc))
    return facts_of_bytes(data, name)


def read_rows(files: list[tuple[str, str]]) -> list[str]:
    """One pool task of a scan: a chunk of files (``(path to open, name shown)``), each
    reduced to its facts as the index keeps them (a few hundred bytes of text, handed
    back as it is stored).

    The cycle collector waits for the end of the chunk: a report's parse makes
    thousands of objects (its process entries), which would start a collection every
    700 of them, a tenth of the chunk's time, for cycles the readers do not make
    (whatever one might leave is collected after the chunk)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [row_text(read_facts(path, shown)) for path, shown in files]
    finally:
        if was_enabled:
            gc.enable()
