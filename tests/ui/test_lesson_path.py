"""Lessons in the window (issue 24 §4–§6): every lesson's checkpoints pass their fact
checks with the right view forward and the right element highlighted; stops are exact
at any speed; between checkpoints the panel keeps what to watch and how far it came; a
lesson restarts from any step; the report lesson teaches on the Report tab; the Lessons
dialog shows order, length and what is done; "Next lesson"; answers' links open the
glossary; the first-run card."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDockWidget

from activitymon.sources import SourceKind
from activitymon.teaching.lessons import find_lesson, lesson_names, ordered_lessons
from activitymon.ui.getting_started import GettingStartedCard, show_getting_started
from activitymon.ui.glossary_dialog import GlossaryDialog
from activitymon.ui.lesson_controller import start_lesson
from activitymon.ui.lesson_picker import LessonPicker, run_to_checkpoint
from activitymon.ui.main_window import MainWindow
from activitymon.ui.settings import AppSettings
from tests.ui.conftest import tick


@pytest.mark.parametrize("name", lesson_names())
def test_every_lesson_in_the_window_passes_its_checks(window: MainWindow, name: str) -> None:
    lesson = find_lesson(name)
    controller = start_lesson(window, lesson)
    assert controller is not None
    for cp in lesson.checkpoints:
        assert run_to_checkpoint(window, controller), cp.name
        assert controller.problems == [], (cp.name, controller.problems)
        assert not controller.panel.problems.isVisible()
        highlight = controller.highlight
        assert highlight is not None
        assert highlight.target is window.lesson_target(cp.highlight)
        assert highlight.target.isVisible(), cp.name
        if cp.view == "report":
            assert window.description is not None
            assert window.description.kind is SourceKind.REPORTS
            assert window.tabs.currentWidget() is window.timeline.moment
        controller.reveal()
        controller.advance()
    assert controller.progress.finished


def test_checkpoints_stop_exactly_at_ten_times_speed(window: MainWindow) -> None:
    lesson = find_lesson("bands-and-kill-order")
    controller = start_lesson(window, lesson)
    assert controller is not None
    window.set_speed(10.0)  # the user speeds it up: ten simulated seconds a tick
    for _ in range(3):
        tick(window)
    assert controller.waiting
    assert window.last_snapshot is not None
    assert window.last_snapshot.time == pytest.approx(5.0)
    controller.reveal()
    controller.advance()
    window.set_speed(10.0)
    for _ in range(10):
        tick(window)
        if controller.waiting:
            break
    assert controller.progress.current is not None
    assert controller.progress.current.name == "first-kill"
    kill = controller.progress.reached_by
    assert kill is not None
    # stopped within a tenth of a simulated second of the first kill, not 10 s later
    assert window.last_snapshot.time - kill.t < 0.11


def test_between_checkpoints_the_panel_says_what_to_watch_and_how_far(
    window: MainWindow,
) -> None:
    lesson = find_lesson("bands-and-kill-order")
    controller = start_lesson(window, lesson)
    assert controller is not None
    panel = controller.panel
    tick(window, 2)
    assert panel.watch.isVisible()
    assert "Watch:" in panel.watch.text()
    assert "band view" in panel.watch.text()
    assert panel.step.text().startswith("Step 1 of 3 · running until 5 s · now")
    assert run_to_checkpoint(window, controller)
    controller.reveal()
    controller.advance()
    tick(window, 3)
    assert "until the next kill" in panel.step.text()
    assert "the first kill stops the lesson" in panel.watch.text()


def test_a_lesson_restarts_from_any_step(window: MainWindow) -> None:
    lesson = find_lesson("bands-and-kill-order")
    controller = start_lesson(window, lesson)
    assert controller is not None
    assert run_to_checkpoint(window, controller)
    controller.restart_from(2)  # the third step, "survivor"
    assert run_to_checkpoint(window, controller)
    current = controller.progress.current
    assert current is not None
    assert current.name == "survivor"
    assert window.last_snapshot is not None
    assert window.last_snapshot.time == pytest.approx(60.0)
    assert controller.problems == []
    controller.restart_from(0)
    assert run_to_checkpoint(window, controller)
    assert window.last_snapshot.time == pytest.approx(5.0)


def test_an_answer_s_link_opens_the_glossary_at_its_term(window: MainWindow) -> None:
    controller = start_lesson(window, find_lesson("bands-and-kill-order"))
    assert controller is not None
    assert run_to_checkpoint(window, controller)
    controller.reveal()
    assert "<a href='kill-order'>kill-order</a>" in controller.panel.answer.text()
    controller.panel.answer.linkActivated.emit("kill-order")
    dialog = window.findChild(GlossaryDialog)
    assert dialog is not None
    assert dialog.isVisible()
    current = dialog.list.currentItem()
    assert current is not None
    assert current.text() == "kill-order"


def test_a_finished_lesson_is_done_and_offers_the_next(window: MainWindow) -> None:
    lessons, _ = ordered_lessons()
    first, second = lessons[0], lessons[1]
    controller = start_lesson(window, first)
    assert controller is not None
    for _ in first.checkpoints:
        assert run_to_checkpoint(window, controller)
        controller.reveal()
        controller.advance()
    assert first.name in window.settings.lessons_done()
    assert AppSettings.open().lessons_done() == {first.name}  # kept in QSettings
    assert controller.panel.next_lesson_button.isVisible()
    assert second.title in controller.panel.text.text()
    controller.panel.next_lesson_button.click()
    assert window.lesson is not None
    assert window.lesson.lesson.name == second.name
    picker = LessonPicker(lessons, window.settings.lessons_done(), window)
    rows = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert rows[0].startswith(f"1. {first.title}  ·  about {first.minutes} min  ·  ✓ done")
    assert "not done yet" in rows[1]
    assert picker.list.currentRow() == 1  # the first lesson not done yet


def test_the_first_run_card_points_at_the_demo_and_the_first_lesson(window: MainWindow) -> None:
    from activitymon.ui.getting_started import show_on_first_run

    dock = show_on_first_run(window, window)
    assert isinstance(dock, QDockWidget)
    card = dock.widget()
    assert isinstance(card, GettingStartedCard)
    assert "F1" in card.shortcuts.text()
    assert "Space" in card.shortcuts.text()
    first = ordered_lessons()[0][0]
    assert first.title in card.lesson_button.text()
    card.close_button.click()
    assert not dock.isVisible()
    assert AppSettings.open().getting_started_dismissed
    assert show_on_first_run(window, window) is None  # closed once: not again by itself
    again = show_getting_started(window, window)  # Help → Getting Started
    assert again is dock
    assert dock.isVisible()
    card.demo_button.click()
    assert window.sim_choice.scenario == "demo"
    help_actions = {a.objectName() for a in window.menus.help.actions()}
    assert "getting-started" in help_actions
