"""The summary of many reports: who dies, why, at what footprint, on which devices.

Input: the per-file results of :mod:`activitymon.reports.scan`. Output: one JSON-ready
object (the ``report --summary --json`` contract, documented in docs/REPORTS.md).
Duplicates (the same incident key, :func:`~activitymon.reports.incident.incident_key`)
count once: the first path in name order stands for the incident.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from activitymon.reports.incident import FileResult, ReportFacts, Unreadable

UNKNOWN = "unknown"
#: the reason of a kill at the hard footprint limit: the footprint at death is the limit
LIMIT_REASON = "per-process-limit"


@dataclass(frozen=True, slots=True)
class Filters:
    #: keep only kills of this process (a name the report cut to 16 or 32 characters
    #: matches too); reports without such a kill are left out
    process: str | None = None
    #: keep only reports taken at or after this moment (reports without a time are out)
    since: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "process": self.process,
            "since": None if self.since is None else self.since.isoformat(),
        }


def parse_since(text: str) -> datetime:
    """``2024-05-01`` (midnight UTC) or an ISO 8601 time (UTC when no offset).
    Raises ``ValueError`` with what was expected."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][±HH:MM])"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def name_matches(reported: str, wanted: str) -> bool:
    if reported == wanted:
        return True
    return len(reported) in (16, 32) and wanted.startswith(reported)


def percentiles(values: Sequence[int]) -> dict[str, int] | None:
    """``min``, ``median``, ``p90``, ``max`` by nearest rank (always values that
    occurred, so integers); ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)

    def rank(p: float) -> int:
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    return {"min": ordered[0], "median": rank(50), "p90": rank(90), "max": ordered[-1]}


def _counts(counter: Counter[str]) -> dict[str, int]:
    """Most first, then by name: a stable order for people and for diffs."""
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


class _Process:
    """One process's kills, as lists counted once at the end (``Counter`` counts a
    list in C: ten times cheaper than a ``+= 1`` per kill)."""

    def __init__(self) -> None:
        self.reasons: list[str] = []
        self.bands: list[str] = []
        self.devices: list[str] = []
        self.os_versions: list[str] = []
        self.footprints: list[int] = []
        self.at_limit: list[int] = []

    def as_json(self) -> dict[str, Any]:
        kills = len(self.reasons)
        return {
            "kills": kills,
            "reasons": _counts(Counter(self.reasons)),
            "footprint_bytes": percentiles(self.footprints),
            "footprint_unknown": kills - len(self.footprints),
            "limit_bytes": percentiles(self.at_limit),
            "bands": _counts(Counter(self.bands)),
            "devices": _counts(Counter(self.devices)),
            "os_versions": _counts(Counter(self.os_versions)),
        }


def split(results: Iterable[FileResult]) -> tuple[list[ReportFacts], list[Unreadable]]:
    facts: list[ReportFacts] = []
    bad: list[Unreadable] = []
    for r in results:
        if isinstance(r, Unreadable):
            bad.append(r)
        else:
            facts.append(r)
    facts.sort(key=lambda f: f.path)
    bad.sort(key=lambda u: u.path)
    return facts, bad


def dedupe(facts: Sequence[ReportFacts]) -> tuple[list[ReportFacts], list[dict[str, str]]]:
    """One report per incident key (``facts`` in path order: the first path wins)."""
    first: dict[str, ReportFacts] = {}
    duplicates: list[dict[str, str]] = []
    for f in facts:
        kept = first.get(f.key)
        if kept is None:
            first[f.key] = f
        else:
            duplicates.append({"path": f.path, "same_as": kept.path})
    return list(first.values()), duplicates


def kept_victims(f: ReportFacts, filters: Filters) -> list[Any]:
    if filters.process is None:
        return list(f.victims)
    return [v for v in f.victims if name_matches(v.name, filters.process)]


def summarize_many(results: Iterable[FileResult], filters: Filters = Filters()) -> dict[str, Any]:
    """The ``--summary --json`` object (see docs/REPORTS.md for every field)."""
    facts, bad = split(results)
    reports, duplicates = dedupe(facts)
    devices: list[str] = []
    os_versions: list[str] = []
    reasons: list[str] = []
    largest: list[str] = []
    per_day: Counter[str] = Counter()
    processes: dict[str, _Process] = defaultdict(_Process)
    per_report: list[dict[str, Any]] = []
    undated = partial = 0
    dates: list[str] = []
    since, wanted = filters.since, filters.process
    for f in reports:
        if since is not None:
            moment = None if f.date is None else datetime.fromisoformat(f.date)
            if moment is None or moment < since:
                continue
        victims = f.victims if wanted is None else kept_victims(f, filters)
        if wanted is not None and not victims:
            continue
        device, os_version = f.device or UNKNOWN, f.os_version or UNKNOWN
        devices.append(device)
        os_versions.append(os_version)
        largest.append(f.largest_process or UNKNOWN)
        partial += f.partial
        if f.date is None:
            undated += 1
        else:
            dates.append(f.date)
            per_day[f.date[:10]] += len(victims)
        listed: list[dict[str, Any]] = []
        for name, reason, footprint, band in victims:
            reasons.append(reason)
            p = processes[name]
            p.reasons.append(reason)
            p.bands.append(band or UNKNOWN)
            p.devices.append(device)
            p.os_versions.append(os_version)
            if footprint is not None:
                p.footprints.append(footprint)
                if reason == LIMIT_REASON:
                    p.at_limit.append(footprint)
            listed.append({"name": name, "reason": reason, "footprint_bytes": footprint})
        per_report.append(
            {
                "path": f.path,
                "date": f.date,
                "device": f.device,
                "os_version": f.os_version,
                "largest_process": f.largest_process,
                "largest_bytes": f.largest_bytes,
                "victims": listed,
            }
        )
    by_process = sorted(processes.items(), key=lambda kv: (-len(kv[1].reasons), kv[0]))
    return {
        "reports": len(per_report),
        "files": len(facts) + len(bad),
        "kills": len(reasons),
        "first_date": min(dates, default=None, key=_instant),
        "last_date": max(dates, default=None, key=_instant),
        "undated": undated,
        "partial": partial,
        "filters": filters.as_json(),
        "devices": _counts(Counter(devices)),
        "os_versions": _counts(Counter(os_versions)),
        "reasons": _counts(Counter(reasons)),
        "by_process": {name: p.as_json() for name, p in by_process},
        "largest_process": _counts(Counter(largest)),
        "kills_per_day": dict(sorted(per_day.items())),
        "duplicates": duplicates,
        "unreadable": [{"path": u.path, "reason": u.reason} for u in bad if u.jetsam],
        "skipped": [{"path": u.path, "reason": u.reason} for u in bad if not u.jetsam],
        "per_report": per_report,
    }


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
