"""The process table as text, without Qt: CSV with raw numbers (File → Export
Processes…, ``snapshot --csv``) and TSV of what is shown (Copy).

The CSV has one column per value of the table the source can know (and the limit that
applies now, which the headroom is measured against), named with its unit
(``footprint (bytes)``, ``cpu (%)``): numbers are written whole, never formatted, so a
spreadsheet or a script reads them back exactly; an unknown value is an empty cell.
Limits are two columns (the bytes and whether the limit is fatal); states are the
state names joined by ``;``; a band has its number and, where the device has names for
bands, its name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from activitymon.model import Era, MemoryLimit, ProcessInfo, ProcessState, band_name
from activitymon.sources import Capability

Raw = int | float | str | bool | None


@dataclass(frozen=True)
class CsvField:
    header: str
    get: Callable[[ProcessInfo, Era | None], Raw]
    needs: Capability | None = None


def _limit_bytes(limit: MemoryLimit | None) -> int | None:
    return None if limit is None else limit.bytes


def _limit_fatal(limit: MemoryLimit | None) -> bool | None:
    return None if limit is None else limit.fatal


def _band_name(p: ProcessInfo, era: Era | None) -> str | None:
    if p.band is None or era is None:
        return None
    name = band_name(p.band, era)
    return None if name == str(p.band) else name


def states_text(states: Iterable[ProcessState]) -> str:
    """State names in ``ProcessState`` order, joined by ``;``."""
    present = set(states)
    return ";".join(s.value for s in ProcessState if s in present)


CSV_FIELDS: tuple[CsvField, ...] = (
    CsvField("pid", lambda p, _: p.pid),
    CsvField("name", lambda p, _: p.name),
    CsvField("footprint (bytes)", lambda p, _: p.footprint_bytes, Capability.FOOTPRINT),
    CsvField("rss (bytes)", lambda p, _: p.rss_bytes, Capability.RSS),
    CsvField("compressed (bytes)", lambda p, _: p.compressed_bytes, Capability.COMPRESSED),
    CsvField("band", lambda p, _: p.band, Capability.BANDS),
    CsvField("band name", _band_name, Capability.BANDS),
    CsvField("limit (bytes)", lambda p, _: _limit_bytes(p.limit), Capability.LIMITS),
    CsvField("limit fatal", lambda p, _: _limit_fatal(p.limit), Capability.LIMITS),
    CsvField("active limit (bytes)", lambda p, _: _limit_bytes(p.active_limit), Capability.LIMITS),
    CsvField("active limit fatal", lambda p, _: _limit_fatal(p.active_limit), Capability.LIMITS),
    CsvField(
        "inactive limit (bytes)", lambda p, _: _limit_bytes(p.inactive_limit), Capability.LIMITS
    ),
    CsvField(
        "inactive limit fatal", lambda p, _: _limit_fatal(p.inactive_limit), Capability.LIMITS
    ),
    CsvField("headroom (bytes)", lambda p, _: p.headroom_bytes, Capability.LIMITS),
    CsvField("limit origin", lambda p, _: p.limit_origin, Capability.LIMITS),
    CsvField("oom_score_adj", lambda p, _: p.oom_score_adj, Capability.OOM_SCORE),
    CsvField("oom_score", lambda p, _: p.oom_score, Capability.OOM_SCORE),
    CsvField("states", lambda p, _: states_text(p.states)),
    CsvField("cpu (%)", lambda p, _: p.cpu_percent, Capability.CPU),
    CsvField("lifetime max (bytes)", lambda p, _: p.lifetime_max_bytes, Capability.LIFETIME_MAX),
    CsvField("user", lambda p, _: p.user),
    CsvField("kill reason", lambda p, _: p.kill_reason, Capability.REPLAY),
)


def csv_fields(capabilities: frozenset[Capability]) -> tuple[CsvField, ...]:
    """The fields a source with these capabilities can fill."""
    return tuple(f for f in CSV_FIELDS if f.needs is None or f.needs in capabilities)


def _cell(value: Raw) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float
    return str(value)


def write_csv(
    processes: Sequence[ProcessInfo],
    out: TextIO,
    capabilities: frozenset[Capability],
    era: Era | None = None,
) -> int:
    """Write the processes as CSV (a header row, then one row each); the row count."""
    fields = csv_fields(capabilities)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.header for f in fields])
    for p in processes:
        writer.writerow([_cell(f.get(p, era)) for f in fields])
    return len(processes)


def csv_text(
    processes: Sequence[ProcessInfo], capabilities: frozenset[Capability], era: Era | None = None
) -> str:
    out = io.StringIO()
    write_csv(processes, out, capabilities, era)
    return out.getvalue()


def _tsv_cell(text: str) -> str:
    """One cell of TSV: tabs and line breaks inside it become spaces."""
    return " ".join(text.replace("\t", " ").splitlines()) if text else ""


def tsv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Rows of shown texts as tab-separated lines, the header first (what Copy puts on
    the clipboard: a spreadsheet pastes it as cells)."""
    lines = ["\t".join(_tsv_cell(h) for h in header)]
    lines += ["\t".join(_tsv_cell(c) for c in row) for row in rows]
    return "\n".join(lines) + "\n"
