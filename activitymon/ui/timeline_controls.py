"""The controls of a source that is a timeline: a report replay's bar (report n of m)
and its report shown in the graph's tab, and a recording's time scrubber.

The window gives it what it drives — a way to send a command, and the tabs where the
report takes the graph's place — and calls it in two places: :meth:`show_for` with a
new source's description, and :meth:`follow` with every tick (where the timeline
stands). The bars are the window's to place (:attr:`report_bar`, :attr:`scrubber`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTabWidget, QWidget

from activitymon.ui.replay_controls import ReplayToolbar
from activitymon.ui.report_moment import ReportMoment
from activitymon.ui.scrubber import ScrubberToolbar
from activitymon.viewmodel import Command, Seek, SetPaused, SetSpeed, Tick
from activitymon.viewmodel.source_description import SourceDescription

#: the tab the report's moment replaces (the pressure graph's)
GRAPH_TAB = 0


class TimelineControls(QObject):
    def __init__(
        self, request: Callable[[Command], None], tabs: QTabWidget, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._request = request
        self._tabs = tabs
        self.report_bar = ReplayToolbar(parent)
        self.report_bar.seek_requested.connect(self._seek)
        self.scrubber = ScrubberToolbar(parent)
        self.scrubber.seek_requested.connect(self._seek)
        self.scrubber.play_toggled.connect(self._play)
        self.scrubber.speed_changed.connect(self._speed)
        # a replay's "graph" tab: a tab of its own after the others, shown in place of
        # the pressure graph's (no widget ever leaves the tabs)
        self.moment = ReportMoment()
        self.moment_tab = tabs.addTab(self.moment, "Report")
        tabs.setTabVisible(self.moment_tab, False)
        tabs.currentChanged.connect(self._tab_changed)
        self._source: SourceDescription | None = None
        for bar in (self.report_bar, self.scrubber):
            self._show_bar(bar, False)  # until a source's first tick says what it offers

    def _seek(self, index: int) -> None:
        self._request(Seek(index))

    def _play(self, on: bool) -> None:
        self._request(SetPaused(not on))

    def _speed(self, speed: float) -> None:
        self._request(SetSpeed(speed))

    @staticmethod
    def _show_bar(bar: QWidget, shown: bool) -> None:
        bar.setVisible(shown)
        for action in bar.actions():  # no shortcut of a hidden bar may fire
            action.setEnabled(shown)

    def show_for(self, source: SourceDescription) -> None:
        """A new source: the report bar and tab for a replay, the scrubber for a
        recording, neither for anything else."""
        self._source = source
        self._show_bar(self.report_bar, source.report_toolbar)
        self._show_bar(self.scrubber, source.scrubber)
        if source.report_toolbar:
            self.report_bar.set_position(0, 1, "")  # enables what applies at the start
        if source.scrubber:
            self.scrubber.set_playing(source.playing)
        self._graph_tab_shows_report(source.report_tab)

    def _graph_tab_shows_report(self, report: bool) -> None:
        """A report replay's graph tab is the report's moment; any other source's is
        the pressure graph."""
        tabs = self._tabs
        tabs.setTabVisible(self.moment_tab, report)
        tabs.setTabVisible(GRAPH_TAB, not report)
        if report and tabs.currentIndex() == GRAPH_TAB:
            tabs.setCurrentIndex(self.moment_tab)
        elif not report and tabs.currentIndex() == self.moment_tab:
            tabs.setCurrentIndex(GRAPH_TAB)

    def _tab_changed(self, index: int) -> None:
        source = self._source
        if source is not None and source.report_tab and index == GRAPH_TAB:
            self._tabs.setCurrentIndex(self.moment_tab)  # "graph" asked for in a replay

    def follow(self, tick: Tick) -> None:
        """Where the timeline stands: the report bar and its report, or the scrubber."""
        position, now, source = tick.position, tick.snapshot, self._source
        if source is None or position is None:
            return
        if source.report_toolbar:
            self.report_bar.follow(position)
        if source.report_tab:
            self.moment.show_report(position.report)
        if source.scrubber and now is not None:
            start, end = position.span or (now.time, now.time)
            self.scrubber.follow(position.index, position.count, now.time, start, end)
