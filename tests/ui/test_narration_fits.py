"""Every line of the "What's happening" pane shows whole at 1024×640: the row is as
tall as its text wrapped at the width it is painted in (Qt's own delegate measured at
one width and painted in a narrower one, so "(the kernel's "Urgent")" ended in "…"
above an empty gap)."""

from __future__ import annotations

from PySide6.QtCore import QRect

from tests.ui.conftest import tick


def test_every_narration_line_fits_its_row_at_1024x640(window_on_scenario, qapp) -> None:
    from activitymon.ui.narration_delegate import text_height, text_rect

    window = window_on_scenario("hog", (1024, 640))  # the iPod: long folded kill lines
    tick(window, 22)
    qapp.processEvents()
    view = window.narration.list
    view.doItemsLayout()
    model = view.model()
    assert model.rowCount() >= 8
    metrics = view.fontMetrics()
    wrapped = 0
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        rect: QRect = view.visualRect(index)
        inner = text_rect(rect)
        text = model.data(index)
        needed = text_height(metrics, inner.width(), text)
        assert needed <= inner.height(), (row, text)
        assert inner.width() > 200  # the text wraps at the pane's width, not a sliver
        wrapped += needed > metrics.height() * 2
    assert wrapped  # some lines are long enough to wrap onto three lines or more
