"""The time scrubber of a recording: a slider over every sample, play / pause, a
step back and forward, the playback speed, and where the recording stands.

It only asks: a drag, a step or a jump emits :attr:`seek_requested` with a sample
index; play, pause and the speed go to the sampler's clock. The tick that follows says
where the recording stands (:meth:`follow`), and the slider moves there without
asking again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QSlider, QToolBar, QWidget

from activitymon.units import format_duration

SPEEDS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


def clock_label(seconds: float) -> str:
    """``12.0 s``, ``3:05``, ``1:02:03``: where on the recorded clock."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ScrubberToolbar(QToolBar):
    """⏮ ◀ ▶/⏸ ▶ ⏭ ──●────── 12.0 s of 40.0 s (sample 13 of 41)  speed."""

    seek_requested = Signal(int)
    play_toggled = Signal(bool)
    speed_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Recording", parent)
        self.setObjectName("scrubber-toolbar")
        self.index = 0
        self.count = 1
        self.start_action = self._add(
            "start", "« Start", "Ctrl+Home", "Start of the recording", self._start
        )
        # steps on their own keys: the arrow keys belong to the table or list in focus
        self.back_action = self._add(
            "back", "◀ Step", ",", "One sample back", lambda: self._seek(self.index - 1)
        )
        self.playing = False  # one plain action: its text says what a click does
        self.play_action = self._add("play", "▶ Play", "Space", "Play or pause", self._toggle)
        self.forward_action = self._add(
            "forward", "Step ▶", ".", "One sample forward", lambda: self._seek(self.index + 1)
        )
        self.end_action = self._add(
            "end", "End »", "Ctrl+End", "End of the recording", lambda: self._seek(self.count - 1)
        )
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("scrubber-slider")
        self.slider.setMinimumWidth(320)
        self.slider.setToolTip("Drag to any moment of the recording")
        self.slider.setTracking(False)  # seek on release, not on every pixel
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderMoved.connect(self._preview)
        self.addWidget(self.slider)
        self.where = QLabel()
        self.where.setObjectName("scrubber-position")
        self.addWidget(self.where)
        self.speed_box = QComboBox()
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.setToolTip("Recorded seconds played per real second")
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.speed_changed.emit(float(self.speed_box.itemData(i)))
        )
        self.addWidget(self.speed_box)
        self._times: tuple[float, float] = (0.0, 0.0)
        self._following = False
        self.follow(0, 1, 0.0, 0.0, 0.0)

    def _add(self, name: str, text: str, key: str, tip: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"scrubber-{name}")
        action.setShortcut(QKeySequence(key))
        action.setToolTip(f"{tip} ({QKeySequence(key).toString()})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _start(self) -> None:
        self._seek(0)

    def _seek(self, index: int) -> None:
        if 0 <= index < self.count and index != self.index:
            self.seek_requested.emit(index)

    def _toggle(self) -> None:
        self.set_playing(not self.playing)
        self.play_toggled.emit(self.playing)

    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        self.play_action.setText("⏸ Pause" if playing else "▶ Play")

    def _slider_moved(self, value: int) -> None:
        if not self._following:
            self._seek(value)

    def _preview(self, value: int) -> None:
        self.where.setText(f"  → sample {value + 1} of {self.count}  ")

    def follow(self, index: int, count: int, now: float, start: float, end: float) -> None:
        """Show where the recording stands (from the tick), without seeking."""
        self.index, self.count = index, max(1, count)
        self._following = True
        try:
            self.slider.setRange(0, self.count - 1)
            if not self.slider.isSliderDown():
                self.slider.setValue(index)
        finally:
            self._following = False
        self.where.setText(
            f"  {clock_label(now - start)} of {clock_label(end - start)}"
            f"  (sample {index + 1} of {self.count})  "
        )
        self.slider.setToolTip(
            f"Drag to any moment of the recording ({format_duration(end - start)})"
        )
        at_start, at_end = index <= 0, index + 1 >= self.count
        self.start_action.setEnabled(not at_start)
        self.back_action.setEnabled(not at_start)
        self.forward_action.setEnabled(not at_end)
        self.end_action.setEnabled(not at_end)
