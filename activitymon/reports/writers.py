"""Write a :class:`JetsamReport` in its ``format``, and name the file as a device would."""

from __future__ import annotations

import re

from activitymon.model import JetsamReport, ReportFormat
from activitymon.reports.apple_json import dump_header
from activitymon.reports.jetsam_json import render_json
from activitymon.reports.lowmemory_writer import render_lowmemory
from activitymon.reports.plist import render_plist

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


def render_report(report: JetsamReport) -> str:
    """The file text of ``report`` in ``report.format``:

    * ``jetsam-ips``: compact JSON header line, then the Apple-style pretty body;
    * ``jetsam-json``: the body only;
    * ``lowmemory-text``: the iOS 7 text table (after the ``.ips`` header line when the
      report came with one);
    * ``lowmemory-plist``: an XML property list whose ``description`` is that text.
    """
    if report.format is ReportFormat.JETSAM_IPS:
        return render_json(report, with_header=True)
    if report.format is ReportFormat.JETSAM_JSON:
        return render_json(report, with_header=False)
    if report.format is ReportFormat.LOWMEMORY_PLIST:
        return render_plist(report)
    text = render_lowmemory(report)
    if report.header:
        return dump_header(report.header) + "\n" + text
    return text


def _stamp(report: JetsamReport) -> str:
    for value in (report.timestamp, report.date):
        match = _DATE.search(value or "")
        if match:
            y, mo, d, h, mi, s = match.groups()
            return f"{y}-{mo}-{d}-{h}{mi}{s}"
    return "unknown-date"


def report_file_name(report: JetsamReport) -> str:
    """``JetsamEvent-2020-10-15-172958.ips``, ``LowMemory-2015-08-07-112054.plist`` …

    Legacy text with an ``.ips`` header line gets ``.ips``; bare text ``.log`` (its
    on-device container is unknown); a bare JSON body ``.json``.
    """
    stamp = _stamp(report)
    if report.format is ReportFormat.JETSAM_IPS:
        return f"JetsamEvent-{stamp}.ips"
    if report.format is ReportFormat.JETSAM_JSON:
        return f"JetsamEvent-{stamp}.json"
    if report.format is ReportFormat.LOWMEMORY_PLIST:
        return f"LowMemory-{stamp}.plist"
    return f"LowMemory-{stamp}.{'ips' if report.header else 'log'}"
