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
    def __init__(self) -> None:
        self.reasons: Counter[str] = Counter()
        self.bands: Counter[str] = Counter()
        self.devices: Counter[str] = Counter()
        self.os_versions: Counter[str] = Counter()
        self.footprints: list[int] = []
        self.at_limit: list[int] = []
        self.kills = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "kills": self.kills,
            "reasons": _counts(self.reasons),
            "footprint_bytes": percentiles(self.footprints),
            "footprint_unknown": self.kills - len(self.footprints),
            "limit_bytes": percentiles(self.at_limit),
            "bands": _counts(self.bands),
            "devices": _counts(self.devices),
            "os_versions": _counts(self.os_versions),
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
    devices: Counter[str] = Counter()
    os_versions: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    largest: Counter[str] = Counter()
    per_day: Counter[str] = Counter()
    processes: dict[str, _Process] = defaultdict(_Process)
    per_report: list[dict[str, Any]] = []
    undated = partial = kills = 0
    dates: list[str] = []
    for f in reports:
        moment = None if f.date is None else datetime.fromisoformat(f.date)
        if filters.since is not None and (moment is None or moment < filters.since):
            continue
        victims = kept_victims(f, filters)
        if filters.process is not None and not victims:
            continue
        device, os_version = f.device or UNKNOWN, f.os_version or UNKNOWN
        devices[device] += 1
        os_versions[os_version] += 1
        largest[f.largest_process or UNKNOWN] += 1
        partial += f.partial
        if f.date is None:
            undated += 1
        else:
            dates.append(f.date)
            per_day[f.date[:10]] += len(victims)
        for v in victims:
            kills += 1
            reasons[v.reason] += 1
            p = processes[v.name]
            p.kills += 1
            p.reasons[v.reason] += 1
            p.bands[v.band or UNKNOWN] += 1
            p.devices[device] += 1
            p.os_versions[os_version] += 1
            if v.footprint_bytes is not None:
                p.footprints.append(v.footprint_bytes)
                if v.reason == LIMIT_REASON:
                    p.at_limit.append(v.footprint_bytes)
        per_report.append(
            {
                "path": f.path,
                "date": f.date,
                "device": f.device,
                "os_version": f.os_version,
                "largest_process": f.largest_process,
                "largest_bytes": f.largest_bytes,
                "victims": [
                    {"name": v.name, "reason": v.reason, "footprint_bytes": v.footprint_bytes}
                    for v in victims
                ],
            }
        )
    by_process = sorted(processes.items(), key=lambda kv: (-kv[1].kills, kv[0]))
    return {
        "reports": len(per_report),
        "files": len(facts) + len(bad),
        "kills": kills,
        "first_date": min(dates, default=None, key=_instant),
        "last_date": max(dates, default=None, key=_instant),
        "undated": undated,
        "partial": partial,
        "filters": filters.as_json(),
        "devices": _counts(devices),
        "os_versions": _counts(os_versions),
        "reasons": _counts(reasons),
        "by_process": {name: p.as_json() for name, p in by_process},
        "largest_process": _counts(largest),
        "kills_per_day": dict(sorted(per_day.items())),
        "duplicates": duplicates,
        "unreadable": [{"path": u.path, "reason": u.reason} for u in bad if u.jetsam],
        "skipped": [{"path": u.path, "reason": u.reason} for u in bad if not u.jetsam],
        "per_report": per_report,
    }


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
