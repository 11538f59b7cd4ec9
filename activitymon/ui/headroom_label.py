"""The status bar's figure for the frontmost app: what ``os_proc_available_memory()``
would return to it (the distance to its own limit; ``model/headroom.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from activitymon.model import Snapshot, frontmost_app, os_proc_available_memory
from activitymon.ui.explain import explain
from activitymon.ui.steady_labels import make_steady, set_steady_text
from activitymon.units import UnitSystem, format_bytes


def headroom_text(snapshot: Snapshot, units: UnitSystem, *, limits_known: bool = True) -> str:
    """``"Game can use 528 MB more"``; empty without a frontmost app (a Mac, Linux) or
    where the source does not know limits (a replayed report records none: its game
    is not "without a limit")."""
    if not limits_known:  # before the walk over every process (1,000 on Linux, each tick)
        return ""
    app = frontmost_app(snapshot)
    if app is None:
        return ""
    room = os_proc_available_memory(app)
    if room is None:
        return f"{app.name}: no memory limit"
    return f"{app.name} can use {format_bytes(room, units)} more"


class HeadroomLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frontmost-headroom")
        #: the window's units (Preferences); read on each snapshot
        self.units = UnitSystem.BINARY
        #: whether the source knows the processes' limits (``Capability.LIMITS``)
        self.limits_known = True
        make_steady(self, "Frontmost can use 999 MB more")
        explain(self, "headroom")

    def apply_snapshot(self, snapshot: Snapshot) -> None:
        set_steady_text(self, headroom_text(snapshot, self.units, limits_known=self.limits_known))
