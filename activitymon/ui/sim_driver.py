"""What the simulator toolbar asks for, sent as commands: play / pause, one step, the
speed, a hog, forced pressure, the run again, another device.

The driver gets the pieces it drives — the toolbar, the forced-pressure label, a way
to send a command and a way to start the simulator again — not the window.
"""

from __future__ import annotations

from collections.abc import Callable

from activitymon.model import PressureLevel
from activitymon.ui.forced_pressure import ForcedPressure
from activitymon.ui.sim_controls import HOG_RATE_MB_S, SimulatorToolbar
from activitymon.viewmodel import Command, SetPaused, SetSpeed, SimulatePressure, StartHog, Step
from activitymon.viewmodel.sim_sources import SimChoice

#: megabytes a hog allocates at a time
HOG_CHUNK_MB = 8.0


class SimulatorDriver:
    def __init__(
        self,
        bar: SimulatorToolbar,
        forced: ForcedPressure,
        *,
        request: Callable[[Command], None],
        replace: Callable[[SimChoice], object],
        current: Callable[[], SimChoice],
        interval: Callable[[], float],
    ) -> None:
        self._bar, self._forced, self._request = bar, forced, request
        self._replace, self._current, self._interval = replace, current, interval
        bar.play_toggled.connect(self.set_playing)
        bar.step_requested.connect(self.step)
        bar.speed_changed.connect(self.set_speed)
        bar.restart_requested.connect(lambda: self._replace(self._current()))
        bar.profile_chosen.connect(self._profile_chosen)
        bar.hog_requested.connect(self.start_hog)
        bar.pressure_requested.connect(self.simulate_pressure)

    def _profile_chosen(self, name: str) -> None:
        """The same scenario and seed on another device ("": the scenario's own)."""
        now = self._current()
        self._replace(SimChoice(now.scenario, name or None, now.seed))

    def set_playing(self, playing: bool) -> None:
        self._request(SetPaused(not playing))
        self._bar.set_playing(playing)

    def step(self) -> None:
        self._request(Step(self._interval()))

    def set_speed(self, speed: float) -> None:
        self._request(SetSpeed(speed))

    def start_hog(self, band: int) -> None:
        self._request(StartHog(band, rate_mb_per_s=HOG_RATE_MB_S, chunk_mb=HOG_CHUNK_MB))

    def simulate_pressure(self, level: PressureLevel | None) -> None:
        self._request(SimulatePressure(level))
        self._forced.set_level(level)
