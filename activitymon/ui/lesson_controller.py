"""Runs a guided lesson in the main window: starts its scenario, watches every tick,
and at each checkpoint pauses the simulation exactly there (``StopAt``), puts a view
forward, highlights one element, checks the facts the step's text relies on, explains,
asks for a prediction, then shows the answer. Between checkpoints the panel says what to
watch and how far the lesson has come; a lesson restarts from any step; its end offers
the next lesson and Help → Lessons remembers it as done.

The panel is a dock on the window's right, the height of the window. The controller
listens to the window's ``tick_applied`` (no hook in the window's ``apply``), so a
checkpoint that moves the lesson onto another device, scenario or a posted report needs
no reconnection.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import QDockWidget, QWidget

from activitymon.model import Event, JetsamReport
from activitymon.teaching.lesson_facts import LessonWitness, check_facts
from activitymon.teaching.lesson_progress import LessonProgress
from activitymon.teaching.lessons import Checkpoint, Lesson, next_lesson
from activitymon.ui.lesson_panel import Highlight, LessonPanel
from activitymon.ui.settings import AppSettings
from activitymon.viewmodel.lesson_run import posted_report
from activitymon.viewmodel.sim_sources import SimChoice
from activitymon.viewmodel.tick import Tick

log = logging.getLogger(__name__)
PANEL_WIDTH = 300
#: simulated seconds per real second while a restart passes the steps before its own
SKIP_SPEED = 50.0


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
        narration, report."""
        ...

    def show_side_panel(self, dock: QDockWidget) -> None: ...

    def remove_side_panel(self, dock: QDockWidget) -> None: ...

    def show_error(self, message: str) -> None: ...

    def show_lesson_view(self, view: str) -> None:
        """A checkpoint's view (``report``: the Report tab of a replayed report)."""
        ...

    def stop_at(self, checkpoint: Checkpoint | None) -> None:
        """Pause exactly where ``checkpoint`` is reached, whatever the speed."""
        ...

    def show_posted_report(self, report: JetsamReport) -> bool:
        """Replay the report the simulated device just posted on the Report tab."""
        ...

    def open_glossary_at(self, term: str) -> None: ...

    @property
    def settings(self) -> AppSettings: ...


class LessonController(QObject):
    def __init__(self, window: LessonHost, lesson: Lesson) -> None:
        super().__init__()
        self.window = window
        self.lesson = lesson
        self.progress = LessonProgress(lesson)
        self.witness = LessonWitness()
        #: the facts of the checkpoint reached last that did not hold
        self.problems: list[str] = []
        self.panel = LessonPanel()
        self.panel.set_lesson(lesson)
        self.highlight: Highlight | None = None
        #: a checkpoint whose view waits for its source's first tick (a posted report)
        self._pending: Checkpoint | None = None
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
        self.panel.next_lesson_button.clicked.connect(self.start_next)
        self.panel.restart_requested.connect(self.restart_from)
        self.panel.term_clicked.connect(window.open_glossary_at)
        # every tick the window applied (older sources' ticks are already dropped)
        window.tick_applied.connect(self._observe)

    # -- running ------------------------------------------------------------------------
    def start(self) -> bool:
        return self._start_leg()

    def _start_leg(self) -> bool:
        scenario, profile = self.lesson.leg_for(self.progress.index)
        self.witness.new_leg()
        if not self.window.replace_simulator(SimChoice(scenario, profile, self.lesson.seed)):
            return False
        self._run_on()
        return True

    def _run_on(self) -> None:
        """Play toward the current checkpoint, stopping exactly there."""
        self.window.set_speed(SKIP_SPEED if self.progress.skipping else self.lesson.speed)
        self.window.stop_at(self.progress.current)
        self.window.set_playing(True)
        self.panel.show_running(self.lesson, self.progress.index)

    def _observe(self, tick: Tick) -> None:
        snapshot = tick.snapshot
        if snapshot is None:
            return
        self.witness.observe(snapshot, tick.events, tick.reports, tick.facts)
        if self._pending is not None:
            self._put_forward(self._pending)
            self._pending = None
        if self.progress.waiting or self.progress.finished:
            return
        cp = self.progress.observe(snapshot.time, tick.events)
        if cp is None:
            self.panel.update_progress(self.lesson, self.progress.index, snapshot.time)
            return
        if cp.show_report and not self._show_report():
            return
        self.problems = check_facts(cp.facts, self.witness, self.progress.reached_by)
        for problem in self.problems:
            log.warning("lesson %s, step %s: %s", self.lesson.name, cp.name, problem)
        if self.progress.skipping:
            self.progress.reveal()
            self.advance()
            return
        self.window.set_playing(False)
        self._put_forward(cp)
        self.panel.show_checkpoint(
            self.lesson, self.progress.index, cp, snapshot.time, self.problems
        )

    def _show_report(self) -> bool:
        report = posted_report(self.witness, self.progress.reached_by)
        if report is None or not self.window.show_posted_report(report):
            self.window.show_error(f"{self.lesson.name}: the device's report could not be shown")
            return False
        self.witness.show(report)
        self._pending = self.progress.current  # its view once the replay's first tick is in
        return True

    def _put_forward(self, cp: Checkpoint) -> None:
        self.window.show_lesson_view(cp.view)
        event = self.progress.reached_by
        if event is not None:
            self.window.select_event(event)
        self._highlight(cp.highlight)

    def _highlight(self, name: str) -> None:
        if self.highlight is not None:
            self.highlight.remove()
        self.highlight = Highlight(self.window.lesson_target(name))

    def _unhighlight(self) -> None:
        if self.highlight is not None:
            self.highlight.remove()
            self.highlight = None

    # -- the user's answers -----------------------------------------------------------------
    @property
    def waiting(self) -> bool:
        return self.progress.waiting and not self.progress.skipping

    def reveal(self) -> None:
        answer = self.progress.reveal()
        last = self.progress.index == len(self.lesson.checkpoints) - 1
        self.panel.show_answer(answer, last)

    def advance(self) -> None:
        self.progress.advance()
        self._unhighlight()
        if self.progress.finished:
            self.window.settings.mark_lesson_done(self.lesson.name)
            self.panel.show_finished(self.lesson, next_lesson(self.lesson))
            self.window.stop_at(None)
            self.window.set_playing(True)
            return
        if self.progress.needs_restart():
            self._start_leg()
            return
        self._run_on()

    def restart_from(self, index: int) -> None:
        """Start again at step ``index``: its leg restarts, the steps before it pass
        quickly without stopping."""
        self._unhighlight()
        self._pending = None
        self.progress.restart_from(index)
        self.panel.stop_button.setText("End lesson")
        self._start_leg()

    def start_next(self) -> None:
        following = next_lesson(self.lesson)
        if following is not None:
            start_lesson(self.window, following)

    def stop(self) -> None:
        self._unhighlight()
        self.window.remove_side_panel(self.dock)
        self.dock.hide()
        self.window.stop_at(None)
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
