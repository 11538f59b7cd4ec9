"""The pressure thread (§4.5): who is told about a level change, in what order, and
how often.

Woken on every level transition. A round notifies one process per step, 250 ms apart
(no delay when available pages are at or below soft − (soft − critical) / 2 of the
thresholds, iOS). After a whole Warning or Critical round, no new round at that level
starts for 25 s — checked only when the previous round was not Normal, since a Normal
round clears who was notified; a drop in level must last 5 s before anyone is told.
xnu-2050 sends one note per pass to the head of its list; xnu-2422 tells the foreground
apps and the largest process instead (``notify_2422.py``). A Mac kills idle-exit
processes here too: from xnu-2782 all of them first, 1 s apart; before, one with each note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from activitymon.model import KillReason, PressureLevel
from activitymon.sim.clock import Timer
from activitymon.sim.jetsam import idle_exit_candidate
from activitymon.sim.notify_2422 import ForegroundAndLargest
from activitymon.sim.process import SimProcess
from activitymon.sim.xnu import (
    DECREASED_SMOOTHING_S,
    INTER_NOTIFICATION_DELAY_S,
    MACOS_IDLE_EXIT_INTERVAL_S,
    MACOS_IDLE_EXIT_MAX_PER_EPISODE,
    MB,
    backoff_pages,
)

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel


class PressureThread:
    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel
        self.timer: Timer | None = None
        self.last_round_level = PressureLevel.NORMAL
        self.round_level: PressureLevel | None = None
        self.round: list[SimProcess] = []
        self.rest_until: dict[PressureLevel, float] = {}
        self.drop_since: float | None = None
        rules = kernel.rules
        # VM_PRESSURE_MINIMUM_RSIZE: 10 MB (xnu-2422; a Mac always), 6 MB (iOS, 4903 →)
        self.min_bytes = rules.min_notify_mb * MB
        # memorystatus_bg_pressure_eligible (xnu-4903 →): band ≥ BACKGROUND_OPPORTUNISTIC
        self.min_band: int | None = 2 * kernel.era.scale if rules.notify_band_floor else None
        self.rest_s = rules.notify_rest_s
        #: a Mac's idle exits before the notes (xnu-2782 →): kills in this wake
        self.idle_exiting = False
        self.idle_kills = 0
        self.daemons_listen = rules.daemons_listen
        #: xnu-2422's two paths (``None`` on the other releases)
        self.early: ForegroundAndLargest | None = (
            ForegroundAndLargest(kernel) if rules.notify_foreground_and_largest else None
        )

    def wake(self) -> None:
        """A level transition: whatever round was running stops; decide afresh now
        (a Mac's idle exits in progress go on: the thread is busy in that loop)."""
        if self.idle_exiting:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.round = []
        self.round_level = None
        self.timer = self.k.clock.at(self.k.now, self._run)

    # -- eligibility (memorystatus_bg_pressure_eligible and friends) -------------------
    def eligible(self, proc: SimProcess, level: PressureLevel) -> bool:
        if not proc.alive or proc.suspended:
            return False
        if self.min_band is not None and proc.band < self.min_band:
            return False
        if proc.footprint < self.min_bytes:
            return False
        if not self.registered(proc):
            return False  # registered no knote: vm_try_pressure_candidates skips it
        if level is PressureLevel.WARN:
            return not proc.notified_warn
        if level is PressureLevel.CRITICAL:
            return not proc.notified_critical
        return proc.notified_warn or proc.notified_critical

    def registered(self, proc: SimProcess) -> bool:
        """It listens for pressure (a knote, a dispatch source)."""
        return self.daemons_listen or proc.is_app or not proc.response.ignores

    def _run(self) -> None:
        k = self.k
        self.timer = None
        if k.rules.notify_list_head:
            self._run_list()
            return
        if self.early is not None:
            # xnu-2422: the pageout path wakes the pressure thread while pressured
            if k.level is not PressureLevel.NORMAL:
                self.early.pageout_note()
                self.timer = k.clock.after(INTER_NOTIFICATION_DELAY_S, self._run)
            return
        if k.rules.idle_exit_before_notes and self._idle_exit():
            return
        level = k.level
        if level.severity < self.last_round_level.severity:
            if self.drop_since is None:
                self.drop_since = k.now
            due = self.drop_since + DECREASED_SMOOTHING_S
            if k.now < due:  # (the same sum both times: no float drift)
                self.timer = k.clock.at(due, self._run)
                return
        self.drop_since = None
        if self.last_round_level is not PressureLevel.NORMAL and level is not PressureLevel.NORMAL:
            # memorystatus_update_vm_pressure: the resting period is checked only when
            # the previous round was not Normal; once it is over, everyone registered
            # becomes eligible again (memorystatus_klist_reset_all_for_level)
            rest = self.rest_until.get(level)
            if rest is not None:
                if k.now < rest:
                    return  # inside the resting period: sleep and return
                del self.rest_until[level]
                for proc in k.procs.values():
                    if level is PressureLevel.WARN:
                        proc.notified_warn = False
                    else:
                        proc.notified_critical = False
        rising = level.severity >= self.last_round_level.severity and level.severity > 0
        candidates = [p for p in k.procs.values() if self.eligible(p, level)]
        if rising:
            candidates.sort(key=lambda p: (p.band, -p.pages, p.seq))
        else:
            candidates.sort(key=lambda p: (-p.band, -p.pages, p.seq))
        candidates.reverse()  # pop from the end
        self.round = candidates
        self.round_level = level
        self.last_round_level = level
        self._step()

    def _step(self) -> None:
        k = self.k
        self.timer = None
        level = self.round_level
        if level is None:
            return
        while self.round:
            proc = self.round.pop()
            if not self.eligible(proc, level):
                continue
            self._deliver(proc, level)
            if self._idle_exit_with_note(level):
                return  # the kill changed the level: the thread starts afresh
            if self._no_delay():
                continue
            self.timer = k.clock.after(INTER_NOTIFICATION_DELAY_S, self._step)
            return
        self.round_level = None
        if level is not PressureLevel.NORMAL and self.rest_s > 0:
            self.rest_until[level] = k.now + self.rest_s
        self._idle_exit_with_note(level)

    def _idle_exit_with_note(self, level: PressureLevel) -> bool:
        """A Mac before xnu-2782 (``idle_exit_per_note``): each pass of
        ``memorystatus_update_vm_pressure``'s loop at a level other than Normal calls
        ``memorystatus_idle_exit_from_VM`` once — after each note and once more when no
        one is left to tell — and the memorystatus thread kills the first clean
        idle-exit process of the idle band (``kill_idle_exit_proc``, xnu-2422.1.72).
        ``True`` when that kill changed the level (``wake`` started a new run)."""
        k = self.k
        if not k.rules.idle_exit_per_note or level is PressureLevel.NORMAL:
            return False
        victim = idle_exit_candidate(k)
        if victim is None:
            return False
        k.kill(victim, KillReason.IDLE_EXIT)
        return self.timer is not None

    def _idle_exit(self) -> bool:
        """``memorystatus_update_vm_pressure`` on a Mac: while the level is not Normal,
        kill one clean idle-exit process and wait 1 s (``delay(1000000)``), at most
        ``MAX_IDLE_KILLS`` (100) times in one wake; only then are processes told.
        ``True`` while that loop goes on (the thread comes back in 1 s)."""
        k = self.k
        if (
            k.level is not PressureLevel.NORMAL
            and self.idle_kills < MACOS_IDLE_EXIT_MAX_PER_EPISODE
        ):
            victim = idle_exit_candidate(k)
            if victim is not None:
                self.idle_exiting = True
                self.idle_kills += 1
                k.kill(victim, KillReason.IDLE_EXIT)
                self.timer = k.clock.after(MACOS_IDLE_EXIT_INTERVAL_S, self._run)
                return True
        self.idle_exiting = False
        self.idle_kills = 0
        return False

    def _run_list(self) -> None:
        """xnu-2050: while the level is not Normal, each pass of the pressure thread
        asks ``memorystatus_request_vm_pressure_candidate`` for one pid — the first in
        list order that is not suspended and not yet told — and sends it one note;
        back at Normal every mark is cleared (``memorystatus_check_pressure_reset``).
        One pass per ``INTER_NOTIFICATION_DELAY`` (250 ms) is an estimate: public source
        does not say how often the embedded pageout path woke the pressure thread."""
        k = self.k
        level = k.level
        if level is PressureLevel.NORMAL:
            for proc in k.procs.values():
                proc.notified_warn = proc.notified_critical = False
            return
        for proc in k.bands.in_order():
            if self.eligible(proc, PressureLevel.WARN) and not proc.notified_critical:
                proc.notified_warn = proc.notified_critical = True
                k.warn_process(proc, level)
                break
        self.timer = k.clock.after(INTER_NOTIFICATION_DELAY_S, self._run)

    def _deliver(self, proc: SimProcess, level: PressureLevel) -> None:
        clears = self.k.rules.notify_clears_other_level
        if level is PressureLevel.WARN:
            proc.notified_warn = True
            proc.notified_critical = proc.notified_critical and not clears
        elif level is PressureLevel.CRITICAL:
            proc.notified_critical = True
            proc.notified_warn = proc.notified_warn and not clears
        else:
            proc.notified_warn = proc.notified_critical = False
        self.k.warn_process(proc, level)

    def _no_delay(self) -> bool:
        th = self.k.thresholds
        if th is None:
            return False
        return self.k.available <= backoff_pages(th.soft_pages, th.critical_pages)
