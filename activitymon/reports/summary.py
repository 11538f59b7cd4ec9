"""What ``activitymon report`` prints: a JSON-ready summary and a human one."""

from __future__ import annotations

from typing import Any

from activitymon.model import JetsamReport, band_label
from activitymon.reports.facts import has_bands, os_name, report_era
from activitymon.reports.sanity import damage
from activitymon.terminal import clean
from activitymon.units import MISSING, format_bytes

MIB = 1024 * 1024


def _process(report: JetsamReport, index: int) -> dict[str, Any]:
    p = report.processes[index]
    return {
        "pid": p.pid,
        "name": p.name,
        "rpages": p.rpages,
        "bytes": report.process_bytes(p),
        "priority": p.priority,
        "reason": p.reason,
        "states": list(p.states),
    }


def _plain(value: Any) -> Any:
    """JSON-safe copy (plist headers may hold dates or bytes)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def summarize(report: JetsamReport) -> dict[str, Any]:
    """The ``--json`` contract. Always present: ``format``, ``os_version``, ``product``,
    ``page_size``, ``largest_process``, ``memory_pages`` and ``processes`` (each with
    ``pid``, ``name``, ``rpages``, ``bytes``, ``priority``, ``reason``, ``states``),
    ``null`` where the format lacks a value. Added: ``page_size_known``, ``date``,
    ``kernel``, ``incident_id``, ``memory_status``, ``victims`` (kill order),
    ``partial`` and ``problems``."""
    era = report_era(report)
    victims = []
    for p in report.victims:
        victims.append(
            {
                "pid": p.pid,
                "name": p.name,
                "reason": p.reason,
                "priority": p.priority,
                "band": None if p.priority is None else band_label(p.priority, era),
                "rpages": p.rpages,
                "bytes": report.process_bytes(p),
                "kill_delta": p.kill_delta,
            }
        )
    return {
        "format": report.format.value,
        "os_version": os_name(report),
        "product": report.product,
        "page_size": report.page_size,
        "page_size_known": report.page_size_known,
        "largest_process": report.largest_process,
        "memory_pages": dict(report.memory_pages),
        "processes": [_process(report, i) for i in range(len(report.processes))],
        "date": report.date or report.timestamp,
        "kernel": report.kernel,
        "incident_id": report.incident_id,
        "memory_status": _plain(dict(report.memory_status)),
        "victims": victims,
        "partial": report.partial,
        "problems": list(report.problems),
    }


def _mb(pages: int, page_size: int) -> str:
    return f"{pages * page_size / MIB:,.1f} MB"


def format_summary(report: JetsamReport) -> str:
    """A few lines for a person: device, OS, page size, free and wired memory, the
    largest process, the victims with reason and band, the page breakdown in MB."""
    ps = report.page_size
    pages = report.memory_pages
    era = report_era(report)
    bands = has_bands(report)
    device = clean(report.product or "unknown device")
    os_text = clean(os_name(report) or "unknown OS")
    lines = [f"{device} — {os_text} — {clean(report.date or MISSING)}"]
    assumed = "" if report.page_size_known else ", assumed: the report gives none"
    lines.append(f"format {report.format.value}; page size {ps} bytes{assumed}")
    if report.partial:
        lines.append("PARTIAL: " + "; ".join(map(clean, report.problems)))
    else:
        notes = [clean(p) for p in damage(report)]
        if notes:
            lines.append("problems: " + "; ".join(notes))
    free = report.bytes_of(pages.get("free"))
    wired = report.bytes_of(pages.get("wired"))
    lines.append(f"free {format_bytes(free)}   wired {format_bytes(wired)}")
    largest = report.largest
    named = report.largest_process
    if largest is not None and (named is None or largest.name.startswith(named)):
        shown = f"{clean(largest.name)} ({format_bytes(report.process_bytes(largest))})"
    else:
        shown = clean(named or MISSING)
    lines.append(f"largest process: {shown}; {len(report.processes)} processes")
    victims = report.victims
    lines.append(f"victims ({len(victims)}, in kill order):" if victims else "victims: none")
    for p in victims:
        band = "band " + (band_label(p.priority, era) if p.priority is not None else MISSING)
        pid = MISSING if p.pid is None else str(p.pid)
        states = clean(",".join(p.states) or MISSING)
        lines.append(
            f"  {clean(p.name):<32} pid {pid:>6}  {format_bytes(report.process_bytes(p)):>9}"
            f"  {clean(p.reason)}  {band if bands else 'band ' + MISSING}  [{states}]"
        )
    if pages:
        lines.append("memory pages:")
        for name, count in pages.items():
            lines.append(f"  {clean(name):<14} {count:>10,} pages {_mb(count, ps):>12}")
    for key in ("compressorSize", "uncompressed"):
        value = report.memory_status.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            lines.append(f"  {key:<14} {value:>10,} pages {_mb(value, ps):>12}")
    return "\n".join(lines) + "\n"
