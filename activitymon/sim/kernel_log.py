"""The lines the simulated kernel writes to its log, in its release's own format.

Each format is the release's format string from ``bsd/kern/kern_memorystatus.c`` at its
tag (``rules.kill_log``; ``shared/reference/xnu-kernel-log.md`` lists them with their
lines), filled with the simulated values: the pid and name (``p_comm``, 16 characters,
before xnu-3789; ``p_name``, 32, from it), the cause's name, the band, the footprint in KB,
``memorystatus_available_pages`` as the kernel holds it, the compressor's pages, the
seconds in the band and the relaunch flags, and the seconds since boot (the profile's
uptime plus the simulated time) where the line carries them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from activitymon.model import Era, KillReason
from activitymon.sim.rule_types import KillLogFormat, LimitLogFormat
from activitymon.sim.rules import XnuRules

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel
    from activitymon.sim.process import SimProcess

#: JETSAM_REASON_MEMORY_IDLE_EXIT, the exit reason code a Mac's idle exit logs
IDLE_EXIT_CODE = 9

#: ``MAXCOMLEN``: ``p_comm`` holds 16 characters; ``p_name`` (xnu-3789 →) twice that
COMM_LEN = 16
NAME_LEN = 2 * COMM_LEN
#: ``_memstat_relaunch_flags_description`` (xnu-11417)
RELAUNCH_FLAGS = {"low": "low", "medium": "med", "high": "high"}


@dataclass(frozen=True, slots=True)
class KillFacts:
    """What a kill line says, in the kernel's units."""

    pid: int
    name: str
    reason: KillReason
    band: int
    footprint_bytes: int
    available_pages: int
    compressor_pages: int
    #: seconds since boot
    uptime_s: float
    seconds_in_band: float
    relaunch: str
    #: killed on its own thread (a per-process limit): ``memorystatus_kill_specific_process``
    specific: bool = False
    #: an iOS kernel (``CONFIG_JETSAM``); a Mac's is built without it
    config_jetsam: bool = True


def _uptime(seconds: float, digits: int = 3) -> str:
    """``%lu.%03d`` of ``tv_sec`` and ``tv_usec / 1000`` (xnu-3789 prints the
    milliseconds with ``%02d``: ``digits`` 2)."""
    whole, usec = divmod(round(seconds * 1_000_000), 1_000_000)  # microtime
    return f"{whole}.{usec // 1000:0{digits}d}"


def _action(f: KillFacts) -> str:
    if f.specific:
        return "killing_specific_process"
    if f.reason is KillReason.HIGHWATER:
        return "killing_highwater_process"
    return "killing_idle_process" if f.band == 0 else "killing_top_process"


#: the printf lines of xnu-2050 … 3789 ("jetsam killing pid", "idle exiting pid")
_JETSAM_FORMATS = (
    KillLogFormat.JETSAM_KILLING,
    KillLogFormat.JETSAM_KILLING_CAUSE,
    KillLogFormat.JETSAM_KILLING_CAUSE_BAND,
    KillLogFormat.UPTIME_JETSAM_KILLING,
)
#: the formats that print ``p_comm`` (16 characters); later ones print ``p_name``
_P_COMM_FORMATS = _JETSAM_FORMATS[:3]


def _name(fmt: KillLogFormat, name: str) -> str:
    return name[:COMM_LEN] if fmt in _P_COMM_FORMATS else name[:NAME_LEN]


def _jetsam_line(fmt: KillLogFormat, cause: str, f: KillFacts) -> str:
    """xnu-2050 … 3789: ``memorystatus_kill_top_process``, ``memorystatus_kill_hiwat_proc``
    and ``memorystatus_kill_specific_process``."""
    comm = _name(fmt, f.name)
    pages = f"memorystatus_available_pages: {f.available_pages}"
    banded = fmt in (KillLogFormat.JETSAM_KILLING_CAUSE_BAND, KillLogFormat.UPTIME_JETSAM_KILLING)
    group = f"({cause} {f.band})" if banded else f"({cause})"
    stamp = f"{_uptime(f.uptime_s, 2)} " if fmt is KillLogFormat.UPTIME_JETSAM_KILLING else ""
    if f.specific:
        what = f" {group}" if cause else ""
        head = f"{stamp}memorystatus: specifically killing pid {f.pid} [{comm}]{what}"
        # xnu-3789 without CONFIG_JETSAM: no page count
        return head if stamp and not f.config_jetsam else f"{head} - {pages}"
    if f.reason is KillReason.HIGHWATER:
        mark = f"(highwater {f.band})" if banded else "(highwater)"
        return f"{stamp}memorystatus: jetsam killing pid {f.pid} [{comm}] {mark} - {pages}"
    if fmt is KillLogFormat.JETSAM_KILLING:
        return f"memorystatus: jetsam killing pid {f.pid} [{comm}] - {pages}"
    if f.band == 0:
        verb = "idle exiting pid"
    elif stamp:
        verb = "jetsam killing top process pid"
    else:
        verb = "jetsam killing pid"
    return f"{stamp}memorystatus: {verb} {f.pid} [{comm}] {group} - {pages}"


def kill_line(rules: XnuRules, f: KillFacts) -> str:
    """The kernel's line for one kill."""
    fmt = rules.kill_log
    cause = rules.reason_name(f.reason) if fmt is not KillLogFormat.JETSAM_KILLING else ""
    if fmt in _JETSAM_FORMATS:
        return _jetsam_line(fmt, cause, f)
    head = f"memorystatus: {_action(f)} pid {f.pid} [{f.name[:NAME_LEN]}]"
    uptime = _uptime(f.uptime_s)
    kb = f"{f.footprint_bytes >> 10}KB"
    pages = f"memorystatus_available_pages: {f.available_pages}"
    compressor = f" compressor_size:{f.compressor_pages}"
    if fmt is KillLogFormat.ACTION_BAND_TIME:
        flags = RELAUNCH_FLAGS.get(f.relaunch, "-")
        group = f"({cause} {f.band} {int(f.seconds_in_band)}s rf:{flags})"
        if f.specific:  # memorystatus_kill_specific_process keeps the uptime, no compressor
            return f"{uptime} {head} {group} {kb} - {pages}"
        return f"{head} {group} {kb} - {pages}{compressor}"
    group = f"({cause} {f.band})"
    if fmt is KillLogFormat.UPTIME_ACTION:
        return f"{uptime} {head} {group} - {pages}"
    line = f"{head} {group} {kb} - {pages}"
    if f.specific or fmt is KillLogFormat.UPTIME_ACTION_KB:
        return f"{uptime} {line}"
    if fmt is KillLogFormat.UPTIME_ACTION_KB_COMPRESSOR:
        return f"{uptime} {line}{compressor}"
    return f"{line}{compressor}"  # ACTION_KB_COMPRESSOR: memorystatus_log, no uptime


def idle_exit_line(rules: XnuRules, era: Era, pid: int, name: str, cause_code: int) -> str:
    """A Mac's idle exit on the pressure thread: ``memorystatus_thread: idle exiting pid
    %d [%s]`` up to xnu-3789, "memorystatus: killing_idle_process pid %d [%s]" from
    xnu-4570 (``kill_idle_exit_proc``), with " jetsam_reason->osr_code: %llu" from
    xnu-6153 (``memstat_kill_idle_process`` later)."""
    fmt = rules.kill_log
    if fmt in _JETSAM_FORMATS:
        return f"memorystatus_thread: idle exiting pid {pid} [{_name(fmt, name)}]"
    head = f"memorystatus: killing_idle_process pid {pid} [{name[:NAME_LEN]}]"
    if fmt is KillLogFormat.UPTIME_ACTION:
        return head
    return f"{head} jetsam_reason->osr_code: {cause_code}"


#: the formats written once per process per limit (active, inactive); the older ones
#: each time the ledger calls back (each crossing)
LIMIT_LOG_ONCE = frozenset(
    {
        LimitLogFormat.EXCEEDED_NAMED_LIMIT_ONCE,
        LimitLogFormat.EXC_RESOURCE,
        LimitLogFormat.MEMORYSTATUS_EXCEEDED,
    }
)


def limit_line(
    rules: XnuRules,
    pid: int,
    name: str,
    limit_bytes: int,
    *,
    active: bool,
    fatal: bool,
    warning: bool = False,
) -> str | None:
    """The kernel's line when a process crosses its memory limit (or, on xnu-2422, its
    warning level: ``warning``); ``None`` where the release writes none. The limit is
    printed in whole MB (``max_footprint_mb = max_footprint >> 20``)."""
    fmt = rules.limit_log
    mb = limit_bytes >> 20
    if fmt is LimitLogFormat.APPROACHING_OR_EXCEEDED:
        word = "approaching" if warning else "exceeded"
        return (
            f"process {pid} ({name[:COMM_LEN]}) {word} physical memory footprint limit of {mb} MB"
        )
    if warning or fmt is LimitLogFormat.NONE:
        return None
    if fmt is LimitLogFormat.EXCEEDED_LIMIT_OF:
        return (
            f"process {pid} ({name[:COMM_LEN]}) exceeded physical memory footprint limit of {mb} MB"
        )
    which = ("Active" if active else "Inactive") + ("Hard" if fatal else "Soft")
    if fmt is LimitLogFormat.EXCEEDED_NAMED_LIMIT:
        return (
            f"process {pid} ({name[:COMM_LEN]}) exceeded physical memory footprint, "
            f"the {which}MemoryLimit of {mb} MB"
        )
    if fmt is LimitLogFormat.EXCEEDED_NAMED_LIMIT_ONCE:
        return (
            f"process {pid} ({name[:NAME_LEN]}) exceeded physical memory footprint, "
            f"the {which}MemoryLimit of {mb} MB"
        )
    tail = f"exceeded mem limit: {which} {mb} MB ({'fatal' if fatal else 'non-fatal'})"
    if fmt is LimitLogFormat.EXC_RESOURCE:
        return f"EXC_RESOURCE -> {name[:NAME_LEN]}[{pid}] {tail}"
    return f"memorystatus: {name[:NAME_LEN]} [{pid}] {tail}"  # MEMORYSTATUS_EXCEEDED


def log_limit(
    k: Kernel, proc: SimProcess, limit_bytes: int, fatal: bool, *, warning: bool = False
) -> None:
    """Write the kernel's line for a limit (or xnu-2422's warning level) crossed."""
    line = limit_line(
        k.rules,
        proc.pid,
        proc.name,
        limit_bytes,
        active=k.is_active(proc),
        fatal=fatal,
        warning=warning,
    )
    if line is not None:
        k.log(line)


def purge_line(pages: int, pid: int, name: str, cause: str) -> str:
    """A victim saved by purging its volatile memory (``memorystatus_kill_proc``,
    xnu-4570 →)."""
    return (
        f"memorystatus: purged {pages} pages from pid {pid} [{name[:NAME_LEN]}] and avoided {cause}"
    )


def log_kill(k: Kernel, proc: SimProcess, reason: KillReason, *, specific: bool) -> None:
    """Write the kernel's line for this kill (none for a force quit from the menu)."""

    if reason is KillReason.JETTISONED:
        return  # a force quit from the menu: a signal, not a jetsam kill
    if k.era is Era.MACOS and reason is KillReason.IDLE_EXIT:
        k.log(idle_exit_line(k.rules, k.era, proc.pid, proc.name, IDLE_EXIT_CODE))
        return
    facts = KillFacts(
        pid=proc.pid,
        name=proc.name,
        reason=reason,
        band=proc.band,
        footprint_bytes=proc.footprint,
        available_pages=k.available,
        compressor_pages=k.vm.compressor_pages,
        uptime_s=k.profile.uptime_s + k.now,
        seconds_in_band=max(0.0, k.now - proc.band_since),
        relaunch=proc.relaunch,
        specific=specific,
        config_jetsam=k.era is not Era.MACOS,
    )
    k.log(kill_line(k.rules, facts))
