"""Preferences: update interval, graph history length, units and pressure alerts, kept
in QSettings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QWidget,
)

from activitymon.ui.settings import HISTORY_CHOICES, AppSettings
from activitymon.units import UnitSystem

UNIT_CHOICES = (
    (UnitSystem.BINARY, "Binary: 1 KB = 1024 bytes (as Activity Monitor)"),
    (UnitSystem.DECIMAL, "Decimal: 1 kB = 1000 bytes"),
)


class PreferencesDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("activitymon Preferences")
        self.settings = settings
        self.interval = QDoubleSpinBox()
        self.interval.setObjectName("pref-interval")
        self.interval.setRange(0.1, 60.0)
        self.interval.setDecimals(1)
        self.interval.setSingleStep(0.5)
        self.interval.setSuffix(" s")
        self.interval.setValue(settings.interval)
        self.history = QComboBox()
        self.history.setObjectName("pref-history")
        for title, seconds in HISTORY_CHOICES:
            self.history.addItem(title, seconds)
        self.history.setCurrentIndex(max(0, self.history.findData(settings.history_seconds)))
        self.units = QComboBox()
        self.units.setObjectName("pref-units")
        for units, title in UNIT_CHOICES:
            self.units.addItem(title, units.value)
        self.units.setCurrentIndex(max(0, self.units.findData(settings.units.value)))
        self.notify = QCheckBox("Notify when a live machine's memory pressure gets worse")
        self.notify.setObjectName("pref-notify")
        self.notify.setChecked(settings.notify_pressure)
        self.notify.setToolTip(
            "A desktop notification at Warning and at Critical (at most one every "
            "two minutes while the level goes up and down)"
        )
        self.to_tray = QCheckBox("Minimise to the tray (keeps watching)")
        self.to_tray.setObjectName("pref-tray")
        self.to_tray.setChecked(settings.minimise_to_tray)
        self.to_tray.setToolTip(
            "A minimised window leaves the task bar; the tray icon shows the pressure "
            "level and brings the window back"
        )
        form = QFormLayout(self)
        form.addRow("Update interval:", self.interval)
        form.addRow("Graph history:", self.history)
        form.addRow("Units:", self.units)
        form.addRow("Alerts:", self.notify)
        form.addRow("", self.to_tray)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        """Write the chosen values to the settings."""
        self.settings.interval = self.interval.value()
        self.settings.history_seconds = float(self.history.currentData())
        self.settings.units = UnitSystem(str(self.units.currentData()))
        self.settings.notify_pressure = self.notify.isChecked()
        self.settings.minimise_to_tray = self.to_tray.isChecked()
        self.settings.sync()
