"""The jetsam thread at exactly its thresholds (issue 29 item 3: sim/jetsam.py survivors).

Available pages are pinned at a threshold and one page under it; whether the thread
wants to run, and what it picks, are literals from XNU at the tag each test names:

- xnu-11417.121.6 (iPhone12,1), bsd/kern/kern_memorystatus.c ·
  memstat_evaluate_page_shortage: ``available_page_count <`` the soft, idle and critical
  thresholds (strict), ``idle_proc_count > 0``; bsd/kern/kern_memorystatus_policy.c ·
  memorystatus_pick_action: high-water kills while ``msh_available_pages_below_soft ||
  !is_system_healthy``, KILL_IDLE (kMemorystatusKilledIdleExit) while below idle, band 0
  occupied ``&& is_system_healthy``, KILL_NONE while healthy.
- xnu-7195.141.2 (iPhone8,1), bsd/kern/kern_memorystatus.c ·
  memorystatus_avail_pages_below_critical: ``memorystatus_available_pages <=
  memorystatus_available_pages_critical``; memorystatus_action_needed / the hwm check:
  ``memorystatus_available_pages <= memorystatus_available_pages_pressure`` with
  ``memorystatus_hwm_candidates``.
"""

from __future__ import annotations

import pytest

from activitymon.model import KillReason
from activitymon.sim import Simulator
from activitymon.sim.kernel import Kernel
from tests.sim.conftest import make_sim

# soft, idle and critical in pages as §4.3 gives them for these profiles (262144 and
# 131072 pages of 16 KB); checked first so each test sits on the line it names
MODERN_SOFT, MODERN_IDLE, MODERN_CRITICAL = 39321, 23592, 10485
LEGACY_SOFT, LEGACY_IDLE, LEGACY_CRITICAL = 19660, 13106, 6553


class Pinned:
    value = 0


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> Pinned:
    """Kernel.available pinned at ``Pinned.value`` (the test's line)."""
    pin = Pinned()
    monkeypatch.setattr(Kernel, "available", property(lambda _self: pin.value))
    return pin


def modern(*, idle: bool = False, hwm: bool = False) -> tuple[Simulator, int | None]:
    sim = make_sim(profile="iPhone12,1")
    th = sim.kernel.thresholds
    assert th is not None
    assert (th.soft_pages, th.idle_pages, th.critical_pages) == (
        MODERN_SOFT,
        MODERN_IDLE,
        MODERN_CRITICAL,
    )
    sim.launch("app", "foreground", 20)
    pid = sim.launch("idle", "idle", 20) if idle else None
    if hwm:
        offender = sim.launch("offender", "background", 20)
        sim.kernel.hwm.add(offender)
    return sim, pid


def legacy(*, hwm: bool = False) -> Simulator:
    sim = make_sim(profile="iPhone8,1")
    th = sim.kernel.thresholds
    assert th is not None
    assert (th.soft_pages, th.idle_pages, th.critical_pages) == (
        LEGACY_SOFT,
        LEGACY_IDLE,
        LEGACY_CRITICAL,
    )
    sim.launch("app", "foreground", 20)
    if hwm:
        sim.kernel.hwm.add(sim.launch("offender", "background", 20))
    return sim


# -- xnu-11417: strict thresholds ---------------------------------------------------------
@pytest.mark.parametrize(
    ("avail", "idle", "hwm", "wanted"),
    [
        (MODERN_CRITICAL, False, False, False),  # at critical: not below it
        (MODERN_CRITICAL - 1, False, False, True),
        (MODERN_SOFT, False, True, False),  # at soft with an offender: not below soft
        (MODERN_SOFT - 1, False, True, True),
        (MODERN_SOFT - 1, False, False, False),  # below soft, no offender: nothing to do
        (MODERN_IDLE, True, False, False),  # at idle with band 0 occupied
        (MODERN_IDLE - 1, True, False, True),
        (MODERN_IDLE - 1, False, False, False),  # below idle, band 0 empty: nothing to do
    ],
)
def test_modern_thread_wakes_only_strictly_below_a_threshold(
    pinned: Pinned, avail: int, idle: bool, hwm: bool, wanted: bool
) -> None:
    sim, _ = modern(idle=idle, hwm=hwm)
    pinned.value = avail
    assert sim.kernel.jetsam.wanted() is wanted


def test_modern_at_critical_with_band_0_occupied_is_healthy_and_kills_idle(
    pinned: Pinned,
) -> None:
    sim, idle = modern(idle=True)
    pinned.value = MODERN_CRITICAL
    choice = sim.kernel.jetsam.choose()
    assert choice is not None
    assert (choice[0].pid, choice[1]) == (idle, KillReason.IDLE_EXIT)
    predicted = sim.kernel.jetsam.predict()
    assert predicted is not None
    assert (predicted[0].pid, predicted[1]) == (idle, KillReason.IDLE_EXIT)


def test_modern_at_soft_with_an_offender_kills_nothing(pinned: Pinned) -> None:
    sim, _ = modern(hwm=True)
    pinned.value = MODERN_SOFT
    assert sim.kernel.jetsam.choose() is None


def test_modern_at_idle_with_band_0_occupied_kills_nothing(pinned: Pinned) -> None:
    sim, _ = modern(idle=True)
    pinned.value = MODERN_IDLE
    assert sim.kernel.jetsam.choose() is None
    pinned.value = MODERN_IDLE - 1
    choice = sim.kernel.jetsam.choose()
    assert choice is not None
    assert choice[1] is KillReason.IDLE_EXIT


# -- xnu-7195: at-or-below thresholds ------------------------------------------------------
@pytest.mark.parametrize(
    ("avail", "hwm", "wanted"),
    [
        (LEGACY_CRITICAL, False, True),  # at critical: below_critical is <=
        (LEGACY_CRITICAL + 1, False, False),
        (LEGACY_SOFT, True, True),  # at pressure with an offender
        (LEGACY_SOFT + 1, True, False),
    ],
)
def test_legacy_thread_wakes_at_its_threshold(
    pinned: Pinned, avail: int, hwm: bool, wanted: bool
) -> None:
    sim = legacy(hwm=hwm)
    pinned.value = avail
    assert sim.kernel.jetsam.wanted() is wanted


def test_legacy_at_critical_kills_for_page_shortage_and_not_one_page_above(
    pinned: Pinned,
) -> None:
    sim = legacy()
    pinned.value = LEGACY_CRITICAL
    choice = sim.kernel.jetsam.choose()
    assert choice is not None
    assert choice[1] is KillReason.VM_PAGESHORTAGE
    pinned.value = LEGACY_CRITICAL + 1
    assert sim.kernel.jetsam.choose() is None


def test_legacy_at_pressure_kills_the_offender(pinned: Pinned) -> None:
    sim = legacy(hwm=True)
    pinned.value = LEGACY_SOFT
    choice = sim.kernel.jetsam.choose()
    assert choice is not None
    assert (choice[0].name, choice[1]) == ("offender", KillReason.HIGHWATER)
    pinned.value = LEGACY_SOFT + 1
    assert sim.kernel.jetsam.choose() is None


def test_a_process_spared_in_this_pass_is_passed_over_for_the_next(pinned: Pinned) -> None:
    """memorystatus_kill_proc's purge success leaves the process alive; the pass goes
    on to the next one in band order, it does not stop."""
    sim = legacy()
    first = sim.kernel.procs[sim.launch("first", "background", 20)]
    second = sim.launch("second", "background", 20)
    pinned.value = LEGACY_CRITICAL
    first.skip_in_pass = True
    choice = sim.kernel.jetsam.choose()
    assert choice is not None
    assert (choice[0].pid, choice[1]) == (second, KillReason.VM_PAGESHORTAGE)
