"""Scenario actions: each ``[[action]]`` becomes a timer that calls the simulator's
control methods at its time (and again every ``every`` seconds).

An action on a process that is not running at that moment (it was killed, or not yet
launched) does nothing; ``launch`` of a name that is already running does nothing,
so a repeating ``launch`` relaunches an app after jetsam killed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from activitymon.model import convert_band
from activitymon.sim.scenario import ActionSpec

if TYPE_CHECKING:
    from activitymon.sim.simulator import Simulator


def schedule_actions(sim: Simulator, actions: Iterable[ActionSpec]) -> None:
    clock = sim.kernel.clock
    for action in actions:
        clock.at(action.at, _firing(sim, action))


def _firing(sim: Simulator, action: ActionSpec) -> Callable[[], None]:
    def fire() -> None:
        apply_action(sim, action)
        if action.every is not None:
            sim.kernel.clock.after(action.every, fire)

    return fire


def apply_action(sim: Simulator, action: ActionSpec) -> None:
    do = action.do
    if do == "launch":
        assert action.launch is not None
        if sim.find(action.launch.name) is None:
            sim.launch_spec(action.launch)
        return
    if do == "pressure":
        sim.simulate_pressure(action.level)
        return
    assert action.process is not None
    pid = sim.find(action.process)
    if pid is None:
        return
    if do == "grow":
        sim.grow(pid, rate_mb_per_s=action.rate_mb_per_s, chunk_mb=action.chunk_mb)
    elif do == "stop":
        sim.stop(pid)
    elif do == "allocate":
        sim.allocate(pid, action.mb)
    elif do == "free":
        sim.free(pid, action.mb)
    elif do == "exit":
        sim.exit(pid)
    elif do == "kill":
        sim.kill(pid)
    elif do == "foreground":
        sim.foreground(pid)
    elif do == "background":
        sim.background(pid)
    elif do == "suspend":
        sim.suspend(pid)
    elif do == "set_band":
        sim.set_band(pid, convert_band(action.band, sim.profile.era, sim.era))
    elif do == "set_limit":
        sim.set_limit(pid, "system" if action.limit_system else action.limit_mb, action.limit_fatal)
    elif do == "memory_warning":
        sim.memory_warning(pid)
    else:  # pragma: no cover - the scenario reader only accepts known actions
        raise AssertionError(do)
