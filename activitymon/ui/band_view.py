"""The jetsam band view: the lanes (:class:`~activitymon.ui.band_canvas.BandCanvas`) in a
scroll area under a header that stays in place — who dies next, the key, recent kills
(:class:`~activitymon.ui.band_header.BandHeaderBar`).

Reading top-left to bottom-right is reading the kill order; a click on a block selects
its process (``pid_clicked``), a double-click or Enter inspects it (``pid_activated``).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from activitymon.model import Event, Snapshot
from activitymon.ui.band_canvas import BandCanvas
from activitymon.ui.band_header import BandHeaderBar
from activitymon.units import UnitSystem
from activitymon.viewmodel.lanes import LaneGrouping

__all__ = ["BandCanvas", "BandView"]


class BandView(QWidget):
    """The canvas in a scroll area."""

    pid_clicked = Signal(int)
    context_menu_requested = Signal(int, QPoint)
    #: a block double-clicked, or Enter on the selected one: inspect its process
    pid_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = BandCanvas()
        self.canvas.pid_clicked.connect(self.pid_clicked)
        self.canvas.context_menu_requested.connect(self.context_menu_requested)
        self.canvas.pid_activated.connect(self.pid_activated)
        #: who dies next, the key, recent kills: in place while the lanes scroll
        self.header = BandHeaderBar(self.canvas.header_parts)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll_area, 1)

    def apply_snapshot(self, snapshot: Snapshot, events: list[Event]) -> None:
        self.canvas.apply_snapshot(snapshot, events)
        self.header.refresh(bool(self.canvas.stones()))

    def set_selected_pid(self, pid: int | None) -> None:
        self.canvas.set_selected_pid(pid)
        block = self.canvas.block_of(pid) if pid is not None else None
        if block is not None:
            self.scroll_area.ensureVisible(
                int(block.rect.center().x()), int(block.rect.center().y()), 10, 40
            )

    def set_grouping(self, grouping: LaneGrouping) -> None:
        self.canvas.grouping = grouping

    def set_units(self, units: UnitSystem) -> None:
        self.canvas.set_units(units)
        self.header.update()

    def reset(self) -> None:
        self.canvas.reset()
        self.header.refresh(bool(self.canvas.stones()))
