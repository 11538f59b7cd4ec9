"""A simulated process's memory map (sim/regions.py): its regions always add up to its
figures, and grow, free and purge change the regions they should (issue 25 item 4)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from activitymon.model import Snapshot
from activitymon.model.regions import MemoryMap
from activitymon.sim import Simulator
from tests.sim.conftest import make_sim

MB = 1 << 20


def assert_map_matches(sim: Simulator, snap: Snapshot) -> None:
    """Every process's regions sum to its footprint and compressed figures."""
    for proc in snap.processes:
        m = sim.memory_map(proc.pid)
        assert_consistent(m)
        dirty = sum(r.dirty_bytes or 0 for r in m.regions)
        swapped = sum(r.swapped_bytes or 0 for r in m.regions)
        assert dirty + swapped == proc.footprint_bytes, proc.name
        assert swapped == proc.compressed_bytes, proc.name
        purgeable = sum(r.resident_bytes or 0 for r in m.regions if r.purgeable)
        assert purgeable == proc.purgeable_bytes, proc.name
        counted = sum(p.bytes or 0 for p in m.parts if p.counted)
        assert counted == proc.footprint_bytes, proc.name
        assert m.total.resident_bytes == proc.rss_bytes, proc.name


def assert_consistent(m: MemoryMap) -> None:
    last_end = 0
    for r in m.regions:
        assert r.start >= last_end, f"{r.type} at {r.start:#x} overlaps the region before"
        assert r.end - r.start == r.virtual_bytes > 0
        assert r.resident_bytes is not None
        assert r.swapped_bytes is not None
        assert r.dirty_bytes is not None
        assert 0 <= r.dirty_bytes <= r.resident_bytes
        assert r.resident_bytes + r.swapped_bytes <= r.virtual_bytes
        assert r.lazy_bytes == r.virtual_bytes - r.resident_bytes - r.swapped_bytes
        last_end = r.end
    total = m.total
    assert total.count == len(m.regions)
    assert total.virtual_bytes == sum(row.virtual_bytes for row in m.summary)
    assert total.resident_bytes == sum(row.resident_bytes or 0 for row in m.summary)
    assert total.dirty_bytes == sum(row.dirty_bytes or 0 for row in m.summary)
    assert total.swapped_bytes == sum(row.swapped_bytes or 0 for row in m.summary)
    assert total.count == sum(row.count for row in m.summary)


operations = st.lists(
    st.tuples(
        st.sampled_from(
            ["launch", "allocate", "free", "kill", "advance", "grow", "purgeable", "warn", "stop"]
        ),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=30, deadline=None)
@given(
    profile=st.sampled_from(["iPod5,1", "iPad2,5", "iPhone12,1", "iPhone17,1", "Mac"]),
    ops=operations,
)
def test_regions_sum_to_the_figures_at_every_tick(profile: str, ops: list[tuple[str, int]]) -> None:
    sim = make_sim(profile=profile, population=True)
    assert_map_matches(sim, sim.snapshot())
    for op, n in ops:
        pids = sorted(p.pid for p in sim.snapshot().processes)
        pid = pids[n % len(pids)] if pids else None
        if op == "launch":
            state = ("frontmost", "background", "daemon")[n % 3]
            sim.launch(f"app{n}", n % (sim.era.max_band + 1), footprint_mb=n % 700, state=state)
        elif op == "purgeable":
            sim.launch(f"cache{n}", 0, footprint_mb=5, purgeable_mb=n % 300)
        elif op == "allocate" and pid is not None:
            sim.allocate(pid, n % 900)
        elif op == "free" and pid is not None:
            sim.free(pid, n % 900)
        elif op == "kill" and pid is not None:
            sim.kill(pid)
        elif op == "grow" and pid is not None:
            sim.grow(pid, rate_mb_per_s=1 + n % 200, chunk_mb=1 + n % 16)
        elif op == "stop" and pid is not None:
            sim.stop(pid)
        elif op == "warn" and pid is not None:
            sim.memory_warning(pid)
        else:
            sim.advance(n % 50 / 2)
        assert_map_matches(sim, sim.snapshot())


def _types(m: MemoryMap) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in m.regions:
        out[r.type] = out.get(r.type, 0) + 1
    return out


def _dirty(m: MemoryMap, type_name: str) -> int:
    return sum(
        (r.dirty_bytes or 0) + (r.swapped_bytes or 0) for r in m.regions if r.type == type_name
    )


def test_an_app_has_the_regions_vmmap_shows() -> None:
    sim = make_sim()
    pid = sim.launch("Maps", "FOREGROUND", footprint_mb=120, state="frontmost")
    types = _types(sim.memory_map(pid))
    for expected in (
        "__TEXT",
        "__DATA",
        "__LINKEDIT",
        "__DATA_DIRTY",
        "Stack",
        "MALLOC_TINY",
        "MALLOC_SMALL",
        "MALLOC_LARGE",
        "IOKit",
    ):
        assert expected in types, expected
    daemon = sim.launch("locationd", 0, footprint_mb=6, state="daemon")
    assert "IOKit" not in _types(sim.memory_map(daemon))


def test_each_chunk_of_a_growing_process_is_a_new_malloc_large_region() -> None:
    sim = make_sim()
    pid = sim.launch("hog", "FOREGROUND", footprint_mb=1, state="frontmost")
    before = _types(sim.memory_map(pid)).get("MALLOC_LARGE", 0)
    sim.grow(pid, rate_mb_per_s=8, chunk_mb=8)
    sim.advance(4)
    after = sim.memory_map(pid)
    assert _types(after).get("MALLOC_LARGE", 0) == before + 4
    large = [r for r in after.regions if r.type == "MALLOC_LARGE"][-4:]
    assert all(r.virtual_bytes == 8 * MB for r in large)


def test_free_gives_back_the_newest_large_regions_first() -> None:
    sim = make_sim()
    pid = sim.launch("Photos", "FOREGROUND", footprint_mb=100, state="frontmost")
    sim.allocate(pid, 64)
    grown = sim.memory_map(pid)
    small = _dirty(grown, "MALLOC_SMALL")
    assert _types(grown)["MALLOC_LARGE"] == 2  # the first layout's and the 64 MB block
    sim.free(pid, 64)
    freed = sim.memory_map(pid)
    assert _types(freed)["MALLOC_LARGE"] == 1
    assert _dirty(freed, "MALLOC_SMALL") == small  # untouched


def test_a_purge_empties_the_purgeable_region() -> None:
    sim = make_sim()
    pid = sim.launch("cache", 0, footprint_mb=5, purgeable_mb=40)
    before = [r for r in sim.memory_map(pid).regions if r.purgeable]
    assert [r.type for r in before] == ["Purgeable (volatile)"]
    assert before[0].resident_bytes == 40 * MB
    assert before[0].dirty_bytes == 0  # volatile: not in the footprint
    sim.kernel.purge(sim.process(pid))
    after = [r for r in sim.memory_map(pid).regions if r.purgeable]
    assert [r.type for r in after] == ["Purgeable (empty)"]
    assert after[0].resident_bytes == 0
    assert after[0].virtual_bytes == 40 * MB  # the range is still reserved


def test_churn_moves_only_malloc_small() -> None:
    sim = make_sim(population=True)
    sim.advance(1)
    before = {p.pid: sim.memory_map(p.pid) for p in sim.snapshot().processes}
    sim.advance(5)
    for proc in sim.snapshot().processes:
        old = before.get(proc.pid)
        if old is None or sim.process(proc.pid).grow_bytes_per_s:
            continue
        new = sim.memory_map(proc.pid)
        for kind in ("__DATA", "Stack", "MALLOC_TINY", "IOKit"):
            assert _dirty(new, kind) == _dirty(old, kind), (proc.name, kind)
