"""Text for a terminal, made safe at one place.

Names in reports and scenarios, file names on the command line and the processes of a
live machine are written by others. Printed raw, an escape sequence in one of them can
clear the screen, set the window title or forge lines ("victims: …"). :func:`clean`
shows every such character as a visible escape instead:

* C0 controls, DEL and C1 controls → ``\\x1b``, ``\\x07``, ``\\x9b`` … (``\\n`` and
  ``\\t`` too, unless ``keep_newlines``: then a line break stays a line break);
* the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
  reorder what follows them on screen → ``\\u202e``;
* a lone surrogate (an undecodable byte of a file name, ``\\ud800`` in JSON) →
  ``\\udcff``, so that writing the text can never fail with ``UnicodeEncodeError``.

Everything else (accents, CJK, emoji) is kept.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

from activitymon.model.text import shortened

__all__ = ["clean", "error_line", "is_clean", "shortened", "write"]

_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
_UNSAFE_KEEP_NEWLINES = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` (``str()`` of anything) with every unsafe character escaped."""
    value = text if isinstance(text, str) else str(text)
    pattern = _UNSAFE_KEEP_NEWLINES if keep_newlines else _UNSAFE
    return pattern.sub(_escape, value)


def is_clean(text: str, *, keep_newlines: bool = False) -> bool:
    pattern = _UNSAFE_KEEP_NEWLINES if keep_newlines else _UNSAFE
    return pattern.search(text) is None


def write(text: str, stream: TextIO | None = None) -> None:
    """Write a block of lines (newlines kept, everything else unsafe escaped)."""
    (stream or sys.stdout).write(clean(text, keep_newlines=True))


def error_line(message: object, prog: str = "activitymon") -> str:
    """``activitymon: <message>`` as one clean line (newlines in it escaped)."""
    return f"{prog}: {clean(message)}"
