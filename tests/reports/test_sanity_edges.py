"""The sanity pass at the edge of each bound (jetsam-report-formats.md §4: pids are
32-bit, page counts of a device stay under 2^40, ages and deltas are 64-bit Mach ticks,
``priority`` a 32-bit band, a page size a power of two from 512 bytes to 1 MiB): the
value at the bound is kept with no problem, one past it becomes ``None`` with the
one-line problem that names the key and the range. Each report is a bare JetsamEvent
body written out as text."""

from __future__ import annotations

import json
from typing import Any

from activitymon.model import JetsamReport
from activitymon.reports import parse_report

INT64_MIN, INT64_MAX = -9223372036854775808, 9223372036854775807
STATUS = '"memoryStatus" : {"pageSize" : 16384, "memoryPages" : {"free" : 3}}'


def _report(processes: list[dict[str, Any]], status: str = STATUS, **top: Any) -> JetsamReport:
    extra = "".join(f', "{k}" : {json.dumps(v)}' for k, v in top.items())
    return parse_report(f'{{{status}, "processes" : {json.dumps(processes)}{extra}}}')


def test_memory_pages_from_0_to_2_40() -> None:
    status = '"memoryStatus" : {"memoryPages" : {"free" : 0, "wired" : 1099511627776}}'
    report = _report([], status)
    assert dict(report.memory_pages) == {"free": 0, "wired": 1099511627776}
    assert report.problems == ("no page size in the report; assumed 4096 bytes",)
    status = '"memoryStatus" : {"memoryPages" : {"free" : -1, "wired" : 1099511627777}}'
    report = _report([], status)
    assert dict(report.memory_pages) == {}
    assert report.problems[1:] == (
        "memoryPages.free: out of range (expected 0 to 1099511627776)",
        "memoryPages.wired: out of range (expected 0 to 1099511627776)",
    )
