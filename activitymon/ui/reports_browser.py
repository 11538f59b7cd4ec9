"""The reports browser: a window over every jetsam report in some folders.

Opened by File → Open Reports Folder…, by ``activitymon FOLDER``, or by a folder
dropped on the window or the Dock icon. A table of reports (date with its offset,
device, OS, largest process, victims with reasons), filters by process, reason,
device, OS and date, charts of kills by reason and of footprint at death per
process; a click opens that report in replay. The folders are scanned off the
GUI thread (:class:`~activitymon.ui.reports_scan.ScanWorker`, through the report
index and a process pool); results are appended as they arrive, under a progress bar
with a Cancel button.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from time import monotonic

from PySide6.QtCore import QModelIndex, Qt, QThread, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from activitymon.reports.incident import FileResult, ReportFacts, Unreadable
from activitymon.ui.reports_charts import ReportsCharts
from activitymon.ui.reports_filters import ReportFilters
from activitymon.ui.reports_scan import ScanWorker
from activitymon.ui.reports_table import FACTS_ROLE, ReportsFilter, ReportsTableModel
from activitymon.ui.sort_arrows import arrows_point_the_rows_way
from activitymon.viewmodel.reports_browser import (
    BrowserFilter,
    chart_data,
    reading_text,
    status_text,
)

OpenReports = Callable[[Sequence[str]], object]
#: while reading, the charts and status line are redrawn at most this often
REFRESH_S = 0.25


class ReportsBrowser(QWidget):
    scan_finished = Signal()

    def __init__(
        self,
        open_reports: OpenReports,
        parent: QWidget | None = None,
        *,
        use_index: bool = True,
        workers: int | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Jetsam reports")
        self.setObjectName("reports-browser")
        self.open_reports = open_reports
        self.use_index = use_index
        self.workers = workers
        self.unreadable: list[Unreadable] = []
        self.skipped: list[Unreadable] = []
        self.notices: list[str] = []
        self.cancelled = False
        self._counts = (0, 0)
        self._first: datetime | None = None
        self._last_refresh = 0.0
        self._thread: QThread | None = None
        self._worker: ScanWorker | None = None
        self.model = ReportsTableModel(self)
        self.proxy = ReportsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filters = ReportFilters(self)
        self.filters.changed.connect(self._apply_filters)
        self.table = self._table()
        self.charts = ReportsCharts(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.charts)
        splitter.setSizes([790, 470])
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._status_row())
        self.resize(1280, 760)

    def _table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        arrows_point_the_rows_way(header)  # ▼ while the newest report is first
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((182, 85, 150, 160)):
            table.setColumnWidth(column, width)
        # one click opens (as a link would), Enter too
        table.clicked.connect(self._open)
        table.activated.connect(self._open)
        table.setToolTip("Click a report to open it in replay; ⚠ marks a damaged report")
        return table

    def _status_row(self) -> QHBoxLayout:
        self.status = QLabel("", self)
        self.status.setObjectName("reports-status")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("reports-progress")
        self.progress.setFixedWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("reports-cancel")
        self.cancel_button.setToolTip("Stop reading; the reports read so far stay shown")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        self._show_reading(False)
        return row

    def _show_reading(self, reading: bool) -> None:
        self.progress.setVisible(reading)
        self.cancel_button.setVisible(reading)
        self.cancel_button.setEnabled(reading)

    # ------------------------------------------------------------------ scanning

    @property
    def scanning(self) -> bool:
        return self._thread is not None

    def scan(self, paths: Sequence[str]) -> None:
        """Read every report under ``paths`` (replacing what is shown)."""
        self.stop()
        self.model.clear()
        self.unreadable.clear()
        self.skipped.clear()
        self.notices.clear()
        self.cancelled = False
        self._counts = (0, 0)
        self._first = None
        self.setWindowTitle("Jetsam reports — " + ", ".join(paths))
        self.status.setText("Finding report files…")
        self.progress.setRange(0, 0)  # busy until the files are counted
        self._show_reading(True)
        thread = QThread(self)
        thread.setObjectName("reports-scan")
        worker = ScanWorker(paths, use_index=self.use_index, workers=self.workers)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.batch.connect(self._add, Qt.ConnectionType.QueuedConnection)
        worker.finding.connect(self._finding, Qt.ConnectionType.QueuedConnection)
        worker.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        worker.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._thread, self._worker = thread, worker
        thread.start()

    @Slot()
    def cancel(self) -> None:
        """Stop reading without waiting here: the thread stops between batches (its
        pool drops the chunks not started) and says so with ``done``."""
        if self._worker is None or self._worker.stopping:
            return
        self._worker.stop()
        self.cancel_button.setEnabled(False)
        self.status.setText("Cancelling…")

    def stop(self) -> None:
        """Stop a scan under way and wait for its thread (closing, or a new scan)."""
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return
        worker.stop()
        for signal in (worker.batch, worker.finding, worker.progress, worker.done):
            signal.disconnect()  # a stopped scan's last batches must not reach a new one
        thread.quit()
        thread.wait()
        worker.deleteLater()
        thread.deleteLater()
        self._thread = self._worker = None
        self._show_reading(False)

    @Slot(object)
    def _add(self, results: list[FileResult]) -> None:
        facts: list[ReportFacts] = []
        for r in results:
            if isinstance(r, Unreadable):
                (self.unreadable if r.jetsam else self.skipped).append(r)
            else:
                facts.append(r)
                if r.date is not None:
                    moment = datetime.fromisoformat(r.date)
                    if self._first is None or moment < self._first:
                        self._first = moment
        self.model.add(facts)
        self.filters.offer(facts)
        if self._first is not None:
            self.filters.set_since_range(self._first)
        if monotonic() - self._last_refresh >= REFRESH_S:  # a few redraws a second at most
            self._refresh()

    @Slot(int)
    def _finding(self, found: int) -> None:
        self.status.setText(f"Finding report files… {found:,} so far")

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self._counts = (done, total)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done:,} of {total:,} files")
        if self._worker is not None and not self._worker.stopping:
            self.status.setText(reading_text(done, total, self.model.rowCount()))

    @Slot(object, bool)
    def _done(self, notices: list[str], cancelled: bool) -> None:
        self.notices = list(notices)
        self.cancelled = cancelled
        thread = self._thread
        if thread is not None:
            thread.quit()
            thread.wait()  # the worker has returned: only the thread's own end is left
        if self._worker is not None:
            self._worker.deleteLater()
        if thread is not None:
            thread.deleteLater()
        self._thread = self._worker = None
        self._show_reading(False)
        self._refresh()
        self.scan_finished.emit()

    # ------------------------------------------------------------------ view

    def _apply_filters(self) -> None:
        self.proxy.set_filter(
            BrowserFilter(
                process=self.filters.value("process"),
                reason=self.filters.value("reason"),
                device=self.filters.value("device"),
                os_version=self.filters.value("os_version"),
                since=self.filters.since(),
            )
        )
        self._refresh()

    def _refresh(self) -> None:
        self._last_refresh = monotonic()
        visible = self.proxy.visible_facts()
        flt = self.proxy.filter
        self.charts.show_data(chart_data(visible, flt))
        text, tip = status_text(
            reports=self.model.rowCount(),
            duplicates=self.model.duplicates,
            unreadable=self.unreadable,
            skipped=self.skipped,
            visible=visible,
            flt=flt,
            reading=self.scanning,
            notices=self.notices,
            cancelled=self._counts if self.cancelled else None,
        )
        if not (self.scanning and self._worker is not None and self._worker.stopping):
            self.status.setText(text)
        self.status.setToolTip(tip)

    def _open(self, index: QModelIndex) -> None:
        facts = self.proxy.data(index, FACTS_ROLE)
        if isinstance(facts, ReportFacts):
            self.open_reports([facts.path])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)


def show_reports_browser(
    window: QWidget, folders: Sequence[str], open_reports: OpenReports
) -> ReportsBrowser:
    """A reports browser (a window of ``window``) reading ``folders``."""
    browser = ReportsBrowser(open_reports, window)
    browser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    browser.show()
    browser.scan(list(folders))
    return browser


def open_reports_folder(window: QWidget, open_reports: OpenReports) -> ReportsBrowser | None:
    """Ask for a folder and open a reports browser on it (a window of ``window``)."""
    folder = QFileDialog.getExistingDirectory(window, "Open Reports Folder")
    if not folder:
        return None
    return show_reports_browser(window, [folder], open_reports)
