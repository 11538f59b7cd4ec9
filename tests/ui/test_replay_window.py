"""Replaying jetsam reports in the window: open, drop, step through a timeline, victims
marked with their reasons in the band view."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from activitymon.sources import Capability, SourceKind

DATA = Path(__file__).resolve().parents[1] / "reports" / "data"
pytestmark = pytest.mark.gui


def test_opening_reports_replaces_the_simulator_with_a_replay(window, jetsam_fixtures):
    files = [
        str(jetsam_fixtures / "jetsam_highwater.crash"),
        str(jetsam_fixtures / "JetsamEvent-2020-10-15-172958.ips.synced"),
    ]
    assert window.open_reports(files)
    assert window.last_tick.kind is SourceKind.REPORTS
    assert Capability.SEEKABLE in window.last_tick.capabilities
    assert window.replay_toolbar.isVisibleTo(window)
    assert not window.sim_toolbar.isVisibleTo(window)
    window.sampler.tick()  # paused: ticking shows the same report
    window.sampler.tick()
    assert window.replay_toolbar.position.text().strip().startswith("Report 1 of 2")
    first = window.last_snapshot
    assert first is not None
    assert first.device.startswith("iPhone7,2")
    window.replay_toolbar.next_action.trigger()
    assert window.last_snapshot.device.startswith("iPhone12,1")
    assert "Report 2 of 2" in window.replay_toolbar.position.text()
    assert not window.replay_toolbar.next_action.isEnabled()


def test_victims_are_marked_with_their_reasons(window, jetsam_fixtures):
    window.open_reports([str(jetsam_fixtures / "JetsamEvent-2020-10-15-172958.ips.synced")])
    window.sampler.tick()
    killed = {b.proc.name: b.killed_reason for b in window.bands.canvas.blocks if b.killed_reason}
    assert killed == {"wifianalyticsd": "highwater", "dasd": "highwater"}


def test_reports_without_priority_get_lanes_by_state(window, jetsam_fixtures):
    window.open_reports([str(jetsam_fixtures / "jetsam_vm-pageshortage.crash")])
    window.sampler.tick()
    titles = window.bands.canvas.lane_titles()
    assert titles[0] == "killed (kill order)"
    killed = [b for b in window.bands.canvas.blocks if b.killed_reason]
    assert len(killed) == 63


def test_a_dropped_report_opens(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DATA / "jetsam-body-modern.json"))])
    drop = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert Capability.REPLAY in window.last_tick.capabilities


def test_an_unreadable_file_is_named_in_the_status_bar(window, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    assert not window.open_reports([str(bad)])
    assert "notes.txt" in window.statusBar().currentMessage()
    assert Capability.STEERABLE in window.last_tick.capabilities  # nothing was lost
