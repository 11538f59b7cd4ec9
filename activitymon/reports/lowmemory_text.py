"""The legacy LowMemory text report (iPhone OS 3 – iOS 8) to and from :class:`JetsamReport`.

Layout (iOS 7, ``jetsam-report-formats.md`` §3): ``Key: value`` header lines, a
blank line, ``Label: count`` memory lines (pages), ``Largest process:``, then a
``Processes`` table whose rows are anchored on a 32-hex ``<uuid>``. After the uuid
come 1 (iPhone OS 3/4: rpages), 2 (iOS 6.1: rpages, recent_max — no fds column),
3 (iOS 7: rpages, recent_max, fds) or 6 (iOS 8: CPU time, rpages, purgeable,
recent_max, lifetime_max, fds) columns, ``-`` for a missing value, then an optional
``[reason]`` and ``(state)`` tokens. The iOS 6 table ends with a ``**End**`` line.

iOS 7 text has no page size: 4096 bytes is assumed and ``page_size_known`` is False.
The writer produces the iOS 7 layout, or the iOS 6.1 one (no fds column, ``**End**``)
when no process has an fds count; a report whose page size is known gets the iOS 8
``Page Size:`` line so that it reads back the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from activitymon.model import JetsamReport, ReportFormat, ReportProcess

DEFAULT_PAGE_SIZE = 4096
NAME_WIDTH = 16
_ZERO_UUID = "0" * 32

#: header label -> JetsamReport field
HEADER_FIELDS: dict[str, str] = {
    "Incident Identifier": "incident_id",
    "CrashReporter Key": "crash_reporter_key",
    "Hardware Model": "product",
    "OS Version": "os_version",
    "Kernel Version": "kernel",
    "Date": "date",
    "Time since snapshot": "time_delta",
}
#: memory label -> memoryPages key (pages)
PAGE_LABELS: dict[str, str] = {
    "Free pages": "free",
    "Active pages": "active",
    "Inactive pages": "inactive",
    "Speculative pages": "speculative",
    "Throttled pages": "throttled",
    "Purgeable pages": "purgeable",
    "Wired pages": "wired",
    "File-backed pages": "fileBacked",
    "Anonymous pages": "anonymous",
}
#: memory label -> memoryStatus key
STATUS_LABELS: dict[str, str] = {
    "Compressions": "compressions",
    "Decompressions": "decompressions",
    "Compressor Size": "compressorSize",
    "Uncompressed Pages in Compressor": "uncompressed",
}
TABLE_HEADER = (
    "     Name                    <UUID>                       rpages       recent_max"
    "   fds      [reason]          (state)"
)

TABLE_HEADER_NO_FDS = (
    "     Name                    <UUID>                       rpages       recent_max"
    "      [reason]          (state)"
)
END_LINE = "**End**"

_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]*?):\s*(?P<value>.*?)\s*$")
_MEMORY_LINE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z -]*?):\s*(?P<value>-?\d+)\s*$")
_LARGEST = re.compile(r"^Largest process:\s*(?P<name>.*?)\s*$")
_ROW = re.compile(
    r"^\s*(?P<name>.*?)\s*<(?P<uuid>[0-9a-fA-F]{32})>"
    r"(?P<numbers>(?:\s+(?:-?\d+(?:\.\d+)?|-))*)"
    r"\s*(?:\[(?P<reason>[^\]]*)\])?"
    r"\s*(?P<states>(?:\([^)]*\)\s*)*)$"
)
_STATE = re.compile(r"\(([^)]*)\)")
_ELIDED = re.compile(r"^\s*(?:\.+|…)\s*$")


def looks_like_lowmemory(text: str) -> bool:
    return ("Free pages:" in text or "Largest process:" in text) and (
        "Processes" in text or _ROW.search(text.split("\n", 200)[-1]) is not None
    )


def _int(text: str) -> int | None:
    return None if text == "-" or not re.fullmatch(r"-?\d+", text) else int(text)


def _row(match: re.Match[str]) -> ReportProcess | str:
    numbers = match["numbers"].split()
    uuid = match["uuid"].lower()
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    if len(numbers) == 1:  # iPhone OS 3/4: resident pages only
        fields["rpages"] = _int(numbers[0])
    elif len(numbers) == 2:  # iOS 6.1: no fds column
        fields["rpages"], fields["lifetime_max"] = map(_int, numbers)
    elif len(numbers) == 3:  # iOS 7
        fields["rpages"], fields["lifetime_max"], fields["fds"] = map(_int, numbers)
    elif len(numbers) == 6:  # iOS 8
        cpu, rpages, purgeable, recent, lifetime, fds = numbers
        try:
            fields["cpu_time"] = None if cpu == "-" else float(cpu)
        except ValueError:
            fields["cpu_time"] = None
        fields["rpages"], fields["purgeable"] = _int(rpages), _int(purgeable)
        fields["lifetime_max"], fields["fds"] = _int(lifetime), _int(fds)
        extra["recent_max"] = _int(recent)
    else:
        return f"row with {len(numbers)} number columns not understood: {match['name']!r}"
    return ReportProcess(
        name=match["name"],
        uuid=None if uuid == _ZERO_UUID else uuid,
        reason=match["reason"] or None,
        states=tuple(s.strip() for s in _STATE.findall(match["states"] or "")),
        extra=extra,
        **fields,
    )


@dataclass
class _Reading:
    """What the line-by-line reader has collected so far."""

    fields: dict[str, Any] = field(default_factory=dict)
    memory_pages: dict[str, int] = field(default_factory=dict)
    memory_status: dict[str, Any] = field(default_factory=dict)
    processes: list[ReportProcess] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    page_size: int | None = None
    unread: int = 0
    elided: int = 0
    section: str = "header"

    def line(self, line: str) -> None:
        if _ELIDED.match(line):
            self.elided += 1
        elif line.strip() == END_LINE:
            self.section = "end"
        elif line.strip() == "Processes":
            self.section = "table"
        elif self.section != "table" and (largest := _LARGEST.match(line)) is not None:
            self.fields["largest_process"] = largest["name"] or None
            self.section = "memory"
        elif "<" in line and (row := _ROW.match(line)) is not None:
            self.section = "table"
            result = _row(row)
            if isinstance(result, str):
                self.problems.append(result)
            else:
                self.processes.append(result)
        elif self.section == "table" and line.lstrip().startswith("Name"):
            pass  # the column titles
        elif not self._header(line) and not self._memory(line):
            self.unread += 1

    def _header(self, line: str) -> bool:
        head = _HEADER_LINE.match(line)
        if head is None or self.section != "header":
            return False
        name = HEADER_FIELDS.get(head["key"])
        if name is None:
            # another header line of an older or newer layout, unless it is a count
            return _MEMORY_LINE.match(line) is None
        value: Any = head["value"]
        if name == "time_delta":
            ms = re.fullmatch(r"(-?\d+)\s*ms", value)
            value = int(ms[1]) if ms else None
            if value is None:
                self.problems.append(f"Time since snapshot not understood: {head['value']!r}")
        self.fields[name] = value
        return True

    def _memory(self, line: str) -> bool:
        memory = _MEMORY_LINE.match(line)
        if memory is None or self.section == "table":
            return False
        label, count = memory["label"], int(memory["value"])
        if label in PAGE_LABELS:
            self.memory_pages[PAGE_LABELS[label]] = count
        elif label in STATUS_LABELS:
            self.memory_status[STATUS_LABELS[label]] = count
        elif label == "Page Size":
            self.page_size = count if count > 0 else None
        elif label.endswith(" pages"):
            self.memory_pages[label.removesuffix(" pages")] = count
        else:
            self.memory_status[label] = count
        self.section = "memory"
        return True


def parse_lowmemory(
    text: str,
    *,
    fmt: ReportFormat = ReportFormat.LOWMEMORY_TEXT,
    header: dict[str, Any] | None = None,
) -> JetsamReport:
    """Read the text. Lines that fit no part of the layout are counted as problems
    (and make the report partial); raises ``ValueError`` when nothing was found."""
    reading = _Reading()
    for raw in text.split("\n"):
        line = raw.rstrip()
        if line.strip():
            reading.line(line)
    if not reading.processes and not reading.memory_pages:
        raise ValueError("no memory counts and no process rows found")
    problems = reading.problems
    if reading.elided:
        problems.append(f"{reading.elided} elided line(s) ('...')")
    if reading.unread:
        problems.append(f"{reading.unread} line(s) not understood")
    if reading.page_size is None:
        problems.append(f"no page size in the report; assumed {DEFAULT_PAGE_SIZE} bytes")
    return JetsamReport(
        format=fmt,
        page_size=reading.page_size or DEFAULT_PAGE_SIZE,
        page_size_known=reading.page_size is not None,
        bug_type=None if header is None else _str(header.get("bug_type")),
        timestamp=None if header is None else _str(header.get("timestamp")),
        memory_pages=reading.memory_pages,
        memory_status=reading.memory_status,
        processes=tuple(reading.processes),
        header=dict(header or {}),
        partial=bool(reading.elided or reading.unread),
        problems=tuple(problems),
        float_digits=None,
        **reading.fields,
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)


def _render_row(p: ReportProcess, *, fds_column: bool = True) -> str:
    uuid = (p.uuid or _ZERO_UUID).replace("-", "").lower()
    if not re.fullmatch(r"[0-9a-f]{32}", uuid):
        uuid = _ZERO_UUID
    name = " ".join(p.name.split())[:NAME_WIDTH] or "-"
    line = f"{name:>{NAME_WIDTH}} <{uuid}>{_number(p.rpages):>13}{_number(p.lifetime_max):>17}"
    if fds_column:
        line += f"{_number(p.fds):>5}"
    reason = f"[{p.reason}]" if p.reason else ""
    states = " ".join(f"({s})" for s in p.states)
    if reason or states:
        line += f"   {reason:<17}  {states}"
    return line.rstrip()


def render_lowmemory(report: JetsamReport) -> str:
    """The report as iOS 7 LowMemory text (with ``Page Size:`` when it is known), or as
    iOS 6.1 text (no fds column, ``**End**``) when no process has an fds count."""
    fds_column = not report.processes or any(p.fds is not None for p in report.processes)
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
            lines.append(f"{label + ':':<41}{pages.pop(key)}")
    for label, key in STATUS_LABELS.items():
        if isinstance(status.get(key), int):
            lines.append(f"{label + ':':<41}{status.pop(key)}")
    if report.page_size_known:
        lines.append(f"{'Page Size:':<41}{report.page_size}")
    for key, value in pages.items():
        if re.fullmatch(r"[A-Za-z][A-Za-z -]*", key):
            lines.append(f"{key + ' pages:':<41}{value}")
    for key, value in status.items():
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and re.fullmatch(r"[A-Za-z][A-Za-z -]*", key)
            and not key.endswith(" pages")
            and key not in HEADER_FIELDS
            and key != "Page Size"
        ):
            lines.append(f"{key + ':':<41}{value}")
    largest = report.largest_process
    lines.append(f"Largest process:   {largest[:NAME_WIDTH] if largest else ''}".rstrip())
    lines += ["", "Processes", TABLE_HEADER if fds_column else TABLE_HEADER_NO_FDS, ""]
    lines += [_render_row(p, fds_column=fds_column) for p in report.processes]
    if not fds_column:
        lines.append(END_LINE)
    return "\n".join(lines) + "\n"
