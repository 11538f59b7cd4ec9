"""A lesson in the window advances through its checkpoints and waits at each: the
clock stops, the view is put forward and highlighted, the question comes before the
answer; `activitymon lesson` lists and renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.cli import main
from activitymon.teaching.lessons import find_lesson
from activitymon.ui.lesson_controller import start_lesson
from activitymon.ui.lesson_panel import Highlight
from activitymon.ui.lesson_picker import run_to_checkpoint
from tests.ui.conftest import tick


def test_a_lesson_advances_through_its_checkpoints_and_waits_at_each(window):
    lesson = find_lesson("bands-and-kill-order")
    controller = start_lesson(window, lesson)
    assert controller is not None
    panel = controller.panel
    assert panel.isVisible()
    for index, cp in enumerate(lesson.checkpoints):
        assert run_to_checkpoint(window, controller), cp.name
        assert controller.progress.index == index
        # it waits: the clock stands still however often the sampler ticks
        assert window.sampler.clock.paused
        before = window.last_snapshot.time
        tick(window, 5)
        assert window.last_snapshot.time == before
        assert controller.waiting
        # the view is forward, the element highlighted, the question asked, no answer yet
        highlight = controller.highlight
        assert isinstance(highlight, Highlight)
        assert highlight.isVisible()
        assert highlight.target.isVisible()
        assert cp.question in panel.question.text()
        assert panel.answer.text() == ""
        assert panel.reveal_button.isVisible()
        assert not panel.next_button.isVisible()
        controller.reveal()
        assert "Answer:" in panel.answer.text()
        assert panel.next_button.isVisible()
        controller.advance()
        assert not window.sampler.clock.paused or controller.progress.finished
    assert controller.progress.finished
    assert "finished" in panel.step.text()


def test_a_lesson_can_move_to_another_device(window):
    lesson = find_lesson("same-hog-two-kernels")
    controller = start_lesson(window, lesson)
    assert controller is not None
    assert window.sim_choice.profile == "iPod5,1"
    for _ in range(2):
        assert run_to_checkpoint(window, controller)
        controller.reveal()
        controller.advance()
    assert window.sim_choice.profile == "iPhone12,1"
    assert "iPhone" in window.last_tick.description
    assert run_to_checkpoint(window, controller)
    current = controller.progress.current
    assert current is not None
    assert current.name == "new-kernel"


def test_help_has_lessons_glossary_and_whats_this(window):
    names = {a.objectName() for a in window.menus.help.actions()}
    assert {"glossary", "whats-this", "lessons"} <= names


def test_lesson_list_prints_names_with_summaries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lesson", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("bands-and-kill-order  —  ") for line in lines)
    assert len(lines) >= 7


def test_unknown_lesson_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lesson", "no-such-lesson"]) == 2
    assert "no lesson named 'no-such-lesson'" in capsys.readouterr().err


def test_lesson_screenshots_one_png_per_checkpoint(tmp_path: Path, qapp) -> None:
    out = tmp_path / "shots"
    assert main(["lesson", "pressure-and-warnings", "--screenshot", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["01-calm.png", "02-warning.png", "03-redeemed.png"]
    assert all((out / n).stat().st_size > 10_000 for n in names)


def test_a_fifo_where_a_screenshot_goes_is_refused_and_left_alone(
    tmp_path: Path, qapp, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first checkpoint's file is a named pipe: Qt would block on it forever; the
    lesson ends with one line naming it, and the pipe stays a pipe."""
    import os
    import stat

    out = tmp_path / "shots"
    out.mkdir()
    fifo = out / "01-calm.png"
    os.mkfifo(fifo)
    assert main(["lesson", "pressure-and-warnings", "--screenshot", str(out)]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "01-calm.png" in err
    assert "named pipe" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["01-calm.png"]
