"""Start the application: the one place a ``QApplication`` is created.

``run_app`` opens the window with a sampler thread; with ``screenshot`` set it renders
the window offscreen after ``quit_after`` seconds (simulated seconds for a clocked
source, run as fast as possible; real seconds for a live one) and writes a PNG. A
screenshot uses default settings and writes none.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from activitymon.appdata import resource_path
from activitymon.applog import log, setup_logging
from activitymon.output_files import OutputBusy, replacing
from activitymon.sources import ClockedSource, Source
from activitymon.terminal import clean
from activitymon.ui.crash_reporting import ErrorReporter, crash_reporting
from activitymon.ui.file_open import FileOpenRelay
from activitymon.ui.getting_started import show_on_first_run
from activitymon.ui.main_window import MainWindow
from activitymon.ui.pyside_import_memory import release_startup_memory
from activitymon.ui.sampler import ManualSampler
from activitymon.ui.settings import AppSettings
from activitymon.ui.theme import COLOR_SCHEME_ENV, follow_color_scheme
from activitymon.ui.window_layout import VIEWS

DEFAULT_SCREENSHOT_AFTER = 3.0
#: a QTimer takes milliseconds as a 32-bit int: at most 24.8 days; a day is plenty
MAX_QUIT_AFTER_S = 86_400.0


@dataclass(frozen=True)
class AppOptions:
    interval: float | None = None
    screenshot: Path | None = None
    quit_after: float | None = None
    view: str = "overview"
    size: tuple[int, int] = (1280, 820)
    #: folders to open a reports browser on (``activitymon FOLDER``); with
    #: ``screenshot``, the browser is what is drawn, once it has read them
    report_folders: tuple[str, ...] = ()
    #: a process to inspect once it is seen (a pid or a name), and the tab to show
    inspect: int | str | None = None
    inspect_tab: str = "footprint"
    #: the process table's filter to start with (``--filter``)
    table_filter: str = ""


def app_icon() -> QIcon:
    """The app icon at every size drawn for it (``resources/icons/png``)."""
    icon = QIcon()
    for png in sorted(resource_path("icons", "png").glob("activitymon-*.png")):
        icon.addFile(str(png))
    return icon


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    # fractional scale factors (150 %) drawn as such, not rounded: crisp on high-DPI screens
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName("activitymon")
    app.setOrganizationName("activitymon")
    app.setApplicationDisplayName("activitymon")
    app.setDesktopFileName("org.activitymon.activitymon")  # matches the installed .desktop
    app.setWindowIcon(app_icon())
    if sys.platform != "darwin":
        app.setStyle("Fusion")  # follows the system's light / dark colour scheme
    follow_color_scheme(app, os.environ.get(COLOR_SCHEME_ENV))
    file_open_relay(app)
    return app


#: where the desktop hands files to a running app as ``QFileOpenEvent`` (macOS); on
#: Linux the desktop entry's ``%F`` passes them as arguments
FILE_OPEN_EVENTS = sys.platform == "darwin"


def file_open_relay(app: QApplication, *, filter_events: bool = FILE_OPEN_EVENTS) -> FileOpenRelay:
    """The app's one :class:`FileOpenRelay` (files Finder opens with it): a child of
    the application, made on first use, and its event filter where the platform sends
    file-open events (an application's event filter sees every event of the app: a
    Python one costs a call per event, ~20 a tick, for nothing on Linux (#16))."""
    relay = app.findChild(FileOpenRelay)
    if relay is None:
        relay = FileOpenRelay(app)
    if filter_events and not relay.filtering:
        app.installEventFilter(relay)
        relay.filtering = True
    return relay


class AfterFirstPaint(QObject):
    """Runs ``then`` once, right after the first frame of the window it watches (or
    after ``latest_ms`` if that never comes: a window started hidden)."""

    def __init__(self, window: QWidget, then: Callable[[], object], latest_ms: int = 3000) -> None:
        super().__init__(window)
        self._then: Callable[[], object] | None = then
        self._window = window
        window.installEventFilter(self)
        QTimer.singleShot(latest_ms, self, self.run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self.run)
        return False

    def run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


class FirstPaintStamp(QObject):
    """Writes ``time.time()`` to ``path`` at the window's first paint (start-up bench);
    with ``then_quit`` the app quits right after."""

    def __init__(self, path: str, then_quit: bool) -> None:
        super().__init__()
        self.path = path
        self.then_quit = then_quit
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            with open(self.path, "w", encoding="ascii") as out:
                out.write(repr(time.time()))
            if self.then_quit:
                QTimer.singleShot(0, QApplication.quit)
        return False


def run_app(source: Source, options: AppOptions) -> int:
    """Run the window (or render a screenshot) with Qt's messages and every unexpected
    error going to the log; an error in the window is also said in a dialog."""
    if options.view not in VIEWS:
        raise ValueError(f"unknown view {options.view!r}")
    if options.quit_after is not None and not 0 <= options.quit_after <= MAX_QUIT_AFTER_S:
        # checked before any thread starts: a bad value must not leave one running
        raise ValueError(f"quit_after: expected 0 to {MAX_QUIT_AFTER_S:g} s")
    log_path = setup_logging()
    log.info("activitymon starting on %s", source.name)
    with crash_reporting(log_path) as reporter:
        app = application()
        if options.screenshot is not None:
            return _render_screenshot(app, source, options)
        code = _run_window(app, source, options, reporter)
    log.info("activitymon quit with status %d", code)
    return code


def _run_window(
    app: QApplication, source: Source, options: AppOptions, reporter: ErrorReporter
) -> int:
    settings = AppSettings.open()
    window = MainWindow(source, options.interval, settings=settings, threaded=True)
    reporter.parent_widget = window
    if settings.bytes_value("window/geometry") is None:
        window.resize(*options.size)
    if options.view != "overview":
        window.show_view(options.view)
    if options.inspect is not None:
        window.inspectors.open_when_seen(options.inspect, options.inspect_tab)
    window.table.set_filter(options.table_filter)
    app.aboutToQuit.connect(window.close)
    file_open_relay(app).attach(window)
    stamp_path = os.environ.get("ACTIVITYMON_STARTUP_STAMP")
    stamp = None
    if stamp_path:
        stamp = FirstPaintStamp(stamp_path, then_quit=options.quit_after == 0)
        window.installEventFilter(stamp)
    window.show()
    if options.report_folders:
        window.open_reports(list(options.report_folders))
    if options.quit_after is None:  # a person at the window: the first-run card
        show_on_first_run(window, window)
    # after the first frame: a collection before it delayed it by ~30 ms (#26)
    AfterFirstPaint(window, release_startup_memory)
    window.start()
    if options.quit_after is not None and not (stamp and stamp.then_quit):
        QTimer.singleShot(int(options.quit_after * 1000), app.quit)
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    # let Python see Ctrl-C while Qt's loop runs
    ticker = QTimer()
    ticker.timeout.connect(lambda: None)
    ticker.start(250)
    return app.exec()


def _read_folders(app: QApplication, window: MainWindow, options: AppOptions) -> QWidget:
    """The reports browser on ``options.report_folders``, once it has read them."""
    from activitymon.ui.reports_browser import ReportsBrowser

    browser = ReportsBrowser(window.open_reports, window)
    browser.resize(*options.size)
    browser.show()
    finished = QEventLoop()
    browser.scan_finished.connect(finished.quit)
    browser.scan(list(options.report_folders))
    if browser.scanning:
        finished.exec()
    app.processEvents()
    return browser


def _inspector(app: QApplication, window: MainWindow, options: AppOptions) -> QWidget | None:
    """The inspector ``--inspect`` opened, sized to be shot; ``None`` (said) if its
    process never appeared."""
    inspector = window.inspectors.first()
    if inspector is None:
        print(f"activitymon: no process {options.inspect!r} was seen", file=sys.stderr)
        window.close()
        return None
    inspector.resize(*options.size)
    if inspector.last is not None and inspector.last.alive:
        inspector.refresh_requested.emit(inspector.pid)  # the map of the moment shot
    app.processEvents()
    return inspector


def _render_screenshot(app: QApplication, source: Source, options: AppOptions) -> int:
    after = DEFAULT_SCREENSHOT_AFTER if options.quit_after is None else options.quit_after
    window = MainWindow(source, options.interval, settings=AppSettings.ephemeral(), threaded=False)
    window.resize(*options.size)
    window.show()
    app.processEvents()
    window.show_view(options.view)
    if options.inspect is not None:
        window.inspectors.open_when_seen(options.inspect, options.inspect_tab)
    sampler = window.sampler
    assert isinstance(sampler, ManualSampler)
    sampler.start()
    interval = window.interval
    if isinstance(source, ClockedSource):
        elapsed = 0.0
        while elapsed + 1e-9 < after:
            step = min(interval, after - elapsed)
            sampler.tick(step)
            elapsed += step
    else:
        # a local loop, not app.exec()/quit(): Qt 6's quit() closes every top-level
        # window, and an inspector window being shot is one
        loop = QEventLoop()
        end = QTimer()
        end.setSingleShot(True)
        end.timeout.connect(loop.quit)
        tick = QTimer()
        tick.timeout.connect(sampler.tick)
        tick.start(int(interval * 1000))
        end.start(int(after * 1000))
        loop.exec()
        tick.stop()
    window.table.set_filter(options.table_filter)
    window.prepare_screenshot(options.view)
    app.processEvents()
    assert options.screenshot is not None
    widget: QWidget = _read_folders(app, window, options) if options.report_folders else window
    if options.inspect is not None:
        inspector = _inspector(app, window, options)
        if inspector is None:
            return 1
        widget = inspector
    image = widget.grab()
    widget.close()
    shown = clean(os.fspath(options.screenshot))
    window.close()
    try:  # a temporary file renamed over the target: a failed write leaves it as it was
        with replacing(options.screenshot, suffix=".png") as temp:
            if not image.save(str(temp), "PNG"):
                raise OSError(f"Qt could not write {shown} (a full disk?)")
    except (OSError, OutputBusy) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"activitymon: --screenshot {shown}: cannot write it: {clean(why)}", file=sys.stderr)
        return 1
    print(f"wrote {shown}")
    return 0
