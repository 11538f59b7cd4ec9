"""Read and write Apple's jetsam reports (pure Python: no Qt, psutil or ctypes).

Formats (detected by content): legacy LowMemory text (plain, after an ``.ips``
header line, or inside a property list's ``description``), JetsamEvent JSON bodies,
and JetsamEvent ``.ips`` / ``.ips.synced`` files. See
``shared/reference/jetsam-report-formats.md``.
"""

from __future__ import annotations

from activitymon.reports.detect import (
    MAX_REPORT_BYTES,
    parse_bytes,
    parse_report,
    read_report,
    read_reports,
)
from activitymon.reports.errors import AnalyticsLog, NotAJetsamReport, ReportError
from activitymon.reports.facts import has_bands, os_name, report_datetime, report_era
from activitymon.reports.summary import format_summary, summarize
from activitymon.reports.writers import render_report, report_file_name

__all__ = [
    "MAX_REPORT_BYTES",
    "AnalyticsLog",
    "NotAJetsamReport",
    "ReportError",
    "format_summary",
    "has_bands",
    "os_name",
    "parse_bytes",
    "parse_report",
    "read_report",
    "read_reports",
    "render_report",
    "report_datetime",
    "report_era",
    "report_file_name",
    "summarize",
]
