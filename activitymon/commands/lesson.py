"""``activitymon lesson NAME [--screenshot DIR | --check]`` and ``activitymon lesson --list``.

A lesson opens the window on its scenario and pauses at each checkpoint to explain and
ask for a prediction. ``--list`` prints every lesson's name and one-line summary.
``--screenshot DIR`` runs the lesson offscreen and writes each checkpoint, answer shown,
to ``DIR/NN-<checkpoint>.png``. ``--check`` runs the lesson without a window on every
device it names and prints, per checkpoint, where it was reached and every fact its
text relies on that does not hold (exit 1 if any). NAME may also be a lesson file
(``*.toml``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from activitymon.commands.app import _parse_size, has_display
from activitymon.commands.base import CommandError
from activitymon.sources import SourceError
from activitymon.teaching.lessons import Lesson, LessonError, find_lesson, lesson_names
from activitymon.terminal import clean

HELP = "Run a guided lesson about jetsam (or --list them)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME", help="a lesson name or file")
    parser.add_argument("--list", action="store_true", help="print the lessons with summaries")
    parser.add_argument(
        "--screenshot",
        metavar="DIR",
        help="render each checkpoint offscreen to DIR/NN-<checkpoint>.png and quit",
    )
    parser.add_argument("--size", default="1280x820", help="with --screenshot: WIDTHxHEIGHT")
    parser.add_argument(
        "--check",
        action="store_true",
        help="run it without a window on every device it names and check each "
        "checkpoint's facts (exit 1 if one does not hold)",
    )


def _folder(text: str) -> Path:
    folder = Path(text).expanduser()
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"--screenshot {text}: not a folder")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise CommandError(f"--screenshot {text}: folder {folder.parent} does not exist")
        folder.mkdir()
    if not os.access(folder, os.W_OK):
        raise CommandError(f"--screenshot {text}: cannot write there (permission denied)")
    return folder


def run(args: argparse.Namespace) -> int:
    if args.list:
        if args.name:
            raise CommandError("--list takes no NAME")
        for name in lesson_names():
            try:
                print(f"{name}  —  {find_lesson(name).summary}")
            except LessonError as exc:
                raise CommandError(str(exc)) from exc
        return 0
    if not args.name:
        raise CommandError("name a lesson (see 'activitymon lesson --list')")
    try:
        lesson = find_lesson(args.name)
    except LessonError as exc:
        raise CommandError(str(exc)) from exc
    if args.check:
        return check_lesson(lesson)
    size = _parse_size(args.size)
    folder = _folder(args.screenshot) if args.screenshot else None
    if not has_display():
        if folder is None:
            raise CommandError(
                "no display to open a window on; use --screenshot DIR to render offscreen"
            )
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from activitymon.ui.lesson_app import run_lesson_app

    try:
        return run_lesson_app(lesson, folder, size)
    except LessonError as exc:
        raise CommandError(str(exc)) from exc


def check_lesson(lesson: Lesson) -> int:
    from activitymon.viewmodel.lesson_run import LessonRunError, run_lesson

    failed = False
    for device in lesson.devices or (None,):
        run = lesson if device is None else lesson.on_device(device)
        print(f"{lesson.name}" + (f" on {device}" if device else ""))
        try:
            for reached in run_lesson(run):
                mark = "ok" if not reached.problems else "FAILS"
                print(f"  {reached.name:<20} {reached.t:8.1f} s  {mark}")
                for problem in reached.problems:
                    print(f"      {clean(problem)}")
                failed = failed or bool(reached.problems)
        except (LessonRunError, SourceError) as exc:
            print(f"  {clean(exc)}")
            failed = True
    return 1 if failed else 0
