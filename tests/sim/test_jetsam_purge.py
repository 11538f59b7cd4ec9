"""Purge before kill at exactly its lines (issue 29 item 3: sim/jetsam.py survivors).

xnu-11417.121.6 (iPhone12,1), bsd/kern/kern_memorystatus.c · memorystatus_kill_proc:
``num_pages_purged = vm_purgeable_purge_task_owned(...)``; only ``if
(num_pages_reclaimed)`` is the kill reconsidered: a high-water victim survives when
``footprint_in_bytes <= memlimit_in_bytes``, any other when ``!(available <
soft threshold)``, and then the kernel logs "memorystatus: reclaimed … and avoided …".
"""

from __future__ import annotations

import pytest

from activitymon.model import KillReason
from activitymon.model.process import MemoryLimit
from activitymon.sim import Simulator
from activitymon.sim.kernel import Kernel
from activitymon.sim.process import SimProcess
from tests.sim.conftest import make_sim

MODERN_SOFT = 39321  # iPhone12,1's soft threshold in pages (§4.3)
PAGE = 16384  # arm64 iOS page size, bytes (PAGE_SIZE, osfmk/mach/arm/vm_param.h)


class Pinned:
    value = 0


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> Pinned:
    pin = Pinned()
    monkeypatch.setattr(Kernel, "available", property(lambda _self: pin.value))
    return pin


def offender(sim: Simulator, purgeable_mb: float) -> SimProcess:
    pid = sim.launch("offender", "background", 20, purgeable_mb=purgeable_mb)
    sim.kernel.hwm.add(pid)
    return sim.kernel.procs[pid]


def limit_at(monkeypatch: pytest.MonkeyPatch, sim: Simulator, nbytes: int | None) -> None:
    limit = None if nbytes is None else MemoryLimit(nbytes, fatal=False)
    monkeypatch.setattr(sim.kernel, "applied_limit", lambda _proc: limit)


@pytest.mark.parametrize(("over", "saved"), [(0, True), (1, False)])
def test_high_water_victim_survives_a_purge_exactly_at_its_limit(
    pinned: Pinned, monkeypatch: pytest.MonkeyPatch, over: int, saved: bool
) -> None:
    sim = make_sim()
    victim = offender(sim, 8)
    limit_at(monkeypatch, sim, victim.footprint - over)
    pinned.value = MODERN_SOFT - 1
    lines = len(sim.kernel.log_lines)
    assert sim.kernel.jetsam._purge_saves(victim, KillReason.HIGHWATER) is saved
    assert len(sim.kernel.log_lines) == lines + (1 if saved else 0)


def test_high_water_victim_without_a_limit_is_not_saved(
    pinned: Pinned, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim = make_sim()
    victim = offender(sim, 8)
    limit_at(monkeypatch, sim, None)
    pinned.value = MODERN_SOFT - 1
    assert sim.kernel.jetsam._purge_saves(victim, KillReason.HIGHWATER) is False


@pytest.mark.parametrize(("avail", "saved"), [(MODERN_SOFT, True), (MODERN_SOFT - 1, False)])
def test_page_shortage_victim_survives_a_purge_back_at_soft(
    pinned: Pinned, avail: int, saved: bool
) -> None:
    sim = make_sim()
    victim = sim.kernel.procs[sim.launch("cache", "idle", 5, purgeable_mb=8)]
    pinned.value = avail
    lines = len(sim.kernel.log_lines)
    assert sim.kernel.jetsam._purge_saves(victim, KillReason.VM_PAGESHORTAGE) is saved
    assert len(sim.kernel.log_lines) == lines + (1 if saved else 0)
    if saved:
        assert "and avoided" in sim.kernel.log_lines[-1].text


@pytest.mark.parametrize(("purgeable_mb", "survives"), [(0, False), (PAGE / 2**20, True)])
def test_only_a_victim_with_something_to_purge_is_reconsidered(
    pinned: Pinned, monkeypatch: pytest.MonkeyPatch, purgeable_mb: float, survives: bool
) -> None:
    """Under a limit it never crossed, a high-water victim is spared only if the purge
    reclaimed a page (``if (num_pages_reclaimed)``): with nothing to purge it dies."""
    sim = make_sim()
    victim = offender(sim, purgeable_mb)
    assert victim.purgeable_pages == (0 if not purgeable_mb else 1)
    limit_at(monkeypatch, sim, 1 << 40)
    pinned.value = MODERN_SOFT - 1
    jetsam = sim.kernel.jetsam
    jetsam.step()
    assert victim.alive is survives
    assert victim.skip_in_pass is survives
    assert jetsam.kills_in_pass == (0 if survives else 1)
