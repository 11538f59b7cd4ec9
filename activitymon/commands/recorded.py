"""``snapshot --recording FILE --at SECONDS``: one moment of a recording."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from activitymon.commands.base import CommandError
from activitymon.model import Snapshot
from activitymon.recording import Recording, RecordingError, looks_like_recording
from activitymon.sources import KNOWN, Capability
from activitymon.sources.recording import RecordingSource


def recorded_snapshot(path: str, at: float | None) -> tuple[Snapshot, str, frozenset[Capability]]:
    """The snapshot of the last sample at or before ``at`` (default: the last sample),
    the name of the source that was recorded and what it could know. A cut-off file
    says so on stderr."""
    try:
        with Recording(path) as recording:
            if recording.info.problem:
                sys.stderr.write(f"activitymon: {recording.info.problem}\n")
            if at is not None and not recording.start <= at <= recording.end:
                raise CommandError(
                    f"{path}: --at {at:g} is outside the recording "
                    f"(t = {recording.start:g} … {recording.end:g} s)"
                )
            moment = recording.end if at is None else at
            known = {c.value for c in KNOWN}  # what the recorded source knew
            caps = frozenset(Capability(c) for c in recording.info.capabilities if c in known)
            return recording.snapshot_at(moment), recording.info.source, caps
    except RecordingError as exc:
        raise CommandError(str(exc)) from None


def _is_recording(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return looks_like_recording(handle.read(16))
    except OSError:
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
