"""The human form of :func:`~activitymon.reports.collection.summarize_many`."""

from __future__ import annotations

from typing import Any

from activitymon.terminal import clean
from activitymon.units import MISSING, format_bytes

#: rows shown in the long tables (the JSON has them all)
TOP = 25
BAR = 30
#: more days than this are shown as months
MAX_DAYS = 62
#: files listed per list (unreadable, skipped, duplicates) unless ``verbose``
LISTED = 10


def shown(text: str) -> str:
    """``text`` safe for a terminal: control characters (escape sequences, newlines in a
    file name or a process name) written as ``\\xNN`` / ``\\uNNNN`` (the one sanitizer,
    :func:`activitymon.terminal.clean`)."""
    return clean(text)


def _inline(counts: dict[str, int], limit: int = 8) -> str:
    items = [f"{shown(name)} {n}" for name, n in list(counts.items())[:limit]]
    more = len(counts) - limit
    return ", ".join(items) + (f", … {more} more" if more > 0 else "") if items else MISSING


def _size(value: int | None) -> str:
    return MISSING if value is None else format_bytes(value)


def listed(lines: list[str], verbose: bool) -> list[str]:
    """``lines``, or the first :data:`LISTED` and a count of the rest."""
    if verbose or len(lines) <= LISTED:
        return lines
    rest = len(lines) - LISTED
    return [*lines[:LISTED], f"  … and {rest} more (all with --verbose, or in --json)"]


def format_many(summary: dict[str, Any], *, verbose: bool = False) -> str:
    """The text summary; long lists of files show their first few unless ``verbose``."""
    s = summary
    lines: list[str] = []
    dups = len(s["duplicates"])
    span = ""
    if s["first_date"]:
        span = f", {s['first_date'][:10]} to {s['last_date'][:10]}"
    dup_text = f"; {dups} duplicate file(s) counted once" if dups else ""
    lines.append(f"{s['reports']} report(s) from {s['files']} file(s){span}{dup_text}")
    filters = s["filters"]
    if filters["process"] or filters["since"]:
        parts = [f"process {shown(filters['process'])}"] if filters["process"] else []
        parts += [f"since {filters['since']}"] if filters["since"] else []
        lines.append("filtered: " + ", ".join(parts))
    if s["partial"]:
        lines.append(f"{s['partial']} damaged report(s) read leniently")
    lines.append(f"devices:     {_inline(s['devices'])}")
    lines.append(f"OS versions: {_inline(s['os_versions'])}")
    lines.append(f"kills: {s['kills']}; by reason: {_inline(s['reasons'])}")
    lines.append("")
    lines.extend(_process_table(s["by_process"]))
    lines.append("")
    lines.append(f"largest process per report: {_inline(s['largest_process'])}")
    if s["kills_per_day"]:
        lines.append("")
        lines.extend(_per_day(s["kills_per_day"]))
    for title, key in (
        ("unreadable", "unreadable"),
        ("skipped, not jetsam reports", "skipped"),
    ):
        if s[key]:
            lines.append("")
            lines.append(f"{title} ({len(s[key])}):")
            items = [f"  {shown(item['path'])}: {shown(item['reason'])}" for item in s[key]]
            lines.extend(listed(items, verbose))
    if dups:
        lines.append("")
        lines.append(f"duplicates ({dups}, counted once):")
        items = [f"  {shown(d['path'])} = {shown(d['same_as'])}" for d in s["duplicates"]]
        lines.extend(listed(items, verbose))
    return "\n".join(lines) + "\n"


def _process_table(by_process: dict[str, Any]) -> list[str]:
    if not by_process:
        return ["no kills"]
    head = (
        f"{'process':<32} {'kills':>5}  {'min':>9} {'median':>9} {'p90':>9} {'max':>9}"
        f"  {'limit':>9}  reasons; bands"
    )
    lines = ["footprint at death, per process (limit: the footprint at per-process-limit)"]
    lines.append(head)
    for name, p in list(by_process.items())[:TOP]:
        f = p["footprint_bytes"] or {}
        limit = p["limit_bytes"]
        lines.append(
            f"{shown(name)[:32]:<32} {p['kills']:>5}  {_size(f.get('min')):>9}"
            f" {_size(f.get('median')):>9} {_size(f.get('p90')):>9} {_size(f.get('max')):>9}"
            f"  {_size(limit and limit['max']):>9}"
            f"  {_inline(p['reasons'], 3)}; {_inline(p['bands'], 3)}"
        )
    if len(by_process) > TOP:
        lines.append(f"… {len(by_process) - TOP} more process(es) (all in --json)")
    return lines


def _per_day(per_day: dict[str, int]) -> list[str]:
    """A bar per day; per month when there are more days than fit a screen."""
    title = "kills per day:"
    if len(per_day) > MAX_DAYS:
        months: dict[str, int] = {}
        for day, n in per_day.items():
            months[day[:7]] = months.get(day[:7], 0) + n
        per_day, title = months, "kills per month:"
    top = max(per_day.values()) or 1
    lines = [title]
    for day, n in per_day.items():
        lines.append(f"  {day} {n:>6} {'█' * max(1 if n else 0, round(n / top * BAR))}")
    return lines
