"""The legacy LowMemory text report (iPhone OS 3 – iOS 8) to and from :class:`JetsamReport`.

Layout (iOS 7, ``jetsam-report-formats.md`` §3): ``Key: value`` header lines, a
blank line, ``Label: count`` memory lines (pages), ``Largest process:``, then a
``Processes`` table whose rows are anchored on a 32-hex ``<uuid>``. After the uuid
come 1 (iPhone OS 3/4: rpages), 2 (iOS 6.1: rpages, recent_max — no fds column),
3 (iOS 7: rpages, recent_max, fds) or 6 (iOS 8: CPU time, rpages, purgeable,
recent_max, lifetime_max, fds) columns, ``-`` for a missing value, then an optional
``[reason]`` and ``(state)`` tokens. The iOS 6 table ends with a ``**End**`` line.

iOS 7 text has no page size: 4096 bytes is assumed and ``page_size_known`` is False.
The writer (:mod:`activitymon.reports.lowmemory_writer`) produces the iOS 7 layout,
or the iOS 6.1 one (no fds column, ``**End**``) when no process has an fds count; a
report whose page size is known gets the iOS 8 ``Page Size:`` line so that it reads
back the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from activitymon.limits import MAX_INT_DIGITS
from activitymon.model import JetsamReport, ReportFormat, ReportProcess
from activitymon.reports.lenient import is_elided

DEFAULT_PAGE_SIZE = 4096
NAME_WIDTH = 16
ZERO_UUID = "0" * 32

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

#: the iOS 6.1 table (no fds column): the iOS 7 header without "fds", so ``[reason]``
#: starts where the rows' reasons do (an estimate of the article's spacing)
TABLE_HEADER_NO_FDS = (
    "     Name                    <UUID>                       rpages       recent_max"
    "   [reason]          (state)"
)
#: where the value of a memory line starts: iOS 7 and later pad labels to 41 columns;
#: the iOS 6.1 block pads them to 19, the width of "Largest process:   "
MEMORY_WIDTH = 41
MEMORY_WIDTH_IOS6 = 19
END_LINE = "**End**"

_HEX = frozenset("0123456789abcdefABCDEF")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LABEL_CHARS = _LETTERS | {" "}
_MEMORY_LABEL_CHARS = _LETTERS | {" ", "-"}
#: how many ``<`` of one line are tried as the start of the uuid column
_MAX_UUID_TRIES = 8

# Every line is parsed by hand, in time linear in its length: the regular
# expressions this replaces backtracked quadratically or cubically on long runs of
# spaces, digits or brackets (a 49 KB line took minutes).


def _label_value(line: str, chars: frozenset[str]) -> tuple[str, str] | None:
    """``Label: value`` with a label of ``chars`` starting with a letter."""
    colon = line.find(":")
    label = line[:colon]
    if colon < 1 or label[0] not in _LETTERS or not chars.issuperset(label):
        return None
    return label.rstrip(), line[colon + 1 :].strip()


def _is_count(text: str) -> bool:
    digits = text.removeprefix("-")
    return digits.isascii() and digits.isdigit()


def _count(text: str) -> int | None:
    """A count of at most ``MAX_INT_DIGITS`` digits; ``None`` when longer."""
    return int(text) if len(text.removeprefix("-")) <= MAX_INT_DIGITS else None


def _number_end(text: str, start: int) -> int:
    """End of ``-?\\d+(\\.\\d+)?`` or ``-`` at ``start`` (``-1`` when there is none)."""
    i, n = start, len(text)
    if i < n and text[i] == "-":
        i += 1
        if i == n or text[i].isspace() or text[i] in "[(":
            return i  # a lone "-": a missing value
    digits = i
    while i < n and "0" <= text[i] <= "9":
        i += 1
    if i == digits:
        return -1
    if i + 1 < n and text[i] == "." and "0" <= text[i + 1] <= "9":
        i += 1
        while i < n and "0" <= text[i] <= "9":
            i += 1
    return i


@dataclass(frozen=True)
class _RowText:
    name: str
    uuid: str
    numbers: list[str]
    reason: str | None
    states: list[str]


def _after_uuid(name: str, uuid: str, rest: str) -> _RowText | None:
    numbers: list[str] = []
    i, n = 0, len(rest)
    while True:
        j = i
        while j < n and rest[j].isspace():
            j += 1
        if j in (i, n):
            i = j
            break
        end = _number_end(rest, j)
        if end < 0 or (end < n and not (rest[end].isspace() or rest[end] in "[(")):
            break
        numbers.append(rest[j:end])
        i = end
    tail = rest[i:].strip()
    reason: str | None = None
    if tail.startswith("["):
        close = tail.find("]")
        if close < 0:
            return None
        reason, tail = tail[1:close], tail[close + 1 :].lstrip()
    states: list[str] = []
    while tail:
        close = tail.find(")")
        if not tail.startswith("(") or close < 0:
            return None
        states.append(tail[1:close].strip())
        tail = tail[close + 1 :].lstrip()
    return _RowText(name, uuid, numbers, reason or None, states)


def _row_text(line: str) -> _RowText | None:
    """A process row: ``name <32 hex> numbers [reason] (state)…``, or ``None``."""
    start = line.find("<")
    for _ in range(_MAX_UUID_TRIES):
        if start < 0:
            return None
        uuid = line[start + 1 : start + 33]
        if len(uuid) == 32 and _HEX.issuperset(uuid) and line[start + 33 : start + 34] == ">":
            row = _after_uuid(line[:start].strip(), uuid, line[start + 34 :])
            if row is not None:
                return row
        start = line.find("<", start + 1)
    return None


def looks_like_lowmemory(text: str) -> bool:
    return ("Free pages:" in text or "Largest process:" in text) and (
        "Processes" in text or any(_row_text(line) for line in text.split("\n", 200)[:200])
    )


def _int(text: str) -> int | None:
    return None if text == "-" or not _is_count(text) else _count(text)


def _row(match: _RowText) -> ReportProcess | str:
    numbers = match.numbers
    too_long = [x for x in numbers if x != "-" and len(x.lstrip("-")) > MAX_INT_DIGITS]
    if too_long:
        return f"row {match.name[:40]!r}: a number of {len(too_long[0])} digits is out of range"
    uuid = match.uuid.lower()
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
        return f"row with {len(numbers)} number columns not understood: {match.name[:40]!r}"
    return ReportProcess(
        name=match.name,
        uuid=None if uuid == ZERO_UUID else uuid,
        reason=match.reason,
        states=tuple(match.states),
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
        if is_elided(line):
            self.elided += 1
        elif line.strip() == END_LINE:
            self.section = "end"
        elif line.strip() == "Processes":
            self.section = "table"
        elif self.section != "table" and line.startswith("Largest process:"):
            self.fields["largest_process"] = line.removeprefix("Largest process:").strip() or None
            self.section = "memory"
        elif "<" in line and (row := _row_text(line)) is not None:
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
        head = _label_value(line, _LABEL_CHARS)
        if head is None or self.section != "header":
            return False
        name = HEADER_FIELDS.get(head[0])
        if name is None:
            # another header line of an older or newer layout, unless it is a count
            return _memory_line(line) is None
        value: Any = head[1]
        if name == "time_delta":
            ms = value.removesuffix("ms").rstrip()
            value = _count(ms) if value.endswith("ms") and _is_count(ms) else None
            if value is None:
                self.problems.append(f"Time since snapshot not understood: {head[1][:40]!r}")
        self.fields[name] = value
        return True

    def _memory(self, line: str) -> bool:
        memory = _memory_line(line)
        if memory is None or self.section == "table":
            return False
        label, count = memory
        if count is None:
            self.problems.append(f"{label[:40]}: a number of more than {MAX_INT_DIGITS} digits")
            self.unread += 1
            return True
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


def _memory_line(line: str) -> tuple[str, int | None] | None:
    """``Label: count`` (a label of letters, spaces and hyphens); the count is ``None``
    when it has more than ``MAX_INT_DIGITS`` digits."""
    pair = _label_value(line, _MEMORY_LABEL_CHARS)
    if pair is None or not _is_count(pair[1]):
        return None
    return pair[0], _count(pair[1])


def parse_lowmemory(
    text: str,
    *,
    fmt: ReportFormat = ReportFormat.LOWMEMORY_TEXT,
    header: dict[str, Any] | None = None,
    whole_file: bool = False,
) -> JetsamReport:
    """Read the text. Lines that fit no part of the layout are counted as problems
    (and make the report partial); raises ``ValueError`` when nothing was found.

    ``whole_file``: the text is a whole file, whose last line a device ends with a
    newline; a last line without one was cut (perhaps mid-number: ``1113`` read as
    ``11``), so the report is marked partial."""
    reading = _Reading()
    for raw in text.split("\n"):
        line = raw.rstrip()
        if line.strip():
            reading.line(line)
    if not reading.processes and not reading.memory_pages:
        raise ValueError("no memory counts and no process rows found")
    problems = list(reading.problems)
    cut = bool(problems)  # a row or a count that could not be read
    if whole_file and not text.endswith("\n"):
        cut = True
        problems.append("the file ends in the middle of a line (cut short?)")
    if reading.section not in ("table", "end"):
        cut = True
        problems.append("no process table (the report was cut short?)")
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
        partial=bool(reading.elided or reading.unread or cut),
        problems=tuple(problems),
        float_digits=None,
        **reading.fields,
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None
