"""Recordings: what a source showed, sample by sample, in one SQLite file (``.amrec``).

Qt-free. :class:`RecordingWriter` appends samples (with their events and reports);
:class:`Recording` opens a file (also one cut off by a crash) and rebuilds the
snapshot at any moment. The file layout is in :mod:`activitymon.recording.schema`.
"""

from activitymon.recording.reader import Recording, RecordingInfo
from activitymon.recording.schema import (
    SCHEMA_VERSION,
    SUFFIX,
    RecordingError,
    looks_like_recording,
)
from activitymon.recording.target import RecordingWriteError
from activitymon.recording.writer import RecordingWriter, check_output

__all__ = [
    "SCHEMA_VERSION",
    "SUFFIX",
    "Recording",
    "RecordingError",
    "RecordingInfo",
    "RecordingWriteError",
    "RecordingWriter",
    "check_output",
    "looks_like_recording",
]
