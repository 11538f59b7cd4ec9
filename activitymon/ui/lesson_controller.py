"""Runs a guided lesson in the main window: starts its scenario, watches every tick,
and at each checkpoint pauses the simulation, puts a view forward, highlights one
element, explains, asks for a prediction, then shows the answer.

The panel is a dock on the window's right, the height of the window. The controller listens to the
window's ``tick_applied`` (no hook in the window's ``apply``), so a checkpoint that
moves the lesson onto another device or scenario needs no reconnection.
"""

from __future__ import annotations

import html
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QRect, Qt, SignalInstance
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from activitymon.model import Event
from activitymon.teaching.lesson_progress import LessonProgress
from activitymon.teaching.lessons import Checkpoint, Lesson
from activitymon.viewmodel.sim_sources import SimChoice
from activitymon.viewmodel.tick import Tick

HIGHLIGHT_COLOUR = QColor(255, 149, 0)
PANEL_WIDTH = 300


class LessonHost(Protocol):
    """What a lesson drives in the window: the simulator it runs, the clock, the view
    put forward, the element highlighted, and the panel beside the views."""

    #: the lesson running in the window, if any (one at a time)
    lesson: LessonController | None

    @property
    def tick_applied(self) -> SignalInstance:
        """Emits every tick the window applied."""
        ...

    def replace_simulator(self, choice: SimChoice) -> bool: ...

    def set_speed(self, speed: float) -> None: ...

    def set_playing(self, playing: bool) -> None: ...

    def show_view(self, view: str) -> None: ...

    def select_event(self, event: Event) -> bool: ...

    def lesson_target(self, name: str) -> QWidget:
        """The element a checkpoint highlights: bands, graph, events, table, memory,
        narration."""
        ...

    def show_side_panel(self, dock: QDockWidget) -> None: ...

    def remove_side_panel(self, dock: QDockWidget) -> None: ...

    def show_error(self, message: str) -> None: ...


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
    """Title, progress, the text, the question; "Show answer", then "Continue"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson-panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.step = QLabel()
        self.text = QLabel()
        self.question = QLabel()
        self.answer = QLabel()
        for label in (self.text, self.question, self.answer):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
        self.reveal_button = QPushButton("Show answer")
        self.next_button = QPushButton("Continue")
        self.stop_button = QPushButton("End lesson")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reveal_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.text, self.question, self.answer):
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
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def show_running(self, lesson: Lesson, index: int) -> None:
        self.title.setText(f"<b>Lesson: {html.escape(lesson.title)}</b>")
        total = len(lesson.checkpoints)
        self.step.setText(f"Running to step {index + 1} of {total}…")
        self.text.setText(html.escape(lesson.summary) if index == 0 else "")
        self.question.setText("")
        self.answer.setText("")
        self.reveal_button.setVisible(False)
        self.next_button.setVisible(False)

    def show_checkpoint(self, lesson: Lesson, index: int, cp: Checkpoint, t: float) -> None:
        total = len(lesson.checkpoints)
        self.step.setText(f"Step {index + 1} of {total} · paused at {t:.1f} s")
        self.text.setText(html.escape(cp.text))
        self.question.setText(f"<b>Predict:</b> {html.escape(cp.question)}")
        self.answer.setText("")
        self.reveal_button.setVisible(True)
        self.next_button.setVisible(False)

    def show_answer(self, answer: str, last: bool) -> None:
        self.answer.setText(f"<b>Answer:</b> {html.escape(answer)}")
        self.reveal_button.setVisible(False)
        self.next_button.setText("Finish" if last else "Continue")
        self.next_button.setVisible(True)

    def show_finished(self, lesson: Lesson) -> None:
        self.step.setText("Lesson finished.")
        self.text.setText(
            f"That was “{lesson.title}”. Help → Lessons has the others; Help → Glossary "
            "explains every term."
        )
        self.question.setText("")
        self.answer.setText("")
        self.reveal_button.setVisible(False)
        self.next_button.setVisible(False)
        self.stop_button.setText("Close")


class LessonController(QObject):
    def __init__(self, window: LessonHost, lesson: Lesson) -> None:
        super().__init__()
        self.window = window
        self.lesson = lesson
        self.progress = LessonProgress(lesson)
        self.panel = LessonPanel()
        self.highlight: Highlight | None = None
        # a dock the height of the window: the whole text stays in sight
        self.dock = QDockWidget("Lesson")
        self.dock.setObjectName("lesson-dock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.dock.setWidget(self.panel)
        self.panel.setMinimumWidth(PANEL_WIDTH)
        window.show_side_panel(self.dock)
        self.setParent(self.dock)  # goes with its panel
        self.dock.show()
        self.panel.reveal_button.clicked.connect(self.reveal)
        self.panel.next_button.clicked.connect(self.advance)
        self.panel.stop_button.clicked.connect(self.stop)
        # every tick the window applied (older sources' ticks are already dropped)
        window.tick_applied.connect(self._observe)

    # -- running ------------------------------------------------------------------------
    def start(self) -> bool:
        return self._start_leg()

    def _start_leg(self) -> bool:
        scenario, profile = self.lesson.leg_for(self.progress.index)
        if not self.window.replace_simulator(SimChoice(scenario, profile, self.lesson.seed)):
            return False
        self.window.set_speed(self.lesson.speed)
        self.window.set_playing(True)
        self.panel.show_running(self.lesson, self.progress.index)
        return True

    def _observe(self, tick: Tick) -> None:
        snapshot = tick.snapshot
        if snapshot is None:
            return
        cp = self.progress.observe(snapshot.time, tick.events)
        if cp is None:
            return
        self.window.set_playing(False)
        self.window.show_view(cp.view)
        event = self.progress.reached_by
        if event is not None:
            self.window.select_event(event)
        self._highlight(cp.highlight)
        self.panel.show_checkpoint(self.lesson, self.progress.index, cp, snapshot.time)

    def _highlight(self, name: str) -> None:
        if self.highlight is not None:
            self.highlight.remove()
        self.highlight = Highlight(self.window.lesson_target(name))

    # -- the user's answers -----------------------------------------------------------------
    @property
    def waiting(self) -> bool:
        return self.progress.waiting

    def reveal(self) -> None:
        answer = self.progress.reveal()
        last = self.progress.index == len(self.lesson.checkpoints) - 1
        self.panel.show_answer(answer, last)

    def advance(self) -> None:
        self.progress.advance()
        if self.highlight is not None:
            self.highlight.remove()
            self.highlight = None
        if self.progress.finished:
            self.panel.show_finished(self.lesson)
            self.window.set_playing(True)
            return
        if self.progress.needs_restart():
            self._start_leg()
            return
        self.panel.show_running(self.lesson, self.progress.index)
        self.window.set_playing(True)

    def stop(self) -> None:
        if self.highlight is not None:
            self.highlight.remove()
            self.highlight = None
        self.window.remove_side_panel(self.dock)
        self.dock.hide()
        self.window.set_playing(True)
        self.window.tick_applied.disconnect(self._observe)
        if self.window.lesson is self:
            self.window.lesson = None
        self.dock.deleteLater()  # and this controller with it


def start_lesson(window: LessonHost, lesson: Lesson) -> LessonController | None:
    """Start ``lesson`` in ``window`` (ending one already running)."""
    if window.lesson is not None:
        window.lesson.stop()
    controller = LessonController(window, lesson)
    window.lesson = controller
    if not controller.start():
        controller.stop()
        return None
    return controller
