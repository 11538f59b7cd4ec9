"""What a lesson's text points at is on its screen (the truth audit, item 5): the
limits lesson's table shows the Active limit, Inactive limit and Headroom columns
beside the process names in a 1024×640 window, and a Mac's graph explains its shading
and markers although it has no jetsam thresholds."""

from __future__ import annotations

from tests.ui.conftest import tick


def test_the_limits_highlight_brings_the_limit_columns_beside_the_names(
    window_on_scenario, qapp
) -> None:
    from activitymon.viewmodel.columns import column_index

    window = window_on_scenario("fatal-limit", (1024, 640))
    window.show_view("table")
    tick(window, 5)
    qapp.processEvents()
    target = window.lesson_target("limits")
    assert target is window.table
    qapp.processEvents()
    view = window.table.view
    width = view.viewport().width()
    for key in ("name", "footprint", "active_limit", "inactive_limit", "headroom"):
        col = column_index(key)
        left = view.columnViewportPosition(col)
        assert left >= 0, key
        assert left + view.columnWidth(col) <= width, key


def test_a_mac_s_graph_has_its_key(window_on_scenario) -> None:
    window = window_on_scenario("mac-idle-exit")  # Warning at 47.9 s, idle exits after
    tick(window, 50)
    key = window.graph.key
    assert key.isVisible()
    assert key.items["warn"].isVisible()
