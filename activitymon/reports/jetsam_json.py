"""JetsamEvent JSON bodies (bug_type 298) to and from :class:`JetsamReport`.

Unknown keys are kept (``extra``) and key order is remembered (``body_keys``,
``memory_status_keys``, ``ReportProcess.key_order``) so that a report read from a
file is written back with the same fields, order and value types. A known key whose
value has an unexpected type is kept verbatim in ``extra`` and its field stays
``None``, so nothing is lost and nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from activitymon.model import JetsamReport, ReportFormat, ReportProcess
from activitymon.reports.apple_json import dump_body, dump_header

DEFAULT_PAGE_SIZE = 4096

#: top-level body keys, in the order of the iOS 10–14 reports
BODY_ORDER = (
    "crashReporterKey",
    "kernel",
    "product",
    "incident",
    "date",
    "build",
    "timeDelta",
    "memoryStatus",
    "largestProcess",
    "genCounter",
    "processes",
)
#: ``memoryStatus`` keys, in the order of the iOS 11–14 reports
MEMORY_STATUS_ORDER = (
    "compressorSize",
    "compressions",
    "decompressions",
    "zoneMapCap",
    "largestZone",
    "largestZoneSize",
    "pageSize",
    "uncompressed",
    "zoneMapSize",
    "memoryPages",
)
#: ``memoryPages`` keys, in the order every fixture uses
MEMORY_PAGES_ORDER = (
    "active",
    "throttled",
    "fileBacked",
    "wired",
    "anonymous",
    "purgeable",
    "inactive",
    "free",
    "speculative",
)
#: process keys: the most common order of the iOS 14.2 report, with the keys of a
#: killed entry (killDelta, genCount, reason) where that report puts them
PROCESS_ORDER = (
    "uuid",
    "states",
    "lifetimeMax",
    "killDelta",
    "age",
    "purgeable",
    "fds",
    "genCount",
    "coalition",
    "rpages",
    "priority",
    "reason",
    "physicalPages",
    "pid",
    "idleDelta",
    "name",
    "cpuTime",
)
HEADER_ORDER = ("bug_type", "timestamp", "os_version", "incident_id")

# JSON key -> (ReportProcess field, expected type)
_PROCESS_FIELDS: dict[str, tuple[str, type | tuple[type, ...]]] = {
    "name": ("name", str),
    "pid": ("pid", int),
    "uuid": ("uuid", str),
    "rpages": ("rpages", int),
    "lifetimeMax": ("lifetime_max", int),
    "purgeable": ("purgeable", int),
    "fds": ("fds", int),
    "cpuTime": ("cpu_time", (int, float)),
    "age": ("age", int),
    "coalition": ("coalition", int),
    "priority": ("priority", int),
    "reason": ("reason", str),
    "states": ("states", list),
    "killDelta": ("kill_delta", int),
    "genCount": ("gen_count", int),
    "idleDelta": ("idle_delta", int),
    "physicalPages": ("physical_pages", dict),
}
_BODY_FIELDS: dict[str, tuple[str, type]] = {
    "crashReporterKey": ("crash_reporter_key", str),
    "kernel": ("kernel", str),
    "product": ("product", str),
    "incident": ("incident_id", str),
    "date": ("date", str),
    "build": ("build", str),
    "timeDelta": ("time_delta", int),
    "largestProcess": ("largest_process", str),
    "genCounter": ("gen_counter", int),
}
_HEADER_FIELDS = {
    "bug_type": "bug_type",
    "timestamp": "timestamp",
    "os_version": "os_version",
    "incident_id": "incident_id",
}


def _typed(value: Any, kind: type | tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return kind is bool
    return isinstance(value, kind)


def process_from_json(entry: Mapping[str, Any]) -> ReportProcess:
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in entry.items():
        known = _PROCESS_FIELDS.get(key)
        if known is None or not _typed(value, known[1]):
            extra[key] = value
            continue
        name, _ = known
        if name == "states":
            if not all(isinstance(s, str) for s in value):
                extra[key] = value
                continue
            fields[name] = tuple(value)
        else:
            fields[name] = value
    return ReportProcess(name=fields.pop("name", ""), extra=extra, key_order=tuple(entry), **fields)


def _process_values(p: ReportProcess) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, (name, _) in _PROCESS_FIELDS.items():
        value = getattr(p, name)
        if name == "states":
            value = list(value)
        elif name == "physical_pages" and value is not None:
            value = dict(value)
        elif value is None:
            continue
        values[key] = value
    return values


def _ordered(
    values: Mapping[str, Any], extra: Mapping[str, Any], order: Iterable[str]
) -> list[tuple[str, Any]]:
    """Known values and extra keys in ``order``, then whatever ``order`` did not name."""
    merged = dict(extra)
    merged.update(values)  # a typed field wins over a stale extra
    items: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for key in order:
        if key in merged and key not in seen:
            items.append((key, merged[key]))
            seen.add(key)
    items.extend((k, v) for k, v in merged.items() if k not in seen)
    return items


def process_to_json(p: ReportProcess) -> dict[str, Any]:
    values = _process_values(p)
    if p.key_order:
        # an entry read from a file: an empty name or state list is the model's
        # default, not the file's; the file had no such key (do not invent one), or
        # one of another type, kept in extra (write that back)
        for key, empty in (("name", p.name == ""), ("states", not p.states)):
            if empty and (key not in p.key_order or key in p.extra):
                values.pop(key, None)
    return dict(_ordered(values, p.extra, p.key_order or PROCESS_ORDER))


def report_from_body(
    body: Mapping[str, Any],
    *,
    header: Mapping[str, Any] | None,
    float_digits: int | None = 17,
    partial: bool = False,
    problems: Iterable[str] = (),
) -> JetsamReport:
    """Build a report from a parsed body (and header, for ``.ips``)."""
    notes = list(problems)
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in body.items():
        known = _BODY_FIELDS.get(key)
        if known is not None and _typed(value, known[1]):
            fields[known[0]] = value
        elif key not in ("memoryStatus", "processes"):
            extra[key] = value

    status_in = body.get("memoryStatus")
    page_size, page_size_known = DEFAULT_PAGE_SIZE, False
    memory_pages: dict[str, int] = {}
    memory_status: dict[str, Any] = {}
    status_keys: tuple[str, ...] = ()
    if isinstance(status_in, dict):
        status_keys = tuple(status_in)
        for key, value in status_in.items():
            if key == "pageSize" and _typed(value, int) and value > 0:
                page_size, page_size_known = value, True
            elif key == "memoryPages" and isinstance(value, dict):
                for name, count in value.items():
                    if _typed(count, int):
                        memory_pages[name] = count
                    else:
                        notes.append(f"memoryPages.{name} is not a page count")
            else:
                memory_status[key] = value
    elif "memoryStatus" in body:
        extra["memoryStatus"] = status_in
        notes.append("memoryStatus is not an object")
    if not page_size_known:
        notes.append(f"no page size in the report; assumed {DEFAULT_PAGE_SIZE} bytes")

    processes: list[ReportProcess] = []
    procs_in = body.get("processes")
    if isinstance(procs_in, list):
        skipped = 0
        for entry in procs_in:
            if isinstance(entry, dict):
                processes.append(process_from_json(entry))
            else:
                skipped += 1
        if skipped:
            notes.append(f"{skipped} process entries are not objects and were skipped")
    elif "processes" in body:
        extra["processes"] = procs_in
        notes.append("processes is not a list")

    head = dict(header or {})
    for key, name in _HEADER_FIELDS.items():
        value = head.get(key)
        if isinstance(value, str):
            fields[name] = value
    return JetsamReport(
        format=ReportFormat.JETSAM_IPS if header is not None else ReportFormat.JETSAM_JSON,
        page_size=page_size,
        page_size_known=page_size_known,
        memory_pages=memory_pages,
        memory_status=memory_status,
        processes=tuple(processes),
        header=head,
        extra=extra,
        partial=partial,
        problems=tuple(notes),
        body_keys=tuple(body),
        memory_status_keys=status_keys,
        float_digits=float_digits,
        **fields,
    )


def _memory_status(report: JetsamReport) -> dict[str, Any]:
    values: dict[str, Any] = dict(report.memory_status)
    if report.page_size_known:
        values["pageSize"] = report.page_size
    if report.memory_pages or not report.memory_status_keys:
        pages = report.memory_pages
        if not report.memory_status_keys:  # built, not read: use the devices' order
            pages = dict(_ordered(pages, {}, MEMORY_PAGES_ORDER))
        values["memoryPages"] = dict(pages)
    if "memoryPages" in report.memory_status_keys:
        values.setdefault("memoryPages", {})
    return dict(_ordered(values, {}, report.memory_status_keys or MEMORY_STATUS_ORDER))


def body_items(report: JetsamReport) -> list[tuple[str, Any]]:
    values: dict[str, Any] = {}
    for key, (name, _) in _BODY_FIELDS.items():
        value = getattr(report, name)
        if value is not None:
            values[key] = value
    read = bool(report.body_keys)
    if not read or "memoryStatus" in report.body_keys:
        values["memoryStatus"] = _memory_status(report)
    if not read or "processes" in report.body_keys or report.processes:
        values["processes"] = [process_to_json(p) for p in report.processes]
    return _ordered(values, report.extra, report.body_keys or BODY_ORDER)


def header_items(report: JetsamReport) -> dict[str, Any]:
    """A read report keeps its header's keys (values updated from the fields); a built
    one gets ``bug_type``, ``timestamp``, ``os_version``, ``incident_id``."""
    values: dict[str, Any] = {}
    for key, name in _HEADER_FIELDS.items():
        value = getattr(report, name)
        if value is not None and (not report.header or key in report.header):
            values[key] = value
    if not report.header:
        values.setdefault("bug_type", "298")
    order = tuple(report.header) or HEADER_ORDER
    return dict(_ordered(values, report.header, order))


def render_json(report: JetsamReport, *, with_header: bool) -> str:
    body = dump_body(body_items(report), report.float_digits)
    if not with_header:
        return body
    return dump_header(header_items(report)) + "\n" + body
