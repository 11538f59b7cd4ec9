"""The sampler's Qt-free core: ticks, commands and results, abilities (no QApplication)."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.model import KillReason, MemoryLimit, PressureLevel, Snapshot
from activitymon.sources import (
    Capability,
    Source,
    SourceError,
    SourceKind,
    capabilities_of,
    open_source,
)
from activitymon.sources.sim import SimulatorSource
from activitymon.viewmodel import (
    Allocate,
    ClockState,
    CommandFailed,
    Grow,
    HogStarted,
    Kill,
    LevelForced,
    Limit,
    ProcessSignalled,
    ProcessSteered,
    Reband,
    SamplerCore,
    Seek,
    SetInterval,
    SetPaused,
    SetSpeed,
    SimulatePressure,
    StartHog,
    Step,
    Stepped,
    Terminate,
    Tick,
    TimelineMoved,
    read_tick,
    run_command,
)
from activitymon.viewmodel.commands import result_message
from activitymon.viewmodel.sim_sources import SimChoice

MB = 1 << 20
DATA = Path(__file__).resolve().parents[1] / "reports" / "data"
REPORTS = [str(DATA / "LowMemory-2013-05-02-093000.plist"), str(DATA / "jetsam-body-modern.json")]


def _time(tick: Tick | None) -> float:
    assert tick is not None
    assert tick.snapshot is not None
    return tick.snapshot.time


def _sim() -> SimulatorSource:
    return SimulatorSource.open(None, seed=0)


def _macos() -> Source:
    from activitymon.sources.macos import MacOSSource
    from tests.macos.fakes import demo_fake

    return MacOSSource(demo_fake())


#: what a source can do, as opposed to what it knows
DOES = frozenset(
    {
        Capability.STEERABLE,
        Capability.TERMINATING,
        Capability.SEEKABLE,
        Capability.MEMORY_MAP,
        Capability.KERNEL_LOG,
    }
)


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (_sim, {Capability.STEERABLE, Capability.MEMORY_MAP, Capability.KERNEL_LOG}),
        (
            lambda: open_source("replay", reports=REPORTS),
            # a report holds no map, but the inspector says what it holds of a process
            {Capability.SEEKABLE, Capability.MEMORY_MAP},
        ),
        (_macos, {Capability.TERMINATING, Capability.KERNEL_LOG, Capability.MEMORY_MAP}),
    ],
    ids=["sim", "replay", "macos-fakes"],
)
def test_each_source_announces_the_protocols_it_implements(factory, expected):
    source = factory()
    caps = capabilities_of(source)
    assert caps & DOES == expected
    # what it knows is what it declares; what it can do it never declares itself
    assert caps - DOES == source.capabilities
    assert not source.capabilities & DOES


def test_a_tick_carries_everything_read_in_one_go():
    tick = SamplerCore(_sim(), 7, ClockState(interval=1.0)).tick()
    assert tick.generation == 7
    assert isinstance(tick.snapshot, Snapshot)
    assert _time(tick) == pytest.approx(1.0)
    assert tick.kind is SourceKind.SIMULATOR
    assert tick.description.startswith("Simulated")
    assert Capability.STEERABLE in tick.capabilities
    assert Capability.BANDS in tick.capabilities
    assert tick.position is None
    assert tick.sim_choice is not None
    assert tick.sim_choice == SimChoice("demo", tick.sim_choice.profile, 0)
    assert tick.result is None
    assert tick.error is None


def test_pause_speed_and_interval_are_commands_to_the_core():
    core = SamplerCore(_sim(), 1, ClockState(interval=1.0))
    assert core.perform(SetSpeed(10.0)) is None
    assert _time(core.tick()) == pytest.approx(10.0)
    core.perform(SetPaused(True))
    assert _time(core.tick()) == pytest.approx(10.0)
    stepped = core.perform(Step(2.0))
    assert stepped is not None
    assert stepped.result == Stepped(2.0)
    assert _time(stepped) == pytest.approx(12.0)
    core.perform(SetPaused(False))
    core.perform(SetInterval(0.5))
    tick = core.tick()
    assert tick.clock == ClockState(paused=False, speed=10.0, interval=0.5)
    assert _time(tick) == pytest.approx(17.0)


def test_a_hog_comes_back_as_its_pid():
    source = _sim()
    result = run_command(source, StartHog(30, rate_mb_per_s=24.0))
    assert isinstance(result, HogStarted)
    snap = source.sample()
    assert snap.by_pid[result.pid].band == 30
    assert result_message(result) == f"Started a hog in band 30, pid {result.pid}"


def test_process_controls_steer_the_simulator():
    source = _sim()
    pid = source.simulator.find("SpringBoard")
    assert pid is not None
    before = source.sample().by_pid[pid].footprint_bytes
    assert before is not None
    for command in (
        Allocate(pid, "SpringBoard", 64.0),
        Reband(pid, "SpringBoard", 30),
        Limit(pid, "SpringBoard", 500.0, True),
        Grow(pid, "SpringBoard", rate_mb_per_s=8.0),
    ):
        assert run_command(source, command) == ProcessSteered(command)
    snap = source.sample()
    info = snap.by_pid[pid]
    assert info.footprint_bytes is not None
    assert info.footprint_bytes - before >= 60 * MB
    assert info.band == 30
    assert info.limit == MemoryLimit(500 * MB, True)
    assert run_command(source, Kill(pid, "SpringBoard")) == ProcessSteered(Kill(pid, "SpringBoard"))
    assert pid not in source.sample().by_pid


def test_forced_pressure_is_a_level_forced():
    source = _sim()
    assert run_command(source, SimulatePressure(PressureLevel.CRITICAL)) == LevelForced(
        PressureLevel.CRITICAL
    )
    source.advance(1.0)
    assert source.sample().level is PressureLevel.CRITICAL


def test_failures_are_values_naming_the_process():
    source = _sim()
    result = run_command(source, Grow(99999, "ghost", rate_mb_per_s=8.0))
    assert isinstance(result, CommandFailed)
    assert "ghost (99999)" in result.message
    failed = run_command(source, Terminate(1, "launchd", force=True))
    assert failed == CommandFailed(
        Terminate(1, "launchd", force=True), "the sim source cannot quit processes"
    )


def test_terminate_reaches_a_terminating_source():
    class Quitter(SimulatorSource):
        def __init__(self) -> None:
            super().__init__(_sim().simulator)
            self.asked: list[tuple[int, bool]] = []

        def terminate(self, pid: int, *, force: bool) -> None:
            self.asked.append((pid, force))

    source = Quitter()
    assert run_command(source, Terminate(42, "editor", force=False)) == ProcessSignalled(
        42, "editor", False
    )
    assert source.asked == [(42, False)]


def test_a_replay_starts_paused_and_seeks_by_command():
    source = open_source("replay", reports=REPORTS)
    core = SamplerCore(source, 3, ClockState(interval=1.0))
    first = core.tick()
    assert first.clock.paused
    assert first.position is not None
    assert (first.position.index, first.position.count) == (0, 2)
    assert core.tick().position == first.position  # paused: the same report
    moved = core.perform(Seek(1))
    assert moved is not None
    assert isinstance(moved.result, TimelineMoved)
    assert moved.position is not None
    assert moved.position.index == 1
    assert moved.position.at_end
    assert not moved.position.at_start
    assert moved.description.startswith("Replay — report 2 of 2")
    out_of_range = core.perform(Seek(5))
    assert out_of_range is not None
    assert isinstance(out_of_range.result, CommandFailed)


def test_a_failing_sample_is_a_tick_with_the_message():
    class Broken(SimulatorSource):
        def sample(self) -> Snapshot:
            raise SourceError("the device went away")

    tick = read_tick(Broken(_sim().simulator), 2, ClockState())
    assert tick.snapshot is None
    assert tick.error == "the device went away"
    assert tick.generation == 2


def test_the_next_victims_reason_is_a_kill_reason():
    source = _sim()
    for _ in range(600):
        source.advance(1.0)
        victim = source.sample().next_victim
        if victim is not None:
            assert isinstance(victim[1], KillReason)
            return
    raise AssertionError("the demo never predicted a victim")
