"""What the reports browser shows, without Qt: the filter, each row's text and sort
values, the charts' data and the status line. ``ui/reports_browser.py``,
``ui/reports_table.py`` and ``ui/reports_charts.py`` only draw these values."""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from activitymon.reports.collection import name_matches, percentiles
from activitymon.reports.incident import ReportFacts, Unreadable, Victim
from activitymon.units import MISSING, format_bytes

HEADERS = ("Date", "Device", "OS", "Largest process", "Victims")
#: header tooltips, by column
HEADER_TIPS = {
    0: "When the device took the snapshot: its local time, with its offset from UTC. "
    "Sorted by the moment itself, so reports of devices in other time zones interleave.",
}  #: charts show the most killed processes and the commonest reasons
TOP_PROCESSES = 12
TOP_REASONS = 10
DAY_S = 86_400
#: a longer span of days is charted per month
MAX_DAY_SPAN = 120
#: labels under the kills-per-day chart
MAX_DATE_LABELS = 5
#: unreadable files named in the status line's tooltip
TOOLTIP_FILES = 20
MIB = 1024 * 1024
#: before the date of a report that was read only in part (damaged, cut off)
DAMAGED_MARK = "⚠"


def report_moment(facts: ReportFacts) -> datetime | None:
    return None if facts.date is None else datetime.fromisoformat(facts.date)


def victims_text(facts: ReportFacts) -> str:
    """``Facebook (per-process-limit), kbd (vm-pageshortage)``, in kill order."""
    return ", ".join(f"{v.name} ({v.reason})" for v in facts.victims) or "none"


def row_texts(f: ReportFacts) -> tuple[str, ...]:
    """The row as the table shows it, one string per column of :data:`HEADERS`."""
    moment = report_moment(f)
    if f.largest_process is None:
        largest = MISSING
    elif f.largest_bytes is None:
        largest = f.largest_process
    else:
        largest = f"{f.largest_process} ({format_bytes(f.largest_bytes)})"
    date = MISSING if moment is None else local_time(moment)
    return (
        f"{DAMAGED_MARK} {date}" if f.partial else date,
        f.device or MISSING,
        f.os_version or MISSING,
        largest,
        victims_text(f),
    )


def local_time(moment: datetime) -> str:
    """``2020-10-15 17:29 +01:00``: the device's local time and its offset from UTC."""
    offset = moment.strftime("%z")
    if len(offset) == 5:
        offset = f"{offset[:3]}:{offset[3:]}"
    return f"{moment:%Y-%m-%d %H:%M} {offset or 'UTC'}"


def sort_values(f: ReportFacts) -> tuple[Any, ...]:
    """Numbers where a column is a quantity: seconds, bytes, victim count."""
    moment = report_moment(f)
    return (
        -1.0 if moment is None else moment.timestamp(),
        f.device or "",
        f.os_version or "",
        -1 if f.largest_bytes is None else f.largest_bytes,
        len(f.victims),
    )


def shown_path(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 shown as ``\\xNN`` (Qt would drop
    them)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def row_tooltip(f: ReportFacts) -> str:
    damaged = (
        f"{DAMAGED_MARK} damaged: parts of this report could not be read; what is shown is "
        "what could be\n"
        if f.partial
        else ""
    )
    return f"{damaged}{shown_path(f.path)}\nvictims: {victims_text(f)}\nclick to replay this report"


@dataclass(frozen=True)
class BrowserFilter:
    """Rows whose report has a kill of ``process`` with ``reason`` (both when both are
    set), on ``device`` and ``os_version``, taken at or after ``since``; empty means
    any."""

    process: str = ""
    reason: str = ""
    device: str = ""
    os_version: str = ""
    since: datetime | None = None

    @property
    def active(self) -> bool:
        return bool(self.process or self.reason or self.device or self.os_version or self.since)

    def keeps(self, v: Victim) -> bool:
        """A kill the charts count under this filter."""
        return (not self.process or name_matches(v.name, self.process)) and (
            not self.reason or v.reason == self.reason
        )

    def accepts(self, f: ReportFacts) -> bool:
        if self.device and f.device != self.device:
            return False
        if self.os_version and f.os_version != self.os_version:
            return False
        if self.since is not None:
            moment = report_moment(f)
            if moment is None or moment < self.since:
                return False
        if self.process or self.reason:
            return any(self.keeps(v) for v in f.victims)
        return True


@dataclass(frozen=True)
class DayBars:
    """Kills per day, or per month over long spans: bar centres (UTC seconds) and
    heights, the bar width in seconds and the chart's title."""

    title: str
    xs: tuple[float, ...]
    heights: tuple[int, ...]
    width: float
    #: axis labels (x, text): :data:`MAX_DATE_LABELS` of them, evenly spaced
    ticks: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True)
class ChartData:
    #: kills per reason, the commonest first (at most :data:`TOP_REASONS`)
    reasons: dict[str, int] = field(default_factory=dict)
    #: kills per day (the device's local day, as the summary counts them)
    days: dict[str, int] = field(default_factory=dict)
    #: footprints at death of the most killed processes, most killed first
    footprints: dict[str, list[int]] = field(default_factory=dict)
    #: all kills of those processes (some may lack a footprint)
    kills: dict[str, int] = field(default_factory=dict)

    def medians(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for name, values in self.footprints.items():
            q = percentiles(values)
            if q is not None:
                out[name] = q["median"]
        return out

    def day_bars(self) -> DayBars:
        """A bar per day; per month when the kills span more than four months (a day's
        bar would be too thin to see)."""
        counts = self.days
        width, title = DAY_S * 0.8, "Kills per day"
        if counts and _span_days(counts) > MAX_DAY_SPAN:
            months: Counter[str] = Counter()
            for day, n in counts.items():
                months[day[:7] + "-15"] += n  # a month's bar in its middle
            counts, width, title = dict(sorted(months.items())), DAY_S * 24, "Kills per month"
        moments = [datetime.fromisoformat(day).replace(tzinfo=UTC) for day in counts]
        xs = tuple(m.timestamp() + DAY_S / 2 for m in moments)
        label = "%b %Y" if title == "Kills per month" else "%b %d"
        return DayBars(title, xs, tuple(counts.values()), width, _date_ticks(xs, label))


def chart_data(facts: Iterable[ReportFacts], flt: BrowserFilter = BrowserFilter()) -> ChartData:
    reasons: Counter[str] = Counter()
    kills: Counter[str] = Counter()
    days: Counter[str] = Counter()
    footprints: dict[str, list[int]] = {}
    for f in facts:
        for v in f.victims:
            if not flt.keeps(v):
                continue
            if f.date is not None:
                days[f.date[:10]] += 1
            reasons[v.reason] += 1
            kills[v.name] += 1
            if v.footprint_bytes is not None:
                footprints.setdefault(v.name, []).append(v.footprint_bytes)
    top = [name for name, _ in kills.most_common() if name in footprints][:TOP_PROCESSES]
    return ChartData(
        reasons=dict(reasons.most_common(TOP_REASONS)),
        days=dict(sorted(days.items())),
        footprints={name: footprints[name] for name in top},
        kills={name: kills[name] for name in top},
    )


def log_mb(size: int) -> float:
    """The footprint axis: log10 of MB (daemons die at megabytes, apps at gigabytes)."""
    return math.log10(max(size, 1024) / MIB)


def spread(n: int) -> float:
    """A fixed vertical offset per dot so equal footprints do not hide each other."""
    return ((n * 7) % 11 - 5) / 20


def _date_ticks(xs: tuple[float, ...], label: str) -> tuple[tuple[float, str], ...]:
    """Evenly spaced labels from the first bar to the last (never two on one spot)."""
    if not xs:
        return ()
    first, last = min(xs), max(xs)
    n = 1 if last == first else MAX_DATE_LABELS
    step = (last - first) / max(n - 1, 1)
    places = [first + i * step for i in range(n)]
    return tuple((x, datetime.fromtimestamp(x, UTC).strftime(label)) for x in places)


def _span_days(days: dict[str, int]) -> int:
    first, last = (datetime.fromisoformat(d) for d in (min(days), max(days)))
    return (last - first).days


def reading_text(done: int, total: int, reports: int) -> str:
    """The status line while reading: ``Reading reports… 4,200 of 10,000 files``."""
    return f"Reading reports… {done:,} of {total:,} files ({count(reports, 'report')} so far)"


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def status_text(
    *,
    reports: int,
    duplicates: int,
    unreadable: Sequence[Unreadable],
    skipped: Sequence[Unreadable],
    visible: Sequence[ReportFacts],
    flt: BrowserFilter,
    reading: bool,
    notices: Sequence[str] = (),
    cancelled: tuple[int, int] | None = None,
) -> tuple[str, str]:
    """The status line and its tooltip (the files that gave no report, and why);
    ``cancelled``: (files read, files found) of a scan the user stopped."""
    kills = sum(1 for f in visible for v in f.victims if flt.keeps(v))
    parts = [count(reports, "report")]
    if duplicates:
        parts.append(count(duplicates, "duplicate file") + " counted once")
    if unreadable:
        parts.append(f"{len(unreadable)} unreadable")
    if skipped:
        parts.append(count(len(skipped), "file") + " of another kind")
    text = ("Reading reports… " if reading else "") + " · ".join(parts)
    text += f" — showing {len(visible)} with {count(kills, 'kill')}"
    if cancelled is not None:
        done, total = cancelled
        text += (
            f" — cancelled after {done:,} of {total:,} files"
            if total
            else " — cancelled while finding files"
        )
    if notices:
        text += " — " + "; ".join(notices)
    bad = [*unreadable, *skipped]
    tip = "\n".join(f"{shown_path(u.path)}: {u.reason}" for u in bad[:TOOLTIP_FILES])
    if len(bad) > TOOLTIP_FILES:
        tip += f"\n… {len(bad) - TOOLTIP_FILES} more"
    return text, tip
