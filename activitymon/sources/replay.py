"""Replay of recorded jetsam reports: a clocked source that shows a report's moment.

Each report becomes one snapshot: its processes (footprint = ``rpages × pageSize``,
band = ``priority``), its memory counts, and its victims marked TERMINATED, with one
:class:`Killed` event per victim in ``killDelta`` order the first time the report is
sampled. Several reports form a timeline in date order; :meth:`ReplaySource.advance`
steps to the next one (and stays on the last), :meth:`ReplaySource.seek` jumps.

``MemoryStats.total_pages`` is free + active + inactive + speculative + throttled +
wired + compressorSize, over the counts the report has: those classes partition
physical memory (the compressor's pages are resident but in no queue), whereas
anonymous/fileBacked and purgeable overlap the queues and ``uncompressed`` counts
data held, not RAM used. It is a floor: pages in no counted class (e.g. the kernel's
early allocations on some devices) are not in it.

Legacy text reports have no pid column; their processes get the stand-in pids
-1, -2 … in table order, which never collide with a real pid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from activitymon.model import (
    REPORT_SPELLINGS,
    Event,
    JetsamReport,
    KernelFacts,
    Killed,
    KillReason,
    MemoryStats,
    Platform,
    Position,
    PriorityModel,
    ProcessInfo,
    ProcessState,
    ReportFormat,
    ReportProcess,
    Snapshot,
    reason_of_report,
)
from activitymon.model.regions import MemoryMap
from activitymon.reports import (
    ReportError,
    has_bands,
    os_name,
    read_reports,
    report_datetime,
    report_era,
)
from activitymon.sources.base import Capability, ProcessGone, SourceKind, SourceUnavailable
from activitymon.sources.replay_map import report_map

_CAPABILITIES = frozenset(
    {
        Capability.REPLAY,
        Capability.FOOTPRINT,
        Capability.BANDS,
        Capability.LIFETIME_MAX,
    }
)
_TOTAL_CLASSES = ("free", "active", "inactive", "speculative", "throttled", "wired")
_STATES = {state.value: state for state in ProcessState}
#: report state tokens that name a model state under another word
_STATE_ALIASES = {"jettisoned": ProcessState.TERMINATED}


def kill_reason(text: str | None) -> KillReason:
    """The model's reason for a report's ``reason`` string (``model.reason_of_report``)."""
    return reason_of_report(text)


@dataclass(frozen=True)
class ReplayFrame:
    """One report of the timeline and the snapshot it shows."""

    path: str
    report: JetsamReport
    snapshot: Snapshot
    kills: tuple[Killed, ...]
    facts: KernelFacts
    #: each row's report entry by its key (the pid, or a stand-in for a legacy row)
    entries: Mapping[int, ReportProcess]


def _pid(p: ReportProcess, index: int) -> int:
    return p.pid if p.pid is not None else -(index + 1)


def _process(
    report: JetsamReport, p: ReportProcess, index: int, key: int, kill_rank: int | None
) -> ProcessInfo:
    states = {_STATES.get(s) or _STATE_ALIASES.get(s) for s in p.states}
    found = {s for s in states if s is not None}
    if p.killed:
        found.add(ProcessState.TERMINATED)
    compressed = None
    internal = (p.physical_pages or {}).get("internal")
    if isinstance(internal, list) and len(internal) == 2 and isinstance(internal[1], int):
        compressed = internal[1] * report.page_size
    return ProcessInfo(
        pid=key,
        name=p.name,
        footprint_bytes=report.bytes_of(p.rpages),
        compressed_bytes=compressed,
        band=p.priority,
        states=frozenset(found),
        lifetime_max_bytes=report.bytes_of(p.lifetime_max),
        purgeable_bytes=report.bytes_of(p.purgeable),
        # the table's order is the kernel's kill order; a victim ranks by killDelta
        band_seq=index if kill_rank is None else -len(report.processes) + kill_rank,
        kill_reason=p.reason,
    )


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def memory_of(report: JetsamReport) -> MemoryStats:
    pages = report.memory_pages
    compressor = _int(report.memory_status.get("compressorSize"))
    counted = [pages[k] for k in _TOTAL_CLASSES if k in pages]
    total = sum(counted) + (compressor or 0)
    return MemoryStats(
        page_size=report.page_size,
        total_pages=total,
        free_pages=pages.get("free"),
        active_pages=pages.get("active"),
        inactive_pages=pages.get("inactive"),
        speculative_pages=pages.get("speculative"),
        wired_pages=pages.get("wired"),
        purgeable_pages=pages.get("purgeable"),
        file_backed_pages=pages.get("fileBacked"),
        anonymous_pages=pages.get("anonymous"),
        compressor_pages=compressor,
        compressed_pages=_int(report.memory_status.get("uncompressed")),
    )


def facts_of(report: JetsamReport) -> KernelFacts:
    """What a report tells about its device's kernel: its OS, whether it has bands and
    a compressor (when the report says), its format and how it spells reasons."""
    name = os_name(report) or ""
    mac = "mac" in name.lower()
    compressor = _int(report.memory_status.get("compressorSize"))
    spellings = {
        (REPORT_SPELLINGS[p.reason], p.reason)
        for p in report.processes
        if p.reason is not None and p.reason in REPORT_SPELLINGS
    }
    legacy = report.format in (ReportFormat.LOWMEMORY_TEXT, ReportFormat.LOWMEMORY_PLIST)
    return KernelFacts(
        platform=Platform.MACOS if mac else Platform.IOS,
        release=name.replace("iPhone OS", "iOS").split(" (")[0],
        os_name=name.replace("iPhone OS", "iOS").split(" (")[0],
        priority_model=PriorityModel.BANDS if has_bands(report) else None,
        compressor=True if compressor else None,
        report_format="LowMemory" if legacy else "JetsamEvent",
        reason_spellings=tuple(sorted(spellings)),
    )


def device_of(report: JetsamReport) -> str:
    parts = [x for x in (report.product, os_name(report)) if x]
    return " — ".join(parts) or "unknown device"


def _unique(report: JetsamReport) -> list[tuple[int, int, ReportProcess]]:
    """Entries with their table index and row key. A pid listed again in another kill
    generation (seen on watchOS) shows once: the killed entry, else the latest
    generation. A pid listed twice in the same generation (a damaged or forged
    report) keeps every entry: the first under its pid, the others keyed by position
    (``-(index + 1)``, like legacy rows), so no row hides another."""
    chosen: dict[int, tuple[int, int, ReportProcess]] = {}
    for index, p in enumerate(report.processes):
        pid = _pid(p, index)
        if pid in chosen:
            old = chosen[pid][2]
            if (old.gen_count or 0) == (p.gen_count or 0):
                chosen[-(index + 1)] = (index, -(index + 1), p)
                continue
            if (p.killed, p.gen_count or 0) <= (old.killed, old.gen_count or 0):
                continue
        chosen[pid] = (index, pid, p)
    return sorted(chosen.values(), key=lambda item: item[0])


def frame_of(path: str, report: JetsamReport, time: float) -> ReplayFrame:
    era = report_era(report) if has_bands(report) else None  # no priority: no band scale
    entries = _unique(report)
    rank = {id(p): r for r, p in enumerate(report.victims)}
    procs = tuple(_process(report, p, i, key, rank.get(id(p))) for i, key, p in entries)
    moment = report_datetime(report)
    snapshot = Snapshot(
        time=time,
        memory=memory_of(report),
        processes=procs,
        era=era,
        device=device_of(report),
        wall_time=None if moment is None else moment.timestamp(),
    )
    keys = {id(p): key for _, key, p in entries}
    kills = tuple(
        Killed(
            t=time,
            pid=keys[id(p)],
            name=p.name,
            reason=kill_reason(p.reason),
            band=p.priority,
            footprint_bytes=report.bytes_of(p.rpages),
        )
        for p in report.victims
        if id(p) in keys
    )
    by_key = {key: p for _, key, p in entries}
    return ReplayFrame(path, report, snapshot, kills, facts_of(report), by_key)


class ReplaySource:
    """A timeline of reports; time moves only on :meth:`advance` or :meth:`seek`."""

    name = SourceKind.REPORTS

    def __init__(self, reports: Sequence[tuple[str, JetsamReport]], errors: Sequence[str] = ()):
        if not reports:
            raise SourceUnavailable("no jetsam report to replay")
        dated = sorted(
            enumerate(reports),
            key=lambda item: (
                report_datetime(item[1][1]) is None,
                _sort_stamp(item[1][1]),
                item[0],
            ),
        )
        first = _sort_stamp(dated[0][1][1])
        self.frames: tuple[ReplayFrame, ...] = tuple(
            frame_of(path, report, _time(report, first, order))
            for order, (_, (path, report)) in enumerate(dated)
        )
        #: one line per file that could not be read (``<file>: <what>``)
        self.errors: list[str] = list(errors)
        self._index = 0
        self._sampled: set[int] = set()
        self._events: list[Event] = []
        self._reports: list[JetsamReport] = []

    @property
    def capabilities(self) -> frozenset[Capability]:
        return _CAPABILITIES

    @property
    def report_count(self) -> int:
        return len(self.frames)

    @property
    def index(self) -> int:
        return self._index

    @property
    def current_report(self) -> JetsamReport:
        return self.frames[self._index].report

    @property
    def current_path(self) -> str:
        return self.frames[self._index].path

    def describe(self) -> str:
        frame = self.frames[self._index]
        where = (
            f"report {self._index + 1} of {self.report_count}: " if self.report_count > 1 else ""
        )
        date = frame.report.date or frame.report.timestamp or "undated"
        return f"Replay — {where}{frame.snapshot.device} at {date} ({frame.path})"

    def position(self) -> Position:
        return Position(self._index, self.report_count, self.frames[self._index].report)

    def kernel_facts(self) -> KernelFacts:
        return self.frames[self._index].facts

    def seek(self, index: int) -> None:
        """Show report ``index`` (0-based, in date order); raises ``IndexError``."""
        if not 0 <= index < self.report_count:
            raise IndexError(f"report {index} of {self.report_count}")
        self._index = index

    def advance(self, seconds: float) -> None:
        """Step to the next report (stays on the last); ``seconds`` ≤ 0 does nothing."""
        if seconds > 0 and self._index + 1 < self.report_count:
            self._index += 1

    def sample(self) -> Snapshot:
        frame = self.frames[self._index]
        if self._index not in self._sampled:
            self._sampled.add(self._index)
            self._events.extend(frame.kills)
            self._reports.append(frame.report)  # so that its kills show this report
        return frame.snapshot

    def drain_events(self) -> list[Event]:
        events, self._events = self._events, []
        return events

    def drain_reports(self) -> list[JetsamReport]:
        """Each report once, when its moment is first shown."""
        reports, self._reports = self._reports, []
        return reports

    def memory_map(self, pid: int) -> MemoryMap:
        """What the report shown holds about the process (a report has no map)."""
        frame = self.frames[self._index]
        entry = frame.entries.get(pid)
        if entry is None:
            raise ProcessGone(f"pid {pid} is not in this report")
        return report_map(pid, frame.report, entry, frame.path)

    def close(self) -> None:
        pass


def _sort_stamp(report: JetsamReport) -> float:
    moment = report_datetime(report)
    return 0.0 if moment is None else moment.timestamp()


def _time(report: JetsamReport, first: float, order: int) -> float:
    """Seconds since the first report; the position in the list when undated."""
    moment = report_datetime(report)
    return float(order) if moment is None else max(0.0, moment.timestamp() - first)


def open_replay_source(paths: Sequence[str]) -> ReplaySource:
    """Read the reports; unreadable files are skipped and listed in ``errors``.
    Raises :class:`SourceUnavailable` (with the first error) when none is readable."""
    if not paths:
        raise SourceUnavailable("no report files given to replay")
    good: list[tuple[str, JetsamReport]] = []
    errors: list[str] = []
    for path, result in zip(paths, read_reports(paths), strict=True):
        if isinstance(result, ReportError):
            errors.append(str(result))
        else:
            good.append((str(path), result))
    if not good:
        more = f" (and {len(errors) - 1} more files that could not be read)" if errors[1:] else ""
        raise SourceUnavailable(errors[0] + more)
    return ReplaySource(good, errors)
