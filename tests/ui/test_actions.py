"""Context-menu actions and the simulator toolbar change the simulated device; live
quit / force quit ask first, naming the process."""

from __future__ import annotations

import pytest

from activitymon.model import (
    Killed,
    MemoryLimit,
    MemoryStats,
    Notified,
    PressureLevel,
    ProcessInfo,
    Snapshot,
)
from activitymon.sources import Capability, SourceKind
from activitymon.viewmodel import ClockState, CommandFailed, Grow, HogStarted, StartHog
from tests.ui.conftest import tick

MB = 1 << 20


def _pid(window, name: str) -> int:
    return int(next(p.pid for p in window.last_snapshot.processes if p.name == name))


def _level(window) -> PressureLevel | None:
    level: PressureLevel | None = window.last_snapshot.level
    return level


def _trigger(window, pid: int, action_name: str) -> None:
    menu = window.process_menu(pid)
    assert menu is not None
    action = menu.action(action_name)
    assert action is not None, action_name
    assert action.isEnabled(), action_name  # a missing control fails, never skips
    action.trigger()


def test_grow_action_makes_the_process_grow(window):
    window.set_playing(False)
    pid = _pid(window, "SpringBoard")
    before = window.last_snapshot.by_pid[pid].footprint_bytes
    _trigger(window, pid, "action-grow-128")
    window.set_playing(True)
    tick(window, 2)
    after = window.last_snapshot.by_pid[pid].footprint_bytes
    assert after - before >= 200 * MB


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("action-kill", lambda before, snap, pid, events: pid not in snap.by_pid),
        ("action-band-30", lambda before, snap, pid, events: snap.by_pid[pid].band == 30),
        (
            "action-limit-500-fatal",
            lambda before, snap, pid, events: snap.by_pid[pid].limit == MemoryLimit(500 * MB, True),
        ),
        (
            "action-allocate-64",
            lambda before, snap, pid, events: (
                snap.by_pid[pid].footprint_bytes - before.by_pid[pid].footprint_bytes >= 60 * MB
            ),
        ),
        (
            "action-free-64",
            lambda before, snap, pid, events: (
                before.by_pid[pid].footprint_bytes - snap.by_pid[pid].footprint_bytes >= 60 * MB
            ),
        ),
        (
            "action-memory-warning",
            lambda before, snap, pid, events: any(
                isinstance(e, Notified) and e.pid == pid for e in events
            ),
        ),
    ],
)
def test_simulator_actions_change_the_device(window, action, check):
    window.set_playing(False)
    pid = _pid(window, "SpringBoard")
    before = window.last_snapshot
    seen: list = []
    window.tick_applied.connect(lambda t: seen.extend(t.events))
    _trigger(window, pid, action)
    tick(window)
    assert check(before, window.last_snapshot, pid, seen)


def test_start_a_hog_in_the_chosen_band(window):
    window.set_playing(False)
    bar = window.sim_toolbar
    bar.hog_band_box.setCurrentIndex(bar.hog_band_box.findData(30))
    before = set(window.last_snapshot.by_pid)
    bar.hog_action.trigger()
    new = [p for p in window.last_snapshot.processes if p.pid not in before]
    assert len(new) == 1
    assert new[0].band == 30


def test_simulated_pressure_and_back(window):
    window.set_playing(False)
    window.sim_toolbar.pressure_actions["critical"].trigger()
    tick(window)  # the forced level applies as the clock moves
    window.set_playing(True)
    tick(window)
    assert _level(window) is PressureLevel.CRITICAL
    window.sim_toolbar.pressure_actions["normal"].trigger()
    tick(window)  # early in the demo memory is plentiful: the level is the memory's again
    assert _level(window) is PressureLevel.NORMAL


def test_pause_stops_the_clock_and_step_advances_one_interval(window):
    window.sim_toolbar.play_action.trigger()  # pause
    t0 = window.last_snapshot.time
    tick(window, 3)
    assert window.last_snapshot.time == pytest.approx(t0)
    window.sim_toolbar.step_action.trigger()
    assert window.last_snapshot.time == pytest.approx(t0 + window.interval)


def test_speed_multiplies_simulated_time(window):
    window.sim_toolbar.speed_box.setCurrentIndex(window.sim_toolbar.speed_box.findData(10.0))
    t0 = window.last_snapshot.time
    tick(window)
    assert window.last_snapshot.time == pytest.approx(t0 + 10 * window.interval)


def test_restart_gives_a_fresh_simulator_and_resets_the_views(window):
    tick_n = 50
    tick(window, tick_n)
    old_generation = window.generation
    assert window.replace_simulator(window.sim_choice)
    assert window.generation == old_generation + 1
    assert window.last_tick.generation == window.generation
    assert window.last_snapshot.time == pytest.approx(0.0)
    assert len(window.graph.history) == 1


def test_a_steerable_source_offers_every_simulator_control(window):
    assert Capability.STEERABLE in window.last_tick.capabilities
    menu = window.process_menu(_pid(window, "SpringBoard"))
    for name in (
        "action-kill",
        "action-grow-8",
        "action-stop",
        "action-allocate-64",
        "action-free-64",
        "action-memory-warning",
        "action-foreground",
        "action-background",
        "action-suspend",
        "action-band-30",
        "action-limit-500-soft",
    ):
        action = menu.action(name)
        assert action is not None, name
        assert action.isEnabled(), name


class FakeLiveSource:
    name = SourceKind.LINUX

    def __init__(self) -> None:
        self.terminated: list[tuple[int, bool]] = []

    @property
    def capabilities(self):
        return frozenset({Capability.RSS})

    def describe(self) -> str:
        return "fake live system"

    def sample(self) -> Snapshot:
        return Snapshot(
            time=0.0,
            memory=MemoryStats(page_size=4096, total_pages=1000),
            processes=(ProcessInfo(42, "editor", rss_bytes=MB),),
        )

    def drain_events(self):
        return []

    def terminate(self, pid: int, *, force: bool) -> None:
        self.terminated.append((pid, force))

    def close(self) -> None:
        pass


def _menu_action(win, pid: int, name: str):
    menu = win.process_menu(pid)
    assert menu is not None
    action = menu.action(name)
    assert action is not None
    return action


@pytest.mark.parametrize(("name", "force"), [("action-quit", False), ("action-force-quit", True)])
def test_live_quit_asks_first_naming_the_process(qtbot, name, force):
    from activitymon.ui.main_window import MainWindow

    source = FakeLiveSource()
    win = MainWindow(source, 1.0, threaded=False)
    qtbot.addWidget(win)
    win.start()
    asked: list[str] = []
    answer = [False]

    def confirm(title: str, text: str) -> bool:
        asked.append(text)
        return answer[0]

    win.confirm = confirm
    assert not win.sim_toolbar.isVisibleTo(win)
    _menu_action(win, 42, name).trigger()
    assert "editor" in asked[0]
    assert "42" in asked[0]
    assert source.terminated == []
    answer[0] = True
    _menu_action(win, 42, name).trigger()
    assert source.terminated == [(42, force)]
    win.close()


def test_actions_run_on_the_sampler_thread(qtbot, sim_source):
    from activitymon.ui.sampler import Sampler

    sampler = Sampler(sim_source, ClockState(interval=0.05))
    with qtbot.waitSignal(sampler.ticked, timeout=5000):
        sampler.start()
    try:
        with qtbot.waitSignal(
            sampler.ticked, timeout=5000, check_params_cb=lambda t: t.result is not None
        ) as blocker:
            sampler.send(StartHog(0, rate_mb_per_s=1.0))
        (result_tick,) = blocker.args
        assert isinstance(result_tick.result, HogStarted)
        assert result_tick.result.pid in result_tick.snapshot.by_pid
    finally:
        sampler.stop()


def test_a_failing_action_reports_instead_of_raising(window):
    window.request(Grow(99999, "ghost", rate_mb_per_s=8.0))
    result = window.last_tick.result
    assert isinstance(result, CommandFailed)
    assert "ghost (99999)" in result.message
    assert "ghost (99999)" in window.statusBar().currentMessage()


def test_the_hog_story_on_the_threaded_sampler(qtbot, sim_source):
    """Start the app, play, start a hog in a band, see warnings and kills in band order."""
    from activitymon.model import EventKind, LevelChanged
    from activitymon.ui.main_window import MainWindow

    win = MainWindow(sim_source, 0.05, threaded=True)
    qtbot.addWidget(win)
    win.show()
    win.sim_toolbar.speed_box.setCurrentIndex(win.sim_toolbar.speed_box.findData(20.0))
    sampler = win.sampler
    assert sampler is not None
    with qtbot.waitSignal(sampler.ticked, timeout=5000):
        win.start()

    def pids() -> set[int]:
        snapshot = win.last_snapshot
        return set() if snapshot is None else set(snapshot.by_pid)

    before = pids()
    win.sim_toolbar.hog_band_box.setCurrentIndex(win.sim_toolbar.hog_band_box.findData(100))
    win.sim_toolbar.hog_action.trigger()
    qtbot.waitUntil(lambda: len(pids() - before) >= 1, timeout=5000)
    qtbot.waitUntil(
        lambda: any(e.kind is EventKind.KILL for e in win.events.model.events()), timeout=15000
    )
    events = win.events.model.events()
    assert any(isinstance(e, LevelChanged) for e in events)
    kills = [e for e in events if isinstance(e, Killed)]
    bands = [k.band for k in kills if k.band is not None]
    assert bands == sorted(bands)  # lowest band first
    win.close()
    assert not win.isVisible()
