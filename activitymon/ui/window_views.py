"""The main window's views, built together and fed together: the pressure graph, the
memory panel, the process table, the band view, the event timeline, the kernel log and
the narration beside them.

The window keeps one :class:`WindowViews` and hands each snapshot to it; a new source
resets them once, and a jump of a timeline starts them again from the moment.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from activitymon.model import Event, Snapshot
from activitymon.ui.band_view import BandView
from activitymon.ui.events_view import EventsView
from activitymon.ui.graph import PressureGraph
from activitymon.ui.kernel_log_view import KernelLogView
from activitymon.ui.memory_panel import MemoryPanel
from activitymon.ui.narration_view import NarrationView
from activitymon.ui.process_table import ProcessTable
from activitymon.ui.settings import AppSettings
from activitymon.units import UnitSystem
from activitymon.viewmodel.level_shading import level_events_by_sample

#: samples of a jump's history the graph takes (about what it keeps)
GRAPH_HISTORY_SAMPLES = 900


class WindowViews:
    def __init__(self, settings: AppSettings, interval: float) -> None:
        self.graph = PressureGraph(history_seconds=settings.history_seconds, interval=interval)
        self.memory_panel = MemoryPanel()
        self.table = ProcessTable(settings=settings)
        self.bands = BandView()
        self.events = EventsView()
        self.kernel_log = KernelLogView()
        self.narration = NarrationView.following(self.table, self.events)
        self.set_units(settings.units)
        self.bands.pid_clicked.connect(self.table.select_pid)
        self.events.pid_selected.connect(self.table.select_pid)
        self.table.selected_pid_changed.connect(self.bands.set_selected_pid)

    def set_units(self, units: UnitSystem) -> None:
        for view in (self.memory_panel, self.table, self.bands, self.events, self.graph):
            view.set_units(units)
        self.narration.set_units(units)

    def reset(self) -> None:
        """A new source: every view starts empty."""
        self.graph.reset()
        self.bands.reset()
        self.events.reset()
        self.kernel_log.reset()
        self.narration.reset()

    def show(self, snapshot: Snapshot, events: list[Event]) -> None:
        """Every view brought to this snapshot."""
        self.graph.apply_snapshot(snapshot, events)
        self.memory_panel.apply_snapshot(snapshot)
        self.table.apply_snapshot(snapshot)
        self.bands.apply_snapshot(snapshot, events)
        self.events.append(events)
        self.narration.apply_snapshot(snapshot, events)

    def jumped(self, history: Sequence[Snapshot], events: Sequence[Event], *, shown: bool) -> None:
        """A jump of the timeline (forward or back) starts the views again (``shown``:
        they showed something): the graph takes the samples before the moment, the
        narration tells them again as a live run told them."""
        if shown:
            self.graph.reset()
            self.bands.reset()
            self.events.reset()
        self.narration.rewind(history, events)
        kept = history[-GRAPH_HISTORY_SAMPLES:]
        # the level changes between samples: the shading keeps each interval's worst
        for snapshot, changes in zip(kept, level_events_by_sample(kept, events), strict=True):
            self.graph.apply_snapshot(snapshot, changes)

    def target(self, name: str) -> QWidget:
        """The view a lesson's checkpoint highlights by name."""
        targets: dict[str, QWidget] = {
            "bands": self.bands,
            "graph": self.graph,
            "events": self.events,
            "kernel-log": self.kernel_log,
            "table": self.table,
            "memory": self.memory_panel,
            "narration": self.narration,
        }
        if name == "limits":  # the table, its limit columns in view on a narrow window
            self.table.bring_beside("footprint", ("active_limit", "inactive_limit", "headroom"))
            return self.table
        return targets[name]
