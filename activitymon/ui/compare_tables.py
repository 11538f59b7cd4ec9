"""Compare's two tables: every kill of both runs in time order (A's and B's side by
side, a process that died in only one run in red), and the runs' figures side by side
(a figure that differs in bold). Names and bands are shown whole; the columns are
sized to their content."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from activitymon.sim.compare import PEAKS_SHOWN, Side
from activitymon.ui.theme import KILL_COLOUR
from activitymon.units import format_bytes, format_duration
from activitymon.viewmodel.compare_run import Comparison, band_text


def make_table(headers: Sequence[str], *, wrap: bool = False) -> QTableWidget:
    """A read-only table; ``wrap``: the run columns share the width and long values
    wrap (the figures), else every column is as wide as its content (the kills)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(wrap)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if wrap:
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    else:
        header.setStretchLastSection(True)
    return table


def _item(text: str, *, red: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if red:
        item.setForeground(QBrush(QColor(KILL_COLOUR)))
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item


def fill_kills(table: QTableWidget, comparison: Comparison) -> None:
    """One row per kill, in time order; A's in the A column, B's in the B column."""
    rows: list[tuple[float, int, str, bool]] = []
    for column, side, only in (
        (1, comparison.a, comparison.only_a),
        (2, comparison.b, comparison.only_b),
    ):
        for kill in side.kills:
            text = f"{kill.name} · {kill.reason.value} · band {band_text(side, kill.band)}"
            rows.append((kill.t, column, text, kill.name in only))
    rows.sort(key=lambda r: (r[0], r[1]))
    table.setRowCount(len(rows))
    for row, (t, column, text, alone) in enumerate(rows):
        table.setItem(row, 0, _item(f"{t:.1f} s"))
        table.setItem(row, column, _item(text, red=alone))
        table.setItem(row, 3 - column, _item(""))


def _figures(side: Side, only: Sequence[str]) -> list[tuple[str, str]]:
    s = side.stats
    at = s["time_at_level"]
    peaks = sorted(side.peaks.items(), key=lambda kv: (-kv[1], kv[0]))[:PEAKS_SHOWN]
    return [
        ("run", side.label),
        ("device", side.device),
        ("kills", str(len(side.kills))),
        ("died only here", ", ".join(only) or "nobody"),
        ("peak level", str(s["peak_level"])),
        ("lowest memorystatus_level", f"{s['min_memorystatus_level']} %"),
        ("time at Warning", format_duration(at["warn"])),
        ("time at Critical", format_duration(at["critical"])),
        ("notifications", str(sum(side.notifications.values()))),
        (
            "responses",
            f"{sum(side.responses.values())} (freed {format_bytes(side.freed_bytes)})",
        ),
        ("largest footprints", ", ".join(f"{n} {format_bytes(v)}" for n, v in peaks)),
    ]


def fill_figures(table: QTableWidget, comparison: Comparison) -> None:
    a = _figures(comparison.a, comparison.only_a)
    b = _figures(comparison.b, comparison.only_b)
    table.setRowCount(len(a))
    for row, ((name, x), (_, y)) in enumerate(zip(a, b, strict=True)):
        differs = x != y and name not in ("run",)
        table.setItem(row, 0, _item(name))
        table.setItem(row, 1, _item(x, bold=differs))
        table.setItem(row, 2, _item(y, bold=differs))
