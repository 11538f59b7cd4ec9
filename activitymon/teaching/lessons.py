"""Guided lessons: a scenario plus checkpoints, read from ``resources/lessons/*.toml``.

A checkpoint is reached at a simulated time (``at``) or at an event (``on`` = an event
kind, optionally narrowed by ``reason``, ``process`` or ``level``). There the lesson
pauses the simulation, puts a view forward and highlights one element, explains, and
asks the user to predict before the answer is shown. While the lesson runs toward a
checkpoint its ``watch`` text says what to look at. A checkpoint may move the lesson
onto another device (``profile``): the scenario restarts there, so one hog can be
watched on two kernels in turn; ``show_report`` opens the report the device posted
last (the one a ``on = "report"`` checkpoint waited for) on the replay's Report tab.

Each checkpoint declares the facts its text relies on (``[checkpoint.facts]``, see
``teaching/lesson_facts.py``): the runner checks them when the checkpoint is reached,
and a test runs every lesson on every device it names (``devices``), so a lesson whose
text no longer matches its screen fails. ``[[term]]`` in a text, question or answer is a
link to that glossary entry.

File format (one lesson per file; the file's stem is its name)::

    title = "Bands and kill order"
    summary = "one line for `activitymon lesson --list`"
    order = 2                              # its place in Help → Lessons
    minutes = 4                            # about how long it takes
    scenario = "foreground-vs-suspended"   # a built-in scenario name or a .toml path
    profile = "iPhone8,1"                  # optional device profile
    devices = ["iPhone8,1", "iPhone10,3"]  # optional: the lesson holds on each of these
    seed = 0                               # optional

    [[checkpoint]]
    name = "first-kill"                    # used in screenshot file names
    on = "kill"                            # or: at = 12.0
    reason = "idle-exit"                   # optional, with on = "kill"
    view = "bands"                         # overview | graph | bands | events | table |
                                           # report | kernel-log
    highlight = "bands"                    # bands | graph | events | table | limits |
                                           # memory | narration | report | kernel-log
                                           # (limits: the table, scrolled to its limits)
    watch = "what to look at on the way here"   # optional
    text = "what is happening"
    question = "which process dies next?"
    answer = "what happened, and why ([[idle-exit]])"
    [checkpoint.facts]
    reason = "idle-exit"
    first_killed_band = "IDLE"

Errors name the file, the checkpoint and the key, on one line. Qt-free; the GUI's
``ui/lesson_controller.py`` drives the window with ``teaching/lesson_progress.py``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from activitymon.inputs import InputError, loads_toml, read_text_bounded
from activitymon.limits import MAX_SIM_SECONDS, is_finite_number
from activitymon.model import Event, EventKind, Killed, LevelChanged, PressureLevel
from activitymon.model.text import shortened
from activitymon.teaching.data_files import lessons_dir
from activitymon.teaching.lesson_facts import CheckpointFacts, FactsError, parse_facts

VIEWS = ("overview", "graph", "bands", "events", "table", "report", "kernel-log")
HIGHLIGHTS = (
    "bands",
    "graph",
    "events",
    "table",
    "limits",
    "memory",
    "narration",
    "report",
    "kernel-log",
)
#: far larger than any lesson a person writes (the built-in ones are under 8 KB)
MAX_LESSON_BYTES = 1024 * 1024
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: ``[[term]]``: a link to a glossary entry
GLOSSARY_LINK = re.compile(r"\[\[([^\[\]]+)\]\]")
_LESSON_KEYS = frozenset(
    {
        "title",
        "summary",
        "scenario",
        "profile",
        "devices",
        "seed",
        "speed",
        "order",
        "minutes",
        "checkpoint",
    }
)
_CHECKPOINT_KEYS = frozenset(
    {
        "name",
        "at",
        "on",
        "reason",
        "process",
        "level",
        "view",
        "highlight",
        "text",
        "question",
        "answer",
        "profile",
        "scenario",
        "watch",
        "facts",
        "show_report",
    }
)


class LessonError(ValueError):
    """A lesson file is missing or malformed; the message is one line."""


@dataclass(frozen=True)
class Checkpoint:
    name: str
    text: str
    question: str
    answer: str
    view: str = "overview"
    highlight: str = "graph"
    at: float | None = None
    on: EventKind | None = None
    reason: str | None = None
    process: str | None = None
    level: PressureLevel | None = None
    #: restart on this device (and/or this scenario) before running to this checkpoint
    profile: str | None = None
    scenario: str | None = None
    #: what to look at while the lesson runs toward this checkpoint
    watch: str = ""
    #: what the texts take for granted about the screen here
    facts: CheckpointFacts = field(default_factory=CheckpointFacts)
    #: open the report the device posted last on the Report tab
    show_report: bool = False

    def match(self, t: float, events: Sequence[Event]) -> Event | bool | None:
        """The event that reaches this checkpoint, ``True`` when its time has come, or
        ``None`` (not yet)."""
        if self.on is None:
            return True if self.at is not None and t + 1e-9 >= self.at else None
        if self.at is not None and t + 1e-9 < self.at:
            return None
        for event in events:
            if event.kind is not self.on:
                continue
            if self.reason is not None and not (
                isinstance(event, Killed) and event.reason.value == self.reason
            ):
                continue
            if self.process is not None and getattr(event, "name", None) != self.process:
                continue
            if self.level is not None and not (
                isinstance(event, LevelChanged) and event.level is self.level
            ):
                continue
            return event
        return None


@dataclass(frozen=True)
class Lesson:
    name: str
    title: str
    summary: str
    scenario: str
    checkpoints: tuple[Checkpoint, ...]
    profile: str | None = None
    seed: int = 0
    #: simulated seconds per real second while the lesson runs
    speed: float = 1.0
    #: its place in Help → Lessons (lower first)
    order: int = 99
    #: about how long it takes, in minutes
    minutes: int = 5
    #: the devices the lesson holds on (each runs it in the tests)
    devices: tuple[str, ...] = ()

    def on_device(self, device: str) -> Lesson:
        """This lesson with its first leg on ``device`` (checkpoints naming their own
        device keep it)."""
        return dataclasses.replace(self, profile=device)

    def leg_for(self, index: int) -> tuple[str, str | None]:
        """The scenario and device a checkpoint runs on: the last ones named up to it
        (a checkpoint naming either restarts the simulation there)."""
        scenario, profile = self.scenario, self.profile
        for cp in self.checkpoints[: index + 1]:
            if cp.scenario is not None:
                scenario, profile = cp.scenario, cp.profile
            elif cp.profile is not None:
                profile = cp.profile
        return scenario, profile


def _text(body: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise LessonError(f"{where}: {key!r} must be non-empty text, got {value!r}")
    return " ".join(value.split())


def _checkpoint(body: Any, where: str) -> Checkpoint:
    if not isinstance(body, dict):
        raise LessonError(f"{where}: expected a table, got {type(body).__name__}")
    unknown = sorted(set(body) - _CHECKPOINT_KEYS)
    if unknown:
        raise LessonError(f"{where}: unknown key {unknown[0]!r}")
    name = _text(body, "name", where) or ""
    if not _NAME.match(name):
        raise LessonError(f"{where}: 'name' must be lower-case words joined by '-', got {name!r}")
    where = f"{where} ({name})"
    at = body.get("at")
    if at is not None and not (is_finite_number(at) and 0 <= at <= MAX_SIM_SECONDS):
        raise LessonError(
            f"{where}: 'at' must be seconds from 0 to {MAX_SIM_SECONDS:g}, got {_shown(at)}"
        )
    on = None
    if body.get("on") is not None:
        try:
            on = EventKind(body["on"])
        except ValueError:
            kinds = ", ".join(k.value for k in EventKind)
            raise LessonError(f"{where}: 'on' must be one of {kinds}, got {body['on']!r}") from None
    if at is None and on is None:
        raise LessonError(f"{where}: needs 'at' (seconds) or 'on' (an event kind)")
    level = None
    if body.get("level") is not None:
        try:
            level = PressureLevel.parse(str(body["level"]))
        except ValueError as exc:
            raise LessonError(f"{where}: 'level': {exc}") from None
    view = body.get("view", "overview")
    if view not in VIEWS:
        raise LessonError(f"{where}: 'view' must be one of {', '.join(VIEWS)}, got {view!r}")
    highlight = body.get("highlight", "graph")
    if highlight not in HIGHLIGHTS:
        raise LessonError(
            f"{where}: 'highlight' must be one of {', '.join(HIGHLIGHTS)}, got {highlight!r}"
        )
    try:
        facts = parse_facts(body.get("facts"))
    except FactsError as exc:
        raise LessonError(f"{where}: {exc}") from None
    show_report = body.get("show_report", False)
    if not isinstance(show_report, bool):
        raise LessonError(f"{where}: 'show_report' must be true or false")
    return Checkpoint(
        name=name,
        text=_text(body, "text", where) or "",
        question=_text(body, "question", where) or "",
        answer=_text(body, "answer", where) or "",
        view=view,
        highlight=highlight,
        at=None if at is None else float(at),
        on=on,
        reason=_text(body, "reason", where, required=False),
        process=_text(body, "process", where, required=False),
        level=level,
        profile=_text(body, "profile", where, required=False),
        scenario=_text(body, "scenario", where, required=False),
        watch=_text(body, "watch", where, required=False) or "",
        facts=facts,
        show_report=show_report,
    )


def _shown(value: object) -> str:
    """A value for a message: an integer too long to print is counted, not printed."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return f"an integer of {len(str(abs(value)))} digits"
    text = repr(value)
    return shortened(text, 60)


def parse_lesson(text: str, name: str, source: str) -> Lesson:
    try:
        data = loads_toml(text)
    except InputError as exc:
        raise LessonError(f"{source}: {exc}") from None
    unknown = sorted(set(data) - _LESSON_KEYS)
    if unknown:
        raise LessonError(f"{source}: unknown key {unknown[0]!r}")
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not -(2**63) <= seed < 2**63:
        low, high = -(2**63), 2**63 - 1
        raise LessonError(
            f"{source}: 'seed' must be an integer from {low} to {high}, got {_shown(seed)}"
        )
    raw = data.get("checkpoint")
    if not isinstance(raw, list) or not raw:
        raise LessonError(f"{source}: needs at least one [[checkpoint]]")
    checkpoints = tuple(_checkpoint(b, f"{source}: checkpoint[{i}]") for i, b in enumerate(raw))
    names = [cp.name for cp in checkpoints]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise LessonError(f"{source}: checkpoint name {dup!r} is used twice")
    speed = data.get("speed", 1.0)
    if isinstance(speed, bool) or not isinstance(speed, int | float) or not 0.1 <= speed <= 64:
        raise LessonError(f"{source}: 'speed' must be 0.1–64 simulated seconds a second")
    summary = _text(data, "summary", source) or ""
    if len(summary) > 120:
        raise LessonError(f"{source}: 'summary' must be one line of at most 120 characters")
    order, minutes = data.get("order", 99), data.get("minutes", 5)
    if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= 999:
        raise LessonError(f"{source}: 'order' must be a whole number 1–999, got {order!r}")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 120:
        raise LessonError(f"{source}: 'minutes' must be a whole number 1–120, got {minutes!r}")
    devices = data.get("devices", [])
    if not isinstance(devices, list) or not all(isinstance(d, str) and d for d in devices):
        raise LessonError(f"{source}: 'devices' must be a list of device profile names")
    return Lesson(
        name=name,
        title=_text(data, "title", source) or "",
        summary=summary,
        scenario=_text(data, "scenario", source) or "",
        checkpoints=checkpoints,
        profile=_text(data, "profile", source, required=False),
        seed=seed,
        speed=float(speed),
        order=order,
        minutes=minutes,
        devices=tuple(devices),
    )


def load_lesson(path: Path) -> Lesson:
    try:
        text = read_text_bounded(path, MAX_LESSON_BYTES, "lesson file")
    except InputError as exc:
        raise LessonError(f"{path}: cannot read the lesson: {exc}") from None
    lesson = parse_lesson(text, path.stem, str(path))
    if lesson.scenario.endswith(".toml") and not Path(lesson.scenario).is_absolute():
        # a scenario file beside the lesson
        lesson = dataclasses.replace(lesson, scenario=str(path.parent / lesson.scenario))
    return lesson


def lesson_names(folder: Path | None = None) -> list[str]:
    folder = folder or lessons_dir()
    return sorted(p.stem for p in folder.glob("*.toml"))


def find_lesson(name: str, folder: Path | None = None) -> Lesson:
    """A built-in lesson by name, or a lesson file by path."""
    if name.endswith(".toml"):
        return load_lesson(Path(name))
    folder = folder or lessons_dir()
    path = folder / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(lesson_names(folder)) or "none"
        raise LessonError(f"no lesson named {name!r} (lessons: {known})")
    return load_lesson(path)


def glossary_links(text: str) -> list[str]:
    """The terms a text links to (``[[term]]``)."""
    return GLOSSARY_LINK.findall(text)


def without_links(text: str) -> str:
    """The text as plain words (``[[idle-exit]]`` → ``idle-exit``)."""
    return GLOSSARY_LINK.sub(lambda m: m.group(1), text)


def ordered_lessons(folder: Path | None = None) -> tuple[list[Lesson], list[str]]:
    """Every lesson in its order (Help → Lessons), and one line per file that could
    not be read."""
    lessons: list[Lesson] = []
    errors: list[str] = []
    for name in lesson_names(folder):
        try:
            lessons.append(find_lesson(name, folder))
        except LessonError as exc:
            errors.append(str(exc))
    lessons.sort(key=lambda lesson: (lesson.order, lesson.name))
    return lessons, errors


def next_lesson(lesson: Lesson) -> Lesson | None:
    """The built-in lesson that follows ``lesson`` in order, if any."""
    lessons, _ = ordered_lessons()
    names = [item.name for item in lessons]
    if lesson.name not in names:
        return None
    index = names.index(lesson.name) + 1
    return lessons[index] if index < len(lessons) else None
