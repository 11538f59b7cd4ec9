"""The few facts a summary of many reports needs from one report file.

A worker reads a file, reduces the :class:`JetsamReport` to a :class:`ReportFacts`
(a few hundred bytes: who was killed, why, at what footprint, in which band), and
returns only that; a file that cannot be read gives an :class:`Unreadable` with its
one-line reason. Both are named tuples (immutable, cheap to build by the ten
thousand, picklable across a process pool), stored as JSON in the index
(:mod:`activitymon.reports.index`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, NamedTuple

from activitymon.model import JetsamReport, band_label
from activitymon.reports.facts import os_name, report_datetime, report_era


class Victim(NamedTuple):
    """One killed process: name, reason, footprint at death and band (``None`` where
    the report lacks them)."""

    name: str
    reason: str
    footprint_bytes: int | None
    band: str | None


class ReportFacts(NamedTuple):
    path: str
    #: what makes two files the same incident: ``incident:<id>``, else
    #: ``moment:<time>|<device>``, else ``content:<sha1>`` (see :func:`incident_key`)
    key: str
    format: str
    #: ISO 8601 with offset, or ``None`` when the report gives no readable time
    date: str | None
    device: str | None
    os_version: str | None
    largest_process: str | None
    largest_bytes: int | None
    victims: tuple[Victim, ...]
    partial: bool


class Unreadable(NamedTuple):
    """A file that gave no report. ``jetsam`` is False for a readable file of another
    kind (a crash report, an Analytics log, other JSON): skipped, not broken."""

    path: str
    reason: str
    jetsam: bool = True


FileResult = ReportFacts | Unreadable
#: sizes in the index beyond ±2^63 are not a device's
_INT_LIMIT = 2**63


def incident_key(report: JetsamReport, data: bytes) -> str:
    """The same incident as ``.ips`` and ``.synced``, or copied twice, gives the same
    key: the incident identifier; else the header time and the device; else the bytes."""
    if report.incident_id:
        return "incident:" + report.incident_id.strip().upper()
    moment = report.date or report.timestamp
    device = report.crash_reporter_key or report.product
    if moment and device:
        return f"moment:{moment.strip()}|{device.strip()}"
    return "content:" + hashlib.sha1(data, usedforsecurity=False).hexdigest()


def facts_of(report: JetsamReport, path: str, data: bytes) -> ReportFacts:
    era = report_era(report)
    victims = tuple(
        Victim(
            name=p.name,
            reason=p.reason or "",
            footprint_bytes=report.process_bytes(p),
            band=None if p.priority is None else band_label(p.priority, era),
        )
        for p in report.victims
    )
    moment = report_datetime(report)
    largest = report.largest
    named = report.largest_process
    if largest is not None and (named is None or largest.name.startswith(named)):
        largest_name: str | None = largest.name
        largest_bytes = report.process_bytes(largest)
    else:
        largest_name, largest_bytes = named, None
    return ReportFacts(
        path=path,
        key=incident_key(report, data),
        format=report.format.value,
        date=None if moment is None else moment.isoformat(),
        device=report.product,
        os_version=os_name(report),
        largest_process=largest_name,
        largest_bytes=largest_bytes,
        victims=victims,
        partial=report.partial,
    )


# ------------------------------------------------------------------ JSON (the index)
#
# A compact positional array, tagged by its first item: ``[0, key, format, date,
# device, os_version, largest_process, largest_bytes, names, reasons, bytes, bands,
# partial]`` (the victims as four columns: checked and rebuilt a column at a time), or
# ``[1, reason, jetsam]`` for an unreadable file. The tag lets a typed decoder
# (``reports/typed_rows.py``) tell the two apart while it parses.

FACTS_TAG = 0
UNREADABLE_TAG = 1


def to_json(result: FileResult) -> list[Any]:
    if isinstance(result, Unreadable):
        return [UNREADABLE_TAG, result.reason, result.jetsam]
    columns = [list(column) for column in zip(*result.victims, strict=True)] or [[], [], [], []]
    return [
        FACTS_TAG,
        result.key,
        result.format,
        result.date,
        result.device,
        result.os_version,
        result.largest_process,
        result.largest_bytes,
        *columns,
        result.partial,
    ]


def from_json(path: str, data: Any) -> FileResult:
    """The inverse of :func:`to_json`; raises ``TypeError``/``ValueError`` on a value
    that is not one (the index then reads the file again): every field is checked,
    since an index file may have been damaged or written by someone else."""
    if not isinstance(data, list) or not data or type(data[0]) is not int:
        raise TypeError("an entry is a list that starts with its tag")
    if data[0] == UNREADABLE_TAG and len(data) == 3:
        _, reason, jetsam = data
        if not isinstance(reason, str) or not isinstance(jetsam, bool):
            raise TypeError("an unreadable entry is [1, reason, jetsam]")
        return Unreadable(path, reason, jetsam)
    if data[0] != FACTS_TAG or len(data) != 13:
        raise ValueError("an entry is [0, …] of 13 items or [1, reason, jetsam]")
    _, key, fmt, date, device, os_version, largest, largest_bytes, *victims, partial = data
    for text in (date, device, os_version, largest):
        if text is not None and not isinstance(text, str):
            raise TypeError("expected a string or null")
    if not (isinstance(key, str) and isinstance(fmt, str) and isinstance(partial, bool)):
        raise TypeError("key and format are strings, partial a boolean")
    if date is not None and datetime.fromisoformat(date).tzinfo is None:
        raise ValueError("a date has its offset")
    return ReportFacts(
        path,
        key,
        fmt,
        date,
        device,
        os_version,
        largest,
        _opt_int(largest_bytes),
        _victims(victims),
        partial,
    )


_STRINGS = frozenset({str})
_STRINGS_OR_NULL = frozenset({str, type(None)})
_INTS_OR_NULL = frozenset({int, type(None)})


def _victims(columns: list[Any]) -> tuple[Victim, ...]:
    """The victims' four columns back to :class:`Victim` values, each column's types
    checked at once (``set(map(type, …))``: ``bool`` is not ``int`` there)."""
    names, reasons, sizes, bands = columns
    if not all(isinstance(c, list) for c in (names, reasons, sizes, bands)):
        raise TypeError("the victims are four lists")
    if not len(names) == len(reasons) == len(sizes) == len(bands):
        raise ValueError("the victims' columns differ in length")
    if not (set(map(type, names)) | set(map(type, reasons))) <= _STRINGS:
        raise TypeError("a victim's name and reason are strings")
    if not set(map(type, bands)) <= _STRINGS_OR_NULL:
        raise TypeError("a band is a string or null")
    if not set(map(type, sizes)) <= _INTS_OR_NULL:
        raise TypeError("a footprint is an integer or null")
    known = [s for s in sizes if s is not None]
    if known and not (min(known) >= -_INT_LIMIT and max(known) < _INT_LIMIT):
        raise ValueError("a footprint beyond 64 bits")
    return tuple(map(Victim, names, reasons, sizes, bands))


def _opt_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and -_INT_LIMIT <= value < _INT_LIMIT:
        return value
    raise TypeError(f"expected an integer or null, got {type(value).__name__}")
