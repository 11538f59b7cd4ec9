"""The oldest container: a property list whose ``description`` string is the text report."""

from __future__ import annotations

import plistlib
from typing import Any

from activitymon.model import JetsamReport, ReportFormat
from activitymon.reports.lowmemory_text import looks_like_lowmemory, parse_lowmemory
from activitymon.reports.lowmemory_writer import render_lowmemory


class NotLowMemoryPlist(ValueError):
    pass


def parse_plist(data: bytes) -> JetsamReport:
    """Raises ``NotLowMemoryPlist`` (not a LowMemory plist) or ``ValueError`` (damaged)."""
    try:
        root = plistlib.loads(data)
    except Exception as exc:  # plistlib raises many types for bad input
        raise ValueError(f"damaged property list ({type(exc).__name__})") from exc
    if not isinstance(root, dict):
        raise NotLowMemoryPlist("a property list, but not a LowMemory report (no dictionary)")
    text = root.get("description")
    if not isinstance(text, str) or not looks_like_lowmemory(text):
        raise NotLowMemoryPlist(
            "a property list, but not a LowMemory report (no report text in 'description')"
        )
    header: dict[str, Any] = {k: v for k, v in root.items() if k != "description"}
    return parse_lowmemory(
        text.replace("\r\n", "\n"), fmt=ReportFormat.LOWMEMORY_PLIST, header=header
    )


def render_plist(report: JetsamReport) -> str:
    root: dict[str, Any] = {}
    for key, value in report.header.items():
        if key != "description" and isinstance(value, str | int | float | bool):
            root[key] = value
    if report.bug_type is not None:
        root["bug_type"] = report.bug_type
    if report.timestamp is not None:
        root["timestamp"] = report.timestamp
    root["description"] = render_lowmemory(report)
    # CrashReporter writes the keys sorted (AutoSubmitted … description … version)
    return plistlib.dumps(root, sort_keys=True).decode("utf-8")
