"""Many jetsam reports built as model values and written with the project's writers.

Used by the collection tests, ``bench/bench_reports.py`` and the reports-browser
screenshot. :func:`write_reports` returns what it wrote, counted from the model values
(the oracle the summary is checked against), not from reading the files back.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from activitymon.model import JetsamReport, ReportFormat, ReportProcess
from activitymon.reports import ReportError, parse_bytes, render_report, report_file_name
from activitymon.reports.incident import ReportFacts, facts_of

#: names of at most 16 characters (LowMemory text cuts names to 16), with a typical
#: footprint in MiB: an app's is its hard limit (it dies there with per-process-limit),
#: a daemon's its high-water mark
APPS = {
    "Facebook": 1400,
    "Messenger": 900,
    "Maps": 700,
    "Camera": 600,
    "MobileSafari": 1100,
    "Photos": 800,
    "Music": 350,
    "Game": 1800,
}
DAEMONS = {
    "kbd": 30,
    "tccd": 12,
    "xpcproxy": 6,
    "mediaserverd": 150,
    "cloudd": 60,
    "nsurlsessiond": 40,
}
#: kill reasons of iOS 10+ (``jetsam-report-formats.md`` §4.6): apps mostly die at their
#: limit or in a page shortage, daemons over their high-water mark
APP_REASONS = ("per-process-limit", "per-process-limit", "vm-pageshortage", "fc-thrashing")
DAEMON_REASONS = ("highwater", "highwater", "vm-pageshortage", "vnode-limit")
REASONS = tuple(sorted(set(APP_REASONS + DAEMON_REASONS)))
DEVICES = ("iPhone12,1", "iPhone14,7", "iPad13,4")
OS_VERSIONS = ("iPhone OS 14.2 (18B5061e)", "iPhone OS 16.5 (20F66)", "iPhone OS 17.1 (21B80)")
#: modern-scale jetsam bands (×10 scale): IDLE, BACKGROUND, FOREGROUND, …
BANDS = (0, 30, 40, 100, 180)
START = datetime(2024, 3, 1, 8, 0, 0, tzinfo=UTC)
PAGE = 16384


@dataclass
class Written:
    paths: list[Path] = field(default_factory=list)
    kills: Counter[tuple[str, str]] = field(default_factory=Counter)
    devices: Counter[str] = field(default_factory=Counter)
    footprints: dict[str, list[int]] = field(default_factory=dict)
    #: each report's victims as (name, reason), in file order
    victims: list[tuple[tuple[str, str], ...]] = field(default_factory=list)


def build_report(i: int, rng: random.Random, fmt: ReportFormat) -> JetsamReport:
    moment = START + timedelta(hours=i * 3, seconds=rng.randrange(3600))
    stamp = moment.strftime("%Y-%m-%d %H:%M:%S.00 +0000")
    device = DEVICES[i % len(DEVICES)]
    os_version = OS_VERSIONS[(i // 3) % len(OS_VERSIONS)]
    incident = str(uuid.UUID(int=rng.getrandbits(128))).upper()
    names = list(APPS) + list(DAEMONS)
    rng.shuffle(names)
    count = rng.randrange(1, 4)
    procs = []
    for n, name in enumerate(names):
        killed = n < count
        daemon = name in DAEMONS
        typical = (DAEMONS if daemon else APPS)[name] * 1024 * 1024 // PAGE
        reason = rng.choice(DAEMON_REASONS if daemon else APP_REASONS) if killed else None
        if reason == "per-process-limit":
            pages = typical + rng.randrange(0, 3)  # at the limit
        else:
            pages = max(1, int(typical * rng.uniform(0.15, 1.05)))
        procs.append(
            ReportProcess(
                name=name,
                pid=100 + n,
                uuid=str(uuid.UUID(int=rng.getrandbits(128))),
                rpages=pages,
                lifetime_max=pages + rng.randrange(0, 100),
                purgeable=0,
                fds=50,
                priority=None if fmt is ReportFormat.LOWMEMORY_TEXT else rng.choice(BANDS),
                reason=reason,
                states=("daemon", "idle") if daemon else ("suspended",),
                kill_delta=n * 1000 if killed else None,
            )
        )
    ips = fmt is ReportFormat.JETSAM_IPS
    header = {"bug_type": "298", "timestamp": stamp, "os_version": os_version}
    header["incident_id"] = incident
    return JetsamReport(
        format=fmt,
        page_size=PAGE,
        bug_type="298" if ips else None,
        timestamp=stamp if ips else None,
        os_version=os_version if ips else None,
        build=os_version,
        incident_id=incident,
        crash_reporter_key="a" * 40,
        product=device,
        date=stamp,
        memory_pages={"free": 2000, "wired": 30000},
        processes=tuple(procs),
        header=header if ips else {},
    )


def format_of(i: int) -> ReportFormat:
    if i % 10 == 9:
        return ReportFormat.JETSAM_JSON
    if i % 10 == 8:
        return ReportFormat.LOWMEMORY_TEXT
    return ReportFormat.JETSAM_IPS


def write_reports(folder: Path, count: int, seed: int = 18) -> Written:
    """``count`` reports in ``folder`` (in sub-folders of 500, like a collection)."""
    rng = random.Random(seed)
    out = Written()
    for i in range(count):
        report = build_report(i, rng, format_of(i))
        sub = folder / f"batch-{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"{i:05d}-{report_file_name(report)}"
        path.write_text(render_report(report), encoding="utf-8")
        out.paths.append(path)
        out.devices[report.product or ""] += 1
        out.victims.append(tuple((p.name, p.reason or "") for p in report.victims))
        for p in report.victims:
            out.kills[(p.name, p.reason or "")] += 1
            out.footprints.setdefault(p.name, []).append(report.process_bytes(p) or 0)
    return out


def full_facts(data: bytes, name: str = "x.ips") -> ReportFacts | None:
    """What the full readers make of a file (``None`` where they refuse it): the
    independent answer the fast, typed and cut paths are held to."""
    try:
        return facts_of(parse_bytes(data, name), name, data)
    except ReportError:
        return None
