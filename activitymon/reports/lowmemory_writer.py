"""The legacy LowMemory text report written from a :class:`JetsamReport`: the iOS 7
layout (``jetsam-report-formats.md`` §3), or the iOS 6.1 one (no fds column,
``**End**``) when no process has an fds count; a report whose page size is known gets
the iOS 8 ``Page Size:`` line so that it reads back the same. The layout's labels and
widths, and the reader, are in :mod:`activitymon.reports.lowmemory_text`.
"""

from __future__ import annotations

import re

from activitymon.model import JetsamReport, ReportProcess
from activitymon.reports.lowmemory_text import (
    END_LINE,
    HEADER_FIELDS,
    MEMORY_WIDTH,
    MEMORY_WIDTH_IOS6,
    NAME_WIDTH,
    PAGE_LABELS,
    STATUS_LABELS,
    TABLE_HEADER,
    TABLE_HEADER_NO_FDS,
    ZERO_UUID,
)


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)


def _render_row(p: ReportProcess, *, fds_column: bool = True) -> str:
    uuid = (p.uuid or ZERO_UUID).replace("-", "").lower()
    if not re.fullmatch(r"[0-9a-f]{32}", uuid):
        uuid = ZERO_UUID
    name = " ".join(p.name.split())[:NAME_WIDTH] or "-"
    line = f"{name:>{NAME_WIDTH}} <{uuid}>{_number(p.rpages):>13}{_number(p.lifetime_max):>17}"
    if fds_column:
        line += f"{_number(p.fds):>5}"
    reason = f"[{p.reason}]" if p.reason else ""
    states = " ".join(f"({s})" for s in p.states)
    if reason or states:
        line += f"   {reason:<17}  {states}"
    return line.rstrip()


def _pad(label: str, width: int) -> str:
    """``label`` padded to ``width`` columns, always followed by at least one space."""
    return label.ljust(max(width, len(label) + 1))


def render_lowmemory(report: JetsamReport) -> str:
    """The report as iOS 7 LowMemory text (with ``Page Size:`` when it is known), or as
    iOS 6.1 text (no fds column, ``**End**``) when no process has an fds count."""
    fds_column = not report.processes or any(p.fds is not None for p in report.processes)
    width = MEMORY_WIDTH if fds_column else MEMORY_WIDTH_IOS6
    lines: list[str] = []
    for label, name in HEADER_FIELDS.items():
        value = getattr(report, name)
        if name == "os_version" and value is None:
            value = report.build
        if value is None:
            continue
        text = f"{value} ms" if name == "time_delta" else " ".join(str(value).split())
        lines.append(f"{label + ':':<21}{text}")
    lines.append("")
    pages = dict(report.memory_pages)
    status = dict(report.memory_status)
    for label, key in PAGE_LABELS.items():
        if key in pages:
            lines.append(f"{_pad(label + ':', width)}{pages.pop(key)}")
    for label, key in STATUS_LABELS.items():
        if isinstance(status.get(key), int):
            lines.append(f"{_pad(label + ':', width)}{status.pop(key)}")
    if report.page_size_known:
        lines.append(f"{_pad('Page Size:', width)}{report.page_size}")
    for key, value in pages.items():
        if re.fullmatch(r"[A-Za-z][A-Za-z -]*", key):
            lines.append(f"{_pad(key + ' pages:', width)}{value}")
    for key, value in status.items():
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and re.fullmatch(r"[A-Za-z][A-Za-z -]*", key)
            and not key.endswith(" pages")
            and key not in HEADER_FIELDS
            and key != "Page Size"
        ):
            lines.append(f"{_pad(key + ':', width)}{value}")
    largest = report.largest_process
    lines.append(f"Largest process:   {largest[:NAME_WIDTH] if largest else ''}".rstrip())
    lines += ["", "Processes", TABLE_HEADER if fds_column else TABLE_HEADER_NO_FDS, ""]
    lines += [_render_row(p, fds_column=fds_column) for p in report.processes]
    if not fds_column:
        lines.append(END_LINE)
    return "\n".join(lines) + "\n"
