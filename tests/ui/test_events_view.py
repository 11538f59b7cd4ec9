"""The event timeline: appended per tick, bounded, filtered by kind; selecting a kill
shows the report that recorded it."""

from __future__ import annotations

import itertools

from activitymon.model import (
    Event,
    EventKind,
    JetsamReport,
    Killed,
    KillReason,
    LevelChanged,
    Notified,
    PressureLevel,
    ReportFormat,
    ReportProcess,
    Responded,
)
from activitymon.ui.event_model import EventFilter, EventModel, event_detail
from activitymon.ui.events_view import EventsView

MB = 1 << 20


def _events() -> list[Event]:
    return [
        LevelChanged(1.0, PressureLevel.WARN, 100, 18),
        Notified(1.5, 7, "Maps", PressureLevel.WARN),
        Responded(2.0, 7, "Maps", 12 * MB),
        Killed(3.0, 9, "Mail", KillReason.VM_PAGESHORTAGE, 75, 90 * MB),
    ]


def test_models_pass_the_model_tester_while_events_arrive(qtmodeltester):
    model = EventModel(max_events=5)
    proxy = EventFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    model.append(_events())
    proxy.set_kinds({EventKind.KILL, EventKind.RESPOND})
    model.append(_events())  # past the bound: the oldest go
    assert model.rowCount() == 5
    assert proxy.rowCount() == 3
    model.clear()
    assert proxy.rowCount() == 0


def test_bounded_keeps_the_newest():
    model = EventModel(max_events=3)
    model.append(_events())
    assert [e.t for e in model.events()] == [1.5, 2.0, 3.0]


def test_detail_says_what_happened_with_sizes():
    assert "freed 12.0 MB" in event_detail(Responded(0.0, 1, "x", 12 * MB))
    text = event_detail(Killed(0.0, 1, "x", KillReason.PER_PROCESS_LIMIT, 100, 50 * MB))
    assert "per-process-limit" in text
    assert "band 100" in text
    assert "50.0 MB" in text


def test_filter_buttons_choose_kinds(qtbot):
    view = EventsView()
    qtbot.addWidget(view)
    view.append(_events())
    assert view.proxy.rowCount() == 4
    for title, button in view.filter_buttons.items():
        button.setChecked(title == "Kills")
    assert view.proxy.rowCount() == 1
    assert "1 of 4" in view.count_label.text()


def _report(pid: int, name: str) -> JetsamReport:
    return JetsamReport(
        format=ReportFormat.JETSAM_JSON,
        page_size=16384,
        product="iPhone10,3",
        processes=(
            ReportProcess(name, pid, rpages=5760, reason="vm-pageshortage", priority=75),
            ReportProcess("SpringBoard", 101, rpages=10000, priority=160),
        ),
    )


def test_selecting_a_kill_shows_the_report_that_recorded_it(qtbot):
    view = EventsView()
    qtbot.addWidget(view)
    view.append(_events())
    view.add_reports([_report(1234, "other"), _report(9, "Mail")])
    assert view.select_last_kill()
    text = view.report_view.toPlainText()
    assert "Mail" in text
    assert "vm-pageshortage" in text
    assert "other" not in text


def test_a_kill_without_a_report_says_so(qtbot):
    view = EventsView()
    qtbot.addWidget(view)
    view.append(_events())
    view.select_last_kill()
    assert "No jetsam report" in view.report_view.toPlainText()


def test_window_timeline_follows_the_simulator(window):
    from tests.ui.conftest import tick_until

    tick_until(window, lambda evs: any(isinstance(e, Killed) for e in evs))
    kinds = {e.kind for e in window.events.model.events()}
    assert EventKind.KILL in kinds
    assert EventKind.LEVEL in kinds


def test_a_report_event_opens_its_file(qtbot, tmp_path):
    from activitymon.model import ReportWritten
    from activitymon.reports import render_report

    path = tmp_path / "JetsamEvent-test.json"
    path.write_text(render_report(_report(9, "Mail")))
    view = EventsView()
    qtbot.addWidget(view)
    view.append(
        [ReportWritten(5.0, str(path), "jetsam-json"), ReportWritten(6.0, "/nowhere.ips", "x")]
    )
    view.select_row(0)
    assert "vm-pageshortage" in view.report_view.toPlainText()
    view.select_row(1)
    text = view.report_view.toPlainText()
    assert "/nowhere.ips" in text
    assert "\n" not in text.strip()  # one line saying what went wrong


def test_a_level_change_wears_its_level_s_colour(qtmodeltester):
    """Level lines are coloured by level, not one colour for every change (issue 24)."""
    from PySide6.QtCore import Qt

    from activitymon.model import LevelChanged, PressureLevel
    from activitymon.ui.event_model import EventModel
    from activitymon.ui.theme import level_colour

    model = EventModel()
    model.append(
        [LevelChanged(1.0, PressureLevel.CRITICAL), LevelChanged(2.0, PressureLevel.NORMAL)]
    )
    for row, level in enumerate((PressureLevel.CRITICAL, PressureLevel.NORMAL)):
        colour = model.data(model.index(row, 1), Qt.ItemDataRole.DecorationRole)
        assert colour == level_colour(level)
    qtmodeltester.check(model)


def _visual_lines(view: EventsView) -> list[tuple[str, list[str]]]:
    """Each paragraph of the details pane and the lines it is laid out in."""
    doc = view.report_view.document()
    out = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        text = block.text()
        parts = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            parts.append(text[line.textStart() : line.textStart() + line.textLength()])
        out.append((text, parts))
        block = block.next()
    return out


def test_a_report_reads_in_columns_unwrapped_and_scrolls_sideways(qtbot):
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    view = EventsView()
    qtbot.addWidget(view)
    view.resize(690, 440)  # the Events tab beside the narration at 1024×640
    view.show()
    view.append(_events())
    view.add_reports([_report(9, "Mail")])
    assert view.select_last_kill()
    pane = view.report_view
    QApplication.processEvents()  # the pane lays the text out
    assert "vm-pageshortage" in pane.toPlainText()
    assert QFontInfo(pane.font()).fixedPitch()
    assert pane.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    # no paragraph of the report is broken over lines; the long ones scroll
    assert all(len(parts) <= 1 for _, parts in _visual_lines(view))
    assert pane.horizontalScrollBar().maximum() > 0
    # under the list, the pane's full width, not a column beside it
    assert pane.width() >= 0.9 * view.width()


def test_a_sentence_wraps_between_words_only(qtbot):
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    view = EventsView()
    qtbot.addWidget(view)
    view.resize(690, 440)
    view.show()
    view.append(_events())
    view.select_last_kill()  # no report: a sentence why
    pane = view.report_view
    assert "No jetsam report" in pane.toPlainText()
    assert pane.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
    # a sentence longer than the pane, of long words: broken between them only
    view.show_details(" ".join(["vm-compressor-space-shortage"] * 30), report=False)
    QApplication.processEvents()
    assert any(len(p) > 1 for _, p in _visual_lines(view))
    for text, parts in _visual_lines(view):
        for before, after in itertools.pairwise(parts):
            # a break falls on a space or after a hyphen: never "vm-compressor-spa|ce"
            assert before.endswith((" ", "-")) or after.startswith(" "), (text, before, after)
