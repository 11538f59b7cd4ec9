"""The rows of ``report --export``: one per process per report, each carrying its
report's columns (a report is its rows' ``SELECT DISTINCT`` of them); one row for a
report without process entries; one row for each file that is not a report (its
``file_status`` and ``file_problem``). docs/REPORTS.md gives the schema.

A worker (:func:`export_chunk`) reads a chunk of files and turns each into rows (the
fast path's parsed entries for a well-formed JetsamEvent, the full readers' model
for any other), handed back as columns, which DuckDB writes as a Parquet part.
The report-level values are the facts the summary uses (the same function makes
them), so a summary from the Parquet equals the one from the files.

Parquet strings are UTF-8: a lone surrogate in a name (from a ``\\ud800`` escape in a
report) becomes U+FFFD, and a file name that is not UTF-8 keeps its odd bytes as
``\\xNN``.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from typing import Any

from activitymon.model import JetsamReport, band_label
from activitymon.reports.detect import parse_bytes
from activitymon.reports.errors import NotAJetsamReport, ReportError
from activitymon.reports.facts import report_era
from activitymon.reports.fast_facts import FastReport, fast_report, killed_in_order
from activitymon.reports.files import NotReadable, read_regular
from activitymon.reports.incident import ReportFacts, facts_of

#: (column, DuckDB / Spark SQL type), in the order of the Parquet file
COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "VARCHAR"),
    ("file_status", "VARCHAR"),
    ("file_problem", "VARCHAR"),
    ("incident_key", "VARCHAR"),
    ("incident_id", "VARCHAR"),
    ("format", "VARCHAR"),
    ("date", "VARCHAR"),
    ("time_utc", "TIMESTAMP"),
    ("local_day", "DATE"),
    ("device", "VARCHAR"),
    ("os_version", "VARCHAR"),
    ("page_size", "BIGINT"),
    ("largest_process", "VARCHAR"),
    ("largest_bytes", "BIGINT"),
    ("partial", "BOOLEAN"),
    ("process_index", "INTEGER"),
    ("name", "VARCHAR"),
    ("pid", "BIGINT"),
    ("rpages", "BIGINT"),
    ("footprint_bytes", "BIGINT"),
    ("lifetime_max_bytes", "BIGINT"),
    ("priority", "BIGINT"),
    ("band", "VARCHAR"),
    ("states", "VARCHAR"),
    ("kill_reason", "VARCHAR"),
    ("kill_order", "INTEGER"),
    ("limit_bytes", "BIGINT"),
)
NAMES = tuple(name for name, _ in COLUMNS)
#: the kill reason at which the footprint is the process's limit
LIMIT_REASON = "per-process-limit"

_SURROGATE = re.compile("[\ud800-\udfff]")


def text(value: object) -> str | None:
    """A string Parquet can hold (lone surrogates → U+FFFD), or ``None``."""
    if not isinstance(value, str):
        return None
    return _SURROGATE.sub("\ufffd", value) if not value.isascii() else value


def shown_path(path: str) -> str:
    """A file name as UTF-8 text: bytes that are not UTF-8 kept as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _number(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63:
        return value
    return None


def _report_columns(facts: ReportFacts, page_size: int) -> tuple[Any, ...]:
    """The report's columns, ``path`` to ``partial`` (the facts the summary uses)."""
    moment = None if facts.date is None else datetime.fromisoformat(facts.date)
    incident = facts.key.removeprefix("incident:") if facts.key.startswith("incident:") else None
    return (
        shown_path(facts.path),
        "report",
        None,
        text(facts.key),
        text(incident),
        facts.format,
        facts.date,
        None if moment is None else moment.astimezone(UTC).replace(tzinfo=None).isoformat(" "),
        None if facts.date is None else facts.date[:10],
        text(facts.device),
        text(facts.os_version),
        page_size,
        text(facts.largest_process),
        facts.largest_bytes,
        facts.partial,
    )


#: a report without process entries: its process columns are empty
_NO_PROCESS = (None,) * (len(COLUMNS) - 15)
_NO_REPORT = (None,) * 12


def _process_columns(
    index: int,
    name: object,
    values: tuple[object, object, object, object, object, object],
    *,
    order: int | None,
    page: int,
    band: str | None,
) -> tuple[Any, ...]:
    """``process_index`` to ``limit_bytes``; ``values``: rpages, lifetime max, pid,
    priority, reason, states."""
    rpages, lifetime = _number(values[0]), _number(values[1])
    footprint = None if rpages is None else rpages * page
    reason = text(values[4])
    states = values[5] if isinstance(values[5], list | tuple) else ()
    return (
        index,
        text(name) or "",
        _number(values[2]),
        rpages,
        footprint,
        None if lifetime is None else lifetime * page,
        _number(values[3]),
        band,
        text(",".join(s for s in states if isinstance(s, str))),
        reason,
        order,
        footprint if reason == LIMIT_REASON else None,
    )


def _fast_rows(fast: FastReport) -> list[tuple[Any, ...]]:
    report = _report_columns(fast.facts, fast.page_size)
    order = {id(p): n for n, p in enumerate(killed_in_order(fast.processes), 1)}
    rows = []
    for i, p in enumerate(fast.processes):
        priority = p.get("priority")
        values = (
            p.get("rpages"),
            p.get("lifetimeMax"),
            p.get("pid"),
            priority,
            p.get("reason"),
            p.get("states"),
        )
        band = None if priority is None else band_label(priority, fast.era)
        name = p.get("name", "")
        columns = _process_columns(
            i, name, values, order=order.get(id(p)), page=fast.page_size, band=band
        )
        rows.append(report + columns)
    return rows or [report + _NO_PROCESS]


def _model_rows(report: JetsamReport, facts: ReportFacts) -> list[tuple[Any, ...]]:
    head = _report_columns(facts, report.page_size)
    era = report_era(report)
    order = {id(p): n for n, p in enumerate(report.victims, 1)}
    rows = []
    for i, p in enumerate(report.processes):
        values = (p.rpages, p.lifetime_max, p.pid, p.priority, p.reason, p.states)
        band = None if p.priority is None else band_label(p.priority, era)
        columns = _process_columns(
            i, p.name, values, order=order.get(id(p)), page=report.page_size, band=band
        )
        rows.append(head + columns)
    return rows or [head + _NO_PROCESS]


def file_row(path: str, status: str, problem: str) -> tuple[Any, ...]:
    """The row of a file that gave no report: ``unreadable`` or ``skipped`` (of
    another kind), with the one-line reason."""
    return (shown_path(path), status, text(problem), *(None,) * (len(COLUMNS) - 3))


def rows_of(path: str, shown: str) -> list[tuple[Any, ...]]:
    """The rows of one file (``path`` opened, ``shown`` written), in :data:`COLUMNS`
    order; never raises."""
    try:
        data = read_regular(path, follow=path == shown)
    except NotReadable as exc:
        return [file_row(shown, "unreadable", str(exc))]
    try:
        fast = fast_report(data, shown)
        if fast is not None:
            return _fast_rows(fast)
        report = parse_bytes(data, shown)
        return _model_rows(report, facts_of(report, shown, data))
    except NotAJetsamReport as exc:
        return [file_row(shown, "skipped", exc.message)]
    except ReportError as exc:
        return [file_row(shown, "unreadable", exc.message)]
    except Exception as exc:  # a reader bug must not stop an export of thousands of files
        return [file_row(shown, "unreadable", f"the reader failed ({type(exc).__name__})")]


def export_chunk(files: list[tuple[str, str]]) -> list[tuple[Any, ...]]:
    """One pool task: the rows of a chunk of files, as columns (one tuple per column
    of :data:`COLUMNS`: the shape DuckDB takes in)."""
    rows = [row for path, shown in files for row in rows_of(path, shown)]
    if not rows:
        return [() for _ in COLUMNS]
    return list(zip(*rows, strict=True))
