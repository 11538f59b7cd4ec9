"""Replay in every view (issue 13 §3): a report's graph tab shows its moment, a kill a
report recorded shows that report, a sim kill without a report says why, rows without
a pid show "—", the killed lane shows the victims' sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.model import Era, Killed, KillReason
from activitymon.sim.report_rules import no_report_reason
from activitymon.sim.rules import XnuRules, rules_for
from activitymon.sources import SourceKind
from activitymon.ui.report_moment import composition
from activitymon.units import MISSING

DATA = Path(__file__).resolve().parents[1] / "reports" / "data"
pytestmark = pytest.mark.gui
LOWMEMORY = DATA / "LowMemory-2013-05-02-093000.plist"
MODERN = DATA / "jetsam-body-modern.json"


def _select_kill(window, name_prefix: str) -> str:
    model = window.events.model
    for row in range(model.rowCount()):
        event = model.event_at(row)
        if isinstance(event, Killed) and event.name.startswith(name_prefix):
            index = window.events.proxy.mapFromSource(model.index(row, 0))
            window.events.table.selectRow(index.row())
            return str(window.events.report_view.toPlainText())
    raise AssertionError(f"no kill of {name_prefix}")


def test_a_reports_graph_tab_is_its_moment(window) -> None:
    assert window.open_reports([str(LOWMEMORY)])
    window.sampler.tick()
    moment = window.timeline.moment_tab
    assert window.tabs.widget(moment) is window.timeline.moment
    assert window.tabs.isTabVisible(moment)
    assert not window.tabs.isTabVisible(0)
    window.show_view("graph")
    assert window.tabs.currentWidget() is window.timeline.moment
    report = window.timeline.moment.report
    assert report is not None
    labels = [p.label for p in composition(report)]
    assert "wired" in labels
    assert "free" in labels
    window.replace_simulator(window.sim_choice)  # back to a simulation: the graph again
    window.sampler.tick()
    assert window.tabs.isTabVisible(0)
    assert not window.tabs.isTabVisible(moment)
    window.show_view("graph")
    assert window.tabs.currentWidget() is window.graph


def test_a_report_opens_on_its_band_view() -> None:
    from activitymon.viewmodel.source_description import opening_view

    assert opening_view(SourceKind.REPORTS) == "bands"
    assert opening_view(SourceKind.SIMULATOR) == "overview"
    assert opening_view(SourceKind.RECORDING) == "overview"


def test_a_kill_a_report_recorded_shows_that_report(window) -> None:
    assert window.open_reports([str(LOWMEMORY)])
    window.sampler.tick()
    victim = window.timeline.moment.report.victims[0]
    text = _select_kill(window, victim.name)
    assert "No jetsam report" not in text
    assert "— the report as written —" in text


def test_rows_without_a_pid_show_a_dash(window) -> None:
    assert window.open_reports([str(LOWMEMORY)])  # legacy text: no pid column
    window.sampler.tick()
    model = window.table.model
    pids = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert pids == {MISSING}


def test_the_killed_lane_shows_the_victims_sizes(window) -> None:
    assert window.open_reports([str(MODERN)])
    window.sampler.tick()
    window.show_view("bands")
    canvas = window.bands.canvas
    killed = [entries for entries in canvas._killed if entries]
    assert killed
    assert all(p.footprint_bytes for entries in killed for p in entries)


IOS16 = rules_for(8796, Era.MODERN)
IOS6 = rules_for(2107, Era.LEGACY)


@pytest.mark.parametrize(
    ("kill", "rules", "era", "says"),
    [
        (Killed(1.0, 5, "Mail", KillReason.JETTISONED, 30), IOS16, Era.MODERN, "menu"),
        (Killed(1.0, 5, "cloudd", KillReason.IDLE_EXIT, 0), IOS16, Era.MODERN, "alone takes"),
        (Killed(1.0, 5, "Game", KillReason.VM_PAGESHORTAGE, 100), IOS16, Era.MODERN, "yet"),
        (Killed(1.0, 5, "hog", KillReason.HIGHWATER, 0), IOS16, Era.MODERN, "yet"),
        (Killed(1.0, 5, "cloudd", KillReason.VM_PAGESHORTAGE, 0), IOS6, Era.LEGACY, "yet"),
    ],
)
def test_a_sim_kill_without_a_report_says_why(
    kill: Killed, rules: XnuRules, era: Era, says: str
) -> None:
    assert IOS16.quiet_idle
    assert not IOS6.quiet_idle
    assert says in no_report_reason(kill, rules, era)


def test_the_events_view_says_why_for_a_sim_kill(window) -> None:
    assert window.events.simulated  # the window told it: the source is the simulator
    kill = Killed(3.0, 77, "Mail", KillReason.JETTISONED, 30)
    window.events.append([kill])
    text = _select_kill(window, "Mail")
    assert "writes no jetsam report for it" in text


def test_event_times_of_a_replay_are_dates(window, jetsam_fixtures) -> None:
    files = [
        str(jetsam_fixtures / "jetsam_highwater.crash"),
        str(jetsam_fixtures / "JetsamEvent-2020-10-15-172958.ips.synced"),
    ]
    assert window.open_reports(files)
    window.sampler.tick()
    window.replay_toolbar.last_action.trigger()
    model = window.events.model
    times = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert times
    assert all(t.endswith("Z") and t[:2] in ("19", "20") for t in times)
    assert any(t.startswith("2020-10-15") for t in times)


def test_event_times_of_the_simulator_stay_seconds(window) -> None:
    for _ in range(3):
        window.sampler.tick()
    assert window.events.model.epoch is None
