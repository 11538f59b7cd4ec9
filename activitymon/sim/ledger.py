"""The limits a process starts with, and where the ledger warns (§3.2, §3.4).

A process without a limit of its own runs under the device's task limit
(``max_task_pmem``) as a fatal limit, on the releases that have a ``phys_footprint``
ledger (xnu-2422 →); the increased-memory-limit entitlement raises its limits to the
device's entitled limit (xnu-7195 →). Pure functions of the spec, the device and the
release's rules; the kernel calls them at spawn and on every footprint change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from activitymon.model import (
    Era,
    KillReason,
    LimitExceeded,
    LimitOrigin,
    LimitWarning,
    MemoryLimit,
    NoteCause,
    PressureLevel,
)
from activitymon.sim.kernel_log import LIMIT_LOG_ONCE, log_limit
from activitymon.sim.rules import DefaultLimitWarning, LimitKind, XnuRules
from activitymon.sim.xnu import GIB, MB

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel
    from activitymon.sim.process import SimProcess

#: ``PHYS_FOOTPRINT_WARNING_LEVEL`` (``osfmk/kern/task.c``)
PHYS_FOOTPRINT_WARNING_LEVEL = 80
#: ``task_init``: the task limit's warning sits this far below it (xnu-7195 … 10063)
WARNING_MARGIN_MB = 100
WARNING_MARGIN_SMALL_MB = 50
#: ``task_init``: "max_task_pmem %d below minimum" — a smaller value is raised to this
MIN_TASK_LIMIT_MB = 50
ENTITLEMENT = "increased-memory-limit"


@dataclass(frozen=True, slots=True)
class DeviceLimits:
    """The device's limits as its release applies them."""

    #: the default limit of every process without one of its own (``None``: none)
    task_limit_mb: int | None
    #: the limit the entitlement raises a process to (``None``: not on this device)
    entitled_limit_mb: int | None
    #: the ledger's warning level for a process running under the task limit, percent
    default_warning_percent: int

    @classmethod
    def of(cls, task_mb: int, entitled_mb: int, ram_bytes: int, rules: XnuRules) -> DeviceLimits:
        if not rules.task_limit or task_mb <= 0:
            return cls(None, None, PHYS_FOOTPRINT_WARNING_LEVEL)
        task_mb = max(task_mb, MIN_TASK_LIMIT_MB)
        entitled = entitled_mb if rules.entitled_limit and entitled_mb > 0 else None
        percent = PHYS_FOOTPRINT_WARNING_LEVEL
        if rules.default_limit_warning is DefaultLimitWarning.BELOW_LIMIT:
            percent = task_warning_percent(task_mb, ram_bytes)
        return cls(task_mb, entitled, percent)


def task_warning_percent(task_mb: int, ram_bytes: int) -> int:
    """``max_task_footprint_warning_level`` (xnu-7195 ``task_init``): 50 MB below the
    limit on devices with less than 1 GiB of memory, 100 MB below it otherwise, as a
    whole percentage, never under ``PHYS_FOOTPRINT_WARNING_LEVEL``."""
    margin = WARNING_MARGIN_SMALL_MB if ram_bytes < GIB else WARNING_MARGIN_MB
    percent = 0
    if task_mb > margin:
        percent = (task_mb - margin) * 100 // task_mb
    return max(percent, PHYS_FOOTPRINT_WARNING_LEVEL)


def warning_bytes(limit_bytes: int, percent: int) -> int:
    """The ledger's warning level: ``ledger_set_limit`` keeps the percentage in 16-bit
    fixed point (``warn_level_percentage * (1 << 16) / 100``) and the balance warns
    when it rises above ``limit * le_warn_percent >> 16`` (``osfmk/kern/ledger.c``)."""
    return (limit_bytes * (percent * (1 << 16) // 100)) >> 16


@dataclass(frozen=True, slots=True)
class StartingLimits:
    active: MemoryLimit | None
    inactive: MemoryLimit | None
    #: the limit is the device's task limit (the ledger warns at the default level)
    active_default: bool
    inactive_default: bool
    origin: LimitOrigin | None


def starting_limits(
    limit_mb: float | None,
    limit_fatal: bool,
    inactive_mb: float | None,
    inactive_fatal: bool,
    *,
    device: DeviceLimits,
    entitled: bool,
    origin: LimitOrigin | None,
) -> StartingLimits:
    """A spawned process's limits. Each of ``limit_mb`` / ``inactive_mb``: ``None`` is
    the device's task limit (XNU's -1: fatal, ``memorystatus_update`` "System_wide
    task limit is always fatal"), 0 no limit (XNU's internal 0), above 0 its own. With
    the entitlement, each limit becomes the larger of it and the entitled limit,
    keeping its fatality (``memorystatus_raise_memlimit``); no limit stays none."""
    active, active_default = _one(limit_mb, limit_fatal, device)
    inactive, inactive_default = _one(inactive_mb, inactive_fatal, device)
    if origin is None:
        own = (limit_mb or 0) > 0 or (inactive_mb or 0) > 0
        default = active_default or inactive_default
        origin = LimitOrigin.OWN if own else (LimitOrigin.TASK if default else None)
    if entitled and device.entitled_limit_mb is not None:
        raised = device.entitled_limit_mb * MB
        if active is not None and active.bytes < raised:
            active, active_default, origin = MemoryLimit(raised, active.fatal), False, None
        if inactive is not None and inactive.bytes < raised:
            inactive, inactive_default, origin = MemoryLimit(raised, inactive.fatal), False, None
        origin = origin or LimitOrigin.ENTITLED
    return StartingLimits(active, inactive, active_default, inactive_default, origin)


def _one(mb: float | None, fatal: bool, device: DeviceLimits) -> tuple[MemoryLimit | None, bool]:
    if mb is None:
        if device.task_limit_mb is None:
            return None, False
        return MemoryLimit(device.task_limit_mb * MB, True), True
    if mb <= 0:
        return None, False
    return MemoryLimit(int(mb * MB), fatal), False


class FootprintLedger:
    """§3.4 on every footprint change: the warning level (re-armed below it), then the
    limit (re-armed below it): a fatal one kills at once on the allocating thread, a
    soft one makes a high-water candidate. A band change only swaps the applied limit
    (``ledger_set_limit`` stores it), so a process now over a fatal limit dies on its
    next allocation."""

    def __init__(self, kernel: Kernel) -> None:
        self.k = kernel

    def warning_percent(self, proc: SimProcess) -> int:
        """The release's level for the device's task limit, 80 % for any other."""
        k = self.k
        default = proc.active_default if k.is_active(proc) else proc.inactive_default
        return k.limits.default_warning_percent if default else PHYS_FOOTPRINT_WARNING_LEVEL

    def check(self, proc: SimProcess, *, allocating: bool = True) -> None:
        k = self.k
        if not proc.alive:
            return
        limit = k.applied_limit(proc)
        if limit is None:
            proc.over_warning = proc.over_limit = False
            self._clear_hwm(proc)
            return
        if k.rules.limit_kind is LimitKind.HIWAT_RESIDENT:
            # xnu-2050: hiwat_pages is read by the jetsam thread alone, no ledger
            proc.over_limit = proc.footprint > limit.bytes
            if proc.over_limit:
                proc.hwm = True
                k.hwm.add(proc.pid)
            else:
                self._clear_hwm(proc)
            return
        footprint = proc.footprint
        percent = self.warning_percent(proc)
        origin = None if proc.limit_origin is None else proc.limit_origin.value
        if footprint > warning_bytes(limit.bytes, percent):
            if not proc.over_warning:
                proc.over_warning = True
                k.events.append(
                    LimitWarning(k.now, proc.pid, proc.name, limit.bytes, percent, origin)
                )
                log_limit(k, proc, limit.bytes, limit.fatal, warning=True)
                if k.era is not Era.MACOS:
                    # iOS: a process listening only for pressure gets a memory warning
                    k.warn_process(proc, PressureLevel.WARN, NoteCause.LIMIT)
                else:
                    k.schedule_response(proc)
        else:
            proc.over_warning = False
        if footprint <= limit.bytes:
            proc.over_limit = False
            self._clear_hwm(proc)
            return
        if limit.fatal:
            if allocating:
                k.events.append(
                    LimitExceeded(k.now, proc.pid, proc.name, limit.bytes, True, origin)
                )
                log_limit(k, proc, limit.bytes, True)
                k.kill(proc, KillReason.PER_PROCESS_LIMIT, synchronous=True)
            return
        which = "active" if k.is_active(proc) else "inactive"
        first = which not in proc.exc_resource_sent
        if first:
            proc.exc_resource_sent.add(which)
            k.events.append(LimitExceeded(k.now, proc.pid, proc.name, limit.bytes, False, origin))
        # the ledger calls back once per crossing; from xnu-3789 the line is written
        # once per limit (P_MEMSTAT_MEMLIMIT_*_EXC_TRIGGERED, task_has_triggered_exc_resource)
        if first if k.rules.limit_log in LIMIT_LOG_ONCE else not proc.over_limit:
            log_limit(k, proc, limit.bytes, False)
        proc.over_limit = True
        proc.hwm = True
        k.hwm.add(proc.pid)

    def _clear_hwm(self, proc: SimProcess) -> None:
        if proc.hwm:
            proc.hwm = False
            self.k.hwm.discard(proc.pid)
