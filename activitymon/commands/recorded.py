"""``snapshot --recording FILE --at SECONDS``: one moment of a recording."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence

from activitymon.commands.base import CommandError
from activitymon.inputs import InputError, head
from activitymon.model import Snapshot
from activitymon.recording import Recording, RecordingError, looks_like_recording
from activitymon.sources import KNOWN, Capability
from activitymon.sources.recording import RecordingSource
from activitymon.terminal import clean, error_line


def recorded_snapshot(path: str, at: float | None) -> tuple[Snapshot, str, frozenset[Capability]]:
    """The snapshot of the last sample at or before ``at`` (default: the last sample),
    the name of the source that was recorded and what it could know. A recording cut
    off, still being written or damaged part way says so on stderr (one line)."""
    try:
        with Recording(path) as recording:
            problem = recording.info.problem
            if at is not None and not recording.start <= at <= recording.end:
                raise CommandError(
                    f"{clean(path)}: --at {at:g} is outside the recording "
                    f"(t = {recording.start:g} … {recording.end:g} s)"
                    + (f" — {problem}" if problem else "")
                )
            if problem:
                with contextlib.suppress(OSError):
                    print(error_line(problem), file=sys.stderr)
            moment = recording.end if at is None else at
            known = {c.value for c in KNOWN}  # what the recorded source knew
            caps = frozenset(Capability(c) for c in recording.info.capabilities if c in known)
            return recording.snapshot_at(moment), recording.info.source, caps
    except RecordingError as exc:
        raise CommandError(str(exc)) from None


def _is_recording(path: str) -> bool:
    """Whether a regular file starts as a recording does (a named pipe or a device is
    not opened: it is left to the report reader, which refuses it in one line)."""
    try:
        return looks_like_recording(head(path, 16))
    except InputError:
        return False


def recording_among(paths: Sequence[str]) -> str | None:
    """The recording among the files given to the window (found by content, not by
    name), or ``None``. A recording opens alone."""
    found = [p for p in paths if _is_recording(p)]
    if not found:
        return None
    if len(paths) > 1:
        raise CommandError(f"{found[0]}: a recording opens alone (give it without other files)")
    return found[0]


def open_recording_source(path: str) -> RecordingSource:
    return RecordingSource.open(path)
