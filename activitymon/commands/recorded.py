"""``snapshot --recording FILE --at SECONDS``: one moment of a recording."""

from __future__ import annotations

import sys

from activitymon.commands.base import CommandError
from activitymon.model import Snapshot
from activitymon.recording import Recording, RecordingError


def recorded_snapshot(path: str, at: float | None) -> tuple[Snapshot, str]:
    """The snapshot of the last sample at or before ``at`` (default: the last sample)
    and the name of the source that was recorded. A cut-off file says so on stderr."""
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
            return recording.snapshot_at(moment), recording.info.source
    except RecordingError as exc:
        raise CommandError(str(exc)) from None
