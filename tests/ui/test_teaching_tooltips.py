"""Every figure, column header, legend glyph, lane title, threshold line, kill marker and
event kind is explained from the glossary, on the real widgets; Help → Glossary
searches; Shift+F1 enters What's This mode."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWhatsThis

from activitymon.model import EventKind, Killed
from activitymon.teaching.glossary import glossary
from activitymon.teaching.terms import (
    COLUMN_TERMS,
    EVENT_TERMS,
    GLYPH_TERMS,
    MEMORY_FIGURE_TERMS,
    PAGE_CLASS_TERMS,
    THRESHOLD_TERMS,
)
from activitymon.ui.help_menu import open_glossary
from activitymon.ui.memory_panel import FIELDS
from tests.ui.conftest import tick, tick_until


def _from_glossary(text: str, term: str) -> bool:
    entry = glossary()[term]
    return bool(text) and entry.summary.replace("'", "&#x27;") in text


def test_every_memory_figure_has_its_glossary_tooltip(window):
    tick(window, 2)
    panel = window.memory_panel
    assert [key for key, _ in FIELDS] == list(MEMORY_FIGURE_TERMS)
    for key, _ in FIELDS:
        value = panel.values[key]
        assert _from_glossary(value.toolTip(), MEMORY_FIGURE_TERMS[key]), key
        assert value.whatsThis() == value.toolTip()


def test_every_column_header_has_its_glossary_tooltip(window):
    model = window.table.model
    for section, column in enumerate(model.columns):
        tip = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert _from_glossary(tip, COLUMN_TERMS[column.key]), column.key
        what = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.WhatsThisRole)
        assert what == tip


def test_graph_key_glyphs_and_level_shading_have_tooltips(window):
    tick(window, 2)
    key = window.graph.key
    assert key.isVisibleTo(window.graph)
    for glyph in ("▼", "●", "◆", "✕"):
        assert _from_glossary(key.items[glyph].toolTip(), GLYPH_TERMS[glyph]), glyph
    assert "level shading" in key.items["normal"].toolTip()
    for level, term in (("normal", "pressure-normal"), ("warn", "pressure-warn")):
        assert _from_glossary(key.items[level].toolTip(), term)


def test_page_class_key_has_tooltips(window):
    window.graph.show_view(1)
    shown = [key for key, _ in window.graph.pages.classes]
    assert len(shown) >= 5
    for key in shown:
        label = window.graph.key.items[f"page:{key}"]
        assert label.isVisibleTo(window.graph)
        assert _from_glossary(label.toolTip(), PAGE_CLASS_TERMS[key])


def test_threshold_lines_explain_themselves(window):
    tick(window, 2)
    names = window.graph.threshold_names()
    assert names == ["critical", "idle", "soft"]
    for name in names:
        tip = window.graph.threshold_line(name).toolTip()
        assert "available pages" in tip
        assert _from_glossary(tip, THRESHOLD_TERMS[name])


def test_band_view_lane_titles_and_key_glyphs_have_tooltips(window):
    tick(window, 3)
    window.show_view("bands")
    canvas = window.bands.canvas
    canvas.repaint()
    titles = canvas.lane_titles()
    assert titles
    for i, title in enumerate(titles):
        name = title.partition(" ")[2] or "band"
        assert _from_glossary(canvas.lane_title_tooltip(i), name), title
    header = window.bands.header
    header.repaint()
    key_terms = {region.term for region in header.help_regions}
    for glyph in ("▨", "■"):
        assert GLYPH_TERMS[glyph] in key_terms
    for region in header.help_regions:
        assert _from_glossary(header.help_at(region.rect.center()), region.term)


def test_a_kill_leaves_a_tombstone_explaining_its_reason(window):
    window.show_view("bands")
    events = tick_until(window, lambda evs: any(isinstance(e, Killed) for e in evs))
    kill = [e for e in events if isinstance(e, Killed)][-1]  # newest: first in the strip
    header = window.bands.header
    header.repaint()
    stones = [r for r in header.help_regions if r.pid == kill.pid]
    assert stones, "no tombstone for the kill"
    text = header.help_at(stones[0].rect.center())
    assert kill.name in text
    assert _from_glossary(text, kill.reason.value)
    # the kill marker on the graph says why too
    assert glossary()[kill.reason.value].summary in window.graph.markers.kills[-1].tip


def test_event_kinds_have_tooltips(window):
    tick_until(window, lambda evs: any(e.kind is EventKind.KILL for e in evs))
    model = window.events.model
    seen = set()
    for row in range(model.rowCount()):
        event = model.event_at(row)
        tip = model.data(model.index(row, 1), Qt.ItemDataRole.ToolTipRole)
        assert _from_glossary(tip, EVENT_TERMS[event.kind])
        seen.add(event.kind)
    assert EventKind.KILL in seen


def test_help_glossary_searches(window, qtbot):
    dialog = open_glossary(window, window.show_error)
    assert dialog is not None
    assert len(dialog.visible_terms()) == len(glossary())
    dialog.search.setText("idle exit")
    assert dialog.visible_terms()[0] == "idle-exit"
    assert "idle threshold" in dialog.page.toPlainText()
    dialog.search.setText("zzzz-no-such-term")
    assert dialog.visible_terms() == []
    assert dialog.show_term("hwm")
    assert dialog.list.currentItem().text() == "high-water-mark"
    dialog.close()


def test_shift_f1_enters_whats_this_mode(window):
    action = next(a for a in window.findChildren(QAction) if a.objectName() == "whats-this")
    assert QKeySequence("Shift+F1") in action.shortcuts()
    action.trigger()
    try:
        assert QWhatsThis.inWhatsThisMode()
    finally:
        QWhatsThis.leaveWhatsThisMode()
    QApplication.processEvents()


@pytest.mark.parametrize("term", ["footprint-vs-rss", "compressed-memory"])
def test_the_issue_s_puzzles_are_answered(term):
    text = glossary()[term].text
    assert "Compressed" in text or "compressed" in text


def test_block_tooltip_in_band_view_points_at_lanes(window):
    tick(window, 2)
    canvas = window.bands.canvas
    window.show_view("bands")
    block = canvas.blocks[0]
    assert block.proc.name in canvas.help_at(QPointF(block.rect.center()))


def test_whats_this_on_the_graph_explains_lines_and_plots(window):
    tick(window, 3)
    window.show_view("graph")
    QApplication.processEvents()
    graph = window.graph
    view = graph.pressure_widget
    helper = graph.whats_this
    # the threshold line under the click explains itself
    line = graph.threshold_line("critical")
    scene = line.mapToScene(line.boundingRect().center())
    text = helper.text_at(view.mapFromScene(scene))
    assert "critical threshold" in text
    # elsewhere in the upper plot: memorystatus_level
    top = graph.level_plot.sceneBoundingRect().center()
    assert _from_glossary(helper.text_at(view.mapFromScene(top)), "memorystatus_level")
