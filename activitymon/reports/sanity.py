"""Hold every report a reader built to the values a device can write, whatever the file.

The readers keep what a file says; this pass, run on every report read from a file,
decides what can be believed (``jetsam-report-formats.md`` gives the fields):

* a count out of range (a negative page count, ``rpages`` of 10^400, a pid beyond
  2^31, a page size that is not a power of two from 512 bytes to 1 MiB) becomes
  ``None`` (the page size: the documented 4096) and a problem;
* a non-finite or out-of-range number, or a structure nested too deep, anywhere in the
  kept extras (``memoryStatus``, header, unknown keys) becomes ``None`` and a problem,
  so ``--json`` stays strict and the writers never fail;
* a known key whose value had the wrong type (the JetsamEvent reader keeps it aside,
  in ``extra``) becomes a problem;

each of these marks the report ``partial``. Entries that share a pid (and a kill
generation) are kept, and named in a problem.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from typing import Any

from activitymon.limits import HugeInt
from activitymon.model import JetsamReport, ReportProcess
from activitymon.model.text import shortened
from activitymon.strict_json import INT_LIMIT, MAX_DEPTH

PAGE_SIZE_RANGE = (512, 1 << 20)
#: more pages than this (4 PiB of 4 KiB pages) is no device's
MAX_PAGES = 1 << 40
_PID_RANGE = (0, (1 << 31) - 1)
_INT64 = (-(1 << 63), (1 << 63) - 1)
_INT32 = (-(1 << 31), (1 << 31) - 1)

#: ReportProcess field -> (JSON key, accepted range)
_PROCESS_RANGES: dict[str, tuple[str, tuple[int, int]]] = {
    "pid": ("pid", _PID_RANGE),
    "rpages": ("rpages", (0, MAX_PAGES)),
    "lifetime_max": ("lifetimeMax", (0, MAX_PAGES)),
    "purgeable": ("purgeable", (0, MAX_PAGES)),
    "fds": ("fds", (0, _INT32[1])),
    "age": ("age", _INT64),
    "coalition": ("coalition", _INT64),
    "priority": ("priority", _INT32),
    "kill_delta": ("killDelta", _INT64),
    "gen_count": ("genCount", _INT64),
    "idle_delta": ("idleDelta", _INT64),
}
#: the JSON keys a JetsamEvent process entry types (see ``jetsam_json``)
_PROCESS_TYPES: dict[str, str] = {
    "name": "a string",
    "pid": "an integer",
    "uuid": "a string",
    "rpages": "an integer",
    "lifetimeMax": "an integer",
    "purgeable": "an integer",
    "fds": "an integer",
    "cpuTime": "a number",
    "age": "an integer",
    "coalition": "an integer",
    "priority": "an integer",
    "reason": "a string",
    "states": "a list of strings",
    "killDelta": "an integer",
    "genCount": "an integer",
    "idleDelta": "an integer",
    "physicalPages": "an object",
}
_BODY_TYPES: dict[str, str] = {
    "crashReporterKey": "a string",
    "kernel": "a string",
    "product": "a string",
    "incident": "a string",
    "date": "a string",
    "build": "a string",
    "timeDelta": "an integer",
    "largestProcess": "a string",
    "genCounter": "an integer",
}
#: problems every reader may note that say nothing is wrong with the file
_BENIGN = ("no page size in the report",)
_MAX_NOTES = 40


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, HugeInt):
        return str(value)
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _scrub(value: Any, notes: list[str], where: str, depth: int = 0) -> Any:
    """``value`` itself when it is sound; else a copy with the unsound parts ``None``."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        if -INT_LIMIT <= value < INT_LIMIT:
            return value
        notes.append(f"{where}: integer out of range (beyond ±2^63)")
        return None
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        if isinstance(value, HugeInt):
            notes.append(f"{where}: {value}, out of range")
        else:
            notes.append(f"{where}: {value} is not a finite number")
        return None
    if isinstance(value, dict | list):
        if depth >= MAX_DEPTH:
            notes.append(f"{where}: nested more than {MAX_DEPTH} levels deep")
            return None
        if isinstance(value, dict):
            out = {k: _scrub(v, notes, f"{where}.{k}", depth + 1) for k, v in value.items()}
            return value if all(out[k] is v for k, v in value.items()) else out
        items = [_scrub(v, notes, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def _in(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _label(index: int, p: ReportProcess) -> str:
    name = shortened(p.name, 40)
    return f"processes[{index}] ({name})" if name else f"processes[{index}]"


def _process(p: ReportProcess, index: int, notes: list[str]) -> ReportProcess:
    changes: dict[str, Any] = {}
    where = _label(index, p)
    for name, (key, bounds) in _PROCESS_RANGES.items():
        value = getattr(p, name)
        if isinstance(value, int) and not _in(value, bounds):
            changes[name] = None
            notes.append(f"{where}.{key}: out of range (expected {bounds[0]} to {bounds[1]})")
    if isinstance(p.cpu_time, float) and not math.isfinite(p.cpu_time):
        changes["cpu_time"] = None
        notes.append(f"{where}.cpuTime: {p.cpu_time} is not a finite time")
    for key, value in p.extra.items():
        expected = _PROCESS_TYPES.get(key)
        if expected is not None and p.key_order and not isinstance(value, HugeInt):
            # a JSON entry's key with the wrong type (a huge integer: noted below)
            notes.append(f"{where}.{key}: expected {expected}, got {_kind(value)}")
    extra = _scrub(dict(p.extra), notes, where)
    if any(extra[k] is not v for k, v in p.extra.items()):
        changes["extra"] = extra
    if p.physical_pages is not None:
        pages = _scrub(dict(p.physical_pages), notes, f"{where}.physicalPages")
        if any(pages[k] is not v for k, v in p.physical_pages.items()):
            changes["physical_pages"] = pages
    return dataclasses.replace(p, **changes) if changes else p


def _duplicates(processes: tuple[ReportProcess, ...]) -> list[str]:
    counts = Counter((p.pid, p.gen_count) for p in processes if p.pid is not None)
    repeated = [(pid, n) for (pid, _), n in counts.items() if n > 1]
    if not repeated:
        return []
    shown = ", ".join(f"pid {pid} ×{n}" for pid, n in repeated[:5])
    more = f" and {len(repeated) - 5} more" if len(repeated) > 5 else ""
    total = sum(n for _, n in repeated)
    return [
        f"{total} process entries share a pid with another entry ({shown}{more}); "
        "each is kept as its own row"
    ]


def check_report(report: JetsamReport) -> JetsamReport:
    """The report with every unbelievable value replaced and named in ``problems``."""
    notes: list[str] = []
    changes: dict[str, Any] = {}
    if report.page_size_known and not (
        _in(report.page_size, PAGE_SIZE_RANGE) and report.page_size & (report.page_size - 1) == 0
    ):
        notes.append(
            f"page size {report.page_size} is not a power of two from "
            f"{PAGE_SIZE_RANGE[0]} to {PAGE_SIZE_RANGE[1]}; assumed 4096 bytes"
        )
        changes.update(page_size=4096, page_size_known=False)
    pages = {
        k: v
        for k, v in report.memory_pages.items()
        if isinstance(v, int) and _in(v, (0, MAX_PAGES))
    }
    for key in (k for k in report.memory_pages if k not in pages):  # in file order
        notes.append(f"memoryPages.{key}: out of range (expected 0 to {MAX_PAGES})")
    if len(pages) != len(report.memory_pages):
        changes["memory_pages"] = pages
    for name in ("time_delta", "gen_counter"):
        value = getattr(report, name)
        if isinstance(value, int) and not _in(value, _INT64):
            changes[name] = None
            notes.append(f"{name}: out of range")
    if "pageSize" in report.memory_status:
        notes.append(
            f"memoryStatus.pageSize: expected a positive integer, "
            f"got {_kind(report.memory_status['pageSize'])}"
        )
    if report.body_keys:  # read from JSON: known keys kept aside had the wrong type
        for key, value in report.extra.items():
            if key in _BODY_TYPES and not isinstance(value, HugeInt):
                notes.append(f"{key}: expected {_BODY_TYPES[key]}, got {_kind(value)}")
    for name in ("memory_status", "extra", "header"):
        value = dict(getattr(report, name))
        safe = _scrub(value, notes, {"memory_status": "memoryStatus"}.get(name, name))
        if any(safe[k] is not v for k, v in value.items()):
            changes[name] = safe
    processes = tuple(_process(p, i, notes) for i, p in enumerate(report.processes))
    if any(a is not b for a, b in zip(processes, report.processes, strict=True)):
        changes["processes"] = processes
    duplicates = _duplicates(report.processes)
    if not notes and not duplicates:
        return report
    if len(notes) > _MAX_NOTES:
        notes = [*notes[: _MAX_NOTES - 1], f"… and {len(notes) - _MAX_NOTES + 1} more problems"]
    return dataclasses.replace(
        report,
        partial=report.partial or bool(notes),
        problems=(*report.problems, *notes, *duplicates),
        **changes,
    )


def damage(report: JetsamReport) -> list[str]:
    """The problems worth a warning: all but the notes every legacy report carries."""
    return [p for p in report.problems if not p.startswith(_BENIGN)]
