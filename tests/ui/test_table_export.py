"""The process table's Copy (TSV), Export Processes… (CSV) and filter box, driven
through the real widgets; ``snapshot --csv`` writes the same CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from activitymon.cli import main
from activitymon.model import MemoryLimit, ProcessInfo, ProcessState
from tests.ui.conftest import tick

pytestmark = pytest.mark.gui


def _int(text: str) -> int | None:
    return None if text == "" else int(text)


def _limit(row: dict[str, str], prefix: str) -> MemoryLimit | None:
    size = row[f"{prefix} (bytes)"]
    if size == "":
        assert row[f"{prefix} fatal"] == ""
        return None
    assert row[f"{prefix} fatal"] in ("true", "false")
    return MemoryLimit(int(size), fatal=row[f"{prefix} fatal"] == "true")


def process_from_csv(row: dict[str, str]) -> ProcessInfo:
    """A CSV row back into the values the table shows (header names as documented)."""
    return ProcessInfo(
        pid=int(row["pid"]),
        name=row["name"],
        footprint_bytes=_int(row["footprint (bytes)"]),
        rss_bytes=_int(row["rss (bytes)"]),
        compressed_bytes=_int(row["compressed (bytes)"]),
        band=_int(row["band"]),
        limit=_limit(row, "limit"),
        active_limit=_limit(row, "active limit"),
        inactive_limit=_limit(row, "inactive limit"),
        states=frozenset(ProcessState(s) for s in row["states"].split(";") if s),
        lifetime_max_bytes=_int(row["lifetime max (bytes)"]),
        user=row["user"] or None,
        limit_origin=row["limit origin"] or None,
    )


def comparable(p: ProcessInfo) -> ProcessInfo:
    """What the CSV carries of a simulated process (the table's values)."""
    return dataclasses.replace(p, requested_band=None, purgeable_bytes=None, band_seq=None)


def test_export_reads_back_equal_to_the_snapshot(window, tmp_path: Path) -> None:
    tick(window, 20)
    window.table.set_filter("band:0")  # a filter does not shorten the export
    target = tmp_path / "processes.csv"
    count = window.table.export_csv(target)
    snapshot = window.last_snapshot
    assert count == len(snapshot.processes) > 10
    with target.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames is not None
        assert reader.fieldnames[:3] == ["pid", "name", "footprint (bytes)"]
        assert "cpu (%)" not in reader.fieldnames  # the simulator cannot know it
        assert "oom_score_adj" not in reader.fieldnames  # nor Linux's kill order
        rows = list(reader)
    got = sorted((process_from_csv(r) for r in rows), key=lambda p: p.pid)
    want = sorted((comparable(p) for p in snapshot.processes), key=lambda p: p.pid)
    assert got == want
    # the table's order: largest footprint first (its default sort)
    sizes = [int(r["footprint (bytes)"]) for r in rows]
    assert sizes == sorted(sizes, reverse=True)
    names = {r["name"]: r for r in rows}
    assert names["SpringBoard"]["band"] == "160"
    assert names["SpringBoard"]["band name"] == "HOME"


def test_copy_puts_the_selected_rows_on_the_clipboard_as_tsv(window) -> None:
    tick(window, 3)
    table = window.table
    table.view.selectRow(0)
    table.view.selectionModel().select(
        table.model.index(2, 0),
        table.view.selectionModel().SelectionFlag.Select
        | table.view.selectionModel().SelectionFlag.Rows,
    )
    assert table.copy_selection() == 2
    lines = QGuiApplication.clipboard().text().splitlines()
    shown = table.visible_columns()
    header = lines[0].split("\t")
    assert len(header) == len(shown)
    assert header[:3] == ["PID", "Process", "Footprint"]
    assert [line.split("\t")[0] for line in lines[1:]] == [
        str(table.model.pid_at(0)),
        str(table.model.pid_at(2)),
    ]
    # the shown texts, as the cells read
    assert lines[1].split("\t")[2] == table.model.index(0, 2).data()


def test_the_process_menu_offers_copy(window) -> None:
    tick(window)
    table = window.table
    table.view.selectRow(0)
    menu = window.process_menu(table.model.pid_at(0))
    assert menu is not None
    assert table.copy_action in menu.actions()
    menu.deleteLater()


def test_filter_tokens_in_the_window(window) -> None:
    tick(window, 15)
    table = window.table
    table.set_filter("band:0 state:suspended")
    shown = [table.model.process_at(r) for r in range(table.model.rowCount())]
    assert shown, "the demo suspends idle-band apps"
    assert all(p.band == 0 and ProcessState.SUSPENDED in p.states for p in shown)
    assert not table.filter_box.problem.isVisibleTo(table)
    table.set_filter("band:<")
    assert table.model.rowCount() == len(window.last_snapshot.processes)
    assert table.filter_box.problem.isVisibleTo(table)
    assert "band:" in table.filter_box.problem.text()


def test_completion_replaces_only_the_word_being_typed(window) -> None:
    tick(window, 3)
    box = window.table.filter_box
    box.edit.setText("band:0 susp")
    box._refresh_words()
    assert "state:suspended" in box.completer.words()
    assert box.completer.splitPath("band:0 susp") == ["susp"]
    index = box.completer.model().index(box.completer.words().index("state:suspended"), 0)
    assert box.completer.pathFromIndex(index) == "band:0 state:suspended "
    assert "state:suspended" in box.edit.toolTip()


def test_columns_fit_their_content_then_keep_the_users_width(qtbot, sim_source) -> None:
    from activitymon.ui.main_window import MainWindow
    from activitymon.ui.settings import AppSettings
    from activitymon.viewmodel.columns import column_index

    settings = AppSettings.open()  # the test's private settings file
    win = MainWindow(sim_source, 1.0, settings=settings, threaded=False)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    win.start()
    tick(win, 5)
    header = win.table.view.horizontalHeader()
    state = column_index("state")
    lifetime = column_index("lifetime_max")
    # fitted: the state texts are not cut, the lifetime maximum is not 300 px wide
    texts = [win.table.model.index(r, state).data() for r in range(win.table.model.rowCount())]
    widest = max(header.fontMetrics().horizontalAdvance(t) for t in texts)
    assert header.sectionSize(state) >= widest
    assert header.sectionSize(lifetime) < 200
    header.resizeSection(state, 333)
    win.table.widths.remember()  # what a drag on the header does
    win.close()
    assert settings.column_widths("sim")["state"] == 333

    fresh = sim_source.__class__.open(None, seed=0)
    again = MainWindow(fresh, 1.0, settings=settings, threaded=False)
    qtbot.addWidget(again)
    again.show()
    again.start()
    tick(again, 2)
    assert again.table.view.horizontalHeader().sectionSize(state) == 333
    again.close()


def test_snapshot_csv_is_the_same_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snapshot", "--source", "sim", "--csv", "--limit", "5"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 5
    sizes = [int(r["footprint (bytes)"]) for r in rows]
    assert sizes == sorted(sizes, reverse=True)
    assert {"pid", "name", "band", "band name", "states", "limit (bytes)"} <= set(rows[0])


def test_snapshot_csv_and_json_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["snapshot", "--source", "sim", "--csv", "--json"])
    assert info.value.code == 2


def test_the_filter_option_reaches_the_window(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = []

    def run_app(source, options) -> int:
        seen.append(options)
        source.close()
        return 0

    monkeypatch.setattr("activitymon.ui.app.run_app", run_app)
    shot = str(tmp_path / "shot.png")
    args = ["--source", "sim", "--screenshot", shot, "--filter", "band:0 state:suspended"]
    assert main(args) == 0
    assert seen[0].table_filter == "band:0 state:suspended"
