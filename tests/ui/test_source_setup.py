"""The window is set up for a source in one place, from the source's description."""

from __future__ import annotations

from activitymon.model import Killed
from activitymon.viewmodel import Kill
from tests.ui.conftest import tick


def test_a_simulator_kill_without_a_report_says_why_from_the_devices_rules(window) -> None:
    tick(window)
    assert window.description is not None
    assert window.description.device_rules is not None
    victim = next(p for p in window.last_snapshot.processes if p.band is not None and p.band > 0)
    window.request(Kill(victim.pid, victim.name))
    kill = next(e for e in window.events.model.events() if isinstance(e, Killed))
    assert window.events.select_event(kill)
    # a kill from the simulator's menu (reason jettisoned) is never reported
    assert "simulator's menu" in window.events.report_view.toPlainText()


def test_the_description_is_applied_once_per_source(window) -> None:
    tick(window, 3)
    first = window.description
    assert first is not None
    assert first.simulator_controls
    assert window.sim_toolbar.isVisible()
    assert not window.replay_toolbar.isVisible()
    assert window.tabs.tabText(1) == "Jetsam Bands"
    tick(window)
    assert window.description is first
