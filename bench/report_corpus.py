"""A real-size corpus of jetsam reports, generated from the shared fixtures' structure.

Each JetsamEvent is built from one of the four complete JetsamEvent fixtures (iOS 10.1,
11.3, 12.4, 14.2: 117–442 processes, 43–201 KB) as a template: the template's layout
(key order, float style, which keys each process has) and its process population are
kept; every value that makes a report one incident is new (incident id, date, device,
OS, footprints, pids, who was killed and why). Nothing is copied: the files are
written by the project's writer from model values. Around them, as in a real
collection pulled from many devices: folders by model and month, ``.ips.synced``
copies of some reports (duplicates), truncated files, LowMemory text reports,
Analytics logs (bug_type 211) and empty files.

Generating 10,000 files takes a minute or two; :func:`make_corpus` keeps a stamp and
reuses a folder made with the same count and seed.
"""

from __future__ import annotations

import dataclasses
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from activitymon.model import JetsamReport, ReportProcess
from activitymon.reports import read_report, render_report

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "jetsam-reports"
#: the complete JetsamEvent fixtures, with how often each era appears in the corpus
TEMPLATES = {
    "JetsamEvent-2020-10-15-172958.ips.synced": 0.5,
    "jetsam_highwater.crash": 0.15,
    "jetsam_vnode-limit.crash": 0.15,
    "jetsam_vm-pageshortage.crash": 0.2,
}
LOWMEMORY = "kkbox_LowMemory-2015-08-07-112054.log"
DEVICES = ("iPhone12,1", "iPhone14,7", "iPhone11,6", "iPad13,4", "iPhone7,2")
#: kill reasons by how often a collection shows them (``jetsam-report-formats.md`` §4.6)
REASONS = (
    ("per-process-limit", 30),
    ("highwater", 25),
    ("vm-pageshortage", 15),
    ("proc-thrashing", 10),
    ("fc-thrashing", 5),
    ("vnode-limit", 3),
    ("idle-exit", 7),
    ("vm-compressor-space-shortage", 5),
)
START = datetime(2024, 1, 1, tzinfo=UTC)
#: distinct bodies per template; each file still gets its own incident, date and device
VARIANTS = 40
#: shares of the other kinds of file
SYNCED_COPY = 0.05
TRUNCATED = 0.01
LOWMEMORY_SHARE = 0.03
ANALYTICS_SHARE = 0.01
EMPTY_SHARE = 0.002


@dataclass
class Corpus:
    folder: Path
    files: int = 0
    jetsam: int = 0
    synced_copies: int = 0
    truncated: int = 0
    lowmemory: int = 0
    analytics: int = 0
    empty: int = 0
    bytes: int = 0
    paths: list[Path] = field(default_factory=list)


def _templates() -> list[tuple[JetsamReport, float]]:
    return [(read_report(FIXTURES / name), weight) for name, weight in TEMPLATES.items()]


def _variant(template: JetsamReport, rng: random.Random) -> JetsamReport:
    """The template's processes, with new footprints, pids and victims."""
    reasons = [r for r, _ in REASONS]
    weights = [w for _, w in REASONS]
    procs = list(template.processes)
    rng.shuffle(procs)
    keep = rng.randint(max(1, len(procs) * 3 // 4), len(procs))
    procs = procs[:keep]
    killed = rng.choice((1, 1, 1, 2, 2, 3, 5, 8, 20, len(procs) // 3))
    out: list[ReportProcess] = []
    for n, p in enumerate(procs):
        rpages = max(1, int((p.rpages or 100) * rng.uniform(0.4, 1.6)))
        victim = n < killed
        out.append(
            dataclasses.replace(
                p,
                pid=rng.randrange(30, 99_999),
                rpages=rpages,
                lifetime_max=rpages + rng.randrange(0, 500),
                reason=rng.choices(reasons, weights)[0] if victim else None,
                kill_delta=rng.randrange(1, 10_000_000) if victim else None,
                gen_count=(template.gen_counter or 1) if victim else None,
            )
        )
    rng.shuffle(out)
    largest = max(out, key=lambda p: p.rpages or 0)
    return dataclasses.replace(template, processes=tuple(out), largest_process=largest.name)


def _stamp(moment: datetime, offset_h: int) -> str:
    local = moment + timedelta(hours=offset_h)
    sign = "+" if offset_h >= 0 else "-"
    return (
        local.strftime("%Y-%m-%d %H:%M:%S.")
        + f"{local.microsecond // 10_000:02d} {sign}{abs(offset_h):02d}00"
    )


def _incident(report: JetsamReport, rng: random.Random, i: int) -> JetsamReport:
    moment = START + timedelta(seconds=rng.randrange(0, 365 * 86_400))
    stamp = _stamp(moment, rng.choice((-8, -5, 0, 1, 2, 8, 9)))
    incident = str(uuid.UUID(int=rng.getrandbits(128))).upper()
    device = DEVICES[i % len(DEVICES)]
    header = dict(report.header)
    for key, value in (("timestamp", stamp), ("incident_id", incident)):
        if key in header:
            header[key] = value
    return dataclasses.replace(
        report,
        header=header,
        timestamp=stamp if report.timestamp else None,
        date=stamp,
        incident_id=incident,
        product=device,
        crash_reporter_key=f"{rng.getrandbits(160):040x}",
    )


def _place(folder: Path, report: JetsamReport, name: str) -> Path:
    month = (report.date or "0000-00")[:7]
    sub = folder / (report.product or "unknown") / month
    sub.mkdir(parents=True, exist_ok=True)
    return sub / name


def _analytics(rng: random.Random, i: int) -> str:
    header = {
        "crashreporter_key": f"{rng.getrandbits(160):040x}",
        "bug_type": "211",
        "timestamp": "2024-02-22 18:00:09.37 -0600",
        "os_version": "iPhone OS 13.2.2 (17B102)",
        "incident_id": str(uuid.UUID(int=rng.getrandbits(128))).upper(),
    }
    lines = [json.dumps(header, separators=(",", ":")), '{"_marker":"<metadata>","version":"1.0"}']
    for n in range(rng.randrange(5, 40)):
        message = {"Count": rng.randrange(1, 50), "name": f"proc{n}", "reason": "highwater"}
        lines.append(
            json.dumps({"message": message, "name": "JetsamAggregationV2", "uuid": f"{i}_{n}"})
        )
    return "\n".join(lines) + "\n"


def make_corpus(folder: Path, count: int, seed: int = 27) -> Corpus:
    """``count`` files under ``folder`` (reused when a stamp says they were made with
    the same count and seed)."""
    stamp = folder.parent / f"{folder.name}.corpus.json"  # beside it: never scanned
    if stamp.is_file():
        saved = json.loads(stamp.read_text())
        if saved.get("count") == count and saved.get("seed") == seed:
            corpus = Corpus(folder, **saved["corpus"])
            corpus.paths = [folder / p for p in saved["paths"]]
            return corpus
    rng = random.Random(seed)
    templates = _templates()
    weights = [w for _, w in templates]
    variants = [[render_report(_variant(t, rng)) for _ in range(VARIANTS)] for t, _ in templates]
    lowmemory = read_report(FIXTURES / LOWMEMORY)
    corpus = Corpus(folder)
    i = 0
    while corpus.files < count:
        i += 1
        roll = rng.random()
        if roll < EMPTY_SHARE:
            path, text, kind = folder / "empty" / f"JetsamEvent-empty-{i}.ips", "", "empty"
        elif roll < EMPTY_SHARE + ANALYTICS_SHARE:
            path, text, kind = (
                folder / "analytics" / f"Analytics-{i}.ips.synced",
                _analytics(rng, i),
                "analytics",
            )
        elif roll < EMPTY_SHARE + ANALYTICS_SHARE + LOWMEMORY_SHARE:
            report = _incident(_variant(lowmemory, rng), rng, i)
            path, text, kind = (
                _place(folder, report, f"LowMemory-{i}.log"),
                render_report(report),
                "lowmemory",
            )
        else:
            which = rng.choices(range(len(templates)), weights)[0]
            template = templates[which][0]
            body = rng.choice(variants[which])
            report = _incident(template, rng, i)
            text = _retarget(body, template, report)
            name = f"JetsamEvent-{(report.date or '')[:10]}-{i:06d}.ips"
            path, kind = _place(folder, report, name), "jetsam"
            if rng.random() < TRUNCATED:
                text, kind = text[: rng.randrange(len(text) // 4, len(text) * 3 // 4)], "truncated"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        _count(corpus, path, kind, len(text))
        if kind == "jetsam" and rng.random() < SYNCED_COPY and corpus.files < count:
            copy = path.with_name(path.name + ".synced")
            copy.write_text(text, encoding="utf-8")
            _count(corpus, copy, "synced", len(text))
    folder.mkdir(parents=True, exist_ok=True)
    saved = {k: v for k, v in dataclasses.asdict(corpus).items() if k not in ("folder", "paths")}
    stamp.write_text(
        json.dumps(
            {
                "count": count,
                "seed": seed,
                "corpus": saved,
                "paths": [str(p.relative_to(folder)) for p in corpus.paths],
            }
        )
    )
    return corpus


def _retarget(body: str, template: JetsamReport, report: JetsamReport) -> str:
    """A rendered variant with this incident's identity: the template's incident id,
    dates, device and device key replaced (they occur once or twice per file)."""
    swaps = [
        (template.incident_id, report.incident_id),
        (template.date, report.date),
        (template.timestamp, report.timestamp),
        (template.crash_reporter_key, report.crash_reporter_key),
        (f'"{template.product}"', f'"{report.product}"'),
    ]
    for old, new in swaps:
        if old and new:
            body = body.replace(old, new)
    return body


def _count(corpus: Corpus, path: Path, kind: str, size: int) -> None:
    corpus.files += 1
    corpus.bytes += size
    corpus.paths.append(path)
    if kind == "jetsam":
        corpus.jetsam += 1
    elif kind == "synced":
        corpus.synced_copies += 1
    else:
        setattr(corpus, kind, getattr(corpus, kind) + 1)
