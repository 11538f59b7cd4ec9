"""Reading a report file without trusting what is at its path.

Only a regular file is read: a FIFO would block ``open`` (or the first read) forever,
a device (``/dev/zero``) gives bytes forever, a socket cannot be read at all. The kind
is checked before ``open`` (``stat`` never blocks) and again on the open descriptor,
so a file swapped in between cannot block either; the descriptor is opened
non-blocking and never becomes a controlling terminal. At most ``limit`` bytes (+1, to
tell "too large") are read.
"""

from __future__ import annotations

import os
import stat

#: larger than any real report (the biggest fixture is ~0.5 MB, iOS 18 ~0.35 MB)
MAX_REPORT_BYTES = 64 * 1024 * 1024

_SPECIAL = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class NotReadable(Exception):
    """One line saying why the file was not read (no path: the caller names it)."""


def not_a_file(mode: int) -> str | None:
    """Why a file of this mode is not read as a report (``None``: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a report file"
    kind = _SPECIAL.get(stat.S_IFMT(mode), "a special file")
    return f"is {kind}, not a report file"


def too_large(size: int, limit: int = MAX_REPORT_BYTES) -> str:
    return (
        f"too large for a jetsam report ({size / 2**20:.1f} MiB; the limit is {limit // 2**20} MiB)"
    )


def read_regular(path: str, *, limit: int = MAX_REPORT_BYTES, follow: bool = True) -> bytes:
    """The bytes of the regular file at ``path``. ``follow=False`` refuses a symbolic
    link at the last component (a path already resolved by the caller).

    Raises :class:`NotReadable` with one line."""
    try:
        why = not_a_file(os.stat(path, follow_symlinks=follow).st_mode)
        if why is not None:
            raise NotReadable(why)
        flags = _FLAGS if follow else _FLAGS | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
        try:
            info = os.fstat(fd)
            why = not_a_file(info.st_mode)
            if why is not None:
                raise NotReadable(why)
            if info.st_size > limit:
                raise NotReadable(too_large(info.st_size, limit))
            return _read_bounded(fd, info.st_size, limit)
        finally:
            os.close(fd)
    except OSError as exc:
        raise NotReadable(exc.strerror or type(exc).__name__) from None
    except ValueError as exc:  # an embedded NUL in the path
        raise NotReadable(f"not a usable file name ({exc})") from None


#: what is read at a time once a file has grown past the size it had when opened
_STEP = 1 << 20


def _read_bounded(fd: int, expected: int, limit: int) -> bytes:
    """The bytes of ``fd`` up to its end, at most ``limit + 1``: in one read of the
    ``expected`` size (+1, to see the end) when the file has not grown meanwhile. (A
    buffered ``read(limit + 1)`` allocated the whole limit, 64 MiB, for every file:
    four times the cost of reading a 100 KB report.)"""
    parts: list[bytes] = []
    total = 0
    want = min(expected, limit) + 1
    while total <= limit:
        part = os.read(fd, min(want, limit + 1 - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
        want = _STEP
    return parts[0] if len(parts) == 1 else b"".join(parts)
