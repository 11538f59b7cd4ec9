"""What every command shares."""

from __future__ import annotations


class CommandError(Exception):
    """A user-caused failure of a command: printed as one line, exit status 2."""
