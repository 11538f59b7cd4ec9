"""The costly facts about one Linux process, read on request (the process inspector's
details: :meth:`activitymon.sources.linux.LinuxSource.detail`): USS/PSS from
``/proc/PID/smaps_rollup``, the command line, the user, the cgroup and its limits, and
the OOM killer's scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from activitymon.model import MemoryLimit
from activitymon.sources import linux_proc
from activitymon.sources.base import ProcessGone
from activitymon.sources.linux_cgroup import CgroupLimits, parse_proc_cgroup
from activitymon.sources.linux_proc import SmapsRollup, parse_smaps_rollup
from activitymon.sources.linux_scan import UserNames


@dataclass(frozen=True, slots=True)
class ProcessDetail:
    """The costly facts about one process, read on request
    (:meth:`~activitymon.sources.linux.LinuxSource.detail`).

    Values the kernel refuses (``smaps_rollup`` of another user's process without
    privileges) are ``None``.
    """

    pid: int
    name: str
    cmdline: tuple[str, ...] | None
    user: str | None
    memory: SmapsRollup | None
    cgroup: str | None
    #: ``memory.max`` / ``limit_in_bytes`` binding the group
    hard_limit: MemoryLimit | None
    #: ``memory.high`` / ``soft_limit_in_bytes``
    soft_limit: MemoryLimit | None
    oom_score_adj: int | None
    oom_score: int | None


def read_process_detail(
    pid: int,
    proc: str,
    name_of: Callable[[int], str],
    cgroups: CgroupLimits,
    users: UserNames,
) -> ProcessDetail:
    """USS/PSS (``smaps_rollup``), command line, user and limits of one process, under
    ``proc`` (``/proc``); ``name_of`` names it. Raises :class:`ProcessGone` if it has
    exited."""
    base = f"{proc}/{pid}"
    try:
        cmdline: tuple[str, ...] | None = linux_proc.read_cmdline(pid, proc)
    except PermissionError:
        cmdline = None
    except OSError as exc:
        raise ProcessGone(f"pid {pid} has exited") from exc
    name = name_of(pid)
    try:
        memory: SmapsRollup | None = parse_smaps_rollup(linux_proc.read_all(base + "/smaps_rollup"))
    except OSError:
        memory = None
    try:
        group_text = linux_proc.read_all(base + "/cgroup").decode("utf-8", "replace")
    except OSError:
        group_text = None
    group = parse_proc_cgroup(group_text) if group_text is not None else None
    limits = cgroups.limits_for(group) if group is not None else None
    uid = None
    try:
        uid = linux_proc.parse_status_uid(linux_proc.read_all(base + "/status"))
    except OSError:
        uid = None
    return ProcessDetail(
        pid=pid,
        name=name,
        cmdline=cmdline,
        user=None if uid is None else users.name(uid),
        memory=memory,
        cgroup=None if group is None else (group.v1_memory_path or group.v2_path),
        hard_limit=None if limits is None else limits.hard,
        soft_limit=None if limits is None else limits.soft,
        oom_score_adj=_optional_int(base + "/oom_score_adj"),
        oom_score=_optional_int(base + "/oom_score"),
    )


def _optional_int(path: str) -> int | None:
    try:
        return linux_proc.read_int(path)
    except (OSError, ValueError):
        return None
