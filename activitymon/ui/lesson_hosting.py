"""What a lesson drives in the main window (``ui/lesson_controller.LessonHost``) beyond
the window's own views and side panel: a checkpoint's view (the Report tab of a
replayed report too), an exact stop at a checkpoint, the report the simulated device
posted opened on the Report tab, and a glossary entry opened from an answer's link."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget

from activitymon.model import JetsamReport
from activitymon.sources import Source
from activitymon.teaching.lessons import Checkpoint
from activitymon.ui.help_menu import open_glossary
from activitymon.viewmodel.commands import Command, StopAt
from activitymon.viewmodel.lesson_run import report_source


class _Window(Protocol):
    """The parts of the main window these need."""

    def request(self, command: Command) -> None: ...

    def attach_source(self, source: Source, *, start: bool = True) -> None: ...

    def show_view(self, view: str) -> None: ...

    def show_error(self, message: str) -> None: ...


class LessonHosting:
    """Mixed into the main window (which is a :class:`QMainWindow` and a ``_Window``)."""

    def _window(self) -> _Window:
        return self  # type: ignore[return-value]  # the main window mixes this in

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
