"""The bar above the pressure graph: which view, how much history, the threshold
key and Follow. Built here; the graph connects and drives it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from activitymon.ui.graph.key import GraphKey
from activitymon.ui.settings import HISTORY_CHOICES

VIEWS = ("Pressure", "Page classes")


@dataclass(frozen=True)
class GraphBar:
    layout: QHBoxLayout
    view_box: QComboBox
    history_box: QComboBox
    follow_button: QPushButton
    key: GraphKey

    @classmethod
    def build(cls) -> GraphBar:
        view_box = QComboBox()
        view_box.addItems(VIEWS)
        view_box.setToolTip("Pressure level and available memory, or page classes stacked")
        history_box = QComboBox()
        for title, seconds in HISTORY_CHOICES:
            history_box.addItem(title, seconds)
        history_box.setToolTip("How much history the graph keeps (at the sample rate)")
        follow = QPushButton("Follow")
        follow.setCheckable(True)
        follow.setChecked(True)
        follow.setToolTip("Keep the newest sample in view (drag or wheel to explore)")
        key = GraphKey()
        key.setVisible(False)
        layout = QHBoxLayout()
        layout.setContentsMargins(4, 2, 4, 0)
        layout.addWidget(view_box)
        layout.addWidget(QLabel("History:"))
        layout.addWidget(history_box)
        layout.addStretch(1)
        layout.addWidget(key)
        layout.addWidget(follow)
        return cls(layout, view_box, history_box, follow, key)
