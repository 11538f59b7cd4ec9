"""Memory limits of a process's cgroup, as per-process limits for the model.

Three layouts exist in the wild (shared/reference/perf-anchors.md §3):

* **pure v2** — one ``cgroup2`` mount; the limits are ``memory.max`` (the OOM killer
  acts inside the group when it is crossed: a *fatal* limit) and ``memory.high``
  (the group is throttled and reclaimed above it: a *soft* limit);
* **hybrid** — v1 controllers under ``/sys/fs/cgroup/<controller>`` and a ``cgroup2``
  mount without the memory controller; the limits are v1's ``memory.limit_in_bytes``
  (fatal) and ``memory.soft_limit_in_bytes`` (soft);
* **none** — no cgroup file system visible: no limits (``None``).

A parent group's limit binds its children too, so each limit is the smallest one
found from the process's group up to the mount point. Reading them costs a few files
per group, so results are cached per group path for ``ttl`` seconds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from activitymon.model import MemoryLimit

MOUNTINFO = "/proc/self/mountinfo"
#: v1 reports "no limit" as PAGE_COUNTER_MAX pages (9223372036854771712 with 4 KiB
#: pages); anything this large is unlimited
UNLIMITED_FROM = 1 << 62


@dataclass(frozen=True, slots=True)
class CgroupMounts:
    """Where the cgroup file systems are mounted: ``(mount point, mount root)``."""

    v2: tuple[str, str] | None = None
    v1_memory: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class ProcCgroup:
    """A process's groups from ``/proc/PID/cgroup``: the v2 path and the v1 memory path."""

    v2_path: str | None = None
    v1_memory_path: str | None = None


@dataclass(frozen=True, slots=True)
class GroupLimits:
    """``hard``: memory.max / limit_in_bytes; ``soft``: memory.high / soft_limit_in_bytes."""

    hard: MemoryLimit | None = None
    soft: MemoryLimit | None = None

    @property
    def effective(self) -> MemoryLimit | None:
        """The limit to show: the fatal one where set, else the soft one."""
        return self.hard if self.hard is not None else self.soft


NO_LIMITS = GroupLimits()


def parse_mountinfo(text: str) -> CgroupMounts:
    """Find the cgroup2 mount and the v1 mount holding the memory controller."""
    v2: tuple[str, str] | None = None
    v1_memory: tuple[str, str] | None = None
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        if not sep:
            continue
        fields = left.split()
        tail = right.split()
        if len(fields) < 5 or len(tail) < 3:
            continue
        root, mount_point = _unescape(fields[3]), _unescape(fields[4])
        fstype, super_options = tail[0], tail[2].split(",")
        if fstype == "cgroup2" and v2 is None:
            v2 = (mount_point, root)
        elif fstype == "cgroup" and "memory" in super_options and v1_memory is None:
            v1_memory = (mount_point, root)
    return CgroupMounts(v2=v2, v1_memory=v1_memory)


def _unescape(field: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal (``\\040``)."""
    if "\\" not in field:
        return field
    return (
        field.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
    )


def parse_proc_cgroup(text: str) -> ProcCgroup:
    """Parse ``/proc/PID/cgroup`` lines ``hierarchy-id:controllers:path``."""
    v2_path: str | None = None
    v1_memory: str | None = None
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        hierarchy, controllers, path = parts
        if hierarchy == "0" and controllers == "":
            v2_path = path
        elif "memory" in controllers.split(","):
            v1_memory = path
    return ProcCgroup(v2_path=v2_path, v1_memory_path=v1_memory)


def parse_limit_value(text: str) -> int | None:
    """``max`` (v2) or a huge v1 value means no limit: ``None``. Raises ``ValueError``
    on anything else that is not a byte count."""
    value = text.strip()
    if value == "max":
        return None
    number = int(value)
    return None if number >= UNLIMITED_FROM else number


def _group_dirs(mount: tuple[str, str], path: str) -> list[str]:
    """The group's directory and each ancestor's, innermost first, up to the mount."""
    mount_point, root = mount
    if root != "/" and path.startswith(root):
        path = path[len(root) :]
    parts = [p for p in path.split("/") if p and p not in (".", "..")]
    return [os.path.join(mount_point, *parts[:i]) for i in range(len(parts), -1, -1)]


def _smallest(dirs: list[str], filename: str) -> int | None:
    smallest: int | None = None
    for directory in dirs:
        try:
            with open(os.path.join(directory, filename), encoding="ascii") as f:
                value = parse_limit_value(f.read())
        except (OSError, ValueError):
            continue
        if value is not None and (smallest is None or value < smallest):
            smallest = value
    return smallest


def read_group_limits(mounts: CgroupMounts, group: ProcCgroup) -> GroupLimits:
    """The limits binding a group (smallest over its ancestors), v1 memory first when
    the memory controller is on v1 (hybrid), else v2."""
    if mounts.v1_memory is not None and group.v1_memory_path is not None:
        dirs = _group_dirs(mounts.v1_memory, group.v1_memory_path)
        hard, soft = "memory.limit_in_bytes", "memory.soft_limit_in_bytes"
    elif mounts.v2 is not None and group.v2_path is not None:
        dirs = _group_dirs(mounts.v2, group.v2_path)
        hard, soft = "memory.max", "memory.high"
    else:
        return NO_LIMITS
    hard_bytes = _smallest(dirs, hard)
    soft_bytes = _smallest(dirs, soft)
    return GroupLimits(
        hard=None if hard_bytes is None else MemoryLimit(hard_bytes, fatal=True),
        soft=None if soft_bytes is None else MemoryLimit(soft_bytes, fatal=False),
    )


class CgroupLimits:
    """Limits per process group, cached per group for ``ttl`` seconds."""

    def __init__(
        self,
        mounts: CgroupMounts | None = None,
        *,
        ttl: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if mounts is None:
            try:
                with open(MOUNTINFO, encoding="utf-8", errors="replace") as f:
                    mounts = parse_mountinfo(f.read())
            except OSError:
                mounts = CgroupMounts()
        self.mounts = mounts
        self.ttl = ttl
        self._clock = clock
        self._cache: dict[ProcCgroup, tuple[float, GroupLimits]] = {}

    @property
    def layout(self) -> str:
        """``"v2"``, ``"hybrid"`` (memory on v1), ``"v1"`` or ``"none"``."""
        if self.mounts.v1_memory is not None:
            return "hybrid" if self.mounts.v2 is not None else "v1"
        return "v2" if self.mounts.v2 is not None else "none"

    def limits_for(self, group: ProcCgroup) -> GroupLimits:
        now = self._clock()
        hit = self._cache.get(group)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        limits = read_group_limits(self.mounts, group)
        self._cache[group] = (now, limits)
        return limits
