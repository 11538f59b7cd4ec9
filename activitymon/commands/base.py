"""What every command shares."""

from __future__ import annotations

#: the exit statuses the README promises
EXIT_FAILED = 1  # the work could not be done (a full disk, a file another run holds)
EXIT_USAGE = 2  # a bad option, argument or input file


class CommandError(Exception):
    """A user-caused failure of a command: printed as one line; exit status 2 (bad
    usage or input) unless ``status`` says 1 (the work could not be done)."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


#: the inspector window's tabs (``activitymon --inspect-tab``; ``ui/inspector/window.py``)
INSPECTOR_TABS = ("footprint", "memory", "map", "story")
