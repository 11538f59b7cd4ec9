"""The pressure tray icon for live machines: a dot in the level's colour (Normal green,
Warning yellow, Critical red; on Linux the PSI-derived level), its tooltip the level
and figure, a desktop notification when the level gets worse (``AlertPolicy``:
rate-limited, switchable in Preferences), and a menu to show or hide the window. A
minimised window hides in the tray and keeps sampling. Where the desktop has no tray,
the window says so once and goes on (the title still carries the level).

It follows the window's ``tick_applied``; simulated, replayed and recorded sources show
no icon (their pressure is on screen, not on the machine).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QMainWindow, QMenu, QSystemTrayIcon

from activitymon.model import PressureLevel
from activitymon.ui.settings import AppSettings
from activitymon.ui.theme import level_colour
from activitymon.viewmodel import Tick
from activitymon.viewmodel.pressure_alerts import (
    Alert,
    AlertPolicy,
    is_live,
    pressure_line,
)

NO_TRAY = (
    "This desktop has no system tray: pressure alerts show in the window title only "
    "(no tray icon, no notifications)"
)
_MESSAGE_ICONS = {
    PressureLevel.NORMAL: QSystemTrayIcon.MessageIcon.Information,
    PressureLevel.WARN: QSystemTrayIcon.MessageIcon.Warning,
    PressureLevel.CRITICAL: QSystemTrayIcon.MessageIcon.Critical,
}
NOTIFICATION_MS = 8_000


def level_icon(level: PressureLevel | None, size: int = 64) -> QIcon:
    """A round dot in the level's colour (grey when unknown), with a dark rim so it
    reads on light and dark panels alike."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(0, 0, 0, 150), max(2, size // 16)))
    painter.setBrush(level_colour(level))
    margin = size // 8
    painter.drawEllipse(margin, margin, size - 2 * margin, size - 2 * margin)
    painter.end()
    return QIcon(pixmap)


class PressureTray(QObject):
    def __init__(
        self,
        window: QMainWindow,
        settings: AppSettings,
        *,
        say: Callable[[str], None],
        available: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self._say = say
        self._clock = clock
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.policy = AlertPolicy()
        #: the level the icon shows (``None``: no live source, or no level yet)
        self.level: PressureLevel | None = None
        self.live = False
        self._said_no_tray = False
        #: every notification given, newest last (what a user saw pop up)
        self.notifications: list[Alert] = []
        self.icon = QSystemTrayIcon(window)
        self.icon.setObjectName("pressure-tray")
        self.icon.setIcon(level_icon(None))
        self.icon.setToolTip("activitymon")
        self.icon.activated.connect(self._activated)
        self.menu = QMenu()
        self.status_action = self.menu.addAction("Memory pressure: —")
        self.status_action.setEnabled(False)
        self.menu.addSeparator()
        self.show_action = self.menu.addAction("Show activitymon")
        self.show_action.triggered.connect(self.show_window)
        self.notify_action = QAction("Notify When Pressure Rises", self.menu)
        self.notify_action.setCheckable(True)
        self.notify_action.setChecked(settings.notify_pressure)
        self.notify_action.toggled.connect(self._notify_toggled)
        self.menu.addAction(self.notify_action)
        self.menu.addSeparator()
        self.menu.addAction("Quit activitymon").triggered.connect(window.close)
        self.menu.aboutToShow.connect(
            lambda: self.notify_action.setChecked(self.settings.notify_pressure)
        )
        self.icon.setContextMenu(self.menu)
        window.installEventFilter(self)
        window.destroyed.connect(self.menu.deleteLater)

    # -- ticks ----------------------------------------------------------------------------
    def apply(self, tick: Tick) -> None:
        live = is_live(tick.kind)
        if live != self.live:
            self.live = live
            self.policy.reset()
            self._set_level(None)
            if live and not self.available and not self._said_no_tray:
                self._said_no_tray = True
                self._say(NO_TRAY)
            self.icon.setVisible(live and self.available)
        snapshot = tick.snapshot
        if not live or snapshot is None:
            return
        self._set_level(snapshot.level)
        line = pressure_line(snapshot)
        self.icon.setToolTip(f"activitymon — {line}")
        self.status_action.setText(line)
        alert = self.policy.observe(snapshot, self._clock(), enabled=self.settings.notify_pressure)
        if alert is not None:
            self.notify(alert)

    def reset(self) -> None:
        """A new source: its first level is where the watch starts."""
        self.policy.reset()

    def _set_level(self, level: PressureLevel | None) -> None:
        if level != self.level:
            self.level = level
            self.icon.setIcon(level_icon(level))

    def notify(self, alert: Alert) -> None:
        self.notifications.append(alert)
        if self.available and self.icon.isVisible():
            self.icon.showMessage(
                alert.title, alert.message, _MESSAGE_ICONS[alert.level], NOTIFICATION_MS
            )

    # -- the window -----------------------------------------------------------------------
    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            if self.window.isVisible() and not self.window.isMinimized():
                self.window.hide()
            else:
                self.show_window()

    def _notify_toggled(self, on: bool) -> None:
        self.settings.notify_pressure = on

    def minimised_into_tray(self) -> bool:
        """Whether minimising now hides the window in the tray."""
        return self.live and self.available and self.settings.minimise_to_tray

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.window
            and event.type() == QEvent.Type.WindowStateChange
            and self.window.isMinimized()
            and self.minimised_into_tray()
        ):
            QTimer.singleShot(0, self.window.hide)  # not inside the state change itself
        return False
