"""The inspector reads a process's memory map at a bounded rate, not on every tick
(a 5,000-region Linux process costs ~300 ms a read): the figures, history and story
follow every tick, the map is read when the inspection starts, when asked (Refresh),
when the figures moved enough, at a period while they move, at a maximum age, and
never sooner than 20 × the last read's cost. Counted reads on a wall clock the test
moves by hand: nothing here depends on timing."""

from __future__ import annotations

from dataclasses import dataclass

from activitymon.model import ProcessInfo
from activitymon.model.regions import MemoryMap
from activitymon.sim import Simulator, parse_scenario
from activitymon.sources.sim import SimulatorSource
from activitymon.viewmodel import ClockState, Inspect, RefreshMap, SamplerCore, StopInspecting
from activitymon.viewmodel.inspecting import InspectionKeeper
from activitymon.viewmodel.inspection import Inspection, inspection_to_dict
from activitymon.viewmodel.inspection_text import map_age_text
from activitymon.viewmodel.map_schedule import MapSchedule
from tests.viewmodel.test_inspection import SCENARIO

MB = 1 << 20


@dataclass
class WallClock:
    t: float = 100.0

    def __call__(self) -> float:
        return self.t


class CountingSim(SimulatorSource):
    """The simulator, counting its map reads; each read takes ``cost`` seconds of
    the test's wall clock."""

    def __init__(self, clock: WallClock, cost: float = 0.0) -> None:
        sim = Simulator.from_scenario(parse_scenario(SCENARIO, "test.toml", name="test"))
        super().__init__(sim, "test")
        self.clock = clock
        self.cost = cost
        self.reads: list[int] = []

    def memory_map(self, pid: int) -> MemoryMap:
        self.reads.append(pid)
        self.clock.t += self.cost
        return super().memory_map(pid)


def _core(cost: float = 0.0) -> tuple[SamplerCore, CountingSim, WallClock]:
    clock = WallClock()
    source = CountingSim(clock, cost)
    core = SamplerCore(source, 1, ClockState(interval=1.0))
    core.inspector = InspectionKeeper(clock)
    core.tick(advance=False)
    return core, source, clock


def _only(core: SamplerCore, *, wall: float, clock: WallClock, advance: bool = True) -> Inspection:
    """One tick, ``wall`` seconds after the last (``advance=False``: the simulator's
    clock stands still, and so do its processes)."""
    clock.t += wall
    tick = core.tick(advance=advance)
    (inspection,) = tick.inspections
    assert tick.snapshot is not None
    # whatever the map, the figures are those of the moment
    assert inspection.process == tick.snapshot.by_pid.get(inspection.pid, inspection.process)
    return inspection


def test_ticks_follow_the_figures_without_reading_the_map_again() -> None:
    core, source, clock = _core()
    core.perform(Inspect(300))
    assert source.reads == [300]  # the first map, at once
    # ten simulated seconds in no wall time: the game grows, is warned, frees …
    inspections = [_only(core, wall=0.0, clock=clock) for _ in range(10)]
    assert source.reads == [300]  # … and the map was not read again
    last = inspections[-1]
    assert last.t == 10.0
    assert last.process.footprint_bytes != inspections[0].process.footprint_bytes
    assert len(last.history) > len(inspections[0].history)  # the history follows
    assert [e.kind.value for e in last.events][:3] == ["limit_warning", "notify", "respond"]
    assert last.map_t == 0.0  # the map shown is the one read at 0 s
    assert last.map_age_s == 0.0


def test_a_big_move_of_the_figures_reads_it_again_after_a_second() -> None:
    core, source, clock = _core()
    core.perform(Inspect(300))
    for _ in range(3):  # 0 → 3 s: the game has not moved yet
        _only(core, wall=1.0, clock=clock)
    assert source.reads == [300]
    # from 3 s it grows 16 MB a second on 100 MB (16 % a tick): a read a tick
    for _ in range(3):
        _only(core, wall=1.0, clock=clock)
    assert source.reads == [300] * 4
    # the same growth (148 → 164 MB) half a wall second later: not yet
    _only(core, wall=0.5, clock=clock)
    assert source.reads == [300] * 4


def test_a_read_that_costs_waits_twenty_times_its_cost() -> None:
    # every read takes 0.3 s of wall clock: the next one waits 6 s, moving or not
    core, source, clock = _core(cost=0.3)
    core.perform(Inspect(300))
    assert len(source.reads) == 1
    for _ in range(5):  # 3 s … 8 s: the game grows 16 MB a second
        _only(core, wall=1.0, clock=clock)
    assert len(source.reads) == 1
    _only(core, wall=1.0, clock=clock)  # 6.0 s after the read ended
    assert len(source.reads) == 2


def test_refresh_reads_it_now_and_the_tick_says_so() -> None:
    core, source, clock = _core()
    core.perform(Inspect(300))
    for _ in range(5):
        assert _only(core, wall=0.0, clock=clock).map_t == 0.0
    assert len(source.reads) == 1
    tick = core.perform(RefreshMap(300))
    assert tick is not None
    (inspection,) = tick.inspections
    assert len(source.reads) == 2
    assert inspection.map_t == 5.0
    assert inspection.map_age_s == 0.0
    # the clock stands still: 3 wall seconds later nothing moved, the map is kept
    assert _only(core, wall=3.0, clock=clock, advance=False).map_age_s == 3.0
    assert len(source.reads) == 2
    # for a simulated process, a map read at the moment makes its footprint
    regions = inspection_to_dict(inspection)["regions"]
    dirty = sum(r["dirty_bytes"] + r["swapped_bytes"] for r in regions)
    assert dirty == inspection.process.footprint_bytes


def test_a_process_whose_figures_stand_still_is_read_at_most_every_30_s() -> None:
    core, source, clock = _core()
    core.perform(Inspect(301))
    for _ in range(61):  # the simulator stands still: so do locationd's figures
        _only(core, wall=1.0, clock=clock, advance=False)
    assert source.reads == [301] * 3  # at 0, 30 and 60 wall seconds


def test_stopping_forgets_the_schedule_and_inspecting_again_reads_at_once() -> None:
    core, source, _ = _core()
    core.perform(Inspect(301))
    core.perform(StopInspecting(301))
    core.perform(Inspect(301))
    assert source.reads == [301, 301]


def test_the_map_s_moment_is_said_on_screen() -> None:
    core, _, clock = _core()
    core.perform(Inspect(300))
    for _ in range(2):
        _only(core, wall=0.0, clock=clock)  # nothing moved: the map of 0 s stays
    assert map_age_text(_only(core, wall=0.0, clock=clock)) == (
        "Map read at t = 0.0 s, 3.0 s before the moment shown; read again every 5 s "
        "while its figures change, sooner when they jump; Refresh reads it now"
    )
    tick = core.perform(RefreshMap(300))
    assert tick is not None
    text = map_age_text(tick.inspections[0])
    assert text is not None
    assert text.startswith("Map of the moment shown (t = 3.0 s);")


def _proc(footprint_mb: int, rss_mb: int | None = None) -> ProcessInfo:
    return ProcessInfo(
        pid=1,
        name="p",
        footprint_bytes=footprint_mb * MB,
        rss_bytes=None if rss_mb is None else rss_mb * MB,
    )


def test_the_schedule_s_rules() -> None:
    schedule = MapSchedule()
    assert schedule.due(0.0, _proc(100))  # never read
    schedule.done(0.0, 0.0, _proc(100))
    assert not schedule.due(0.9, _proc(200))  # a jump, but within the first second
    assert schedule.due(1.0, _proc(110))  # 10 % after a second
    assert not schedule.due(4.9, _proc(109))  # 9 %: waits for the period
    assert schedule.due(5.0, _proc(101))  # any move after 5 s
    assert not schedule.due(29.9, _proc(100))  # no move: waits …
    assert schedule.due(30.0, _proc(100))  # … 30 s at most
    assert schedule.due(1.0, _proc(100, rss_mb=5))  # RSS known now: a move
    schedule.asked = True
    assert schedule.due(0.0, _proc(100))  # asked: now
    schedule.done(10.0, 12.0, _proc(100))  # a read of 2 s: 40 s without one
    assert schedule.cost == 2.0
    assert not schedule.asked
    assert not schedule.due(12.0 + 39.9, _proc(500))
    assert schedule.due(12.0 + 40.0, _proc(100))
