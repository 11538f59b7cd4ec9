"""Facts derived from a report: its moment in time, its band scale, its OS name."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from activitymon.model import Era, JetsamReport

_STAMP = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{2}:\d{2}:\d{2})(?P<frac>\.\d+)?"
    r"\s*(?P<tz>[+-]\d{4}|Z)?"
)


def report_datetime(report: JetsamReport) -> datetime | None:
    """When the snapshot was taken (``date``, else the header ``timestamp``), as an
    aware datetime; a stamp without an offset is read as UTC. ``None`` if unknown."""
    return stamp_datetime(report.date, report.timestamp)


def stamp_datetime(*stamps: str | None) -> datetime | None:
    """The first of ``stamps`` that reads as a time (see :func:`report_datetime`)."""
    for value in stamps:
        match = _STAMP.search(value or "")
        if match is None:
            continue
        try:
            moment = datetime.fromisoformat(f"{match['date']}T{match['time']}")
        except ValueError:
            continue
        if match["frac"]:
            moment += timedelta(seconds=float("0" + match["frac"]))
        tz = match["tz"]
        if tz and tz != "Z":
            sign = -1 if tz[0] == "-" else 1
            offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5]))
            if offset >= timedelta(hours=24):
                continue
            return moment.replace(tzinfo=timezone(sign * offset))
        return moment.replace(tzinfo=UTC)
    return None


def report_era(report: JetsamReport) -> Era:
    """The band scale of the report's ``priority`` values: legacy (0–21) unless some
    priority is above 21 (the ×10 scale with 999 for INTERNAL)."""
    if any(p.priority is not None and p.priority > 21 for p in report.processes):
        return Era.MODERN
    return Era.LEGACY


def has_bands(report: JetsamReport) -> bool:
    return any(p.priority is not None for p in report.processes)


def os_name(report: JetsamReport) -> str | None:
    """``iPhone OS 14.2 (18B5061e)``: the header ``os_version``, else the body ``build``."""
    return report.os_version or report.build
