"""Labels whose text changes every tick without relaying out the window.

A ``QLabel`` whose text changes asks its parent's layout to run again (a
``LayoutRequest``) unless its size is fixed; on a window that means a second frame
every tick: the layout moves nothing, but the graph, table and panel are painted twice
(#16). A steady label has a fixed size wide enough for the longest text it will show.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy


def make_steady(label: QLabel, widest: str) -> QLabel:
    """Fix ``label``'s size to fit ``widest`` (its font, plus a little room)."""
    metrics = label.fontMetrics()
    label.setFixedWidth(metrics.horizontalAdvance(widest) + 8)
    label.setFixedHeight(max(label.sizeHint().height(), metrics.height()))
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return label


def set_steady_text(label: QLabel, text: str) -> None:
    """Show ``text`` in a steady label, widening it (never narrowing it) when the text
    needs more room: the window is laid out again only when a figure first grows."""
    if label.text() == text:
        return
    needed = label.fontMetrics().horizontalAdvance(text) + 8
    if needed > label.minimumWidth():
        label.setFixedWidth(needed)
    label.setText(text)
