"""A folder opens the reports browser (issue 27 item 0): named on the command line,
dropped on the window, or handed over by the desktop (the Dock icon); the browser
shows a progress bar and Cancel while it reads."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from activitymon.reports.index import CACHE_ENV
from activitymon.reports.scan import scan_batches
from activitymon.sources import SourceKind
from activitymon.ui import reports_scan
from activitymon.ui.file_open import FileOpenRelay
from activitymon.ui.reports_browser import ReportsBrowser
from tests.conftest import PROJECT
from tests.reports.generated import write_reports

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _browsers(window) -> list[ReportsBrowser]:
    return list(window.findChildren(ReportsBrowser))


def _cancelled(browser: ReportsBrowser) -> bool:
    return browser.cancelled


def _read(qtbot, browser: ReportsBrowser) -> None:
    if browser.scanning:
        with qtbot.waitSignal(browser.scan_finished, timeout=60_000):
            pass
    assert not browser.scanning


def test_a_folder_opens_the_browser_and_the_window_keeps_its_source(window, qtbot, tmp_path):
    folder = tmp_path / "reports"
    write_reports(folder, 12)
    kind = window.last_tick.kind
    assert window.open_reports([str(folder)])
    (browser,) = _browsers(window)
    _read(qtbot, browser)
    assert browser.model.rowCount() == 12
    assert window.last_tick.kind is kind  # a folder is not replayed in the window
    browser.close()


def test_a_dropped_folder_opens_the_browser(window, qtbot, tmp_path):
    folder = tmp_path / "dropped"
    write_reports(folder, 5)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    (browser,) = _browsers(window)
    _read(qtbot, browser)
    assert browser.model.rowCount() == 5
    browser.close()


def test_a_folder_and_a_file_from_the_dock_open_both(window, qtbot, tmp_path, jetsam_fixtures):
    folder = tmp_path / "dock"
    write_reports(folder, 3)
    relay = FileOpenRelay()
    relay.attach(window)
    relay.pending = [str(folder), str(jetsam_fixtures / "jetsam_highwater.crash")]
    relay.flush()
    (browser,) = _browsers(window)
    _read(qtbot, browser)
    assert browser.model.rowCount() == 3
    assert window.last_tick.kind is SourceKind.REPORTS  # the file is replayed
    browser.close()


def test_reading_shows_a_progress_bar_and_cancel_stops_it(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "many"
    write_reports(folder, 300)
    gate = threading.Event()
    real = scan_batches

    def one_batch_then_wait(*args, **kwargs):
        for batch in real(*args, **kwargs):
            yield batch
            gate.wait(30)  # until the test has pressed Cancel

    monkeypatch.setattr(reports_scan, "scan_batches", one_batch_then_wait)
    browser = ReportsBrowser(lambda _paths: None, workers=1)
    qtbot.addWidget(browser)
    browser.show()
    browser.scan([str(folder)])
    assert browser.progress.isVisible()
    assert browser.cancel_button.isVisible()
    qtbot.waitUntil(lambda: browser.model.rowCount() > 0, timeout=60_000)
    with qtbot.waitSignal(browser.scan_finished, timeout=60_000):
        browser.cancel()
        assert browser.status.text() == "Cancelling…"
        assert not browser.cancel_button.isEnabled()
        gate.set()
    monkeypatch.setattr(reports_scan, "scan_batches", real)
    assert browser.cancelled
    assert browser.model.rowCount() < 300
    assert "cancelled" in browser.status.text()
    assert not browser.progress.isVisible()
    assert not browser.cancel_button.isVisible()
    browser.scan([str(folder)])  # and a new scan reads everything
    _read(qtbot, browser)
    assert browser.model.rowCount() == 300
    assert not _cancelled(browser)
    assert "cancelled" not in browser.status.text()


def test_activitymon_folder_screenshot_draws_the_browser(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    write_reports(folder, 20)
    shot = tmp_path / "browser.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env.update(PYTHONPATH=str(PROJECT), **{CACHE_ENV: str(tmp_path / "cache")})
    result = subprocess.run(
        [sys.executable, "-m", "activitymon", str(folder), "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "is a directory" not in result.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000
