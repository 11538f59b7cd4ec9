"""Lessons: the files load, every checkpoint of every built-in lesson is reached in order
on the simulator, the progress waits at each until answered, bad files get one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.model import Killed, KillReason, LevelChanged, PressureLevel
from activitymon.sources import ClockedSource
from activitymon.teaching.lessons import (
    LessonError,
    LessonProgress,
    find_lesson,
    lesson_names,
    parse_lesson,
)
from activitymon.viewmodel.sim_sources import SimChoice, build_sim_source

GOOD = """
title = "T"
summary = "S"
scenario = "demo"

[[checkpoint]]
name = "one"
at = 2
text = "t"
question = "q"
answer = "a"

[[checkpoint]]
name = "two"
on = "kill"
reason = "idle-exit"
view = "bands"
highlight = "bands"
text = "t"
question = "q"
answer = "a"
"""

WANTED = {
    "bands-and-kill-order",
    "pressure-and-warnings",
    "per-process-limits",
    "idle-exit-on-macos",
    "compressor-and-critical",
    "same-hog-two-kernels",
    "reading-a-jetsam-report",
}


def test_the_issue_s_lessons_exist() -> None:
    assert set(lesson_names()) >= WANTED


def run_lesson(name: str, limit_s: float = 900.0) -> list[tuple[str, float]]:
    """Drive the lesson on the simulator as the window does; the times each checkpoint
    was reached."""
    lesson = find_lesson(name)
    progress = LessonProgress(lesson)
    reached: list[tuple[str, float]] = []
    source: ClockedSource | None = None
    while not progress.finished:
        if source is None or progress.needs_restart():
            scenario, profile = lesson.leg_for(progress.index)
            built = build_sim_source(SimChoice(scenario, profile, lesson.seed))
            assert isinstance(built, ClockedSource)
            source = built
        t = 0.0
        while t < limit_s:
            source.advance(1.0)
            snapshot = source.sample()
            t = snapshot.time
            cp = progress.observe(t, source.drain_events())
            if cp is not None:
                reached.append((cp.name, t))
                break
        else:
            raise AssertionError(f"{name}: checkpoint {progress.current} not reached")
        assert progress.waiting
        progress.reveal()
        progress.advance()
    return reached


@pytest.mark.parametrize("name", sorted(WANTED))
def test_every_checkpoint_is_reached_in_order(name: str) -> None:
    reached = run_lesson(name)
    assert [n for n, _ in reached] == [cp.name for cp in find_lesson(name).checkpoints]


def test_progress_waits_at_each_checkpoint_until_answered() -> None:
    lesson = parse_lesson(GOOD, "t", "t.toml")
    progress = LessonProgress(lesson)
    assert progress.observe(1.0, []) is None
    assert progress.observe(2.0, []) is lesson.checkpoints[0]
    assert progress.waiting
    # waiting: later ticks reach nothing, advancing needs the answer first
    assert progress.observe(3.0, []) is None
    with pytest.raises(RuntimeError):
        progress.advance()
    assert progress.reveal() == "a"
    assert progress.advance() is lesson.checkpoints[1]
    wrong = Killed(4.0, 1, "x", KillReason.VM_PAGESHORTAGE, 0)
    assert progress.observe(4.0, [wrong]) is None
    right = Killed(5.0, 2, "y", KillReason.IDLE_EXIT, 0)
    assert progress.observe(5.0, [LevelChanged(5.0, PressureLevel.WARN), right])
    assert progress.reached_by is right
    progress.reveal()
    progress.advance()
    assert progress.finished


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: s.replace('title = "T"\n', ""), "'title' must be"),
        (lambda s: s.replace("at = 2", "at = -1"), "'at' must be seconds"),
        (lambda s: s.replace('on = "kill"', 'on = "death"'), "'on' must be one of"),
        (lambda s: s.replace('view = "bands"', 'view = "sky"'), "'view' must be one of"),
        (lambda s: s.replace('highlight = "bands"', 'highlight = "x"'), "'highlight' must be"),
        (lambda s: s.replace('name = "two"', 'name = "one"'), "used twice"),
        (lambda s: s.replace('name = "two"', 'name = "Two Words"'), "'name' must be"),
        (lambda s: s.replace("at = 2\n", ""), "needs 'at'"),
        (lambda s: s + 'colour = "red"\n', "unknown key 'colour'"),
        (lambda s: s.split("[[checkpoint]]")[0], "at least one [[checkpoint]]"),
        (lambda s: s.replace("[[checkpoint]]", "[[checkpoint]", 1), "not valid TOML"),
    ],
)
def test_bad_lessons_get_one_line(edit, expected) -> None:
    with pytest.raises(LessonError) as info:
        parse_lesson(edit(GOOD), "t", "t.toml")
    assert expected in str(info.value)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("t.toml")


def test_unknown_lesson_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(LessonError, match=r"no lesson named 'nope' \(lessons: .*bands"):
        find_lesson("nope")
