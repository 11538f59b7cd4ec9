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


class _Kills:
    """Every counted kill as columns: name, reason, footprint, band, device, OS."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.reasons: list[str] = []
        self.footprints: list[int | None] = []
        self.bands: list[str | None] = []
        self.devices: list[str] = []
        self.os_versions: list[str] = []

    def add(self, f: ReportFacts, victims: Sequence[Any]) -> None:
        """The ``victims`` of ``f``, a column at a time (``zip`` and ``extend``, in C)."""
        names, reasons, sizes, bands = zip(*victims, strict=True)
        self.names.extend(names)
        self.reasons.extend(reasons)
        self.footprints.extend(sizes)
        self.bands.extend(bands)
        self.devices.extend([f.device or UNKNOWN] * len(victims))
        self.os_versions.extend([f.os_version or UNKNOWN] * len(victims))

    def by_process(self) -> dict[str, dict[str, Any]]:
        """Each process's ``by_process`` entry, most killed first (then by name)."""
        names = self.names
        kills = Counter(names)
        reasons: defaultdict[str, Counter[str]] = defaultdict(Counter)
        bands: defaultdict[str, Counter[str]] = defaultdict(Counter)
        devices: defaultdict[str, Counter[str]] = defaultdict(Counter)
        os_versions: defaultdict[str, Counter[str]] = defaultdict(Counter)
        # kills repeat the same (name, reason, band, device, OS) often: count those
        # once, in C, then spread the few thousand of them over the four tables
        alike = zip(names, self.reasons, self.bands, self.devices, self.os_versions, strict=True)
        for (name, reason, band, device, os_version), count in Counter(alike).items():
            reasons[name][reason] += count
            bands[name][band or UNKNOWN] += count
            devices[name][device] += count
            os_versions[name][os_version] += count
        sizes: defaultdict[str, list[int]] = defaultdict(list)
        at_limit: defaultdict[str, list[int]] = defaultdict(list)
        for name, reason, size in zip(names, self.reasons, self.footprints, strict=True):
            if size is not None:
                sizes[name].append(size)
                if reason == LIMIT_REASON:
                    at_limit[name].append(size)
        return {
            name: {
                "kills": count,
                "reasons": _counts(reasons[name]),
                "footprint_bytes": percentiles(sizes.get(name, [])),
                "footprint_unknown": count - len(sizes.get(name, [])),
                "limit_bytes": percentiles(at_limit.get(name, [])),
                "bands": _counts(bands[name]),
                "devices": _counts(devices[name]),
                "os_versions": _counts(os_versions[name]),
            }
            for name, count in sorted(kills.items(), key=lambda kv: (-kv[1], kv[0]))
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
    """The ``--summary --json`` object (see docs/REPORTS.md for every field).

    Built a column at a time: one pass over the reports gathers every kill's name,
    reason, footprint, band, device and OS into flat lists, which ``Counter`` counts
    by pairs (in C); Python touches each kill about once."""
    facts, bad = split(results)
    reports, duplicates = dedupe(facts)
    kept = _kept(reports, filters)
    kills = _Kills()
    per_day: Counter[str] = Counter()
    per_report: list[dict[str, Any]] = []
    for f, victims in kept:
        if victims:
            kills.add(f, victims)
        if f.date is not None:
            per_day[f.date[:10]] += len(victims)
        per_report.append(
            {
                "path": f.path,
                "date": f.date,
                "device": f.device,
                "os_version": f.os_version,
                "largest_process": f.largest_process,
                "largest_bytes": f.largest_bytes,
                "victims": [
                    {"name": name, "reason": reason, "footprint_bytes": size}
                    for name, reason, size, _ in victims
                ],
            }
        )
    dates = [f.date for f, _ in kept if f.date is not None]
    instants = list(map(_instant, dates))
    return {
        "reports": len(per_report),
        "files": len(facts) + len(bad),
        "kills": len(kills.reasons),
        "first_date": dates[instants.index(min(instants))] if dates else None,
        "last_date": dates[instants.index(max(instants))] if dates else None,
        "undated": len(kept) - len(dates),
        "partial": sum(f.partial for f, _ in kept),
        "filters": filters.as_json(),
        "devices": _counts(Counter(f.device or UNKNOWN for f, _ in kept)),
        "os_versions": _counts(Counter(f.os_version or UNKNOWN for f, _ in kept)),
        "reasons": _counts(Counter(kills.reasons)),
        "by_process": kills.by_process(),
        "largest_process": _counts(Counter(f.largest_process or UNKNOWN for f, _ in kept)),
        "kills_per_day": dict(sorted(per_day.items())),
        "duplicates": duplicates,
        "unreadable": [{"path": u.path, "reason": u.reason} for u in bad if u.jetsam],
        "skipped": [{"path": u.path, "reason": u.reason} for u in bad if not u.jetsam],
        "per_report": per_report,
    }


def _kept(reports: list[ReportFacts], filters: Filters) -> list[tuple[ReportFacts, Sequence[Any]]]:
    """The reports the filters keep, each with its kept victims."""
    since, wanted = filters.since, filters.process
    if since is None and wanted is None:
        return [(f, f.victims) for f in reports]
    kept: list[tuple[ReportFacts, Sequence[Any]]] = []
    for f in reports:
        if since is not None:
            moment = None if f.date is None else datetime.fromisoformat(f.date)
            if moment is None or moment < since:
                continue
        victims = f.victims if wanted is None else kept_victims(f, filters)
        if wanted is not None and not victims:
            continue
        kept.append((f, victims))
    return kept


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
