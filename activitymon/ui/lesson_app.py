"""Start the application on a lesson (``activitymon lesson``), in a window or offscreen,
with Qt's messages and unexpected errors going to the log as in the app."""

from __future__ import annotations

from pathlib import Path

from activitymon.applog import setup_logging
from activitymon.sources import SourceError
from activitymon.teaching.lessons import Lesson, LessonError
from activitymon.ui.app import application
from activitymon.ui.crash_reporting import crash_reporting
from activitymon.ui.lesson_controller import start_lesson
from activitymon.ui.lesson_picker import render_lesson
from activitymon.ui.main_window import MainWindow
from activitymon.ui.settings import AppSettings
from activitymon.viewmodel.sim_sources import SimChoice, build_sim_source


def run_lesson_app(lesson: Lesson, screenshots: Path | None, size: tuple[int, int]) -> int:
    log_path = setup_logging()
    with crash_reporting(log_path) as reporter:
        app = application()
        scenario, profile = lesson.leg_for(0)
        try:
            source = build_sim_source(SimChoice(scenario, profile, lesson.seed))
        except SourceError as exc:
            raise LessonError(f"{lesson.name}: {exc}") from exc
        if screenshots is not None:
            window = MainWindow(source, 1.0, settings=AppSettings.ephemeral(), threaded=False)
            window.resize(*size)
            window.show()
            app.processEvents()
            try:
                for path in render_lesson(window, lesson, screenshots):
                    print(f"wrote {path}")
            finally:
                window.close()
            return 0
        window = MainWindow(source, None, settings=AppSettings.open(), threaded=True)
        reporter.parent_widget = window
        window.resize(*size)
        app.aboutToQuit.connect(window.close)
        window.show()
        if start_lesson(window, lesson) is None:
            window.close()
            raise LessonError(f"{lesson.name}: could not start its scenario")
        return app.exec()
