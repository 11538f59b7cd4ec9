"""The window says what it could not read (issue 15): files that could not be opened,
and a partial or damaged report's problems, each until dismissed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.hostile.conftest import HEADER, body, proc

DATA = Path(__file__).resolve().parents[1] / "reports" / "data"
pytestmark = pytest.mark.gui


def _damaged(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.ips"
    path.write_text(HEADER + body([proc(1, "a", 10**400), proc(1, "b"), proc("x", "c")]))
    return path


def test_files_that_could_not_be_opened_are_listed_until_dismissed(window, qtbot, tmp_path):
    fifo = tmp_path / "pipe.ips"
    os.mkfifo(fifo)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    good = str(DATA / "jetsam-body-modern.json")
    assert window.open_reports([str(fifo), good, str(notes)])
    files = window.problems.files
    assert files.isVisible()
    assert "2 files could not be opened" in files.title.text()
    assert "pipe.ips: is a named pipe (FIFO)" in files.details.text()
    assert "notes.txt" in files.details.text()
    for _ in range(3):
        window.sampler.tick()
    assert files.isVisible()  # stays: not a 10-second status message
    qtbot.mouseClick(files.dismiss_button, Qt.MouseButton.LeftButton)
    assert not files.isVisible()


def test_a_dropped_unreadable_file_is_named(window, tmp_path):
    bad = tmp_path / "evil\x1b[2J.ips"
    bad.write_text("hello")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bad))])
    drop = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    files = window.problems.files
    assert files.isVisible()
    assert "\\x1b[2J" in files.details.text()
    assert "\x1b" not in files.details.text()


def test_a_damaged_report_shows_its_problems(window, qtbot, tmp_path):
    assert window.open_reports([str(_damaged(tmp_path))])
    window.sampler.tick()
    banner = window.problems.report
    assert banner.isVisible()
    assert "partial" in banner.title.text()
    text = banner.details.text()
    assert "(a).rpages: an integer of 401 digits, out of range" in text
    assert "share a pid" in text or "more" in text
    # every entry is a row: the table and the bands cope with a repeated pid
    assert len(window.last_snapshot.processes) == 3
    window.show_view("bands")
    window.grab()
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    window.sampler.tick()
    assert not banner.isVisible()  # dismissed for this report


def test_a_whole_report_shows_no_banner(window):
    assert window.open_reports([str(DATA / "jetsam-body-modern.json")])
    window.sampler.tick()
    assert not window.problems.report.isVisible()
    assert not window.problems.files.isVisible()
