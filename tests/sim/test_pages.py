"""Page accounting: the classes always add up to the device's pages (issue 3 §1)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.model import MemoryStats
from activitymon.sim import device_profiles
from tests.sim.conftest import make_sim


def assert_pages_add_up(m: MemoryStats) -> None:
    parts = [
        m.free_pages,
        m.active_pages,
        m.inactive_pages,
        m.speculative_pages,
        m.throttled_pages,
        m.wired_pages,
        m.compressor_pages,
    ]
    assert all(p is not None and p >= 0 for p in parts), parts
    assert sum(p or 0 for p in parts) == m.total_pages
    pageable = (
        (m.active_pages or 0)
        + (m.inactive_pages or 0)
        + (m.speculative_pages or 0)
        + (m.throttled_pages or 0)
    )
    assert (m.anonymous_pages or 0) + (m.file_backed_pages or 0) == pageable
    assert (m.purgeable_pages or 0) <= (m.anonymous_pages or 0)
    # the compressor holds at least as many pages of data as it occupies
    assert (m.compressed_pages or 0) >= (m.compressor_pages or 0)


def test_every_profile_starts_with_pages_that_add_up() -> None:
    for name in device_profiles():
        sim = make_sim(profile=name, population=True)
        snap = sim.snapshot()
        assert snap.memory.total_pages * snap.memory.page_size == sim.profile.ram_bytes
        assert_pages_add_up(snap.memory)


operations = st.lists(
    st.tuples(
        st.sampled_from(["launch", "allocate", "free", "kill", "advance", "grow", "purgeable"]),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(
    profile=st.sampled_from(["iPod5,1", "iPad2,5", "iPhone12,1", "Mac"]),
    ops=operations,
)
def test_pages_add_up_whatever_happens(profile: str, ops: list[tuple[str, int]]) -> None:
    sim = make_sim(profile=profile, population=True)
    for op, n in ops:
        pids = sorted(p.pid for p in sim.snapshot().processes)
        pid = pids[n % len(pids)] if pids else None
        if op == "launch":
            sim.launch(f"app{n}", n % (sim.era.max_band + 1), footprint_mb=n % 700)
        elif op == "purgeable":
            sim.launch(f"cache{n}", 0, footprint_mb=5, purgeable_mb=n % 300)
        elif op == "allocate" and pid is not None:
            sim.allocate(pid, n % 900)
        elif op == "free" and pid is not None:
            sim.free(pid, n % 900)
        elif op == "kill" and pid is not None:
            sim.kill(pid)
        elif op == "grow" and pid is not None:
            sim.grow(pid, rate_mb_per_s=1 + n % 200)
        else:
            sim.advance(n % 50 / 2)
        snap = sim.snapshot()
        assert_pages_add_up(snap.memory)
        assert all(p.footprint_bytes is not None and p.footprint_bytes >= 0 for p in snap.processes)
