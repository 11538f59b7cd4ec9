"""The process table's column widths: fitted to their content the first time a kind of
source fills the table (the header's title, and the texts of the rows around the ones
shown, each kind of column up to a cap: a longer text is elided, its cell's tooltip
shows it whole), then as the user left them (QSettings, per kind of source).

Where the fitted columns are wider than the table (a 1024 px screen), the less
essential ones (:data:`SHOWN_WHERE_ROOM`) are hidden, in that order, until the rest
fit, so State is read without scrolling; the header's menu shows them again. This
happens only while the user has not chosen columns for that kind of source: a choice
made in the menu is kept as made."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QTableView

from activitymon.ui.settings import AppSettings
from activitymon.viewmodel.columns import COLUMN_KEYS

#: rows looked at to fit a column (a fit at 1,000 rows would ask Python for every cell)
FIT_ROWS = 120
#: no column fitted wider than this (a very long name); the user can widen it
MAX_FIT_WIDTH = 320
#: the process names are widened up to this when the table has room to spare
NAME_WIDTH = 280
#: narrower caps for the long texts: a band name, a process name
FIT_CAPS = {"band": 170, "name": 200}
#: hidden, in this order, while the fitted columns do not fit the table: the ledger's
#: lifetime maximum, the resident size beside the footprint (an optional column in
#: Activity Monitor too), the limit that applies only in the background, compressed
SHOWN_WHERE_ROOM = ("lifetime_max", "rss", "inactive_limit", "compressed")


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
                cap = FIT_CAPS.get(key, MAX_FIT_WIDTH)
                if width > cap:
                    self.view.horizontalHeader().resizeSection(i, cap)
            if keys is None:
                self._make_room()
                self._uncap()
                self._widen_names()
        finally:
            self._applying = False

    def _make_room(self) -> None:
        """Hide the less essential columns while the shown ones are wider than the
        table, unless the user chose this source's columns (then theirs stand)."""
        if self.settings.hidden_columns(self.source_name) is not None:
            return
        if not self.view.isVisible():  # no width of its own yet: nothing to fit into
            return
        header = self.view.horizontalHeader()
        room = self._room()
        if room <= 0:
            return
        for key in SHOWN_WHERE_ROOM:
            if header.length() <= room:
                return
            self.view.setColumnHidden(COLUMN_KEYS.index(key), True)

    def _uncap(self) -> None:
        """Room left at the right first goes back to the capped columns, up to their
        content (a band name read whole rather than a wider process name)."""
        header = self.view.horizontalHeader()
        for key in FIT_CAPS:
            i = COLUMN_KEYS.index(key)
            spare = self._room() - header.length()
            if spare <= 0 or self.view.isColumnHidden(i):
                continue
            want = min(
                MAX_FIT_WIDTH, max(self.view.sizeHintForColumn(i), header.sectionSizeHint(i))
            )
            if want > header.sectionSize(i):
                header.resizeSection(
                    i, header.sectionSize(i) + min(spare, want - header.sectionSize(i))
                )

    def _widen_names(self) -> None:
        """Room left at the right goes to the process names (up to a point): no column
        is stretched to fill the table (a figure 300 px wide reads as an empty one)."""
        header = self.view.horizontalHeader()
        name = COLUMN_KEYS.index("name")
        spare = self._room() - header.length()
        if spare > 0 and not self.view.isColumnHidden(name):
            width = header.sectionSize(name)
            header.resizeSection(name, min(max(width, NAME_WIDTH), width + spare))

    def _room(self) -> int:
        """The table's width for columns, less a vertical scroll bar's even before the
        rows call for one (the first fit comes with the first rows, before the bar)."""
        room = self.view.viewport().width()
        if not self.view.verticalScrollBar().isVisible():
            room -= self.view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return room

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
