"""The reports browser's filters: a combo box per process, reason, device and OS
(filled with the values the reports bring, as they arrive) and a "since" date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QWidget

from activitymon.reports.incident import ReportFacts
from activitymon.ui.reports_table import ANY


class ReportFilters(QWidget):
    """The row of filters above the table: process, reason, device, OS, since."""

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
