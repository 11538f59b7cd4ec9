"""The few facts a summary of many reports needs from one report file.

A worker reads a file, reduces the :class:`JetsamReport` to a :class:`ReportFacts`
(a few hundred bytes: who was killed, why, at what footprint, in which band), and
returns only that; a file that cannot be read gives an :class:`Unreadable` with its
one-line reason. Both are plain frozen values, picklable across a process pool and
stored as JSON in the index (:mod:`activitymon.reports.index`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from activitymon.model import JetsamReport, band_label
from activitymon.reports.detect import MAX_REPORT_BYTES, parse_bytes
from activitymon.reports.errors import NotAJetsamReport, ReportError
from activitymon.reports.facts import os_name, report_datetime, report_era


@dataclass(frozen=True, slots=True)
class Victim:
    """One killed process: name, reason, footprint at death and band (``None`` where
    the report lacks them)."""

    name: str
    reason: str
    footprint_bytes: int | None
    band: str | None


@dataclass(frozen=True, slots=True)
class ReportFacts:
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


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that gave no report. ``jetsam`` is False for a readable file of another
    kind (a crash report, an Analytics log, other JSON): skipped, not broken."""

    path: str
    reason: str
    jetsam: bool = True


FileResult = ReportFacts | Unreadable


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


def read_facts(path: str) -> FileResult:
    """Read one file and reduce it; never raises (the worker function of the pool)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_REPORT_BYTES + 1)
    except IsADirectoryError:
        return Unreadable(path, "is a directory, not a report file")
    except OSError as exc:
        return Unreadable(path, exc.strerror or type(exc).__name__)
    try:
        report = parse_bytes(data, path)
    except NotAJetsamReport as exc:
        return Unreadable(path, exc.message, jetsam=False)
    except ReportError as exc:
        return Unreadable(path, exc.message)
    except Exception as exc:  # a reader bug must not stop a run over thousands of files
        return Unreadable(path, f"the reader failed ({type(exc).__name__}: {exc})")
    return facts_of(report, path, data)


def read_many(paths: list[str]) -> list[FileResult]:
    """One pool task: a chunk of files, each reduced in turn."""
    return [read_facts(path) for path in paths]


# ------------------------------------------------------------------ JSON (the index)


def to_json(result: FileResult) -> dict[str, Any]:
    if isinstance(result, Unreadable):
        return {"unreadable": result.reason, "jetsam": result.jetsam}
    return {
        "key": result.key,
        "format": result.format,
        "date": result.date,
        "device": result.device,
        "os_version": result.os_version,
        "largest_process": result.largest_process,
        "largest_bytes": result.largest_bytes,
        "victims": [[v.name, v.reason, v.footprint_bytes, v.band] for v in result.victims],
        "partial": result.partial,
    }


def from_json(path: str, data: dict[str, Any]) -> FileResult:
    """The inverse of :func:`to_json`; raises ``KeyError``/``TypeError``/``ValueError``
    on a row that is not one (the index then reads the file again)."""
    if "unreadable" in data:
        return Unreadable(path, str(data["unreadable"]), bool(data["jetsam"]))
    victims = tuple(
        Victim(str(name), str(reason), _opt_int(size), _opt_str(band))
        for name, reason, size, band in data["victims"]
    )
    return ReportFacts(
        path=path,
        key=str(data["key"]),
        format=str(data["format"]),
        date=_opt_str(data["date"]),
        device=_opt_str(data["device"]),
        os_version=_opt_str(data["os_version"]),
        largest_process=_opt_str(data["largest_process"]),
        largest_bytes=_opt_int(data["largest_bytes"]),
        victims=victims,
        partial=bool(data["partial"]),
    )


def _opt_str(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"expected a string or null, got {type(value).__name__}")


def _opt_int(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(f"expected an integer or null, got {type(value).__name__}")
