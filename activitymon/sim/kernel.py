"""The simulated kernel's state and its synchronous paths: processes in bands, page
accounting, limits (§3.4), the pressure level (§4.2), kills.

The asynchronous parts (the jetsam thread, the pressure thread, aging, sustained
pressure, macOS idle exit, report snapshots) live in their own modules and are woken
from here, as XNU wakes its threads from ``VM_CHECK_MEMORYSTATUS``.
"""

from __future__ import annotations

import random

from activitymon.model import (
    Era,
    Event,
    Exited,
    JetsamThresholds,
    KernelLogLine,
    Killed,
    KillReason,
    LevelChanged,
    MemoryLimit,
    PressureLevel,
    convert_band,
)
from activitymon.sim.aging import Aging
from activitymon.sim.bands import BandQueues
from activitymon.sim.clock import Clock
from activitymon.sim.early import Published, pageout_kills, pageout_stuck, suspended_level
from activitymon.sim.jetsam import JetsamThread, SustainedPressure
from activitymon.sim.kernel_activity import CHURN_INTERVAL_S, ProcessActivity, change_of
from activitymon.sim.kernel_log import log_kill
from activitymon.sim.ledger import DeviceLimits, FootprintLedger
from activitymon.sim.notify import PressureThread
from activitymon.sim.process import SimProcess
from activitymon.sim.profiles import DeviceProfile
from activitymon.sim.report_builder import Reporter
from activitymon.sim.rules import ActiveRule, LimitKind, XnuRules, kill_record, rules_for
from activitymon.sim.spawn import spawn
from activitymon.sim.specs import ProcessSpec
from activitymon.sim.stats import StatsKeeper
from activitymon.sim.vm import VirtualMemory, VmParams
from activitymon.sim.xnu import (
    foreground_band,
    jetsam_thresholds,
    next_level_without_compressor,
    next_pressure_level,
)


class Kernel(ProcessActivity):
    def __init__(self, profile: DeviceProfile, seed: int) -> None:
        self.profile = profile
        self.rules: XnuRules = rules_for(profile.xnu, profile.era)
        # xnu-2050 has no bands: its list of priorities is the era (model/bands.py)
        self.era: Era = Era.PRIORITY_LIST if self.rules.priority_list else profile.era
        self.page_size = profile.page_size
        self.total_pages = profile.total_pages
        self.clock = Clock()
        self.rng = random.Random(seed)
        self.vm = VirtualMemory(VmParams.for_profile(profile))
        self.vm.purge_hook = self._vm_purge
        self.bands = BandQueues(priority_list=self.rules.priority_list)
        self.procs: dict[int, SimProcess] = {}
        self.events: list[Event] = []
        #: the kernel's own log lines (``sim/kernel_log.py``), drained like events
        self.log_lines: list[KernelLogLine] = []
        self.limits = DeviceLimits.of(
            profile.task_limit_mb, profile.entitled_limit_mb, profile.ram_bytes, self.rules
        )
        self.ledger = FootprintLedger(self)
        self.thresholds: JetsamThresholds | None = jetsam_thresholds(
            self.total_pages, profile.ram_bytes, self.era, self.rules
        )
        self.level = PressureLevel.NORMAL
        self.computed_level = PressureLevel.NORMAL
        self.forced_level: PressureLevel | None = None
        self.hwm: set[int] = set()
        #: JETSAM_PRIORITY_ELEVATED_INACTIVE on this scale (``None``: no such band)
        self.elevated_band: int | None = (
            None if self.rules.elevated_band is None else self.rules.elevated_band * self.era.scale
        )
        self.next_pid = 100
        #: pids a scenario gives explicitly: automatic pids skip them
        self.reserved_pids: set[int] = set()
        self.next_coalition = 100
        #: processes in the order they were forked (``allproc`` is newest first)
        self.spawned = 0
        self.published = Published(self.total_pages, self.vm.available_ios)
        self.jetsam = JetsamThread(self)
        self.pressure = PressureThread(self)
        self.sustained = SustainedPressure(self)
        self.aging = Aging(self)
        self.reporter = Reporter(self)
        self._base_pages: dict[int, int] = {}
        self.stats = StatsKeeper(self.thresholds, self.total_pages)
        self.stats.observe(0.0, self.available, self.level)
        self.clock.after(CHURN_INTERVAL_S, self.churn)

    # -- measures ------------------------------------------------------------------
    @property
    def now(self) -> float:
        return self.clock.now

    @property
    def available(self) -> int:
        """``memorystatus_available_pages`` (iOS: as the kernel publishes it, in
        ``memorystatus_delta`` steps on xnu-2050 / 2422) or ANC (macOS), §4.3."""
        if self.era is Era.MACOS:
            return self.vm.anc
        if self.rules.published_in_steps:
            return self.published.value
        return self.vm.available_ios

    @property
    def memorystatus_level(self) -> int:
        return min(100, self.available * 100 // self.total_pages)

    def pages_of(self, nbytes: float) -> int:
        return max(0, -(-int(nbytes) // self.page_size))

    # -- processes -------------------------------------------------------------------
    def kernel_band(self, spec: ProcessSpec) -> int:
        """Where ``spec`` goes: its band, or on xnu-2050 its priority (given, or the
        estimated priority of its band, ``model.bands.ios6_priority_for_band``)."""
        if not self.rules.priority_list:
            return spec.band
        if spec.priority is not None:
            return spec.priority
        return convert_band(spec.band, self.profile.era, Era.PRIORITY_LIST)

    def spawn(
        self, spec: ProcessSpec, *, announce: bool = True, start_time: float | None = None
    ) -> SimProcess:
        """Start a process (``sim/spawn.py``)."""
        return spawn(self, spec, announce=announce, start_time=start_time)

    def set_pages(
        self, proc: SimProcess, pages: int, *, base: bool = True, settle: bool = True
    ) -> int:
        """Change a footprint; returns the pages actually added (or removed). With
        ``settle`` false the caller re-evaluates the level and wakes jetsam itself."""
        delta = pages - proc.pages
        if delta > 0:
            pinned = delta * proc.pinned_percent // 100
            got = self.vm.allocate(pinned, pinned=True) if pinned else 0
            proc.pinned_pages += got
            delta = got + self.vm.allocate(delta - pinned)
            if self.rules.vm_path_kills and delta > 0 and pageout_stuck(self):
                self._publish()
                pageout_kills(self, proc)
                if not proc.alive:
                    return 0
        elif delta < 0:
            pinned = min(proc.pinned_pages, -delta * proc.pinned_pages // max(1, proc.pages))
            proc.pinned_pages -= pinned
            self.vm.release_pinned(pinned)
            self.vm.release(-delta - pinned)
        proc.pages += delta
        proc.lifetime_max_pages = max(proc.lifetime_max_pages, proc.pages)
        proc.layout.resize(
            proc.pages, change_of(proc, delta, base), page_size=self.page_size, is_app=proc.is_app
        )
        if base:
            self._base_pages[proc.pid] = proc.pages
        self.check_limits(proc)
        if settle:
            self.memory_changed()
        return delta

    def is_active(self, proc: SimProcess) -> bool:
        """Which limit applies (§3.3), by this release's rule."""
        if self.rules.active_rule is ActiveRule.ASSERTION:
            return proc.is_active(self.elevated_band)
        return proc.is_active_by_band(self.elevated_band, foreground_band(self.era))

    def applied_limit(self, proc: SimProcess) -> MemoryLimit | None:
        if self.rules.limit_kind is LimitKind.HIWAT_RESIDENT:
            # xnu-2050: one hiwat_pages, never fatal
            hiwat = proc.active_limit
            return None if hiwat is None else MemoryLimit(hiwat.bytes, fatal=False)
        active = self.is_active(proc)
        limit = proc.active_limit if active else proc.inactive_limit
        default = proc.active_default if active else proc.inactive_default
        if (
            limit is not None
            and limit.fatal
            and not default
            and self.rules.limit_kind is LimitKind.HIGHWATER_ONLY
        ):
            # xnu-2422: a process's own limit is a high-water mark; only the task limit
            # of a process without one kills (memorystatus_on_ledger_footprint_exceeded)
            return MemoryLimit(limit.bytes, fatal=False)
        return limit

    def check_limits(self, proc: SimProcess, *, allocating: bool = True) -> None:
        """§3.4, in :class:`~activitymon.sim.ledger.FootprintLedger`."""
        self.ledger.check(proc, allocating=allocating)

    def move_band(self, proc: SimProcess, band: int, *, head: bool = False) -> None:
        if band != proc.band:
            proc.band_since = self.now
        self.bands.insert(proc, band, head=head)
        self.check_limits(proc, allocating=False)

    # -- ends --------------------------------------------------------------------------
    def kill(
        self,
        proc: SimProcess,
        reason: KillReason,
        *,
        synchronous: bool = False,
        from_pageout: bool = False,
    ) -> None:
        """End ``proc`` with ``reason``; the report builder marks it as
        ``rules.kill_record`` says (a user kill or a Mac's idle exit never)."""
        if not proc.alive:
            return
        self.events.append(Killed(self.now, proc.pid, proc.name, reason, proc.band, proc.footprint))
        log_kill(self, proc, reason, specific=synchronous)
        record = kill_record(self.rules, reason, proc.band, self.era, from_pageout=from_pageout)
        self.reporter.on_kill(proc, reason, record)
        self._remove(proc)
        if synchronous:
            self.reporter.end_of_pass(post=record.asks_post, new_generation=False)

    def log(self, text: str) -> None:
        """A line of the kernel's own log, at the simulated time."""
        self.log_lines.append(KernelLogLine(self.now, text))

    def exit(self, proc: SimProcess) -> None:
        if proc.alive:
            self.events.append(Exited(self.now, proc.pid, proc.name))
            self._remove(proc)

    def _remove(self, proc: SimProcess) -> None:
        proc.alive = False
        for timer in (proc.grow_timer, proc.aging_timer, proc.response_timer):
            if timer is not None:
                timer.cancel()
        proc.grow_timer = proc.aging_timer = proc.response_timer = None
        self.bands.remove(proc)
        self.hwm.discard(proc.pid)
        self.vm.release(proc.pages - proc.pinned_pages)
        self.vm.release_pinned(proc.pinned_pages)
        self.vm.release_purgeable(proc.purgeable_pages)
        self.procs.pop(proc.pid, None)
        self._base_pages.pop(proc.pid, None)
        self.memory_changed()

    def purge(self, proc: SimProcess) -> int:
        pages = proc.purgeable_pages
        if pages:
            self.vm.release_purgeable(pages)
            proc.purgeable_pages = 0
        return pages

    def _vm_purge(self, need: int) -> int:
        done = 0
        for proc in sorted(self.procs.values(), key=lambda p: -p.purgeable_pages):
            if done >= need or not proc.purgeable_pages:
                break
            done += proc.purgeable_pages
            self.vm.purgeable -= proc.purgeable_pages
            proc.purgeable_pages = 0
        return done

    # -- level ---------------------------------------------------------------------------
    def memory_changed(self) -> None:
        vm = self.vm
        th = self.thresholds
        self._publish()
        if self.rules.level_from_suspended and th is not None:
            suspended = sum(1 for p in self.procs.values() if p.suspended)
            computed = suspended_level(self.available, th.soft_pages, suspended)
        elif vm.p.compressor:
            computed = next_pressure_level(
                self.computed_level, vm.anc, vm.am, vm.p.divisors, vm.low_on_space
            )
        elif th is not None:
            computed = next_level_without_compressor(
                self.computed_level, self.available, th.soft_pages, th.critical_pages
            )
        else:
            computed = PressureLevel.NORMAL
        self.computed_level = computed
        self._set_level(self.forced_level or computed)
        if self.pressure.early is not None:  # xnu-2422: the jetsam thread's foreground notes
            self.pressure.early.pages_published()
        self.stats.observe(self.now, self.available, self.level)
        self.jetsam.poke()

    def _publish(self) -> None:
        th = self.thresholds
        if self.rules.published_in_steps and th is not None:
            self.published.update(self.vm.available_ios, th.critical_pages)

    def force_level(self, level: PressureLevel | None) -> None:
        self.forced_level = level
        self.memory_changed()

    def _set_level(self, level: PressureLevel) -> None:
        if level is self.level:
            return
        previous = self.level
        self.level = level
        self.events.append(LevelChanged(self.now, level, self.available, self.memorystatus_level))
        self.pressure.wake()
        self.sustained.level_changed(previous)
