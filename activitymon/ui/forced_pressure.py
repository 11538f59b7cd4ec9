"""A forced pressure level stays in sight until released: "Pressure forced: Warn —
Normal releases it" in the status bar, in the level's colour."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from activitymon.model import PressureLevel
from activitymon.ui.explain import explain
from activitymon.ui.theme import level_colour

WORDS = {PressureLevel.WARN: "Warn", PressureLevel.CRITICAL: "Critical"}


class ForcedPressure(QLabel):
    def __init__(self, bar: QStatusBar) -> None:
        super().__init__()
        self.setObjectName("forced-pressure")
        explain(self, "pressure-forced")
        bar.addPermanentWidget(self)
        self.level: PressureLevel | None = None
        self.set_level(None)

    def set_level(self, level: PressureLevel | None) -> None:
        """``None`` or Normal: released (hidden)."""
        if level is PressureLevel.NORMAL:
            level = None
        self.level = level
        self.setVisible(level is not None)
        if level is None:
            self.setText("")
            return
        self.setText(f" Pressure forced: {WORDS[level]} — Normal releases it ")
        colour = level_colour(level)
        self.setStyleSheet(
            f"background: {colour.name()}; color: black; border-radius: 3px; font-weight: bold;"
        )
