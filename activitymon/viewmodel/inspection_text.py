"""An inspection in words: the figures, the article's formula, the footprint's parts,
the vmmap-style map and summary, the story. ``activitymon inspect`` prints
:func:`render_inspection`; the inspector window shows the same rows in its widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import Killed, band_label
from activitymon.model.regions import MemoryRegion, RegionSummary
from activitymon.sources import SourceKind
from activitymon.units import MISSING, UnitSystem, format_bytes, format_duration
from activitymon.viewmodel.event_text import KIND_TITLES, event_detail
from activitymon.viewmodel.inspection import Inspection
from activitymon.viewmodel.map_schedule import MAP_PERIOD_S


@dataclass(frozen=True, slots=True)
class Row:
    """A labelled figure: its words, its value in words, the term explaining it."""

    label: str
    value: str
    term: str
    #: the number behind the value (bytes), for bars and sorting; ``None`` if unknown
    number: int | None = None


def band_text(i: Inspection) -> str:
    band = i.process.band
    if band is None:
        return MISSING
    return band_label(band, i.era) if i.era is not None else str(band)


def headline(i: Inspection) -> str:
    """``Game (pid 412) — frontmost, band 10 (FOREGROUND)`` or its death."""
    who = f"{i.name} (pid {i.pid})"
    if isinstance(i.end, Killed):
        return f"{who} — killed at {i.end.t:.1f} s ({i.end.reason.value})"
    if i.end is not None:
        return f"{who} — exited at {i.end.t:.1f} s"
    if not i.alive:
        return f"{who} — gone since {i.last_seen:.1f} s"
    state = i.state or MISSING
    if i.process.band is None:
        band = ""
    elif i.era is not None and i.era.is_priority_list:
        band = f", {band_text(i)}"  # "priority 16 …" says what it is
    else:
        band = f", band {band_text(i)}"
    return f"{who} — {state}{band}"


def status_line(i: Inspection) -> str:
    """Alive, its tombstone, or (a report) what the report recorded of its end."""
    where = f"source {i.source}, t = {i.t:.1f} s, followed since {i.first_seen:.1f} s"
    if i.alive:
        return f"Alive — {where}."
    if i.source == SourceKind.REPORTS and isinstance(i.end, Killed):
        return (
            f"Killed ({i.end.reason.value}), as this jetsam report recorded it: what the "
            "report holds about the process is shown, nothing more."
        )
    if i.end is not None:
        return (
            f"Tombstone — it ended at {i.end.t:.1f} s; its last figures, map and story "
            f"are kept here ({where})."
        )
    return f"Gone — not listed since {i.last_seen:.1f} s ({where})."


def figure_rows(i: Inspection, units: UnitSystem = UnitSystem.BINARY) -> list[Row]:
    p = i.process

    def b(value: int | None) -> str:
        return format_bytes(value, units)

    rows = [
        Row("Footprint", b(p.footprint_bytes), "footprint", p.footprint_bytes),
        Row("Resident (RSS)", b(i.rss_bytes), "rss", i.rss_bytes),
        Row("Compressed", b(p.compressed_bytes), "process-compressed", p.compressed_bytes),
        Row("Virtual", b(i.virtual_bytes), "virtual-size", i.virtual_bytes),
    ]
    limit = p.limit
    if limit is not None:
        kind = "fatal" if limit.fatal else "soft"
        rows.append(
            Row(
                "Limit now",
                f"{b(limit.bytes)} ({kind})",
                "fatal-limit" if limit.fatal else "soft-limit",
                limit.bytes,
            )
        )
        rows.append(Row("Warning at 80 %", b(i.warning_bytes), "limit_warning", i.warning_bytes))
    headroom = i.headroom_bytes
    if headroom is None:
        room = "no limit" if i.limits_known else "not recorded"
    elif headroom < 0:
        room = f"over by {b(-headroom)}"
    else:
        room = b(headroom)
    rows.append(Row("Headroom", room, "headroom", headroom))
    if i.available_bytes is not None:
        rows.append(
            Row(
                "os_proc_available_memory()",
                b(i.available_bytes),
                "headroom",
                i.available_bytes,
            )
        )
    if p.lifetime_max_bytes is not None:
        rows.append(Row("Lifetime peak", b(p.lifetime_max_bytes), "lifetime-max"))
    return rows


def formula_text(i: Inspection, units: UnitSystem = UnitSystem.BINARY) -> str | None:
    """The article's formula for this process: VSS = RSS + LSS + SwSS."""
    if not i.regions:
        return None
    total = i.total
    lazy = sum(r.lazy_bytes or 0 for r in i.regions)
    return (
        f"VSS {format_bytes(total.virtual_bytes, units)} = "
        f"RSS {format_bytes(total.resident_bytes, units)} + "
        f"LSS {format_bytes(lazy, units)} + "
        f"SwSS {format_bytes(total.swapped_bytes, units)}"
    )


def part_rows(i: Inspection, units: UnitSystem = UnitSystem.BINARY) -> list[Row]:
    if i.memory_map is None:
        return []
    return [
        Row(
            part.name,
            format_bytes(part.bytes, units),
            part.term,
            part.bytes,
        )
        for part in i.memory_map.parts
    ]


def sharing_rows(i: Inspection, units: UnitSystem = UnitSystem.BINARY) -> list[Row]:
    """Resident memory only this process maps, and memory it shares with others."""
    private = [r.private_bytes for r in i.regions if r.private_bytes is not None]
    shared = [r.shared_bytes for r in i.regions if r.shared_bytes is not None]
    if not private and not shared:
        return []
    return [
        Row(
            "private (resident)", format_bytes(sum(private), units), "private-memory", sum(private)
        ),
        Row("shared (resident)", format_bytes(sum(shared), units), "shared-memory", sum(shared)),
    ]


def region_cells(r: MemoryRegion, units: UnitSystem = UnitSystem.BINARY) -> tuple[str, ...]:
    return (
        r.type,
        f"{r.start:012x}-{r.end:012x}",
        format_bytes(r.virtual_bytes, units),
        format_bytes(r.resident_bytes, units),
        format_bytes(r.dirty_bytes, units),
        format_bytes(r.swapped_bytes, units),
        r.protection or MISSING,
        r.share_mode or MISSING,
        r.path or "",
    )


REGION_HEADERS = (
    "REGION TYPE",
    "START - END",
    "VIRTUAL",
    "RESIDENT",
    "DIRTY",
    "SWAPPED",
    "PRT/MAX",
    "SHRMOD",
    "REGION DETAIL",
)
SUMMARY_HEADERS = ("REGION TYPE", "COUNT", "VIRTUAL", "RESIDENT", "DIRTY", "SWAPPED")


def summary_cells(row: RegionSummary, units: UnitSystem = UnitSystem.BINARY) -> tuple[str, ...]:
    return (
        row.type,
        f"{row.count:,}",
        format_bytes(row.virtual_bytes, units),
        format_bytes(row.resident_bytes, units),
        format_bytes(row.dirty_bytes, units),
        format_bytes(row.swapped_bytes, units),
    )


def map_age_text(i: Inspection) -> str | None:
    """Which moment the map on show is of, on the source's clock, and how it is kept
    up (it is read now and then, not every tick); ``None`` without a map, or for a
    process that ended."""
    if i.map_t is None or i.memory_map is None or not i.alive:
        return None
    behind = i.t - i.map_t
    when = (
        f"Map of the moment shown (t = {i.t:.1f} s)"
        if behind < 0.05
        else f"Map read at t = {i.map_t:.1f} s, {format_duration(behind)} before the moment shown"
    )
    return (
        f"{when}; read again every {MAP_PERIOD_S:g} s while its figures change, sooner "
        "when they jump; Refresh reads it now"
    )


def map_lines(i: Inspection) -> list[str]:
    """What the map is and where it came from, or why there is none (one line each)."""
    m = i.memory_map
    out: list[str] = []
    if m is not None and m.regions:
        out.append(f"{len(m.regions):,} regions, read from {m.origin} at {i.map_t or 0:.1f} s")
    if m is not None:
        out.extend(m.notes)
        if m.problem is not None:
            out.append(m.problem)
    if i.map_note is not None:
        out.append(i.map_note)
    return out


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], left: int) -> list[str]:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    out = []
    for cells in [headers, *rows]:
        parts = [
            c.ljust(w) if n < left or n == len(headers) - 1 else c.rjust(w)
            for n, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        out.append("  ".join(parts).rstrip())
    return out


def render_inspection(
    i: Inspection, units: UnitSystem = UnitSystem.BINARY, *, regions: bool = True
) -> str:
    lines = [headline(i), status_line(i)]
    lines.append("")
    width = max(len(r.label) for r in figure_rows(i, units))
    lines += [f"  {r.label.ljust(width)}  {r.value}" for r in figure_rows(i, units)]
    lines += ["", "What its memory is made of"]
    formula = formula_text(i, units)
    if formula is not None:
        lines.append(f"  {formula}   (virtual = resident + lazy + swapped or compressed)")
    for row in part_rows(i, units):
        lines.append(f"  {row.label}: {row.value}")
    for row in sharing_rows(i, units):
        lines.append(f"  {row.label}: {row.value}")
    lines += ["", "Memory map"]
    lines += [f"  {line}" for line in map_lines(i)]
    if regions and i.regions:
        lines.append("")
        lines += _table(REGION_HEADERS, [region_cells(r, units) for r in i.regions], 2)
    if i.regions:
        lines.append("")
        rows = [summary_cells(row, units) for row in i.summary]
        rows.append(summary_cells(i.total, units))
        lines += _table(SUMMARY_HEADERS, rows, 1)
    lines += ["", f"History ({len(i.history)} changes since {i.first_seen:.1f} s)"]
    for p in i.history[-40:]:
        band = MISSING if p.band is None else str(p.band)
        lines.append(
            f"  {p.t:9.1f} s  footprint {format_bytes(p.footprint_bytes, units):>9}"
            f"  rss {format_bytes(p.rss_bytes, units):>9}  band {band:>3}  {p.state or MISSING}"
        )
    lines += ["", "Events"]
    lines += [
        f"  {e.t:9.1f} s  {KIND_TITLES[e.kind]}: {event_detail(e, units)}" for e in i.events
    ] or ["  none"]
    if i.lines:
        lines += ["", "What happened, in words"]
        lines += [f"  {line.text}" for line in i.lines]
    lines += ["", "Jetsam properties" if i.era is not None else "Properties"]
    lines += [f"  {p.name}: {p.value}   [{p.term}]" for p in i.properties] or ["  none known"]
    return "\n".join(lines) + "\n"
