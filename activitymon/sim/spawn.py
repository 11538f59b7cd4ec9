"""A process comes to life: its pid, its place in the bands (or on iOS 6's list), the
limits it starts with (``ledger.starting_limits``), its first footprint and growth."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from activitymon.model import Launched, ProcessState
from activitymon.sim.ledger import ENTITLEMENT, starting_limits
from activitymon.sim.process import SimProcess
from activitymon.sim.specs import ProcessSpec
from activitymon.sim.xnu import MB

if TYPE_CHECKING:
    from activitymon.sim.kernel import Kernel


def uuid_for(name: str) -> str:
    """A process's UUID in reports: derived from its name (the same name, the same UUID)."""
    h = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def spawn(
    k: Kernel, spec: ProcessSpec, *, announce: bool = True, start_time: float | None = None
) -> SimProcess:
    """Start ``spec`` on ``k`` (``Launched`` unless ``announce`` is false: the
    population a scenario starts with)."""
    if spec.pid is not None and spec.pid not in k.procs:
        pid = spec.pid
    else:
        pid = k.next_pid
        while pid in k.procs or pid in k.reserved_pids:
            pid += 1
        k.next_pid = pid + 1
    k.next_coalition += 1
    k.spawned += 1
    band = k.kernel_band(spec)
    limits = starting_limits(
        spec.limit_mb,
        spec.limit_fatal,
        spec.inactive_limit_mb,
        spec.inactive_limit_fatal,
        device=k.limits,
        entitled=ENTITLEMENT in spec.entitlements,
        origin=spec.limit_origin,
    )
    proc = SimProcess(
        pid=pid,
        name=spec.name,
        state=spec.state,
        requested_band=band,
        band=band,
        seq=0,
        start_time=k.now if start_time is None else start_time,
        page_size=k.page_size,
        active_limit=limits.active,
        inactive_limit=limits.inactive,
        active_default=limits.active_default,
        inactive_default=limits.inactive_default,
        limit_origin=limits.origin,
        label=spec.label or spec.name,
        kind=spec.kind,
        pinned_percent=spec.graphics_percent,
        dirty=spec.dirty,
        tracked=spec.idle_exit or spec.dirty,
        idle_exit=spec.idle_exit,
        relaunch=spec.relaunch,
        response=spec.on_warning,
        uuid=uuid_for(spec.name),
        spawn_seq=k.spawned,
        elevated_inactive=spec.elevated_inactive,
        band_since=k.now if start_time is None else start_time,
        coalition=k.next_coalition,
        fds=200 if spec.state is not ProcessState.DAEMON else (25 if spec.footprint_mb < 8 else 50),
        cpu_rate=0.05 if spec.state is not ProcessState.DAEMON else 0.002,
    )
    k.procs[pid] = proc
    k.bands.insert(proc, band)
    if announce:
        k.events.append(Launched(k.now, pid, proc.name, proc.band))
    if spec.purgeable_mb > 0:
        got = k.vm.allocate(k.pages_of(spec.purgeable_mb * MB), purgeable=True)
        proc.purgeable_pages = got
        proc.layout.hold_purgeable(got)
    k.set_pages(proc, k.pages_of(spec.footprint_mb * MB))
    if proc.alive and spec.grow_mb_per_s > 0:
        k.start_growth(proc, spec.grow_mb_per_s, spec.chunk_mb)
    return proc
