"""File → Open Reports Folder…: a window over every jetsam report in a folder.

A table of reports (date, device, OS, largest process, victims with reasons), filters
by process, reason, device, OS and date, charts of kills by reason and of footprint at
death per process; a double-click opens that report in replay. The folder is scanned
off the GUI thread (:class:`ScanWorker` in a ``QThread``, reading through the report
index and a process pool); results arrive in batches and are appended.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time
from time import monotonic

from PySide6.QtCore import QDate, QModelIndex, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from activitymon.reports.incident import FileResult, ReportFacts, Unreadable
from activitymon.reports.index import ReportIndex
from activitymon.reports.scan import scan_batches
from activitymon.ui.reports_charts import ReportsCharts
from activitymon.ui.reports_table import ANY, FACTS_ROLE, ReportsFilter, ReportsTableModel
from activitymon.viewmodel.reports_browser import BrowserFilter, chart_data, status_text

OpenReports = Callable[[Sequence[str]], object]
#: while reading, the charts and status line are redrawn at most this often
REFRESH_S = 0.25


class ScanWorker(QObject):
    """Reads the folder in its own thread; emits batches of per-file results."""

    batch = Signal(object)  # list[FileResult]
    progress = Signal(int, int)
    done = Signal(object)  # list[str]: notices (a rebuilt index …)

    def __init__(self, paths: Sequence[str], *, use_index: bool, workers: int | None) -> None:
        super().__init__()
        self.paths = list(paths)
        self.use_index = use_index
        self.workers = workers
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    @Slot()
    def run(self) -> None:
        notices: list[str] = []
        index = None
        if self.use_index:
            try:
                index = ReportIndex()
            except OSError as exc:
                notices.append(f"no report index ({exc})")
        try:
            # a fresh interpreter per worker: forking a process that runs Qt threads is unsafe
            for results in scan_batches(
                self.paths,
                index=index,
                workers=self.workers,
                progress=self.progress.emit,
                mp_context=multiprocessing.get_context("spawn"),
            ):
                if self._stop.is_set():
                    break
                self.batch.emit(results)
        except Exception as exc:  # never a traceback from a thread: say it in the window
            notices.append(f"reading stopped: {type(exc).__name__}: {exc}")
        finally:
            if index is not None:
                if index.notice:
                    notices.append(index.notice)
                index.close()
            self.done.emit(notices)


class _Filters(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combos: dict[str, QComboBox] = {}
        for key, everything in (
            ("process", "All processes"),
            ("reason", "All reasons"),
            ("device", "All devices"),
            ("os_version", "All OS versions"),
        ):
            combo = QComboBox(self)
            combo.setObjectName(f"filter-{key}")
            combo.addItem(everything, ANY)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
            combo.currentIndexChanged.connect(self.changed)
            layout.addWidget(combo)
            self.combos[key] = combo
        self.since_box = QCheckBox("Since", self)
        self.since_date = QDateEdit(self)
        self.since_date.setCalendarPopup(True)
        self.since_date.setDisplayFormat("yyyy-MM-dd")
        self.since_date.setEnabled(False)
        self.since_box.toggled.connect(self.since_date.setEnabled)
        self.since_box.toggled.connect(self.changed)
        self.since_date.dateChanged.connect(self.changed)
        layout.addWidget(self.since_box)
        layout.addWidget(self.since_date)
        layout.addStretch(1)
        self._values: dict[str, set[str]] = {key: set() for key in self.combos}

    def offer(self, facts: Sequence[ReportFacts]) -> None:
        """Add the values these reports bring to the choices (sorted, selection kept)."""
        found = {
            "process": {v.name for f in facts for v in f.victims},
            "reason": {v.reason for f in facts for v in f.victims},
            "device": {f.device for f in facts if f.device},
            "os_version": {f.os_version for f in facts if f.os_version},
        }
        for key, values in found.items():
            new = values - self._values[key]
            if not new:
                continue
            self._values[key] |= new
            combo = self.combos[key]
            for value in sorted(new):
                at = 1
                while at < combo.count() and str(combo.itemData(at)) < value:
                    at += 1
                combo.blockSignals(True)
                combo.insertItem(at, value, value)
                combo.blockSignals(False)

    def value(self, key: str) -> str:
        return str(self.combos[key].currentData() or ANY)

    def since(self) -> datetime | None:
        if not self.since_box.isChecked():
            return None
        day = self.since_date.date()
        return datetime.combine(
            datetime(day.year(), day.month(), day.day()).date(), time(), tzinfo=UTC
        )

    def set_since_range(self, first: datetime) -> None:
        if not self.since_box.isChecked():
            self.since_date.blockSignals(True)
            self.since_date.setDate(QDate(first.year, first.month, first.day))
            self.since_date.blockSignals(False)


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
        self._first: datetime | None = None
        self._last_refresh = 0.0
        self._thread: QThread | None = None
        self._worker: ScanWorker | None = None
        self.model = ReportsTableModel(self)
        self.proxy = ReportsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filters = _Filters(self)
        self.filters.changed.connect(self._apply_filters)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((120, 85, 150, 160)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open)
        self.table.setToolTip("Double-click a report to open it in replay")
        self.charts = ReportsCharts(self)
        self.status = QLabel("", self)
        self.status.setObjectName("reports-status")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.charts)
        splitter.setSizes([790, 470])
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.resize(1280, 760)

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
        self._first = None
        self.setWindowTitle("Jetsam reports — " + ", ".join(paths))
        self.status.setText("Reading reports…")
        thread = QThread(self)
        worker = ScanWorker(paths, use_index=self.use_index, workers=self.workers)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.batch.connect(self._add, Qt.ConnectionType.QueuedConnection)
        worker.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        worker.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._thread, self._worker = thread, worker
        thread.start()

    def stop(self) -> None:
        """Stop a scan under way and wait for its thread (never left running)."""
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return
        worker.stop()
        for signal in (worker.batch, worker.progress, worker.done):
            signal.disconnect()  # a stopped scan's last batches must not reach a new one
        thread.quit()
        thread.wait()
        worker.deleteLater()
        thread.deleteLater()
        self._thread = self._worker = None

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

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.status.setText(f"Reading reports… {done} of {total} files")

    @Slot(object)
    def _done(self, notices: list[str]) -> None:
        self.notices = list(notices)
        thread = self._thread
        if thread is not None:
            thread.quit()
            thread.wait()
        if self._worker is not None:
            self._worker.deleteLater()
        if thread is not None:
            thread.deleteLater()
        self._thread = self._worker = None
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
        )
        self.status.setText(text)
        self.status.setToolTip(tip)

    def _open(self, index: QModelIndex) -> None:
        facts = self.proxy.data(index, FACTS_ROLE)
        if isinstance(facts, ReportFacts):
            self.open_reports([facts.path])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)


def open_reports_folder(window: QWidget, open_reports: OpenReports) -> ReportsBrowser | None:
    """Ask for a folder and open a reports browser on it (a window of ``window``)."""
    folder = QFileDialog.getExistingDirectory(window, "Open Reports Folder")
    if not folder:
        return None
    browser = ReportsBrowser(open_reports, window)
    browser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    browser.show()
    browser.scan([folder])
    return browser
