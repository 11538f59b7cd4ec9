"""Measures (issue 3 §4): thresholds by DRAM size and era (§4.3), the pressure level
from compressor-relative thresholds with hysteresis (§4.2), memorystatus_level."""

from __future__ import annotations

import pytest

from activitymon.model import Era, PressureLevel
from activitymon.sim.rules import XNU_2107, XNU_2423, XNU_7195, XNU_11417, rules_for
from activitymon.sim.xnu import (
    GIB,
    CompressorDivisors,
    jetsam_thresholds,
    next_level_without_compressor,
    next_pressure_level,
)
from tests.sim.conftest import make_sim

N, W, C = PressureLevel.NORMAL, PressureLevel.WARN, PressureLevel.CRITICAL


@pytest.mark.parametrize(
    ("ram_gib", "critical", "idle", "soft"),
    [(2, 5, 10, 15), (3, 5, 10, 15), (4, 4, 9, 15), (6, 4, 9, 15), (8, 4, 8, 12)],
)
def test_modern_thresholds_follow_the_dram_table(
    ram_gib: int, critical: int, idle: int, soft: int
) -> None:
    total = 100_000
    th = jetsam_thresholds(total, ram_gib * GIB, Era.MODERN, XNU_11417)
    assert th is not None
    assert (th.critical_pages, th.idle_pages, th.soft_pages) == (
        total * critical // 100,
        total * idle // 100,
        total * soft // 100,
    )


def test_critical_raised_by_five_percent_while_band_0_is_occupied_xnu7195() -> None:
    th = jetsam_thresholds(100_000, 2 * GIB, Era.LEGACY, XNU_7195)
    assert th is not None
    assert (th.critical_pages, th.idle_pages, th.soft_pages) == (5_000, 10_000, 15_000)
    big = jetsam_thresholds(100_000, 4 * GIB, Era.LEGACY, XNU_7195)
    assert big is not None
    assert big.critical_pages == 4_000


def test_critical_5_percent_even_above_3_gib_xnu2423() -> None:
    th = jetsam_thresholds(100_000, 4 * GIB, Era.LEGACY, XNU_2423)
    assert th is not None
    assert (th.critical_pages, th.idle_pages, th.soft_pages) == (5_000, 10_000, 15_000)


def test_no_idle_offset_xnu2107() -> None:
    th = jetsam_thresholds(131_072, 512 << 20, Era.LEGACY, XNU_2107)
    assert th is not None
    # memorystatus_update_levels_locked: (5 / 5) × delta, (15 / 5) × delta; delta = 6,553
    assert (th.critical_pages, th.idle_pages, th.soft_pages) == (6_553, 6_553, 19_659)


def test_macos_has_no_page_shortage_thresholds() -> None:
    assert jetsam_thresholds(100_000, 8 * GIB, Era.MACOS, XNU_11417) is None
    assert make_sim(profile="Mac").snapshot().thresholds is None


EMBEDDED = CompressorDivisors(20, 30, 40)


@pytest.mark.parametrize(
    ("start", "anc_percent", "expected"),
    [
        (N, 51, N),  # Warning starts below 50 % of AM
        (N, 49, W),
        (N, 29, C),  # Critical below 1.2 × 25 % = 30 %
        (W, 59, W),  # back to Normal only above 1.2 × 50 % = 60 %
        (W, 61, N),
        (W, 29, C),
        (C, 34, C),  # Critical → Warning above 1.4 × 25 % = 35 %
        (C, 36, W),
        (C, 61, N),
    ],
)
def test_pressure_level_transitions_have_hysteresis(
    start: PressureLevel, anc_percent: int, expected: PressureLevel
) -> None:
    am = 1_000_000
    assert next_pressure_level(start, am * anc_percent // 100, am, EMBEDDED) is expected


def test_divisors_by_platform_and_kernel() -> None:
    # osfmk/vm/vm_compressor.c · vm_compressor_init: CONFIG_EMBEDDED 20/30/40 from
    # xnu-4570.1.46; 11/13/20 at ≤ 3 GiB and 20/25/35 above before it and on a Mac
    def divisors(era: Era, ram: int, xnu: int) -> CompressorDivisors:
        return CompressorDivisors.for_device(ram, rules_for(xnu, era))

    assert divisors(Era.MODERN, 4 * GIB, 11417) == EMBEDDED
    assert divisors(Era.LEGACY, 2 * GIB, 4570) == CompressorDivisors(20, 30, 40)
    assert divisors(Era.LEGACY, 2 * GIB, 3789) == CompressorDivisors(11, 13, 20)
    assert divisors(Era.LEGACY, GIB // 2, 2423) == CompressorDivisors(11, 13, 20)
    assert divisors(Era.MACOS, 8 * GIB, 11417) == CompressorDivisors(20, 25, 35)
    assert divisors(Era.MACOS, 2 * GIB, 11417) == CompressorDivisors(11, 13, 20)


def test_without_a_compressor_the_level_follows_available_pages() -> None:
    soft, critical = 1500, 500
    assert next_level_without_compressor(N, 1600, soft, critical) is N
    assert next_level_without_compressor(N, 1400, soft, critical) is W
    assert next_level_without_compressor(W, 1600, soft, critical) is W  # 15 % hysteresis
    assert next_level_without_compressor(W, 1800, soft, critical) is N
    assert next_level_without_compressor(W, 400, soft, critical) is C
    assert next_level_without_compressor(C, 560, soft, critical) is C
    assert next_level_without_compressor(C, 600, soft, critical) is W


def test_memorystatus_level_is_available_pages_as_a_percentage() -> None:
    sim = make_sim(population=True)
    snap = sim.snapshot()
    assert snap.memorystatus_level == (snap.memory.available_pages or 0) * 100 // (
        snap.memory.total_pages
    )
    m = snap.memory
    # iOS with the compressor: available = free + file-backed (§4.3, purgeable not
    # counted while dynamic paging is on)
    assert m.available_pages == (m.free_pages or 0) + (m.file_backed_pages or 0)
    old = make_sim(profile="iPad2,5", population=True)
    pid = old.launch("cache", 0, 1, purgeable_mb=20)
    m = old.snapshot().memory
    assert (m.purgeable_pages or 0) >= 20 * 256
    real = (m.free_pages or 0) + (m.file_backed_pages or 0) + (m.purgeable_pages or 0)
    # xnu-2422 memorystatus_pages_update publishes the count only below critical or
    # after a move of memorystatus_delta (5 % of 131,072 pages = 6,553)
    assert m.available_pages is not None
    assert abs(m.available_pages - real) < 6_553
    assert pid in old.snapshot().by_pid


def test_available_pages_are_published_in_delta_steps_xnu2107() -> None:
    """xnu-2050.48.11 memorystatus_update: the value changes only when the real count is
    below critical (6,553) or has moved by memorystatus_delta (6,553) since it last
    changed."""
    sim = make_sim(profile="iPod5,1")
    k = sim.kernel
    start = sim.available_pages
    filler = sim.launch("filler", "critical", 1, "suspended")
    proc = k.procs[filler]
    k.set_pages(proc, proc.pages + 6_552 - 256)  # 6,552 pages below the start
    assert k.vm.available_ios == start - 6_552
    assert sim.available_pages == start  # not published: less than a step
    k.set_pages(proc, proc.pages + 1)
    assert sim.available_pages == start - 6_553 == k.vm.available_ios


def test_level_rises_as_memory_is_compressed_and_falls_when_it_is_freed() -> None:
    # part of "big" is GPU memory the compressor cannot take: available memory shrinks,
    # so the compressor reaches Warning (C > ANC) before it runs out of room
    sim = make_sim(
        '[[process]]\nname = "big"\nband = "foreground"\nstate = "frontmost"\n'
        "graphics_percent = 20\n",
        population=True,
    )
    pid = sim.find("big")
    assert pid is not None
    assert sim.level is N
    sim.allocate(pid, 3700)
    assert sim.level is W
    snap = sim.snapshot()
    am = snap.memory.total_pages - (snap.memory.wired_pages or 0)
    assert (snap.memory.compressor_pages or 0) * 2 > am  # C > ANC
    sim.free(pid, 3000)
    assert sim.level is N


def test_simulated_pressure_holds_the_level_until_released() -> None:
    sim = make_sim(population=True)
    sim.simulate_pressure(PressureLevel.CRITICAL)
    assert sim.snapshot().level is C
    sim.advance(5)
    assert sim.snapshot().level is C
    sim.simulate_pressure(None)
    assert sim.snapshot().level is N


def test_run_stats_integrate_time_at_levels_and_below_thresholds() -> None:
    sim = make_sim()
    sim.advance(5)
    sim.simulate_pressure(PressureLevel.WARN)
    sim.advance(20)
    sim.simulate_pressure(None)
    sim.advance(10)
    stats = sim.run_stats()
    assert stats.time_at_level[W] == pytest.approx(20)
    assert stats.time_at_level[N] == pytest.approx(15)
    assert stats.peak_level is W
    assert stats.time_below == {"soft": 0, "idle": 0, "critical": 0}
    hog = sim.launch("hog", "foreground", 10, "frontmost", graphics_percent=100)
    sim.grow(hog, rate_mb_per_s=200)
    sim.advance(120)
    below = sim.run_stats().time_below
    assert below["soft"] > below["idle"] > 0
    assert below["idle"] >= below["critical"]
    assert sim.run_stats().min_memorystatus_level < 10
