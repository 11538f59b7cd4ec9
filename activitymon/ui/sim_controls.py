"""The simulator toolbar: play / pause, single step, speed, device profile, restart,
"start a hog" in a chosen band, and simulated warn / critical / normal pressure.
Shown only for sources with ``Capability.STEERABLE``."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QWidget

from activitymon.model import Era, PressureLevel, band_label, band_name, band_names, convert_band

SPEEDS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
HOG_RATE_MB_S = 24.0
DEFAULT_PROFILE_TEXT = "Scenario's device"


class SimulatorToolbar(QToolBar):
    play_toggled = Signal(bool)  # True = playing
    step_requested = Signal()
    speed_changed = Signal(float)
    restart_requested = Signal()
    profile_chosen = Signal(str)  # "" = the scenario's own device
    hog_requested = Signal(int)  # band
    pressure_requested = Signal(object)  # PressureLevel | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Simulator", parent)
        self.setObjectName("simulator-toolbar")
        # one plain action whose text says what a click does (not a checkable
        # "✓ Pause" that reads as paused while the clock runs)
        self.playing = True
        self.play_action = QAction("Pause", self)
        self.play_action.setObjectName("sim-play")
        self.play_action.setShortcut(QKeySequence("Space"))
        self.play_action.setToolTip("Pause the simulated clock (Space)")
        self.play_action.triggered.connect(self._play_triggered)
        self.addAction(self.play_action)
        self.step_action = QAction("Step", self)
        self.step_action.setObjectName("sim-step")
        # its own key only: the arrow keys belong to the table and lists that have focus
        self.step_action.setShortcut(QKeySequence("."))
        self.step_action.setToolTip("Advance one sample interval (.)")
        self.step_action.triggered.connect(self.step_requested)
        self.addAction(self.step_action)

        self.addWidget(QLabel(" Speed "))
        self.speed_box = QComboBox()
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setToolTip("Simulated seconds per real second")
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.speed_changed.emit(float(self.speed_box.itemData(i)))
        )
        self.addWidget(self.speed_box)

        self._build_device_controls()
        self._build_story_controls()
        self.set_era(Era.MODERN)

    def speed(self) -> float:
        """Simulated seconds per real second, as chosen."""
        return float(self.speed_box.currentData())

    def _build_device_controls(self) -> None:
        self.addSeparator()
        self.addWidget(QLabel(" Device "))
        self.profile_box = QComboBox()
        self.profile_box.setToolTip("Restart the scenario on another device profile")
        self.profile_box.activated.connect(self._profile_activated)
        self.addWidget(self.profile_box)
        self.restart_action = QAction("Restart", self)
        self.restart_action.setObjectName("sim-restart")
        self.restart_action.setShortcut(QKeySequence("Ctrl+R"))
        self.restart_action.setToolTip("Start the scenario again from t = 0 (Ctrl+R)")
        self.restart_action.triggered.connect(self.restart_requested)
        self.addAction(self.restart_action)

    def _build_story_controls(self) -> None:
        """Start a hog in a band; simulated pressure."""
        self.addSeparator()
        self.hog_band_box = QComboBox()
        self.hog_band_box.setToolTip("Band the hog starts in")
        self.hog_band_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.hog_band_box.setMaximumWidth(240)
        #: the band the user chose for the hog, by name (re-mapped on each device)
        self.hog_band_name = "FOREGROUND"
        self._era = Era.MODERN
        self.hog_band_box.activated.connect(self._hog_band_chosen)
        self.hog_action = QAction("Start a Hog", self)
        self.hog_action.setObjectName("sim-hog")
        self.hog_action.setShortcut(QKeySequence("Ctrl+H"))
        self.hog_action.setToolTip(
            f"Launch a process that allocates 8 MB chunks at {HOG_RATE_MB_S:g} MB/s, with no "
            "memory limit so that it can fill the device (a real app would meet its task "
            "limit first) (Ctrl+H)"
        )
        self.hog_action.triggered.connect(self._hog)
        self.addAction(self.hog_action)
        self.addWidget(QLabel(" in "))
        self.addWidget(self.hog_band_box)

        self.addSeparator()
        self.addWidget(QLabel(" Pressure "))
        self.pressure_actions: dict[str, QAction] = {}
        for text, level in (
            ("Warn", PressureLevel.WARN),
            ("Critical", PressureLevel.CRITICAL),
            ("Normal", None),
        ):
            action = QAction(text, self)
            action.setObjectName(f"sim-pressure-{text.lower()}")
            action.setToolTip(
                "Let the simulated memory decide the level again"
                if level is None
                else f"Simulate {text.lower()} pressure (as memory_pressure -S -l {text.lower()})"
            )
            action.triggered.connect(lambda _=False, lv=level: self.pressure_requested.emit(lv))
            self.addAction(action)
            self.pressure_actions[text.lower()] = action

    def _play_triggered(self) -> None:
        self.set_playing(not self.playing)
        self.play_toggled.emit(self.playing)

    def _hog(self) -> None:
        self.hog_requested.emit(int(self.hog_band_box.currentData()))

    def _hog_band_chosen(self, index: int) -> None:
        self.hog_band_name = band_name(int(self.hog_band_box.itemData(index)), self._era)

    def _profile_activated(self, index: int) -> None:
        data = self.profile_box.itemData(index)
        self.profile_chosen.emit(str(data) if data else "")

    # -- state ----------------------------------------------------------------------------
    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        self.play_action.setText("Pause" if playing else "Play")
        verb = "Pause" if playing else "Run"
        self.play_action.setToolTip(f"{verb} the simulated clock (Space)")

    def set_profiles(self, names: list[str], current: str | None = None) -> None:
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        self.profile_box.addItem(DEFAULT_PROFILE_TEXT, "")
        for name in names:
            self.profile_box.addItem(name, name)
        if current:
            self.profile_box.setCurrentIndex(max(0, self.profile_box.findData(current)))
        self.profile_box.setEnabled(bool(names))
        if not names:
            self.profile_box.setToolTip("this simulator offers no device profiles yet")
        self.profile_box.blockSignals(False)

    def set_era(self, era: Era) -> None:
        """The bands of this device's scale; the hog's band kept by name (FOREGROUND
        is 10 on iOS 7–15 and 100 on iOS 16: the number means another band on the
        other scale), FOREGROUND where this device has no band of that name."""
        self._era = era
        self.hog_band_box.blockSignals(True)
        self.hog_band_box.clear()
        for band in sorted(band_names(era)):
            if band <= era.max_band:
                self.hog_band_box.addItem(band_label(band, era), band)
        named = [b for b, name in band_names(era).items() if name == self.hog_band_name]
        index = self.hog_band_box.findData(named[0]) if named else -1
        if index < 0:  # FOREGROUND on this scale (on iOS 6: the frontmost app's priority)
            index = self.hog_band_box.findData(convert_band(10, Era.LEGACY, era))
        self.hog_band_box.setCurrentIndex(max(0, index))
        self.hog_band_box.blockSignals(False)
