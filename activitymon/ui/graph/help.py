"""What's This on the pressure graph: the item under the click (a threshold line, a
marker) explains itself with its tooltip; elsewhere the plot says what its curve is."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QGraphicsView, QWhatsThis

from activitymon.ui.explain import tooltip


class GraphWhatsThis(QObject):
    """Installed on a ``GraphicsLayoutWidget``; ``plots`` maps a plot to its term."""

    def __init__(self, view: pg.GraphicsLayoutWidget, plots: dict[str, pg.PlotItem]) -> None:
        super().__init__(view)
        self.view: QGraphicsView = view
        self.plots = plots
        view.installEventFilter(self)

    def text_at(self, pos: QPoint) -> str:
        for item in self.view.items(pos):
            tip = item.toolTip() if hasattr(item, "toolTip") else ""
            if tip:
                return str(tip)
        scene_pos = self.view.mapToScene(pos)
        for term, plot in self.plots.items():
            if plot.sceneBoundingRect().contains(scene_pos):
                return tooltip(term)
        return ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.view:
            return False
        if event.type() == QEvent.Type.QueryWhatsThis:
            return True  # accepted: the whole graph can be asked
        if event.type() == QEvent.Type.WhatsThis and isinstance(event, QHelpEvent):
            text = self.text_at(event.pos())
            if text:
                QWhatsThis.showText(event.globalPos(), text, self.view)
            return True
        return False
