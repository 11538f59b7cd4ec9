"""The kill loops: the jetsam thread (§4.4, §1.5) and sustained-pressure kills (§4.6);
a Mac's next idle exit (§1.9, killed by the pressure thread in ``notify.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from activitymon.model import Era, KillReason, PressureLevel
from activitymon.sim.clock import Timer
from activitymon.sim.kernel_log import purge_line
from activitymon.sim.process import SimProcess
from activitymon.sim.rules import CompressorSpaceKills, HighwaterFrom, kill_record
from activitymon.sim.xnu import (
    KILL_STEP_S,
    NO_PAGING_SPACE_DELAY_S,
    SUSTAINED_KILL_INTERVAL_S,
    SUSTAINED_WINDOW_S,
    foreground_band,
    highwater_pages,
)

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel

Choice = tuple[SimProcess, KillReason]


class JetsamThread:
    """One kill per step, ``KILL_STEP_S`` apart, until the device is healthy; then the
    pass ends and the report snapshot is posted if a kill of the pass asked for it.
    Which thresholds and actions apply is the release's (``kernel.rules``)."""

    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel
        self.timer: Timer | None = None
        self.in_pass = False
        self.kills_in_pass = 0
        #: a kill of this pass asks for the snapshot to be posted
        self.post_snapshot = False
        #: when a Mac's no-paging-space action last ran (``last_no_space_action_ts``)
        self.no_space_at: float | None = None

    # -- when to run -------------------------------------------------------------------
    def _macos_unhealthy(self) -> bool:
        """``!memorystatus_is_system_healthy`` on a Mac (kern_memorystatus_policy.c,
        xnu-11417.121.6): the compressor exhausted (``vm.low_on_space``) or swap out of
        space. Swap is not modelled: it counts as out of space once the VM cannot make
        room any more — free pages under a quarter of ``vm_page_free_target`` with the
        file cache at its floor (docs/SIMULATOR.md, "Simplifications")."""
        vm = self.k.vm
        if vm.low_on_space:
            return True
        return vm.free < vm.p.free_target_pages // 4 and vm.file <= vm.p.file_min_pages

    def _critical(self) -> int:
        """The critical threshold in force: raised while band 0 is occupied on the
        releases with the idle offset (``memorystatus_update_levels_locked``)."""
        th = self.k.thresholds
        assert th is not None
        return th.idle_pages if self.k.bands.count(0) else th.critical_pages

    def _highwater_level(self) -> int:
        """Available pages at or below which high-water kills run (older releases)."""
        k = self.k
        th = k.thresholds
        assert th is not None
        frm = k.rules.highwater_from
        if frm is HighwaterFrom.HIGHWATER_10:
            return highwater_pages(k.total_pages)
        if frm is HighwaterFrom.CRITICAL:
            return self._critical()
        return th.soft_pages

    def _compressor_exhausted(self) -> bool:
        """iOS: the compressor is low on space (``vm_compressor_low_on_space``) on a
        release that kills for it."""
        rule = self.k.rules.compressor_space_kills
        return rule is not CompressorSpaceKills.NONE and self.k.vm.low_on_space

    def wanted(self) -> bool:
        k = self.k
        th = k.thresholds
        if th is None:
            return self._macos_unhealthy()
        if self._compressor_exhausted():
            return True
        avail = k.available
        if not k.rules.idle_threshold:
            return avail <= self._critical() or (bool(k.hwm) and avail <= self._highwater_level())
        return (
            avail < th.critical_pages
            or (avail < th.soft_pages and bool(k.hwm))
            or (avail < th.idle_pages and k.bands.count(0) > 0)
        )

    def poke(self) -> None:
        if self.timer is None and not self.in_pass and self.wanted():
            self.timer = self.k.clock.at(self.k.now, self.step)

    # -- choosing ----------------------------------------------------------------------
    def _hwm_victim(self) -> SimProcess | None:
        k = self.k
        if not k.hwm:
            return None
        if k.rules.priority_list:
            # memorystatus_kill_hiwat_proc walks the list from its head
            return next((p for p in k.bands.in_order() if p.hwm and not p.skip_in_pass), None)
        return min(
            (k.procs[pid] for pid in k.hwm if not k.procs[pid].skip_in_pass),
            key=lambda p: (p.band, p.seq),
            default=None,
        )

    def _band_order_victim(self, *, predict: bool) -> SimProcess | None:
        """First process in band order; the FOREGROUND band is sorted by footprint on
        the first kill of a pass (iOS), the IDLE band on macOS (§1.5)."""
        k = self.k
        if k.rules.priority_list:
            # memorystatus_kill_top_proc: the head of the list, never re-sorted
            return next((p for p in k.bands.in_order() if not p.skip_in_pass), None)
        sort_band = 0 if k.era is Era.MACOS else foreground_band(k.era)
        first_kill = self.kills_in_pass == 0
        if first_kill and not predict:
            k.bands.sort_band(sort_band, lambda p: p.pages)
        for proc in k.bands.in_order():
            if proc.skip_in_pass:
                continue
            if predict and first_kill and proc.band == sort_band:
                band = [p for p in k.bands.band(sort_band) if not p.skip_in_pass]
                return max(band, key=lambda p: p.pages)
            return proc
        return None

    def _choose_macos(self, *, predict: bool) -> Choice | None:
        """xnu-11417.121.6 (Mac) ``memorystatus_pick_action``, ``!CONFIG_JETSAM``:
        nothing while healthy; high-water offenders; then, while
        ``memstat_get_idle_proccnt()`` (clean idle-exit processes of the idle band) is
        not 0, MEMORYSTATUS_KILL_IDLE: ``memorystatus_kill_top_process`` sorts the idle
        band by footprint on the first kill of a wake (``sort_flag``) and skips any
        process there that is not clean and idle-exit; then no paging space."""
        k = self.k
        if not self._macos_unhealthy():
            return None
        victim = self._hwm_victim()
        if victim is not None:
            return victim, KillReason.HIGHWATER
        idle = self._clean_idle()
        if not idle:
            return self._no_paging_space()
        if self.kills_in_pass == 0:
            if predict:
                return max(idle, key=lambda p: p.pages), KillReason.VM_COMPRESSOR_SPACE_SHORTAGE
            k.bands.sort_band(0, lambda p: p.pages)
            idle = self._clean_idle()
        return idle[0], KillReason.VM_COMPRESSOR_SPACE_SHORTAGE

    def _clean_idle(self) -> list[SimProcess]:
        return [p for p in self.k.bands.band(0) if _clean_idle_exit(p) and not p.skip_in_pass]

    def _no_paging_space(self) -> Choice | None:
        """kern_proc.c · ``no_paging_space_action`` (xnu-11417.121.6), which the
        compressor runs when no idle process is left
        (``memorystatus_respond_to_compressor_exhaustion``), at most once per
        ``no_paging_space_action_throttle_delay_ns`` (5 s): the process with the most
        compressed pages dies with ``JETSAM_REASON_LOWSWAP`` if it holds over 50 % of
        them (``npcs_max_size > compressed * 50 / 100``); otherwise nobody."""
        k = self.k
        if self.no_space_at is not None and k.now - self.no_space_at <= NO_PAGING_SPACE_DELAY_S:
            return None
        largest = max(k.procs.values(), key=lambda p: p.compressible_pages, default=None)
        if largest is None:
            return None
        # per-process compressed shares are the global ratio (docs/SIMULATOR.md)
        share = int(largest.compressible_pages * k.vm.compressed_fraction)
        if share * 100 > k.vm.compressed * 50:  # npcs_max_size > compressed * 50 / 100
            return largest, KillReason.LOW_SWAP
        return None

    def _choose_before_idle_threshold(self, *, predict: bool) -> Choice | None:
        """xnu-2050 … 10063: high-water kills from the release's threshold, then the top
        process (band 0 first) while at or below the critical threshold in force."""
        avail = self.k.available
        if avail <= self._highwater_level():
            victim = self._hwm_victim()
            if victim is not None:
                return victim, KillReason.HIGHWATER
        if avail > self._critical():
            return None
        victim = self._band_order_victim(predict=predict)
        return None if victim is None else (victim, KillReason.VM_PAGESHORTAGE)

    def choose(self, *, predict: bool = False) -> Choice | None:
        """What this step kills (or, with ``predict``, would kill without changing
        anything); ``None`` when the device is healthy."""
        k = self.k
        th = k.thresholds
        if th is None:
            return self._choose_macos(predict=predict)
        if self._compressor_exhausted():
            # the release's order: high-water offenders first (up to xnu-11215), then
            # the top process in band order
            if k.rules.compressor_space_kills is CompressorSpaceKills.AFTER_HIGHWATER:
                hwm = self._hwm_victim()
                if hwm is not None:
                    return hwm, KillReason.HIGHWATER
            victim = self._band_order_victim(predict=predict)
            if victim is not None:
                return victim, KillReason.VM_COMPRESSOR_SPACE_SHORTAGE
        if not k.rules.idle_threshold:
            return self._choose_before_idle_threshold(predict=predict)
        avail = k.available
        unhealthy = avail < th.critical_pages
        if avail < th.soft_pages or unhealthy:
            victim = self._hwm_victim()
            if victim is not None:
                return victim, KillReason.HIGHWATER
        if avail < th.idle_pages and not unhealthy:
            victim = next((p for p in k.bands.band(0) if not p.skip_in_pass), None)
            if victim is not None:
                return victim, KillReason.IDLE_EXIT
        if not unhealthy:
            return None
        victim = self._band_order_victim(predict=predict)
        return None if victim is None else (victim, KillReason.VM_PAGESHORTAGE)

    def predict(self) -> Choice | None:
        """The next victim and cause as the loop would pick them once available pages
        fall far enough: high-water candidates first, then band 0 (with an idle
        threshold), then band order. macOS: the next idle-exit candidate."""
        k = self.k
        if k.era is Era.MACOS:
            if self._macos_unhealthy():
                return self.choose(predict=True)
            victim = idle_exit_candidate(k)
            return None if victim is None else (victim, KillReason.IDLE_EXIT)
        if self._compressor_exhausted():
            return self.choose(predict=True)
        victim = self._hwm_victim()
        if victim is not None:
            return victim, KillReason.HIGHWATER
        th = k.thresholds
        if k.rules.idle_threshold and th is not None and k.available >= th.critical_pages:
            head = next((p for p in k.bands.band(0) if not p.skip_in_pass), None)
            if head is not None:
                return head, KillReason.IDLE_EXIT
        victim = self._band_order_victim(predict=True)
        return None if victim is None else (victim, KillReason.VM_PAGESHORTAGE)

    # -- running -------------------------------------------------------------------------
    def step(self) -> None:
        self.timer = None
        self.in_pass = True
        choice = self.choose()
        if choice is None:
            self._end_pass()
            return
        victim, reason = choice
        purge = self.k.rules.purge_before_kill and victim.purgeable_pages > 0
        if purge and self._purge_saves(victim, reason):
            victim.skip_in_pass = True
        else:
            self.kills_in_pass += 1
            k = self.k
            if reason is KillReason.LOW_SWAP:
                self.no_space_at = k.now
            elif reason is KillReason.VM_COMPRESSOR_SPACE_SHORTAGE:
                k.vm.space_shortage = False  # memorystatus_thread: is_reason_thrashing
            if kill_record(k.rules, reason, victim.band, k.era).asks_post:
                self.post_snapshot = True
            k.kill(victim, reason)
        self.timer = self.k.clock.after(KILL_STEP_S, self.step)

    def _purge_saves(self, victim: SimProcess, reason: KillReason) -> bool:
        """§1.5 step 4 (xnu-4570 →): purge the victim's volatile memory first; it
        survives if that was enough (HWM: back under its limit; otherwise available
        back above soft), and the kernel says so in its log."""
        k = self.k
        purged = k.purge(victim)
        k.memory_changed()
        if reason is KillReason.HIGHWATER:
            limit = k.applied_limit(victim)
            saved = limit is not None and victim.footprint <= limit.bytes
        else:
            th = k.thresholds
            saved = th is not None and k.available >= th.soft_pages
        if saved:
            k.log(purge_line(purged, victim.pid, victim.name, k.rules.reason_name(reason)))
        return saved

    def _end_pass(self) -> None:
        self.in_pass = False
        self.kills_in_pass = 0
        for proc in self.k.procs.values():
            proc.skip_in_pass = False
        post, self.post_snapshot = self.post_snapshot, False
        if self.k.pressure.early is not None:  # xnu-2422: the thread's foreground check
            self.k.pressure.early.jetsam_thread_ran()
        self.k.reporter.end_of_pass(post=post)


def _clean_idle_exit(proc: SimProcess) -> bool:
    """``(p_memstat_dirty & (P_DIRTY_ALLOW_IDLE_EXIT | P_DIRTY_IS_DIRTY |
    P_DIRTY_TERMINATED)) == P_DIRTY_ALLOW_IDLE_EXIT``: tracked, idle-exit, clean."""
    return proc.tracked and proc.idle_exit and not proc.dirty


def idle_exit_candidate(kernel: Kernel) -> SimProcess | None:
    """A Mac's next idle exit (§1.9): the first clean idle-exit process of band 0
    (``kill_idle_exit_proc``, xnu-2422.1.72; ``memorystatus_kill_idle_process`` later);
    never a dirty one. The pressure thread kills it (``notify.py``)."""
    return next((p for p in kernel.bands.band(0) if _clean_idle_exit(p)), None)


class SustainedPressure:
    """Modern iOS (§4.6): 600 s after the level leaves Normal, kill band-0 processes
    500 ms apart while it stays non-Normal, at most 2 × their number."""

    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel
        self.timer: Timer | None = None
        self.budget = 0

    def level_changed(self, previous: PressureLevel) -> None:
        k = self.k
        if not k.rules.sustained_pressure or k.era is Era.MACOS:
            return
        if k.level is PressureLevel.NORMAL:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
        elif previous is PressureLevel.NORMAL and self.timer is None:
            self.timer = k.clock.after(SUSTAINED_WINDOW_S, self._fire)

    def _fire(self) -> None:
        self.budget = 2 * self.k.bands.count(0)
        self._kill_one()

    def _kill_one(self) -> None:
        k = self.k
        self.timer = None
        if k.level is PressureLevel.NORMAL or self.budget <= 0:
            return
        victim = k.bands.head(0)
        if victim is None:
            return
        self.budget -= 1
        reason = KillReason.SUSTAINED_MEMORY_PRESSURE
        record = kill_record(k.rules, reason, victim.band, k.era)
        k.kill(victim, reason)
        k.reporter.end_of_pass(post=record.asks_post)
        self.timer = k.clock.after(SUSTAINED_KILL_INTERVAL_S, self._kill_one)
