"""The inspector window (issue 25): opened by double-click or Enter on a row or block,
by the context menu and by Ctrl+I; follows its process; keeps its tombstone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt

from activitymon.sim import Simulator, parse_scenario
from activitymon.sources.sim import SimulatorSource
from activitymon.viewmodel import RefreshMap
from tests.ui.conftest import tick
from tests.viewmodel.test_inspection import SCENARIO


@pytest.fixture
def game_window(qtbot) -> Iterator:
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.settings import AppSettings

    sim = Simulator.from_scenario(parse_scenario(SCENARIO, "test.toml", name="test"))
    win = MainWindow(SimulatorSource(sim, "test"), 1.0, settings=AppSettings.open(), threaded=False)
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    win.start()
    yield win
    win.close()


def _row(window, pid: int) -> int:
    row: int | None = window.table.model.row_of(pid)
    assert row is not None
    return row


def test_double_click_on_a_row_opens_the_inspector_and_it_follows(game_window, qtbot) -> None:
    win = game_window
    tick(win, 2)
    view = win.table.view
    index = win.table.model.index(_row(win, 300), 1)
    rect = view.visualRect(index)
    # a real double-click is a click, then the double-click event
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    inspector = win.inspectors.windows[300]
    assert inspector.isVisible()
    assert inspector.last is not None  # the sampler answered with its inspection
    assert inspector.title.text().startswith("Game (pid 300) — frontmost")
    assert inspector.figures["Limit now"].text() == "200 MB (fatal)"
    tick(win, 2)
    assert inspector.last.t == 4.0
    xs, _ = inspector.gauge.curves["footprint"].getData()
    assert xs is not None
    assert len(xs) >= 2
    assert inspector.gauge.lines["active"].isVisible()
    assert inspector.gauge.lines["warning"].value() == 200 * (1 << 20) * 80 // 100


def test_enter_on_a_row_opens_it(game_window, qtbot) -> None:
    win = game_window
    tick(win, 1)
    win.table.select_pid(301)
    win.table.view.setFocus()
    qtbot.keyClick(win.table.view, Qt.Key.Key_Return)
    assert 301 in win.inspectors.windows


def test_ctrl_i_and_the_context_menu_open_the_selected_process(game_window, qtbot) -> None:
    win = game_window
    tick(win, 1)
    win.table.select_pid(301)
    win.menus.inspect.trigger()
    assert list(win.inspectors.windows) == [301]
    assert win.menus.inspect.shortcut().toString() == "Ctrl+I"
    menu = win.process_menu(300)
    assert menu is not None
    assert win.menus.inspect in menu.actions()


def test_double_click_on_a_band_block_opens_it(game_window, qtbot) -> None:
    win = game_window
    win.show_view("bands")
    tick(win, 1)
    canvas = win.bands.canvas
    block = canvas.block_of(300)
    assert block is not None
    centre = block.rect.center()
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y()))
    )
    qtbot.mouseDClick(
        canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y()))
    )
    assert 300 in win.inspectors.windows


def test_the_inspector_keeps_the_tombstone_and_every_tab_fills(game_window, qtbot) -> None:
    win = game_window
    tick(win, 1)
    inspector = win.inspectors.inspect(300)
    assert inspector is not None
    tick(win, 15)  # grows, is warned, frees, then an 80 MB asset takes it past its limit
    last = inspector.last
    assert last is not None
    assert not last.alive
    assert inspector.status.text().startswith("Tombstone — it ended at 12.0 s")
    assert inspector.title.text() == "Game (pid 300) — killed at 12.0 s (per-process-limit)"
    assert inspector.figures["Headroom"].text().startswith("over by ")
    # markers for the warnings, the response, the crossing and the kill
    for kind in ("limit_warning", "respond", "limit_exceeded", "kill"):
        shown = [k.value for k, s in inspector.gauge.markers.items() if s.isVisible()]
        assert kind in shown
    # the memory map and its summary, with the TOTAL last
    regions = inspector.map_view.regions
    summary = inspector.map_view.summary
    assert regions.rowCount() == len(last.regions)
    assert summary.rows()[-1].type == "TOTAL"
    # the story: its events in order, its properties with glossary links
    assert inspector.story.events.topLevelItemCount() == len(last.events)
    assert "term:active-limit" in inspector.story.properties.text()


def test_region_and_summary_models_pass_the_model_tester(game_window, qtmodeltester) -> None:
    win = game_window
    tick(win, 1)
    inspector = win.inspectors.inspect(300)
    assert inspector is not None
    tick(win, 3)
    inspector.map_view.refresh_button.click()  # the map changes: new MALLOC_LARGE regions
    qtmodeltester.check(inspector.map_view.regions)
    qtmodeltester.check(inspector.map_view.summary)
    inspector.map_view.region_view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    tick(win, 1)
    dirty = [r.dirty_bytes for r in inspector.map_view.regions.rows()]
    assert dirty == sorted(dirty, reverse=True)


def test_refresh_and_the_map_tab_ask_for_a_fresh_map(game_window, qtbot) -> None:
    win = game_window
    tick(win, 1)
    inspector = win.inspectors.inspect(300)
    assert inspector is not None
    asked: list[object] = []
    request = win.inspectors._request

    def spy(command: object) -> None:
        asked.append(command)
        request(command)

    win.inspectors._request = spy
    tick(win, 3)
    assert inspector.last is not None  # (how often ticks read it: test_map_schedule.py)
    assert "Refresh reads it now" in inspector.map_view.age.text()
    inspector.map_view.refresh_button.click()
    assert asked == [RefreshMap(300)]
    assert inspector.last.map_t == 4.0  # read at once, at the moment on show
    assert inspector.map_view.age.text().startswith("Map of the moment shown (t = 4.0 s);")
    # the Memory Map tab coming into view with a map of an earlier moment reads it again
    inspector.last = replace(inspector.last, map_t=2.0)
    inspector.show_tab("map")
    assert asked == [RefreshMap(300), RefreshMap(300)]
    assert inspector.last.map_t == 4.0
    inspector.show_tab("story")
    inspector.show_tab("map")  # the map of the moment shown is kept
    assert len(asked) == 2


def test_closing_the_inspector_stops_the_inspection(game_window) -> None:
    win = game_window
    tick(win, 1)
    inspector = win.inspectors.inspect(300)
    assert inspector is not None
    inspector.close()
    assert win.inspectors.windows == {}
    tick(win, 1)
    assert win.last_tick is not None
    assert win.last_tick.inspections == ()


def test_a_new_source_closes_the_inspectors(game_window) -> None:
    win = game_window
    tick(win, 1)
    win.inspectors.inspect(300)
    win.attach_source(SimulatorSource.open(None, seed=0), start=True)
    assert win.inspectors.windows == {}


def test_the_command_line_names_the_window_s_tabs() -> None:
    from activitymon.commands.base import INSPECTOR_TABS
    from activitymon.ui.inspector.window import TABS

    assert INSPECTOR_TABS == TABS
