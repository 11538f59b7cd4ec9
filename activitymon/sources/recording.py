"""A recording (``.amrec``) as a source: a clocked timeline that can jump anywhere.

Time moves only on :meth:`RecordingSource.advance` (playback: the recorded clock
moves by that many seconds, samples in between are passed over but their events are
kept) or :meth:`RecordingSource.seek` (a jump to sample ``index``, forward or back).
After a jump, :meth:`drain_events` and :meth:`drain_reports` give everything recorded
up to the new moment and :meth:`drain_history` the samples before it (without their
processes), so views that were reset show the moment with its past. A file cut off
by a crash opens up to its last complete sample, and :meth:`drain_notices` says so; a
file whose first samples are damaged opens at the next keyframe that reads, said the
same way (a damaged sample reached later by a seek or playback is an error, not passed
over).
"""

from __future__ import annotations

import os

from activitymon.model import Event, JetsamReport, KernelFacts, Position, Snapshot
from activitymon.recording import Recording, RecordingError
from activitymon.recording.codec import FrameState
from activitymon.recording.reader import FRAME_ERRORS, damage_text
from activitymon.sources.base import KNOWN, Capability, SourceError, SourceKind, SourceUnavailable

#: samples of history given to views after a jump: the narration tells again what
#: happened in them (an hour at one sample a second); the graph keeps its own span
HISTORY_SAMPLES = 3600
#: what a recorded source knew, by the value kept in the file (what it could do, and
#: values of older versions, are dropped: a recording can only be played)
_KNOWN = {c.value: c for c in KNOWN}


class RecordingSource:
    name = SourceKind.RECORDING

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self.info = recording.info
        self._seq = 0
        self._clock = recording.start
        self._state: FrameState | None = None
        self._state_seq = -1
        self._snapshot: Snapshot | None = None
        #: the last sample whose events, and whose reports, were handed out
        self._events_done = -1
        self._reports_done = -1
        self._history_due = True
        self._notices = [self.info.problem] if self.info.problem else []
        #: the first sample that could be read (above 0 when the start is damaged);
        #: set once the first sample has been shown
        self._first_readable: int | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> RecordingSource:
        try:
            return cls(Recording(path))
        except RecordingError as exc:
            raise SourceUnavailable(str(exc)) from None

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset(_KNOWN[c] for c in self.info.capabilities if c in _KNOWN)

    def describe(self) -> str:
        what = self.info.description or self.info.source
        return f"Recording {self.recording.path.name} — {what}"

    def kernel_facts(self) -> KernelFacts | None:
        """The recorded kernel's facts (``None`` in files written before they were
        kept)."""
        return self.info.facts

    # -- the timeline ---------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._seq

    @property
    def count(self) -> int:
        return self.recording.sample_count

    @property
    def times(self) -> tuple[float, float]:
        """The first and last sample's time on the recorded clock."""
        return self.recording.start, self.recording.end

    def seek(self, index: int) -> None:
        """Jump to sample ``index`` (0-based); raises ``IndexError`` outside. The next
        sample is no jump: it plays on, as :meth:`advance` does."""
        if not 0 <= index < self.count:
            raise IndexError(f"sample {index} of {self.count}")
        forward_one = index == self._seq + 1  # a step forward plays on: no jump
        self._move(index)
        self._clock = self.recording.times[index]
        if not forward_one:
            self._events_done = self._reports_done = -1
            self._history_due = True

    def position(self) -> Position:
        return Position(self._seq, self.count, span=self.times)

    def seek_time(self, t: float) -> None:
        """Jump to the last sample at or before ``t`` on the recorded clock."""
        self.seek(self.recording.seq_at(t))

    def advance(self, seconds: float) -> None:
        """Play: move the recorded clock by ``seconds`` (stays on the last sample)."""
        if seconds <= 0:
            return
        self._clock = min(self._clock + seconds, self.recording.end)
        self._move(self.recording.seq_at(self._clock))

    def _move(self, seq: int) -> None:
        if seq != self._seq:
            self._seq = seq
            self._snapshot = None

    # -- reading ----------------------------------------------------------------------------
    def sample(self) -> Snapshot:
        if self._snapshot is None:
            if self._first_readable is None:
                self._open_past_damage()
            else:
                self._snapshot = self._read(self._seq)
        assert self._snapshot is not None  # read above, or SourceError raised
        return self._snapshot

    def _read(self, seq: int) -> Snapshot:
        try:
            return self._state_at(seq).snapshot()
        except RecordingError as exc:
            raise SourceError(str(exc)) from None
        except FRAME_ERRORS as exc:
            raise SourceError(
                f"{self.recording.path}: damaged sample: {damage_text(exc)}"
            ) from None

    def _open_past_damage(self) -> None:
        """The first sample shown: the one asked for, or, when the samples up to the
        next keyframe cannot be read (a damaged start), that keyframe, said once in a
        notice. Raises :class:`SourceError` when no later part reads either."""
        seq = self._seq
        while True:
            try:
                snapshot = self._read(seq)
                break
            except SourceError as exc:
                self._state, self._state_seq = None, -1
                later = self.recording.keyframe_after(seq)
                if later is None:
                    raise exc from None
                seq = later
        if seq != self._seq:
            rec = self.recording
            self._notices.append(
                f"{rec.path.name}: samples {self._seq}–{seq - 1} "
                f"({rec.times[self._seq]:g}–{rec.times[seq - 1]:g} s) are damaged and "
                f"cannot be shown; it opens at {rec.times[seq]:g} s"
            )
            self._seq = seq
            self._clock = rec.times[seq]
        self._first_readable = seq
        self._snapshot = snapshot

    def _state_at(self, seq: int) -> FrameState:
        """Step the kept state forward when the target is past it and before the next
        keyframe; otherwise rebuild from the keyframe before ``seq``."""
        state, self._state = self._state, None  # kept again only once it is whole
        rec = self.recording
        if state is None or seq < self._state_seq or rec.keyframe_before(seq) > self._state_seq:
            state = rec.state_at_seq(seq)
        elif seq > self._state_seq:
            for system, procs in rec.iter_frames(self._state_seq + 1, seq):
                state.apply(system, procs)
        self._state, self._state_seq = state, seq
        return state

    def drain_events(self) -> list[Event]:
        """Events recorded since the last call; after a jump, all up to the moment."""
        first, self._events_done = self._events_done, self._seq
        try:
            return self.recording.events(first, self._seq) if self._seq > first else []
        except RecordingError as exc:
            raise SourceError(str(exc)) from None

    def drain_reports(self) -> list[JetsamReport]:
        """Reports recorded since the last call; after a jump, all up to the moment."""
        first, self._reports_done = self._reports_done, self._seq
        try:
            return self.recording.reports(first, self._seq) if self._seq > first else []
        except RecordingError as exc:
            raise SourceError(str(exc)) from None

    def drain_history(self) -> list[Snapshot] | None:
        """After a jump (and at the start): the samples before the moment, without
        their processes, oldest first; otherwise ``None``."""
        if not self._history_due:
            return None
        self._history_due = False
        first = max(self._first_readable or 0, self._seq - HISTORY_SAMPLES)
        try:
            return self.recording.system_history(first, self._seq - 1)
        except RecordingError as exc:
            raise SourceError(str(exc)) from None

    def drain_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def close(self) -> None:
        self.recording.close()


def open_recording_source(path: str | os.PathLike[str]) -> RecordingSource:
    """Raises :class:`SourceUnavailable` with one line naming the file."""
    return RecordingSource.open(path)
