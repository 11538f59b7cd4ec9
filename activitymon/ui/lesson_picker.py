"""Help → Lessons: the built-in lessons with their summaries; Start runs one.

Also :func:`render_lesson`, which `activitymon lesson NAME --screenshot DIR` uses: the
lesson run offscreen, one PNG per checkpoint with its question and answer on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from activitymon.output_files import OutputBusy, replacing
from activitymon.teaching.lessons import Lesson, LessonError, ordered_lessons
from activitymon.ui.lesson_controller import LessonController, LessonHost, start_lesson
from activitymon.ui.sampler import AnySampler, ManualSampler

#: simulated seconds a lesson may run toward one checkpoint when rendered offscreen
RENDER_LIMIT_S = 1200.0


class RenderingHost(LessonHost, Protocol):
    """A window a lesson is rendered in offscreen: ticked by hand, then grabbed."""

    @property
    def sampler(self) -> AnySampler | None: ...

    def grab(self) -> QPixmap: ...


class LessonPicker(QDialog):
    """The lessons in order, each with its length and whether it was done; the first
    not yet done is chosen."""

    def __init__(
        self, lessons: list[Lesson], done: set[str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lessons")
        self.resize(600, 420)
        self.lessons = lessons
        done = done or set()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        for n, lesson in enumerate(lessons, start=1):
            mark = "✓ done" if lesson.name in done else "not done yet"
            item = QListWidgetItem(
                f"{n}. {lesson.title}  ·  about {lesson.minutes} min  ·  {mark}\n{lesson.summary}"
            )
            item.setData(Qt.ItemDataRole.UserRole, lesson.name)
            item.setToolTip(f"{len(lesson.checkpoints)} steps; {mark}")
            self.list.addItem(item)
        first = next((i for i, lesson in enumerate(lessons) if lesson.name not in done), 0)
        if lessons:
            self.list.setCurrentRow(first)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Start")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Each lesson runs a simulation and pauses at its checkpoints: read, predict, "
                "then see the answer."
            )
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def chosen(self) -> Lesson | None:
        row = self.list.currentRow()
        return self.lessons[row] if 0 <= row < len(self.lessons) else None


def pick_lesson(window: LessonHost, parent: QWidget) -> LessonController | None:
    lessons, errors = ordered_lessons()
    if errors:
        window.show_error(errors[0])
    dialog = LessonPicker(lessons, window.settings.lessons_done(), parent)
    if not dialog.exec():
        return None
    lesson = dialog.chosen()
    return None if lesson is None else start_lesson(window, lesson)


def run_to_checkpoint(window: RenderingHost, controller: LessonController) -> bool:
    """Tick a manual sampler until the lesson waits at a checkpoint."""
    elapsed = 0.0
    while not controller.waiting and elapsed < RENDER_LIMIT_S:
        sampler = window.sampler
        assert isinstance(sampler, ManualSampler)
        # one simulated second per tick, whatever the lesson's speed
        sampler.tick(1.0 / sampler.clock.speed)
        elapsed += 1.0
    return controller.waiting


def render_lesson(window: RenderingHost, lesson: Lesson, folder: Path) -> list[Path]:
    """Run ``lesson`` in a window with a manual sampler; at each checkpoint show the
    answer and write ``folder/NN-<checkpoint>.png``."""
    app = QApplication.instance()
    controller = start_lesson(window, lesson)
    if controller is None:
        raise LessonError(f"{lesson.name}: could not start scenario {lesson.scenario!r}")
    written: list[Path] = []
    for n, cp in enumerate(lesson.checkpoints, start=1):
        if not run_to_checkpoint(window, controller):
            raise LessonError(
                f"{lesson.name}: checkpoint {cp.name!r} not reached in {RENDER_LIMIT_S:.0f} s"
            )
        controller.reveal()
        if app is not None:
            app.processEvents()
        path = folder / f"{n:02d}-{cp.name}.png"
        image = window.grab()
        try:
            # a temporary file renamed over the target: a FIFO, a device or a folder of
            # that name is refused, a second writer too, and a failed write leaves
            # what was there
            with replacing(path, suffix=".png", command="lesson --screenshot") as temp:
                if not image.save(str(temp), "PNG"):
                    raise OSError("Qt could not write it (a full disk?)")
        except (OSError, OutputBusy) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise LessonError(f"{path}: could not write the screenshot: {why}") from None
        written.append(path)
        controller.advance()
    return written
