"""What a jetsam report holds about one process, said as such (issue 25 item 4).

A report records no memory map: for each process it has its footprint in pages
(``rpages``), its lifetime peak, purgeable pages, on newer devices its physical
pages split (``physicalPages``), its priority band, states and, for a victim, why it
was killed. :func:`report_map` gives those as the notes of an empty
:class:`~activitymon.model.regions.MemoryMap` (and the footprint's parts it can
name), so the inspector says exactly what the report knows and nothing more.
"""

from __future__ import annotations

from activitymon.model import JetsamReport, ReportProcess
from activitymon.model.regions import FootprintPart, MemoryMap


def _pages(report: JetsamReport, pages: int | None) -> str:
    if pages is None:
        return "not recorded"
    return f"{pages:,} pages × {report.page_size:,} bytes = {pages * report.page_size:,} bytes"


def report_map(pid: int, report: JetsamReport, entry: ReportProcess, path: str) -> MemoryMap:
    notes = [
        f"A jetsam report records no memory map. For this process, {path} holds:",
        f"footprint (rpages): {_pages(report, entry.rpages)}",
        f"lifetime peak (lifetimeMax): {_pages(report, entry.lifetime_max)}",
        f"purgeable: {_pages(report, entry.purgeable)}",
    ]
    parts: list[FootprintPart] = []
    physical = entry.physical_pages or {}
    for key, value in physical.items():
        if isinstance(value, list) and all(isinstance(v, int) for v in value):
            notes.append(f"physicalPages {key}: {', '.join(f'{v:,}' for v in value)} pages")
    internal = physical.get("internal")
    if (
        isinstance(internal, list)
        and len(internal) == 2
        and all(isinstance(v, int) for v in internal)
    ):
        resident, compressed = internal
        parts += [
            FootprintPart("internal, resident", resident * report.page_size, True),
            FootprintPart(
                "internal, compressed", compressed * report.page_size, True, "process-compressed"
            ),
        ]
    notes.append(
        "priority band: " + ("not recorded" if entry.priority is None else str(entry.priority))
    )
    notes.append("states: " + (", ".join(entry.states) if entry.states else "none recorded"))
    notes.append("limit: jetsam reports do not record a process's memory limit")
    if entry.reason is not None:
        notes.append(f"killed: {entry.reason}")
    return MemoryMap(pid, f"jetsam report {path}", notes=tuple(notes), parts=tuple(parts))
