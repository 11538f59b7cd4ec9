"""A new simulator built off the GUI thread: reading a scenario file and setting up its
device takes longer than a frame, so Restart, another device, File → Open Scenario…,
New Simulation… and a lesson's next leg build it in a worker while the current source
goes on; :attr:`SimulatorLoader.ready` brings it back. A window ticked by hand (tests,
``--screenshot``) builds it at once, so what follows sees it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from activitymon.sources import Source, SourceError
from activitymon.ui.background import Background
from activitymon.viewmodel.sim_sources import SimChoice, build_sim_source


class SimulatorLoader(QObject):
    #: (SimChoice, Source): the simulator asked for, ready to watch
    ready = Signal(object, object)
    #: one line: why it could not be built (the current source goes on)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, threaded: bool = True) -> None:
        super().__init__(parent)
        self._threaded = threaded
        self._background = Background(self)
        self._background.done.connect(self._built)
        self._background.failed.connect(self.failed)

    @property
    def busy(self) -> bool:
        return self._background.busy

    def load(self, choice: SimChoice) -> bool:
        """Build the simulator ``choice`` names; ``False`` when it is known at once that
        it cannot be (a window ticked by hand). The later of two requests wins."""
        if not self._threaded:
            try:
                source = build_sim_source(choice)
            except SourceError as exc:
                self.failed.emit(str(exc))
                return False
            self.ready.emit(choice, source)
            return True
        self._background.stop()  # a build still going on is for an older choice
        self._background.start(lambda: (choice, build_sim_source(choice)), expected=(SourceError,))
        return True

    def _built(self, result: tuple[SimChoice, Source]) -> None:
        self.ready.emit(*result)

    def stop(self) -> None:
        self._background.stop()
