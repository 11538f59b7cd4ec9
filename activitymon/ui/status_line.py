"""The window's status bar: what is watched and how often, what the frontmost app can
still use (``ui/headroom_label.py``), the source's clock, and one-line messages (errors
stay longer than news).

Texts that change every tick go into steady labels: a new text never lays the window
out again (``steady_labels.py``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from activitymon.ui.headroom_label import HeadroomLabel
from activitymon.ui.steady_labels import make_steady
from activitymon.viewmodel import CommandResult
from activitymon.viewmodel.commands import CommandFailed, Stepped, TimelineMoved, result_message

ERROR_MS = 10_000
MESSAGE_MS = 5_000


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self._bar = bar
        self.source_label = QLabel()
        self.time_label = make_steady(QLabel(), "t = 9999999.9 s")
        self.headroom = HeadroomLabel()
        bar.addWidget(self.source_label, 1)
        bar.addPermanentWidget(self.headroom)
        bar.addPermanentWidget(self.time_label)

    def show_source(self, description: str, interval: float) -> None:
        self.source_label.setText(f"Source: {description}   ·   every {interval:g} s")

    def show_time(self, t: float) -> None:
        self.time_label.setText(f"t = {t:.1f} s")

    def error(self, message: str) -> None:
        self._bar.showMessage(message, ERROR_MS)

    def message(self, message: str) -> None:
        self._bar.showMessage(message, MESSAGE_MS)

    def result(self, result: CommandResult) -> None:
        """What a command did: a failure as an error; a step or a seek says nothing
        (the views show it)."""
        if isinstance(result, CommandFailed):
            self.error(result_message(result))
        elif not isinstance(result, Stepped | TimelineMoved):
            self.message(result_message(result))
