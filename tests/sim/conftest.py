"""Helpers: small scenarios written inline, run on a built-in profile."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from activitymon.model import Event, Killed, Notified
from activitymon.sim import Simulator, parse_scenario


def make_sim(
    body: str = "",
    *,
    profile: str = "iPhone12,1",
    population: bool = False,
    seed: int | None = None,
    extra_device: str = "",
    task_limit: bool = False,
) -> Simulator:
    """A small scenario on ``profile``. Without ``task_limit`` the device runs with
    ``max_task_pmem=0`` (task.c: "Setting the boot-arg to 0 disables task limits"), so
    a test of bands, thresholds or reports can grow a process as far as it needs; the
    tests of limits pass ``task_limit=True`` (the device's own)."""
    device_limits = "" if task_limit else "task_limit_mb = 0\n"
    text = (
        f'[device]\nprofile = "{profile}"\npopulation = {"true" if population else "false"}\n'
        f"{device_limits}{extra_device}\n{body}"
    )
    return Simulator.from_scenario(parse_scenario(text, "test.toml", name="test"), seed=seed)


def kills(events: list[Event]) -> list[Killed]:
    return [e for e in events if isinstance(e, Killed)]


def notifications(events: list[Event]) -> list[Notified]:
    return [e for e in events if isinstance(e, Notified)]


@pytest.fixture
def sim_factory() -> Callable[..., Simulator]:
    return make_sim
