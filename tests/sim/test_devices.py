"""Device profiles (issue 3 §1) and the facade's argument checks."""

from __future__ import annotations

import pytest

from activitymon.model import Era, ProcessState
from activitymon.sim import SimulatorError, device_profiles, find_profile
from tests.sim.conftest import make_sim


@pytest.mark.parametrize(
    ("name", "ram_mb", "page_size", "era"),
    [
        ("iPod5,1", 512, 4096, Era.LEGACY),
        ("iPad2,5", 512, 4096, Era.LEGACY),
        ("iPhone8,1", 2048, 16384, Era.LEGACY),
        ("iPhone10,3", 3072, 16384, Era.MODERN),
        ("iPhone12,1", 4096, 16384, Era.MODERN),
        ("iPhone17,1", 8192, 16384, Era.MODERN),
        ("Mac", 8192, 16384, Era.MACOS),
    ],
)
def test_required_profiles(name: str, ram_mb: int, page_size: int, era: Era) -> None:
    profile = find_profile(name)
    assert profile is not None
    assert (profile.ram_mb, profile.page_size, profile.era) == (ram_mb, page_size, era)
    states = {p.state for p in profile.processes}
    assert ProcessState.DAEMON in states
    assert len(profile.processes) >= 15
    assert all(0 <= p.band <= era.max_band for p in profile.processes)
    sim = make_sim(profile=name, population=True)
    assert sim.snapshot().level is not None
    assert sim.kernel.jetsam.predict() is not None or era is Era.MACOS


def test_profiles_are_listed_and_found_case_insensitively() -> None:
    assert len(device_profiles()) >= 7
    assert find_profile("iphone12_1") is find_profile("iPhone12,1")
    assert find_profile("Nokia") is None


def test_facade_rejects_bad_arguments_with_one_line() -> None:
    sim = make_sim()
    with pytest.raises(SimulatorError, match="state: expected"):
        sim.launch("x", 0, 1, "asleep")
    with pytest.raises(SimulatorError, match="on_warning"):
        sim.launch("x", 0, 1, on_warning="panic")
    with pytest.raises(SimulatorError, match="negative"):
        sim.advance(-1)
    pid = sim.launch("x", 0, 1)
    with pytest.raises(SimulatorError, match="above 0"):
        sim.grow(pid, rate_mb_per_s=0)
    sim.exit(pid)
    with pytest.raises(SimulatorError, match=f"no running process with pid {pid}"):
        sim.free(pid, 1)
