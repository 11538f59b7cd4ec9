"""The bar above the pressure graph: which view, how much history, Follow and the
view's key; its items wrap onto a second line where the graph is narrow. Built here;
the graph connects and drives it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from activitymon.ui.flow_layout import FlowWidget
from activitymon.ui.graph.key import GraphKey
from activitymon.ui.settings import HISTORY_CHOICES

VIEWS = ("Pressure", "Page classes")


@dataclass(frozen=True)
class GraphBar:
    widget: QWidget
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
        widget = FlowWidget()
        widget.flow.setContentsMargins(4, 2, 4, 0)
        for item in (view_box, QLabel("History:"), history_box, follow, key):
            widget.flow.addWidget(item)
        return cls(widget, view_box, history_box, follow, key)
