# ruff: noqa: E501  (the report literal keeps the device's own line widths)
"""The iOS 6.1 LowMemory plist (xnu-2107): a process table without the fds column,
reasons spelled ``[vm]``, ``**End**`` after the last row (jetsam-report-formats.md §3.2).

The report below is hand-written in that layout (the names are common iOS daemons, the
numbers are made up); no real report of this layout is among the fixtures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from activitymon import cli
from activitymon.model import ReportFormat
from activitymon.reports import parse_report, read_report

IOS6_TEXT = """\
Incident Identifier: 0B6F2C61-3E3A-4F0B-9C43-5A1C2D7E8F90
CrashReporter Key:   5d1e6a0c2b9f8e7d6c5b4a39281706f5e4d3c2b1
Hardware Model:      iPod5,1
OS Version:          iPhone OS 6.1.3 (10B329)
Kernel Version:      Darwin Kernel Version 13.0.0: Wed Feb 13 21:37:19 PST 2013; root:xnu-2107.7.55.2.2~1/RELEASE_ARM_S5L8942X
Date:                2013-05-02 09:30:00 +0200
Time since snapshot: 41 ms

Free pages:                              1203
Active pages:                            2711
Inactive pages:                          1568
Throttled pages:                         98120
Purgeable pages:                         0
Wired pages:                             22650
Largest process:   hog

Processes
     Name                    <UUID>                       rpages       recent_max      [reason]          (state)

             hog <0cf04112df2ec4a38fe7356b8613fc5e>        91234            91234   [vm]               (frontmost)
      MobileMail <4dfbb099eafd3c82e033bf92946d3ce6>         1113             1130   [vm]               (daemon) (idle)
            tccd <99b68d3d2a70882d0cc857e5dcb6b914>          185              185   [vm]               (daemon) (idle)
     SpringBoard <1f1c93a8279bc9e71dd92d2921089cbf>        10207            10207
    mediaserverd <99a60f9b52dfeab82e467ee6e4f7f268>         1383             1390                      (daemon)
         launchd <f488c026a96a1c56683f3f6afb629010>          369              369                      (daemon)
**End**
"""
ROWS = [
    ("hog", 91234, 91234, "vm", ("frontmost",)),
    ("MobileMail", 1113, 1130, "vm", ("daemon", "idle")),
    ("tccd", 185, 185, "vm", ("daemon", "idle")),
    ("SpringBoard", 10207, 10207, None, ()),
    ("mediaserverd", 1383, 1390, None, ("daemon",)),
    ("launchd", 369, 369, None, ("daemon",)),
]


def _plist(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>AutoSubmitted</key>
\t<true/>
\t<key>SysInfoCrashReporterKey</key>
\t<string>5d1e6a0c2b9f8e7d6c5b4a39281706f5e4d3c2b1</string>
\t<key>bug_type</key>
\t<string>198</string>
\t<key>description</key>
\t<string>{escaped}</string>
\t<key>displayName</key>
\t<string>hog</string>
\t<key>name</key>
\t<string>hog</string>
\t<key>os_version</key>
\t<string>iPhone OS 6.1.3 (10B329)</string>
\t<key>system_ID</key>
\t<string></string>
\t<key>version</key>
\t<string>104</string>
</dict>
</plist>
"""


def test_rows_without_fds_read_with_every_row() -> None:
    r = parse_report(_plist(IOS6_TEXT), "LowMemory-2013-05-02-093000.plist")
    assert r.format is ReportFormat.LOWMEMORY_PLIST
    assert [(p.name, p.rpages, p.lifetime_max, p.reason, p.states) for p in r.processes] == ROWS
    assert all(p.fds is None for p in r.processes)
    assert r.memory_pages["throttled"] == 98120
    assert r.largest_process == "hog"
    assert (r.bug_type, r.header["version"], r.header["AutoSubmitted"]) == ("198", "104", True)
    # nothing unread: only the missing page size is noted
    assert not r.partial
    assert [p for p in r.problems if "page size" not in p] == []


def test_bare_text_without_fds_reads_too() -> None:
    r = parse_report(IOS6_TEXT, "LowMemory.log")
    assert [(p.name, p.rpages, p.lifetime_max) for p in r.processes] == [row[:3] for row in ROWS]


def test_both_layouts_read_fds_and_no_fds() -> None:
    with_fds = IOS6_TEXT.replace(
        "        91234            91234   [vm]", "        91234            91234  200   [vm]"
    )
    r = parse_report(with_fds, "LowMemory.log")
    hog = r.processes[0]
    assert (hog.rpages, hog.lifetime_max, hog.fds, hog.reason) == (91234, 91234, 200, "vm")
    assert len(r.processes) == len(ROWS)


def test_activitymon_report_reads_the_ios6_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "LowMemory-2013-05-02-093000.plist"
    path.write_text(_plist(IOS6_TEXT), encoding="utf-8")
    assert len(read_report(path).processes) == len(ROWS)
    code = cli.main(["report", str(path), "--json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    data = json.loads(out)
    got = [(p["name"], p["rpages"], p["reason"], tuple(p["states"])) for p in data["processes"]]
    assert got == [(n, rp, reason, states) for n, rp, _, reason, states in ROWS]
    code = cli.main(["report", str(path)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "victims (3" in out
    assert "row with 2 number columns" not in out
