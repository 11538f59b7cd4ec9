"""The process table's column widths: fitted to their content the first time a kind of
source fills the table (the header's title, and the texts of the rows around the ones
shown), then as the user left them (QSettings, per kind of source)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from activitymon.ui.settings import AppSettings
from activitymon.viewmodel.columns import COLUMN_KEYS

#: rows looked at to fit a column (a fit at 1,000 rows would ask Python for every cell)
FIT_ROWS = 120
#: no column fitted wider than this (a very long name); the user can widen it
MAX_FIT_WIDTH = 320
#: the process names are widened up to this when the table has room to spare
NAME_WIDTH = 280


class ColumnWidths:
    def __init__(self, view: QTableView, settings: AppSettings) -> None:
        self.view = view
        self.settings = settings
        self.source_name = ""
        #: fit the shown columns at the next snapshot with rows
        self.fit_pending = False
        self._applying = False
        header = view.horizontalHeader()
        header.setResizeContentsPrecision(FIT_ROWS)
        header.sectionResized.connect(self._resized)

    def configure(self, source_name: str) -> None:
        """A new kind of source: its remembered widths, or a fit at its first rows."""
        self.source_name = source_name
        saved = self.settings.column_widths(source_name)
        self.fit_pending = not saved
        if saved:
            self._apply(saved)

    def after_snapshot(self) -> None:
        if self.fit_pending and self.view.model().rowCount() > 0:
            self.fit_pending = False
            self.fit()

    def fit(self, keys: list[str] | None = None) -> None:
        """Size these columns (default: every shown one) to their content."""
        wanted = keys if keys is not None else COLUMN_KEYS
        self._applying = True
        try:
            for key in wanted:
                i = COLUMN_KEYS.index(key)
                if self.view.isColumnHidden(i):
                    continue
                self.view.resizeColumnToContents(i)
                width = self.view.horizontalHeader().sectionSize(i)
                if width > MAX_FIT_WIDTH:
                    self.view.horizontalHeader().resizeSection(i, MAX_FIT_WIDTH)
            if keys is None:
                self._widen_names()
        finally:
            self._applying = False

    def _widen_names(self) -> None:
        """Room left at the right goes to the process names (up to a point): no column
        is stretched to fill the table (a figure 300 px wide reads as an empty one)."""
        header = self.view.horizontalHeader()
        name = COLUMN_KEYS.index("name")
        spare = self.view.viewport().width() - header.length()
        if spare > 0 and not self.view.isColumnHidden(name):
            width = header.sectionSize(name)
            header.resizeSection(name, min(max(width, NAME_WIDTH), width + spare))

    def column_shown(self, key: str) -> None:
        """A column the user just showed: fitted unless they sized it before."""
        if key not in self.settings.column_widths(self.source_name):
            self.fit([key])

    def _apply(self, widths: dict[str, int]) -> None:
        self._applying = True
        try:
            header = self.view.horizontalHeader()
            for key, width in widths.items():
                if key in COLUMN_KEYS:
                    header.resizeSection(COLUMN_KEYS.index(key), width)
        finally:
            self._applying = False

    def _resized(self, _logical: int, _old: int, _new: int) -> None:
        # only the user's drags (and double-clicks on a handle) are remembered; a fit
        # and restored widths are not
        if self._applying or not QApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            return
        self.remember()

    def remember(self) -> None:
        """Keep the shown columns' widths."""
        header = self.view.horizontalHeader()
        widths = self.settings.column_widths(self.source_name)
        for i in range(len(COLUMN_KEYS)):
            if not self.view.isColumnHidden(i):
                widths[COLUMN_KEYS[i]] = header.sectionSize(i)
        self.settings.set_column_widths(self.source_name, widths)
