"""The process table's own cell painter: the model's texts, aligned as figures or
names, on the row's background (alternate, selected), in the palette's colours (light
and dark), cut with an ellipsis where a column is too narrow."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from activitymon.ui.process_cells import CellPainter
from activitymon.viewmodel.columns import column_index
from tests.ui.conftest import tick

pytestmark = pytest.mark.gui


def _cell_image(table, row: int, col: int) -> QImage:
    rect = table.view.visualRect(table.model.index(row, col))
    image: QImage = table.view.viewport().grab(rect).toImage()
    return image


def _colours(image: QImage) -> set[tuple[int, int, int]]:
    return {
        (c.red(), c.green(), c.blue())
        for c in (
            image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())
        )
    }


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def _ink(image: QImage, background: tuple[int, int, int]) -> list[int]:
    """x of every column of the image holding a pixel far from the background."""
    xs = []
    for x in range(image.width()):
        for y in range(image.height()):
            c = image.pixelColor(x, y)
            if abs(c.red() - background[0]) + abs(c.green() - background[1]) > 120:
                xs.append(x)
                break
    return xs


def test_the_table_paints_with_its_own_cell_painter(window) -> None:
    tick(window)
    assert isinstance(window.table.view.itemDelegate(), CellPainter)


def test_rows_texts_and_selection_are_painted(window, qapp) -> None:
    tick(window, 3)
    table = window.table
    palette = table.view.palette()
    pid_col, name_col = column_index("pid"), column_index("name")
    # row 1 is an alternate row: its background is the palette's alternate base
    alt = _rgb(palette.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.AlternateBase))
    alt_active = _rgb(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.AlternateBase))
    assert {alt, alt_active} & _colours(_cell_image(table, 1, name_col))
    # the pid is right-aligned (a figure), the name left-aligned
    base = _rgb(palette.color(QPalette.ColorRole.Base))
    width = table.view.columnWidth(pid_col)
    pid_ink = _ink(_cell_image(table, 0, pid_col), base)
    name_ink = _ink(_cell_image(table, 0, name_col), base)
    assert pid_ink
    assert name_ink
    assert min(pid_ink) > width // 3
    assert min(name_ink) < 12
    table.view.selectRow(0)
    qapp.processEvents()
    highlight = {
        _rgb(palette.color(group, QPalette.ColorRole.Highlight))
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    }
    assert highlight & _colours(_cell_image(table, 0, name_col))


def test_a_long_text_is_cut_inside_its_cell(window, qapp) -> None:
    tick(window, 3)
    table = window.table
    name = column_index("name")
    table.view.setColumnWidth(name, 40)
    qapp.processEvents()
    base = _rgb(table.view.palette().color(QPalette.ColorRole.Base))
    ink = _ink(_cell_image(table, 0, name), base)
    assert ink
    assert max(ink) < 40 - 2  # nothing painted over the next column


def test_dark_palette_paints_light_text(window, qapp) -> None:
    from activitymon.ui.theme import follow_color_scheme

    tick(window, 2)
    follow_color_scheme(qapp, "dark")
    try:
        qapp.processEvents()
        table = window.table
        text = table.view.palette().color(QPalette.ColorRole.Text)
        assert text.lightness() > 150
        image = _cell_image(table, 0, column_index("name"))
        lightest = max(
            image.pixelColor(x, y).lightness()
            for x in range(image.width())
            for y in range(image.height())
        )
        assert lightest > 150
    finally:
        follow_color_scheme(qapp, "light")
