"""The jetsam snapshot and the report the device writes from it (§10).

The snapshot is taken on the first kill of an episode that is not a pure idle-band
kill (high-water and per-process-limit kills always take it; macOS always), each
later kill marks its victim (cause, kill time, generation), and at the end of the pass
it is posted — at most once per 30 s — as a :class:`JetsamReport` in the device's
format. Writing files is the job of ``activitymon.reports``; this module only builds
values.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from activitymon.model import JetsamReport, KillReason, ReportFormat, ReportProcess
from activitymon.sim.process import SimProcess
from activitymon.sim.rules import KillRecord
from activitymon.sim.xnu import MACH_TICKS_PER_S

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel

START_DATE = datetime(2026, 11, 26, 10, 20, 0, tzinfo=UTC)
#: the memory block of the iOS 6.1 report, in its order
IOS6_PAGE_KEYS = ("free", "active", "inactive", "throttled", "purgeable", "wired")


@dataclass(slots=True)
class _Entry:
    proc: SimProcess
    pages: int
    lifetime_max: int
    purgeable: int
    priority: int
    states: tuple[str, ...]
    compressed: int
    reason: KillReason | None = None
    kill_time: float | None = None
    gen_count: int | None = None


@dataclass(slots=True)
class _Snapshot:
    time: float
    memory_pages: dict[str, int]
    memory_status: dict[str, int | str]
    entries: dict[int, _Entry] = field(default_factory=dict)


class Reporter:
    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel
        #: posted reports with the simulated time each was posted
        self.reports: list[tuple[float, JetsamReport]] = []
        self.snapshot: _Snapshot | None = None
        #: ``js_gencount``: one more at the end of every pass that asks for a post
        self.gencount = 0
        self.last_post: float | None = None
        profile = kernel.profile
        self._rng = random.Random(f"{profile.name}:{kernel.rng.random()}")
        self.crash_reporter_key = hashlib.sha1(
            f"{profile.name}:{self._rng.random()}".encode(), usedforsecurity=False
        ).hexdigest()

    # -- the kernel's side ----------------------------------------------------------------
    def on_kill(self, victim: SimProcess, reason: KillReason, record: KillRecord) -> None:
        """Mark the victim in the snapshot, taking one first if ``record`` says so
        (``rules.kill_record``)."""
        if not record.marks_snapshot:
            return
        if self.snapshot is None:
            if not record.takes_snapshot:
                return
            self.snapshot = self._take()
        entry = self.snapshot.entries.get(victim.pid)
        if entry is None:
            entry = self._entry(victim)
            self.snapshot.entries[victim.pid] = entry
        if self.k.rules.snapshot_refresh:
            # memorystatus_update_jetsam_snapshot_entry_locked: "always update the page
            # counts on a kill" (xnu-3789 →); before, only the kill is marked
            entry.pages = victim.pages
            entry.lifetime_max = victim.lifetime_max_pages
            entry.purgeable = victim.purgeable_pages
            entry.compressed = int(victim.compressible_pages * self.k.vm.compressed_fraction)
        entry.priority = victim.band
        entry.reason = reason
        entry.kill_time = self.k.now
        entry.gen_count = self.gencount

    def end_of_pass(self, *, post: bool, new_generation: bool = True) -> None:
        """``memorystatus_post_snapshot`` at the end of a kill pass that asks for it:
        the generation count goes up; the note is sent (here: the report is built) only
        when the release's timeout since the last post has passed. Otherwise the
        snapshot stays and a later pass posts it with its kills. A synchronous kill
        (``memorystatus_kill_process_sync``) posts under the same timeout but starts no
        new generation."""
        snap = self.snapshot
        if not post or snap is None or not any(e.reason for e in snap.entries.values()):
            return
        if new_generation:
            self.gencount += 1
        timeout = self.k.rules.snapshot_timeout_s
        if self.last_post is not None and timeout > 0 and self.k.now <= self.last_post + timeout:
            return
        self.snapshot = None
        self.last_post = self.k.now
        self.reports.append((self.k.now, self._build(snap)))

    def _entry(self, proc: SimProcess) -> _Entry:
        frac = self.k.vm.compressed_fraction
        return _Entry(
            proc=proc,
            pages=proc.pages,
            lifetime_max=proc.lifetime_max_pages,
            purgeable=proc.purgeable_pages,
            priority=proc.band,
            states=proc.report_states(),
            compressed=int(proc.compressible_pages * frac),
        )

    def _take(self) -> _Snapshot:
        k = self.k
        vm = k.vm
        pc = vm.page_classes()
        memory_pages = {
            "active": pc["active"],
            "throttled": pc["throttled"],
            "fileBacked": pc["file_backed"],
            "wired": pc["wired"],
            "anonymous": pc["anonymous"],
            "purgeable": pc["purgeable"],
            "inactive": pc["inactive"],
            "free": pc["free"],
            "speculative": pc["speculative"],
        }
        zone_cap = k.profile.ram_bytes * 35 // 100
        memory_status: dict[str, int | str] = {
            "compressorSize": vm.compressor_pages,
            "compressions": vm.compressions,
            "decompressions": vm.decompressions,
            "zoneMapCap": zone_cap,
            "largestZone": "APFS_4K_OBJS",
            "largestZoneSize": zone_cap // 36,
            "uncompressed": vm.compressed,
            "zoneMapSize": zone_cap // 8,
        }
        snap = _Snapshot(k.now, memory_pages, memory_status)
        if k.rules.priority_list:
            # xnu-2050 memorystatus_jetsam_snapshot_procs_locked walks allproc: newest first
            procs = sorted(k.procs.values(), key=lambda p: -p.spawn_seq)
        else:
            procs = list(k.bands.in_order())
        for proc in procs:
            snap.entries[proc.pid] = self._entry(proc)
        return snap

    # -- building the value -------------------------------------------------------------
    def _date(self, t: float, *, hundredths: bool) -> str:
        moment = START_DATE + timedelta(seconds=t)
        if hundredths:
            return (
                moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 10000:02d} +0000"
            )
        return moment.strftime("%Y-%m-%d %H:%M:%S +0000")

    def _build(self, snap: _Snapshot) -> JetsamReport:
        k = self.k
        profile = k.profile
        incident = str(uuid.UUID(int=self._rng.getrandbits(128), version=4)).upper()
        post_time = k.now + self._rng.randint(5, 60) / 1000
        time_delta = round((post_time - snap.time) * 1000)
        legacy = profile.report_format in (
            ReportFormat.LOWMEMORY_PLIST,
            ReportFormat.LOWMEMORY_TEXT,
        )
        ios6 = legacy and k.rules.ios6_report
        procs = tuple(
            self._report_process(e, snap.time, legacy=legacy, fds=not ios6)
            for e in snap.entries.values()
        )
        largest = max(snap.entries.values(), key=lambda e: e.pages, default=None)
        largest_name = None if largest is None else largest.proc.name
        memory_pages = snap.memory_pages
        header: dict[str, object]
        status: dict[str, int | str]
        if ios6:
            # the article's iOS 6.1 report: a short memory block, no compressor lines
            memory_pages = {key: memory_pages[key] for key in IOS6_PAGE_KEYS}
            status = {}
            timestamp = None
            header = self._ios6_plist_keys(largest_name)
        elif legacy:
            status = {
                key: snap.memory_status[key]
                for key in ("compressions", "decompressions", "compressorSize", "uncompressed")
            }
            timestamp = None
            header = {}
        else:
            status = snap.memory_status
            timestamp = self._date(post_time, hundredths=True)
            header = {
                "bug_type": "298",
                "timestamp": timestamp,
                "os_version": profile.os_version,
                "incident_id": incident,
            }
        return JetsamReport(
            format=profile.report_format if legacy else ReportFormat.JETSAM_IPS,
            page_size=k.page_size,
            # iOS 6/7 text has no page size line: only a 4 KiB device reads back the same
            page_size_known=not legacy or k.page_size != 4096,
            bug_type="198" if ios6 else None if legacy else "298",
            timestamp=timestamp,
            os_version=profile.os_version,
            incident_id=incident,
            crash_reporter_key=self.crash_reporter_key,
            product=profile.name,
            kernel=profile.kernel,
            build=None if legacy else profile.os_version,
            date=self._date(snap.time, hundredths=not legacy),
            time_delta=time_delta,
            gen_counter=None if legacy else self.gencount,
            largest_process=largest_name,
            memory_pages=memory_pages,
            memory_status=status,
            processes=procs,
            header=header,
        )

    def _ios6_plist_keys(self, largest: str | None) -> dict[str, object]:
        """The keys beside ``description`` in the article's LowMemory plist."""
        return {
            "AutoSubmitted": True,
            "SysInfoCrashReporterKey": self.crash_reporter_key,
            "displayName": largest or "",
            "name": largest or "",
            "os_version": self.k.profile.os_version,
            "system_ID": "",
            "version": "104",
        }

    def _report_process(
        self, e: _Entry, snap_time: float, *, legacy: bool, fds: bool = True
    ) -> ReportProcess:
        proc = e.proc
        age_s = max(0.0, snap_time - proc.start_time)
        killed = e.reason is not None
        if legacy:
            return ReportProcess(
                name=proc.name,
                uuid=proc.uuid.replace("-", ""),
                rpages=e.pages,
                # xnu-2050's snapshot entry has one page count: recent_max = rpages
                lifetime_max=e.lifetime_max if fds else e.pages,
                fds=proc.fds if fds else None,
                reason=None if e.reason is None else self.k.rules.reason_name(e.reason),
                states=e.states,
            )
        modern_keys = self.k.rules.report_priority_keys
        return ReportProcess(
            name=proc.name[:32],
            pid=proc.pid,
            uuid=proc.uuid,
            rpages=e.pages,
            lifetime_max=e.lifetime_max,
            purgeable=e.purgeable,
            fds=proc.fds,
            cpu_time=round(age_s * proc.cpu_rate, 6),
            age=int(age_s * MACH_TICKS_PER_S),
            coalition=proc.coalition,
            priority=e.priority if modern_keys else None,
            reason=None if e.reason is None else self.k.rules.reason_name(e.reason),
            states=e.states,
            kill_delta=int(((e.kill_time or snap_time) - snap_time) * MACH_TICKS_PER_S)
            if killed
            else None,
            gen_count=e.gen_count if killed else None,
            physical_pages={"internal": [e.pages - e.compressed, e.compressed]}
            if modern_keys
            else None,
        )
