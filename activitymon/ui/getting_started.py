"""The first-run card: what this window shows, in a few plain words, a way into the demo
and the first lesson, and the keyboard shortcuts. Shown at the top of the window the
first time the app runs; closing it is remembered (QSettings); Help → Getting Started
shows it again."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from activitymon.teaching.lessons import Lesson, ordered_lessons
from activitymon.ui.lesson_controller import LessonHost, start_lesson
from activitymon.viewmodel.sim_sources import SimChoice

#: (keys, what they do), as the menus and toolbars set them
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Space", "play or pause the simulation"),
    (".", "one step"),
    ("Ctrl+H", "start a memory hog"),
    ("Ctrl+R", "restart the scenario"),
    ("Ctrl+Shift+R", "record"),
    ("F1", "glossary"),
    ("Shift+F1", "what is this? (then click anything)"),
)
INTRO = (
    "This window shows how a device's kernel handles memory running out. The graph "
    "follows memory pressure (green, yellow, red); the bands show every process in the "
    "order the kernel would kill it; the pane on the right tells, in plain words, each "
    "warning and kill as it happens. Hover anything for what it means."
)


def first_lesson() -> Lesson | None:
    lessons, _ = ordered_lessons()
    return lessons[0] if lessons else None


class GettingStartedCard(QFrame):
    def __init__(self, host: LessonHost, dock: QDockWidget) -> None:
        super().__init__()
        self.setObjectName("getting-started")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._host, self._dock = host, dock
        title = QLabel("<b>New here? Start with the demo.</b>")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        keys = " · ".join(f"<b>{html.escape(k)}</b> {html.escape(v)}" for k, v in SHORTCUTS)
        self.shortcuts = QLabel(keys)
        self.shortcuts.setWordWrap(True)
        self.demo_button = QPushButton("▶ Play the demo (2 min)")
        self.demo_button.setToolTip(
            "A game fills a simulated iPhone's memory: apps are warned, idle apps die, "
            "then the game itself"
        )
        self.demo_button.clicked.connect(self.play_demo)
        self.lesson = first_lesson()
        self.lesson_button = QPushButton(
            "Start the first lesson"
            if self.lesson is None
            else f"Start the first lesson: {self.lesson.title} ({self.lesson.minutes} min)"
        )
        self.lesson_button.setEnabled(self.lesson is not None)
        self.lesson_button.clicked.connect(self.start_first_lesson)
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Help → Getting Started shows this again")
        self.close_button.clicked.connect(self.dismiss)
        buttons = QHBoxLayout()
        for button in (self.demo_button, self.lesson_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        for widget in (title, intro, self.shortcuts):
            layout.addWidget(widget)
        layout.addLayout(buttons)

    def play_demo(self) -> None:
        if self._host.replace_simulator(SimChoice("demo", None, 0)):
            self._host.set_playing(True)

    def start_first_lesson(self) -> None:
        if self.lesson is not None:
            start_lesson(self._host, self.lesson)
            self.dismiss()

    def dismiss(self) -> None:
        self._host.settings.getting_started_dismissed = True
        self._dock.hide()


def show_getting_started(host: LessonHost, window: QWidget) -> QDockWidget | None:
    """The card at the top of ``window`` (one per window; shown again if hidden)."""
    if not isinstance(window, QMainWindow):
        return None
    dock = window.findChild(QDockWidget, "getting-started-dock")
    if dock is None:
        dock = QDockWidget("Getting started", window)
        dock.setObjectName("getting-started-dock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        dock.setTitleBarWidget(QWidget())  # the card has its own title and Close
        dock.setWidget(GettingStartedCard(host, dock))
        window.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, dock)
    dock.show()
    return dock


def show_on_first_run(host: LessonHost, window: QWidget) -> QDockWidget | None:
    """The card, unless the user closed it before (or settings are not kept)."""
    settings = host.settings
    if not settings.persistent or settings.getting_started_dismissed:
        return None
    return show_getting_started(host, window)
