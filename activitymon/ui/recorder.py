"""File → Record: every tick the window applied, written to an ``.amrec`` file.

The recorder takes the ticks the window applied (connect :meth:`Recorder.take` to the
window's ``tick_applied``): what the window shows is what is written. It keeps the last
tick itself, so it needs nothing of the window but a line in the status bar (``say``)
and a parent for the save dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from activitymon.recording import SUFFIX, RecordingError, RecordingWriter, check_output
from activitymon.sources import KNOWN
from activitymon.units import format_bytes, format_duration
from activitymon.viewmodel import Tick

RECORDING_FILTER = f"Recordings (*{SUFFIX});;All files (*)"


class Recorder(QObject):
    """The Record toggle (``record_action``) and the ● REC label (``status``) the
    window places; a writer while recording."""

    def __init__(self, parent: QWidget, say: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._say = say
        self.writer: RecordingWriter | None = None
        self._generation = 0
        self._last: Tick | None = None
        #: ``False`` while the source is a recording (nothing to record but itself)
        self.recordable = True
        self.status = QLabel()
        self.status.setObjectName("recording-status")
        self.status.setVisible(False)
        self.record_action = QAction("Record", parent)
        self.record_action.setObjectName("record")
        self.record_action.setCheckable(True)
        self.record_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.record_action.setToolTip("Record what the window shows from now on")
        self.record_action.toggled.connect(self._record_toggled)

    def set_recordable(self, recordable: bool) -> None:
        """A new source: a recording being played cannot be recorded again."""
        self.recordable = recordable

    def take(self, tick: Tick) -> None:
        """A tick the window applied: kept, and written while recording."""
        self._last = tick
        self._write(tick)

    def _record_toggled(self, on: bool) -> None:
        if on and self.writer is None:
            if not self._start_recording():
                self.record_action.setChecked(False)
        elif not on and self.writer is not None:
            self.stop_recording()

    def _start_recording(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self._parent, "Record to", f"activitymon{SUFFIX}", RECORDING_FILTER
        )
        return bool(path) and self.start_recording(Path(path))

    def start_recording(self, path: Path, *, force: bool = True) -> bool:
        """Record every tick the window applies from now on into ``path`` (the save
        dialog already asked about replacing a file)."""
        tick = self._last
        if tick is None:
            self._say("nothing to record yet")
            return False
        if not self.recordable:  # it is one already (and may be this very file)
            self._say("this is a recording already; play it, or open another source")
            return False
        try:
            check_output(path, force=force)
            self.writer = RecordingWriter(
                path,
                source=str(tick.kind or ""),
                description=tick.description,
                capabilities=[c.value for c in tick.capabilities & KNOWN],
                interval=tick.clock.interval,
                facts=tick.facts,
            )
        except RecordingError as exc:
            self._say(str(exc))
            return False
        self._generation = tick.generation
        self.record_action.setChecked(True)
        self.status.setVisible(True)
        self._show_status()
        return True

    def stop_recording(self, why: str = "") -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            writer.close()
        except RecordingError as exc:
            why = str(exc)
        self.record_action.setChecked(False)
        self.status.setVisible(False)
        done = (
            f"recorded {writer.samples} samples ({format_duration(writer.duration)}) "
            f"to {writer.path.name}"
        )
        self._say(f"{done}; {why}" if why else done)

    def _write(self, tick: Tick) -> None:
        if self.writer is None or tick.snapshot is None:
            return
        if tick.generation != self._generation:
            self.stop_recording("recording stopped: the source changed")
            return
        if tick.history is not None:
            return  # a jump in a recording being recorded: not a moment that follows
        try:
            self.writer.add(tick.snapshot, tick.events, tick.reports)
        except RecordingError as exc:
            self.stop_recording(str(exc))
            return
        self._show_status()

    def _show_status(self) -> None:
        writer = self.writer
        if writer is not None:
            self.status.setText(
                f"● REC {format_duration(writer.duration)} · {format_bytes(writer.file_size())}"
            )
