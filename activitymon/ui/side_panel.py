"""The window's side panel (a lesson's) and where the narration goes beside it.

A lesson's panel is a dock the height of the window on its right. From
:data:`WIDE_WINDOW` px up the narration stays in its own column beside the views; in a
narrower window (1024 px) three columns do not fit, so the narration moves under the
lesson's text in the dock, and back when the window is widened or the lesson ends.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QWidget

#: from this width up the narration keeps its column beside a lesson's panel
WIDE_WINDOW = 1280


class SidePanel(QObject):
    def __init__(self, window: QMainWindow, narration: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.narration = narration
        self.dock: QDockWidget | None = None
        #: the dock's content: the panel above, the narration below when narrow
        self.stack: QSplitter | None = None
        self._home: tuple[QSplitter, int] | None = None

    @property
    def narration_in_panel(self) -> bool:
        return self.stack is not None and self.narration.parentWidget() is self.stack

    def show(self, dock: QDockWidget) -> None:
        """Dock ``dock`` on the window's right; the narration under it if narrow."""
        if self.dock is not None:
            self.remove(self.dock)
        panel = dock.widget()
        self.stack = QSplitter(Qt.Orientation.Vertical)
        self.stack.setObjectName("side-panel-stack")
        self.stack.setChildrenCollapsible(False)
        if panel is not None:
            self.stack.addWidget(panel)
        dock.setWidget(self.stack)
        self.dock = dock
        # the narration moves first: three columns would widen the window past its size
        self.place()
        # the layouts take the move in now (not at the next turn of the event loop)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.window.installEventFilter(self)

    def remove(self, dock: QDockWidget) -> None:
        if dock is not self.dock:
            self.window.removeDockWidget(dock)
            return
        self.window.removeEventFilter(self)
        self._narration_home()
        self.window.removeDockWidget(dock)
        self.dock = None
        self.stack = None

    def place(self) -> None:
        """The narration under the panel below :data:`WIDE_WINDOW`, beside it above."""
        if self.stack is None:
            return
        narrow = self.window.width() < WIDE_WINDOW
        if narrow and not self.narration_in_panel:
            home = self.narration.parentWidget()
            if isinstance(home, QSplitter):
                self._home = (home, home.indexOf(self.narration))
                self.stack.addWidget(self.narration)
                # the lesson's text first: three fifths of the height
                height = max(self.stack.height(), self.window.height() - 80)
                self.stack.setSizes([height * 3 // 5, height * 2 // 5])
                home.setVisible(home.count() > 0 and _any_shown(home))
        elif not narrow and self.narration_in_panel:
            self._narration_home()

    def _narration_home(self) -> None:
        if self._home is None or not self.narration_in_panel:
            return
        home, index = self._home
        home.insertWidget(index, self.narration)
        self.narration.show()
        home.setVisible(True)
        self._home = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.place()
        return False


def _any_shown(splitter: QSplitter) -> bool:
    widgets = (splitter.widget(i) for i in range(splitter.count()))
    return any(w is not None and not w.isHidden() for w in widgets)
