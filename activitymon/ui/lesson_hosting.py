"""What a lesson drives in the main window (``ui/lesson_controller.LessonHost``): the
element a checkpoint highlights, the event it selects, the lesson's side panel, a
checkpoint's view (the Report tab of a replayed report too), an exact stop at a
checkpoint, the report the simulated device posted opened on the Report tab, and a
glossary entry opened from an answer's link."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QDockWidget, QWidget

from activitymon.model import Event, JetsamReport
from activitymon.sources import Source
from activitymon.teaching.lessons import Checkpoint
from activitymon.ui.events_view import EventsView
from activitymon.ui.help_menu import open_glossary
from activitymon.ui.side_panel import SidePanel
from activitymon.ui.timeline_controls import TimelineControls
from activitymon.ui.window_views import WindowViews
from activitymon.viewmodel.commands import Command, StopAt
from activitymon.viewmodel.lesson_run import report_source


class _Window(Protocol):
    """The parts of the main window these need."""

    def request(self, command: Command) -> None: ...

    def attach_source(self, source: Source, *, start: bool = True) -> None: ...

    def show_view(self, view: str) -> None: ...

    def show_error(self, message: str) -> None: ...

    @property
    def events(self) -> EventsView: ...

    @property
    def timeline(self) -> TimelineControls: ...

    @property
    def views(self) -> WindowViews: ...

    @property
    def side_panel(self) -> SidePanel: ...


class LessonHosting:
    """Mixed into the main window (which is a :class:`QMainWindow` and a ``_Window``)."""

    def _window(self) -> _Window:
        return self  # type: ignore[return-value]  # the main window mixes this in

    def select_event(self, event: Event) -> bool:
        return self._window().events.select_event(event)

    def lesson_target(self, name: str) -> QWidget:
        """The element a lesson's checkpoint highlights (``report``: a replayed
        report's Report tab)."""
        window = self._window()
        return window.timeline.moment if name == "report" else window.views.target(name)

    def show_side_panel(self, dock: QDockWidget) -> None:
        """A panel the height of the window on its right (a lesson's); below 1280 px
        the narration goes under it (``ui/side_panel.py``)."""
        self._window().side_panel.show(dock)

    def remove_side_panel(self, dock: QDockWidget) -> None:
        self._window().side_panel.remove(dock)

    def show_lesson_view(self, view: str) -> None:
        """A checkpoint's view; ``report`` is the Report tab of a replayed report."""
        self._window().show_view("graph" if view == "report" else view)

    def stop_at(self, checkpoint: Checkpoint | None) -> None:
        """Pause exactly where ``checkpoint`` is reached, whatever the speed."""
        self._window().request(StopAt(checkpoint))

    def show_posted_report(self, report: JetsamReport) -> bool:
        """Replay the report the simulated device just posted, on the Report tab."""
        window = self._window()
        window.attach_source(report_source(report), start=True)
        return True

    def open_glossary_at(self, term: str) -> None:
        if isinstance(self, QWidget):
            open_glossary(self, self._window().show_error, term)
