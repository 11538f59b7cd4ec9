"""The process inspector (issue 25): one window per inspected process.

:class:`Inspectors` is what the main window holds: ``open(pid)`` shows (or raises) a
process's window and asks the sampler to inspect it (the ``Inspect`` command);
``apply(tick)`` hands each window its :class:`~activitymon.viewmodel.inspection.
Inspection`; a window's Refresh (or its Memory Map tab shown with an old map) sends
``RefreshMap``; a window that closes sends ``StopInspecting``; a new source closes them
all (its processes are others).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from activitymon.model import Snapshot
from activitymon.units import UnitSystem
from activitymon.viewmodel import Command, Inspect, RefreshMap, StopInspecting, Tick

if TYPE_CHECKING:  # the window (its tabs, charts, memory map) is imported when first opened
    from activitymon.ui.inspector.window import InspectorWindow

__all__ = ["InspectorWindow", "Inspectors"]


def __getattr__(name: str) -> object:
    if name == "InspectorWindow":
        from activitymon.ui.inspector.window import InspectorWindow

        return InspectorWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Selection(Protocol):
    """Where the selected process comes from (the process table)."""

    def selected_pid(self) -> int | None: ...


class Inspectors(QObject):
    def __init__(
        self,
        parent: QWidget,
        request: Callable[[Command], None],
        selection: Selection,
        say: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._request = request
        self._selection = selection
        self._say = say
        #: the last snapshot: names for window titles before their first inspection
        self._snapshot: Snapshot | None = None
        self.windows: dict[int, InspectorWindow] = {}
        self.units = UnitSystem.BINARY
        #: a process to open once a snapshot lists it (``--inspect``), and its tab
        self.pending: tuple[int | str, str] | None = None
        #: ``Inspect`` commands held while a tick is being applied (a synchronous
        #: sampler would apply its answer inside this one): sent by ``send_held``
        self._held: list[int] | None = None

    def open(self, pid: int, name: str = "") -> InspectorWindow:
        window = self.windows.get(pid)
        if window is None:
            from activitymon.ui.inspector.window import InspectorWindow

            window = InspectorWindow(pid, name, show_term=self._show_term, parent=self._parent)
            window.set_units(self.units)
            window.closed.connect(self._closed)
            window.refresh_requested.connect(lambda pid: self._request(RefreshMap(pid)))
            self.windows[pid] = window
            if self._held is not None:
                self._held.append(pid)
            else:
                self._request(Inspect(pid))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def inspect(self, pid: int | None = None) -> InspectorWindow | None:
        """Open (or raise) the inspector of ``pid``, else of the selected process."""
        pid = self._selection.selected_pid() if pid is None else pid
        if pid is None:
            self._say("Select a process to inspect")
            return None
        proc = None if self._snapshot is None else self._snapshot.by_pid.get(pid)
        return self.open(pid, "" if proc is None else proc.name)

    def _show_term(self, term: str) -> None:
        from activitymon.ui.help_menu import open_glossary

        open_glossary(self._parent, self._say, term)

    def open_when_seen(self, target: int | str, tab: str = "footprint") -> None:
        """Open the inspector of ``target`` (a pid, or the newest process of that
        name) as soon as a tick lists it."""
        self.pending = (target, tab)

    def first(self) -> InspectorWindow | None:
        return next(iter(self.windows.values()), None)

    def apply(self, tick: Tick) -> None:
        """Hand each window its inspection; open a pending one (its ``Inspect`` is
        held until :meth:`send_held`, after the window has taken the whole tick)."""
        self._held = []
        if tick.snapshot is not None:
            self._snapshot = tick.snapshot
        if self.pending is not None and tick.snapshot is not None:
            target, tab = self.pending
            named = [
                p
                for p in tick.snapshot.processes
                if (p.pid == target if isinstance(target, int) else p.name == target)
            ]
            if named:
                self.pending = None
                proc = max(named, key=lambda p: p.pid)
                self.open(proc.pid, proc.name).show_tab(tab)
        for inspection in tick.inspections:
            window = self.windows.get(inspection.pid)
            if window is not None:
                window.apply(inspection)

    def send_held(self) -> None:
        held, self._held = self._held or [], None
        for pid in held:
            if pid in self.windows:
                self._request(Inspect(pid))

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        for window in self.windows.values():
            window.set_units(units)

    def close_all(self) -> None:
        for window in list(self.windows.values()):
            window.close()
        self.windows.clear()

    def _closed(self, pid: int) -> None:
        window = self.windows.pop(pid, None)
        if window is not None:
            window.deleteLater()
        self._request(StopInspecting(pid))
