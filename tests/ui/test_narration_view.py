"""The "What's happening" pane beside the views: a line for each kill with its reason
and threshold; selecting a line selects the process and the event everywhere."""

from __future__ import annotations

from activitymon.model import Killed, KillReason
from activitymon.ui.narration_view import NarrationModel
from tests.ui.conftest import tick, tick_until

#: kills that follow an available-pages threshold (the others have a cause of their own)
THRESHOLD_KILLS = {KillReason.IDLE_EXIT, KillReason.VM_PAGESHORTAGE, KillReason.HIGHWATER}


def test_the_pane_sits_beside_the_views(window):
    tick(window, 2)
    assert window.narration.isVisible()
    from PySide6.QtCore import QPoint

    narration_x = window.narration.mapTo(window, QPoint(0, 0)).x()
    tabs = window.tabs.mapTo(window, QPoint(0, 0)).x() + window.tabs.width()
    assert narration_x >= tabs


def test_every_kill_has_a_line_with_its_reason_and_threshold(window):
    kills: list[Killed] = []

    def keep(applied) -> None:
        kills.extend(e for e in applied.events if isinstance(e, Killed))

    window.tick_applied.connect(keep)
    try:
        tick_until(window, lambda evs: any(isinstance(e, Killed) for e in evs))
        tick(window, 20)
    finally:
        window.tick_applied.disconnect(keep)
    lines = {
        kill: line
        for line in window.narration.lines()
        if line.kind == "kill"
        for kill in line.members
    }
    assert kills
    for kill in kills:
        line = lines[kill]  # a burst is one line: its details name each victim
        told = line.details[line.members.index(kill)] if line.details else line.text
        assert kill.name in told
        assert f"reason {kill.reason.value}" in told
        if kill.reason in THRESHOLD_KILLS:
            assert "threshold (" in line.text
        else:  # a cause of its own: the process's limit, the compressor's room
            assert "limit" in line.text or "compressor" in line.text


def test_selecting_a_line_selects_the_process_and_the_event(window):
    tick_until(window, lambda evs: any(isinstance(e, Killed) for e in evs))
    narration = window.narration
    window.show_view("events")
    # a line about a living process: the table and the band view follow
    rows = [
        (i, line)
        for i, line in enumerate(narration.lines())
        if line.pid is not None and line.pid in window.last_snapshot.by_pid
    ]
    assert rows
    row, line = rows[-1]
    narration.select_row(row)
    assert window.table.selected_pid() == line.pid
    assert window.bands.canvas.selected_pid == line.pid
    assert window.events.selected_event() is line.event
    # a kill line selects the kill in the event list
    kill_row = max(i for i, line in enumerate(narration.lines()) if line.kind == "kill")
    narration.select_row(kill_row)
    assert isinstance(window.events.selected_event(), Killed)
    assert window.events.selected_event() is narration.lines()[kill_row].event


def test_lines_carry_a_glossary_tooltip(window):
    tick_until(window, lambda evs: any(isinstance(e, Killed) for e in evs))
    model = window.narration.model
    from PySide6.QtCore import Qt

    for row in range(model.rowCount()):
        assert model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)


def test_narration_model_passes_the_model_tester(qtmodeltester):
    from activitymon.teaching.narration_line import NarrationLine

    model = NarrationModel(max_lines=3)
    model.append([NarrationLine(float(i), f"line {i}", "kill", "kill", serial=i) for i in range(2)])
    model.append(
        [NarrationLine(float(i), f"line {i}", "level", "level", serial=i) for i in range(2, 5)]
    )
    assert [line.sentence for line in model.lines()] == ["line 2", "line 3", "line 4"]
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount() == 0


def test_a_growing_burst_replaces_its_row_and_opens_to_list_its_members(qtmodeltester):
    from PySide6.QtCore import Qt

    from activitymon.model import PressureLevel
    from activitymon.teaching.narration_line import NarrationLine
    from activitymon.ui.theme import level_colour

    model = NarrationModel()
    model.append([NarrationLine(1.0, "a died", "kill", "idle-exit", serial=1)])
    level = NarrationLine(1.5, "Critical", "level", "pressure-critical", serial=2,
                          level=PressureLevel.CRITICAL)  # fmt: skip
    model.append([level])
    grown = NarrationLine(1.0, "2 processes died", "kill", "idle-exit", serial=1,
                          details=("1.0 s  a", "1.2 s  b"), note="19,480 pages")  # fmt: skip
    model.append([grown])
    assert model.rowCount() == 2
    index = model.index(0, 0)
    assert model.data(index) == "▸ 1.0 s — 2 processes died"
    model.toggle(0)
    assert model.data(index) == "▾ 1.0 s — 2 processes died\n    1.0 s  a\n    1.2 s  b"
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "19,480 pages" in tip
    assert "1.2 s  b" in tip
    # a level line wears its level's colour
    assert model.data(model.index(1, 0), Qt.ItemDataRole.DecorationRole) == level_colour(
        PressureLevel.CRITICAL
    )
    qtmodeltester.check(model)


def test_a_forced_pressure_level_stays_visible_until_released(window):
    from activitymon.model import PressureLevel

    label = window.forced_pressure
    assert not label.isVisible()
    window.simulate_pressure(PressureLevel.WARN)
    tick(window, 5)
    assert label.isVisible()
    assert label.text().strip() == "Pressure forced: Warn — Normal releases it"
    assert label.toolTip()
    window.simulate_pressure(None)
    tick(window, 1)
    assert not label.isVisible()


def test_the_pane_follows_the_newest_line_until_the_user_scrolls_back(window):
    tick(window, 80)
    bar = window.narration.list.verticalScrollBar()
    assert bar.maximum() > 0
    assert bar.value() == bar.maximum()
    bar.triggerAction(bar.SliderAction.SliderToMinimum)  # the user scrolls back to read
    assert not window.narration.follow
    tick(window, 10)
    assert bar.value() == 0


def test_an_empty_pane_says_what_will_appear_there(qtbot, sim_source):
    from activitymon.model import LevelChanged, PressureLevel
    from activitymon.ui.narration_view import NarrationView

    view = NarrationView()
    qtbot.addWidget(view)
    assert not view.empty_hint.isHidden()
    assert "Nothing has happened yet" in view.empty_hint.text()
    snap = sim_source.sample()
    view.apply_snapshot(snap, [LevelChanged(snap.time, PressureLevel.WARN, 3000, 30)])
    assert view.empty_hint.isHidden()
    view.reset()
    assert not view.empty_hint.isHidden()
