"""Lessons: the files load, every checkpoint of every built-in lesson is reached in order
on the simulator, the progress waits at each until answered, bad files get one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from activitymon.model import Killed, KillReason, LevelChanged, PressureLevel
from activitymon.teaching.glossary import glossary
from activitymon.teaching.lesson_progress import LessonProgress
from activitymon.teaching.lessons import (
    LessonError,
    find_lesson,
    glossary_links,
    lesson_names,
    parse_lesson,
)
from activitymon.viewmodel.lesson_run import run_lesson

GOOD = """
title = "T"
summary = "S"
scenario = "demo"

[[checkpoint]]
name = "one"
at = 2
watch = "w"
text = "t"
question = "q"
answer = "a"

[[checkpoint]]
name = "two"
on = "kill"
reason = "idle-exit"
view = "bands"
highlight = "bands"
watch = "w"
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


def _cases() -> list[tuple[str, str | None]]:
    """Every lesson on every device it names (its own device when it names none)."""
    cases: list[tuple[str, str | None]] = []
    for name in lesson_names():
        lesson = find_lesson(name)
        cases += [(name, d) for d in lesson.devices] or [(name, None)]
    return cases


@pytest.mark.parametrize(("name", "device"), _cases())
def test_every_lesson_passes_its_fact_checks_on_every_device_it_names(
    name: str, device: str | None
) -> None:
    lesson = find_lesson(name)
    if device is not None:
        lesson = lesson.on_device(device)
    reached = list(run_lesson(lesson))
    assert [r.name for r in reached] == [cp.name for cp in lesson.checkpoints]
    problems = [f"{r.name}: {p}" for r in reached for p in r.problems]
    assert not problems, problems


@pytest.mark.parametrize("speed", [1.0, 10.0, 64.0])
def test_checkpoints_stop_exactly_at_their_time_at_any_speed(speed: float) -> None:
    lesson = find_lesson("bands-and-kill-order")
    reached = {r.name: r.t for r in run_lesson(lesson, speed=speed)}
    assert reached["the-bands"] == pytest.approx(5.0)
    assert reached["survivor"] == pytest.approx(60.0)


def test_every_checkpoint_declares_facts_and_what_to_watch() -> None:
    for name in lesson_names():
        for cp in find_lesson(name).checkpoints:
            assert cp.watch, (name, cp.name)
            assert not cp.facts.empty, (name, cp.name)


def test_lessons_have_an_order_and_a_length() -> None:
    lessons = [find_lesson(n) for n in lesson_names()]
    orders = [lesson.order for lesson in lessons]
    assert sorted(orders) == list(range(1, len(lessons) + 1))
    assert all(1 <= lesson.minutes <= 15 for lesson in lessons)


def test_answers_link_to_glossary_entries_not_to_the_command_line() -> None:
    terms = glossary()
    for name in lesson_names():
        for cp in find_lesson(name).checkpoints:
            for text in (cp.watch, cp.text, cp.question, cp.answer):
                assert "activitymon explain" not in text, (name, cp.name)
                assert "docs/" not in text, (name, cp.name)
                for term in glossary_links(text):
                    assert term in terms.entries, (name, cp.name, term)


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


def test_lesson_check_says_which_fact_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from activitymon.cli import main

    text = GOOD + "[checkpoint.facts]\nkills = 99\n"
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    assert main(["lesson", str(bad), "--check"]) == 1
    out = capsys.readouterr().out
    assert "two" in out
    assert "FAILS" in out
    assert "99 kills were expected so far" in out
