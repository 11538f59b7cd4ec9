"""The headroom an app sees: the distance from its footprint to its own limit.

``os_proc_available_memory()`` (iOS 13+, ``libsyscall/wrappers/proc.c`` →
``memorystatus_available_memory_internal`` in ``bsd/kern/kern_memorystatus.c``) returns
the process's current limit (the active or inactive one, whichever applies) minus its
``phys_footprint``, floored at 0. It is the one figure an iOS developer can query about
their own budget; the Headroom column, the frontmost-app figure and the inspector all
read it from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from activitymon.model.process import ProcessInfo
    from activitymon.model.snapshot import Snapshot


def headroom_bytes(proc: ProcessInfo) -> int | None:
    """Applied limit minus footprint, in bytes; negative when a process is over a soft
    limit (it keeps running); ``None`` where no limit applies or the footprint is
    unknown."""
    limit, footprint = proc.limit, proc.footprint_bytes
    if limit is None or footprint is None:
        return None
    return limit.bytes - footprint


def os_proc_available_memory(proc: ProcessInfo) -> int | None:
    """What ``os_proc_available_memory()`` would return to the process: its headroom,
    floored at 0 (§9: "also 0 when the footprint is already over the limit");
    ``None`` where no limit applies (the call would return a huge number)."""
    room = headroom_bytes(proc)
    return None if room is None else max(0, room)


def used_fraction(proc: ProcessInfo) -> float | None:
    """Footprint as a fraction of the applied limit (0.8 is the ledger's warning level
    for most limits); ``None`` without a limit or a footprint."""
    limit, footprint = proc.limit, proc.footprint_bytes
    if limit is None or footprint is None or limit.bytes <= 0:
        return None
    return footprint / limit.bytes


def frontmost_app(snapshot: Snapshot) -> ProcessInfo | None:
    """The frontmost app of a snapshot (the one in ``frontmost`` state), if any; with
    several, the one that entered its band last."""
    from activitymon.model.process import ProcessState

    best: ProcessInfo | None = None
    for proc in snapshot.processes:
        if ProcessState.FRONTMOST in proc.states and (
            best is None or (proc.band_seq or 0) >= (best.band_seq or 0)
        ):
            best = proc
    return best
