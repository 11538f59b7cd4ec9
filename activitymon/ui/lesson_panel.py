"""The lesson's panel and its highlight frame.

The panel says where the lesson stands: while it runs, the step ahead, what to watch
for and how far it has come ("Step 2 of 3 · running until Game is killed · now 52 s");
at a checkpoint, the text, the question and, on request, the answer, whose ``[[term]]``
links open the glossary at that entry. Any fact the checkpoint's text relies on that
does not hold is said in red above the text. A lesson can be restarted from any step,
and its end offers the next lesson.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from activitymon.teaching.lesson_progress import waiting_for
from activitymon.teaching.lessons import GLOSSARY_LINK, Checkpoint, Lesson

HIGHLIGHT_COLOUR = QColor(255, 149, 0)
PROBLEM_COLOUR = "#d70015"


def linked(text: str) -> str:
    """Rich text of a lesson text: escaped, ``[[term]]`` as a link to the glossary."""
    return GLOSSARY_LINK.sub(
        lambda m: f"<a href='{m.group(1)}'>{m.group(1)}</a>", html.escape(text)
    )


class Highlight(QWidget):
    """An orange frame drawn over a widget; mouse clicks pass through it."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.target = target
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setObjectName("lesson-highlight")
        target.installEventFilter(self)
        self.setGeometry(target.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.target.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QPen(HIGHLIGHT_COLOUR, 4))
        painter.drawRoundedRect(QRect(2, 2, self.width() - 4, self.height() - 4), 6, 6)
        painter.end()

    def remove(self) -> None:
        self.target.removeEventFilter(self)
        self.hide()
        self.deleteLater()


class LessonPanel(QFrame):
    """Title, progress, what to watch, the text, the question; "Show answer", then
    "Continue"; a step to restart from; "Next lesson" at the end."""

    #: a glossary term an answer links to
    term_clicked = Signal(str)
    #: the user chose a step to restart from (0-based)
    restart_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson-panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.step = QLabel()
        self.step.setObjectName("lesson-progress")
        self.step.setWordWrap(True)
        self.steps = QComboBox()
        self.steps.setObjectName("lesson-steps")
        self.steps.setToolTip("Start this lesson again from the step chosen")
        self.steps.activated.connect(self._step_chosen)
        self.problems = QLabel()
        self.problems.setObjectName("lesson-problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        self.problems.setVisible(False)
        self.watch = QLabel()
        self.watch.setObjectName("lesson-watch")
        self.text = QLabel()
        self.question = QLabel()
        self.answer = QLabel()
        for label in (self.watch, self.text, self.question, self.answer):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.linkActivated.connect(self.term_clicked)
        buttons = self._buttons()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.problems, self.watch, self.text, self.question, self.answer):
            body_layout.addWidget(widget)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.step)
        layout.addWidget(self.steps)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _buttons(self) -> QHBoxLayout:
        self.reveal_button = QPushButton("Show answer")
        self.next_button = QPushButton("Continue")
        self.next_lesson_button = QPushButton("Next lesson")
        self.next_lesson_button.setVisible(False)
        self.stop_button = QPushButton("End lesson")
        buttons = QHBoxLayout()
        for button in (self.reveal_button, self.next_button, self.next_lesson_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        return buttons

    def set_lesson(self, lesson: Lesson) -> None:
        self.title.setText(f"<b>Lesson: {html.escape(lesson.title)}</b>")
        self.steps.clear()
        self.steps.addItem("Restart from step…")
        for n, cp in enumerate(lesson.checkpoints, start=1):
            self.steps.addItem(f"{n}. {cp.name.replace('-', ' ')}")

    def _step_chosen(self, row: int) -> None:
        if row > 0:
            self.steps.setCurrentIndex(0)
            self.restart_requested.emit(row - 1)

    def show_running(self, lesson: Lesson, index: int, now: float | None = None) -> None:
        """On the way to step ``index``: what to watch for, and how far it has come."""
        cp = lesson.checkpoints[index]
        self.update_progress(lesson, index, now)
        intro = f"<p>{html.escape(lesson.summary)}</p>" if index == 0 else ""
        watch = f"<p><b>Watch:</b> {linked(cp.watch)}</p>" if cp.watch else ""
        self.watch.setText(intro + watch)
        self.watch.setVisible(True)
        for label in (self.text, self.question, self.answer):
            label.setText("")
        self.problems.setVisible(False)
        self.reveal_button.setVisible(False)
        self.next_button.setVisible(False)
        self.next_lesson_button.setVisible(False)

    def update_progress(self, lesson: Lesson, index: int, now: float | None) -> None:
        total = len(lesson.checkpoints)
        until = waiting_for(lesson.checkpoints[index])
        so_far = "" if now is None else f" · now {now:.0f} s"
        self.step.setText(f"Step {index + 1} of {total} · running {until}{so_far}")

    def show_checkpoint(
        self, lesson: Lesson, index: int, cp: Checkpoint, t: float, problems: list[str]
    ) -> None:
        total = len(lesson.checkpoints)
        self.step.setText(f"Step {index + 1} of {total} · paused at {t:.1f} s")
        self.watch.setVisible(False)
        self.text.setText(linked(cp.text))
        self.question.setText(f"<b>Predict:</b> {linked(cp.question)}")
        self.answer.setText("")
        self.show_problems(problems)
        self.reveal_button.setVisible(True)
        self.next_button.setVisible(False)

    def show_problems(self, problems: list[str]) -> None:
        """Facts this step's text relies on that the screen does not show."""
        self.problems.setVisible(bool(problems))
        if problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            self.problems.setText(
                f"<b>This step's text no longer matches the screen:</b><ul>{items}</ul>"
            )

    def show_answer(self, answer: str, last: bool) -> None:
        self.answer.setText(f"<b>Answer:</b> {linked(answer)}")
        self.reveal_button.setVisible(False)
        self.next_button.setText("Finish" if last else "Continue")
        self.next_button.setVisible(True)

    def show_finished(self, lesson: Lesson, following: Lesson | None) -> None:
        self.step.setText("Lesson finished.")
        after = (
            f"Next: “{html.escape(following.title)}” ({following.minutes} min)."
            if following is not None
            else "That was the last lesson."
        )
        self.watch.setVisible(False)
        self.text.setText(
            f"That was “{html.escape(lesson.title)}”. {after} Help → Lessons lists them all; "
            "Help → Glossary (F1) explains every term."
        )
        self.question.setText("")
        self.answer.setText("")
        self.problems.setVisible(False)
        self.reveal_button.setVisible(False)
        self.next_button.setVisible(False)
        self.next_lesson_button.setVisible(following is not None)
        self.stop_button.setText("Close")
