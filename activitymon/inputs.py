"""Files and text written by others, opened and parsed within bounds, in one place.

A recording, a lesson, a scenario or a report may be a named pipe (``open`` waits for
a writer forever), a device (``/dev/zero`` reads without end), a socket, or a
symbolic link to any of them. :func:`open_regular` refuses all of those *before*
``open`` and again on the open descriptor (opened non-blocking, so a file swapped in
between cannot block either); :func:`read_bounded` reads at most a given number of
bytes. :func:`loads_toml` parses TOML with the nesting and number-length bounds of
:mod:`activitymon.limits`, so a ``[[[[…`` or a 5,000-digit integer is one message, not
a ``RecursionError`` or Python's ``int_max_str_digits`` text.

Every refusal is an :class:`InputError` whose text says what is wrong without the file
name; the caller puts the name (and the key, for TOML) in front.
"""

from __future__ import annotations

import os
import stat
import tomllib
from typing import IO, Any

from activitymon.limits import MAX_NESTING, nesting_depth

_SPECIAL = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class InputError(Exception):
    """A file or text that is not read; the message says why, without the file name."""


class BeyondBounds(InputError):
    """Text that may be well-formed but is nested too deep or holds a number too long
    to read (as opposed to text that is not TOML at all)."""


def file_kind(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file ("a named pipe
    (FIFO)", "a directory" …); ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    return _SPECIAL.get(stat.S_IFMT(mode), "a special file")


def check_regular(path: str | os.PathLike[str], what: str = "file") -> os.stat_result:
    """The file's status when it is a regular file (after symbolic links); else
    :class:`InputError` ("is a named pipe (FIFO), not a lesson file"). Opens nothing."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(exc.strerror or type(exc).__name__) from None
    except ValueError as exc:  # an embedded NUL
        raise InputError(f"not a usable file name ({exc})") from None
    kind = file_kind(info.st_mode)
    if kind is not None:
        raise InputError(f"is {kind}, not a {what}")
    return info


def open_regular(path: str | os.PathLike[str], what: str = "file") -> IO[bytes]:
    """Open a regular file for reading in binary; anything else is refused before
    ``open`` and checked again on the descriptor. Raises :class:`InputError`."""
    check_regular(path, what)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise InputError(exc.strerror or type(exc).__name__) from None
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise InputError(f"is {kind}, not a {what}")
        return open(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def read_bounded(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The whole of a regular file of at most ``limit`` bytes. Raises
    :class:`InputError` (special file, unreadable, or too large)."""
    with open_regular(path, what) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise InputError(_too_large(size, limit, what))
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(exc.strerror or type(exc).__name__) from None
    if len(data) > limit:  # it grew while being read
        raise InputError(_too_large(len(data), limit, what))
    return data


def read_text_bounded(path: str | os.PathLike[str], limit: int, what: str = "file") -> str:
    """:func:`read_bounded`, decoded as UTF-8 (a bad byte is named by its offset)."""
    data = read_bounded(path, limit, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start} is {data[exc.start]:#04x})") from None


def head(path: str | os.PathLike[str], size: int) -> bytes:
    """The first ``size`` bytes of a regular file. Raises :class:`InputError`."""
    with open_regular(path) as handle:
        try:
            return handle.read(size)
        except OSError as exc:
            raise InputError(exc.strerror or type(exc).__name__) from None


def _too_large(size: int, limit: int, what: str) -> str:
    return f"too large for a {what} ({size:,} bytes; the limit is {limit:,})"


def loads_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads`` within bounds: nesting deeper than
    :data:`~activitymon.limits.MAX_NESTING` and integers too long for Python to read
    are an :class:`InputError` (the values' own ranges are for the caller to check)."""
    if nesting_depth(text) > MAX_NESTING:
        raise BeyondBounds(f"nested more than {MAX_NESTING} levels deep")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise BeyondBounds(f"nested more than {MAX_NESTING} levels deep") from None
    except ValueError:  # tomllib lets int() refuse a number of more than 4,300 digits
        raise BeyondBounds("not valid TOML: a number too long to read") from None
