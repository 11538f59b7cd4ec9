"""The event timeline: level changes, notifications, responses, limit warnings and
crossings, kills and reports, filterable by kind. Selecting a kill shows the jetsam
report that recorded it.

The details sit under the list, the window's full width: a report is columns and JSON,
shown in a fixed-width font and never wrapped (it scrolls sideways where a line is
long); a sentence about an event wraps between words."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from activitymon.model import (
    Era,
    Event,
    EventKind,
    JetsamReport,
    KernelFacts,
    Killed,
    ReportWritten,
)
from activitymon.reports import ReportError, read_report
from activitymon.sim.rules import XnuRules
from activitymon.ui.event_model import KIND_TITLES, EventFilter, EventModel, event_detail
from activitymon.units import UnitSystem, format_pid
from activitymon.viewmodel.kill_reports import report_for_kill, report_text, why_no_report

#: filter buttons: title, kinds; launch/exit start unticked (they are many and quiet)
FILTER_GROUPS: tuple[tuple[str, tuple[EventKind, ...], bool], ...] = (
    ("Levels", (EventKind.LEVEL,), True),
    ("Notifications", (EventKind.NOTIFY,), True),
    ("Responses", (EventKind.RESPOND,), True),
    ("Limits", (EventKind.LIMIT_WARNING, EventKind.LIMIT_EXCEEDED), True),
    ("Kills", (EventKind.KILL,), True),
    ("Reports", (EventKind.REPORT,), True),
    ("Launch / exit", (EventKind.LAUNCH, EventKind.EXIT), False),
)
MAX_REPORTS = 500


class EventsView(QWidget):
    pid_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EventModel(self)
        self.proxy = EventFilter(self)
        self.proxy.setSourceModel(self.model)
        self.reports: deque[JetsamReport] = deque(maxlen=MAX_REPORTS)
        self.units = UnitSystem.BINARY
        self.simulated = False
        self.simulated_rules: tuple[XnuRules, Era] | None = None

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show:"))
        self.filter_buttons: dict[str, QToolButton] = {}
        for title, _, on in FILTER_GROUPS:
            button = QToolButton()
            button.setText(title)
            button.setCheckable(True)
            button.setChecked(on)
            button.toggled.connect(self._filter_changed)
            bar.addWidget(button)
            self.filter_buttons[title] = button
        bar.addStretch(1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)

        self.table = self._build_table()
        self.report_view = self._build_report_view()

        # one above the other: a report's lines (~100 characters) need the width
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.report_view)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self._filter_changed()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(22)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.resizeSection(0, 80)
        header.resizeSection(1, 130)
        header.resizeSection(2, 160)  # the rest (the details) takes what is left
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        return table

    def _build_report_view(self) -> QPlainTextEdit:
        view = QPlainTextEdit()
        view.setReadOnly(True)
        view.setPlaceholderText("Select a kill to see the jetsam report that recorded it.")
        # sentences break between words (inside one only where it is wider than the pane)
        view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        view.setMinimumHeight(6 * view.fontMetrics().lineSpacing())
        self._prose_font = view.font()
        self._report_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        return view

    def show_details(self, text: str, *, report: bool) -> None:
        """``text`` in the details pane: a report (fixed-width, unwrapped, scrolling
        sideways) or sentences (the window's font, wrapped between words)."""
        view = self.report_view
        view.setFont(self._report_font if report else self._prose_font)
        view.setLineWrapMode(
            QPlainTextEdit.LineWrapMode.NoWrap
            if report
            else QPlainTextEdit.LineWrapMode.WidgetWidth
        )
        view.setPlainText(text)

    # -- data ---------------------------------------------------------------------------
    def append(self, events: Sequence[Event]) -> None:
        if not events:
            return
        bar = self.table.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 2
        self.model.append(events)
        if at_bottom and not self.table.selectionModel().hasSelection():
            self.table.scrollToBottom()
        self._update_count()

    def add_reports(self, reports: Sequence[JetsamReport]) -> None:
        self.reports.extend(reports)
        self._selection_changed()

    def reset(self) -> None:
        self.model.clear()
        self.reports.clear()
        self.report_view.clear()
        self._update_count()

    def set_units(self, units: UnitSystem) -> None:
        self.units = units
        self.model.set_units(units)

    # -- filter -------------------------------------------------------------------------
    def set_kinds(self, kinds: set[EventKind]) -> None:
        for title, group, _ in FILTER_GROUPS:
            button = self.filter_buttons[title]
            button.blockSignals(True)
            button.setChecked(any(k in kinds for k in group))
            button.blockSignals(False)
        self._filter_changed()

    def _filter_changed(self) -> None:
        kinds: set[EventKind] = set()
        for title, group, _ in FILTER_GROUPS:
            if self.filter_buttons[title].isChecked():
                kinds.update(group)
        self.proxy.set_kinds(kinds)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            f"{total} events" if shown == total else f"{shown} of {total} events"
        )

    def _read_report_file(self, event: ReportWritten) -> tuple[str, bool]:
        """The report's text, and whether it is one (else a sentence why not)."""
        if not event.path:  # the window's simulator keeps its reports in memory
            for report in self.reports:
                if event.incident is not None and report.incident_id == event.incident:
                    return report_text(report), True
            return "The device wrote this report; it is no longer kept.", False
        try:
            return report_text(read_report(event.path)), True
        except ReportError as exc:
            return str(exc), False

    # -- selection ----------------------------------------------------------------------
    def selected_event(self) -> Event | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.event_at(source.row())

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def select_event(self, event: object) -> bool:
        """Select this event's row (shown kinds only); ``False`` if it is not listed."""
        for row in range(self.proxy.rowCount() - 1, -1, -1):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.event_at(source.row()) is event:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return True
        return False

    def select_last_kill(self) -> bool:
        for row in range(self.proxy.rowCount() - 1, -1, -1):
            event = self.model.event_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            if isinstance(event, Killed):
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return True
        return False

    def set_facts(self, facts: KernelFacts | None) -> None:
        """The watched kernel's facts: how its reports spell a kill's reason."""
        self.model.facts = facts

    def set_epoch(self, epoch: float | None) -> None:
        """Seconds since the Unix epoch at the source's t = 0: times show as the time
        of day (a report, a recording); ``None``: seconds since the start."""
        self.model.epoch = epoch

    def set_simulated(self, rules: tuple[XnuRules, Era] | None) -> None:
        """The source is the simulator, whose device follows these release rules: a
        kill without a report says why; ``None`` for other sources."""
        self.simulated_rules = rules
        self.simulated = rules is not None

    def _why_no_report(self, kill: Killed) -> str:
        return why_no_report(kill, self.simulated_rules)

    def _selection_changed(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        event = self.selected_event()
        if event is None:
            return
        pid = getattr(event, "pid", None)
        if isinstance(pid, int):
            self.pid_selected.emit(pid)
        if isinstance(event, Killed):
            report = report_for_kill(list(self.reports), event)
            if report is None:
                self.show_details(
                    f"{event.name} (pid {format_pid(event.pid)}) killed at {event.t:.1f} s: "
                    f"{event_detail(event, self.units, self.model.facts)}\n\n"
                    f"{self._why_no_report(event)}",
                    report=False,
                )
            else:
                self.show_details(report_text(report), report=True)
        elif isinstance(event, ReportWritten):
            text, is_report = self._read_report_file(event)
            self.show_details(text, report=is_report)
        else:
            title = KIND_TITLES[event.kind]
            self.show_details(
                f"{title} at {event.t:.1f} s\n{event_detail(event, self.units, self.model.facts)}",
                report=False,
            )
