"""Find report files under the paths a user names (files as given, folders recursively).

Each file found has two names: ``path``, as the user named it (what the summary and
the browser show), and ``key``, its resolved absolute path (what the index is keyed
by, so ``corpus``, ``./corpus`` and ``/home/me/corpus`` share one index and its rows).

A folder is walked iteratively (no recursion limit: a tree 1,500 levels deep works),
in name order, skipping hidden names. Only regular files are found: a FIFO, a device
or a socket under a report name is listed as unreadable before anything opens it (an
``open`` of a FIFO blocks). No symbolic link is followed out of the folder being
walked: a link to a file inside it is read (once, under its first name), a link to a
folder is not walked (its target is walked as itself when it is inside), a link
leading outside is skipped and listed. Names that are not UTF-8 are kept as Python
decodes them (``surrogateescape``) and stored and shown from there.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from activitymon.reports.files import not_a_file
from activitymon.reports.incident import Unreadable

#: every name a jetsam report is found under: JetsamEvent ``.ips`` / ``.ips.synced``,
#: bare JSON bodies, LowMemory ``.plist`` / ``.log`` / ``.ips``, and ``.crash`` (how
#: collections such as the shared fixtures name them). Formats are told by content.
REPORT_SUFFIXES = (".ips", ".synced", ".json", ".plist", ".log", ".crash", ".txt")


@dataclass(frozen=True, slots=True)
class FoundFile:
    #: as the user named it (a named folder's path joined with the names under it)
    path: str
    #: the resolved absolute path: the index key, and what is opened
    key: str
    size: int
    mtime_ns: int
    inode: int


def is_report_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(REPORT_SUFFIXES)


def resolved(path: str) -> str:
    """The absolute path with every symbolic link and ``..`` resolved."""
    return os.path.realpath(path)


def _found(path: str, key: str, info: os.stat_result) -> FoundFile:
    return FoundFile(path, key, info.st_size, info.st_mtime_ns, info.st_ino)


def discover(paths: Iterable[str]) -> Iterator[FoundFile | Unreadable]:
    """Each named file (whatever its name), then the report-named files of each named
    folder, recursively in name order; a path that cannot be read gives an
    :class:`Unreadable`. A file named twice, or twice reachable, is found once."""
    seen: set[str] = set()
    for raw in paths:
        path = os.fspath(raw)
        try:
            info = os.stat(path)
            key = resolved(path)
        except (OSError, ValueError) as exc:
            yield Unreadable(path, _why(exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, key, seen)
            continue
        why = not_a_file(info.st_mode)
        if why is not None:
            yield Unreadable(path, why)
        elif key not in seen:
            seen.add(key)
            yield _found(path, key, info)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return f"not a usable file name ({exc})"


def _listing(folder: str) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as it:
        return sorted(it, key=lambda e: e.name, reverse=True)  # popped from the end


def _walk(shown: str, root: str, seen: set[str]) -> Iterator[FoundFile | Unreadable]:
    """Depth first, in name order, with a stack of listings (one per open folder)."""
    inside = os.path.join(root, "")
    try:
        stack = [(shown, _listing(root))]
    except OSError as exc:
        yield Unreadable(shown, f"cannot list the folder: {_why(exc)}")
        return
    while stack:
        here, entries = stack[-1]
        if not entries:
            stack.pop()
            continue
        entry = entries.pop()
        name = os.path.join(here, entry.name)
        try:
            if entry.is_symlink():
                found = _link(name, entry, inside, seen)
                if found is not None:
                    yield found
                continue
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    try:
                        stack.append((name, _listing(entry.path)))
                    except OSError as exc:
                        yield Unreadable(name, f"cannot list the folder: {_why(exc)}")
                continue
            if not is_report_name(entry.name) or entry.path in seen:
                continue
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            yield Unreadable(name, _why(exc))
            continue
        seen.add(entry.path)
        why = not_a_file(info.st_mode)
        yield Unreadable(name, why) if why is not None else _found(name, entry.path, info)


def _link(
    name: str, entry: os.DirEntry[str], inside: str, seen: set[str]
) -> FoundFile | Unreadable | None:
    """A symbolic link met in a walk: its target when that is a report file inside the
    folder, ``None`` for a link to a folder inside (walked as itself), and an
    :class:`Unreadable` of another kind for a link leading out (never followed)."""
    if entry.name.startswith("."):
        return None
    target = resolved(entry.path)
    if not (target + os.sep).startswith(inside):
        if not is_report_name(entry.name) and not os.path.isdir(target):
            return None
        return Unreadable(name, "a symbolic link out of the folder, not followed", jetsam=False)
    info = os.stat(target)
    if stat.S_ISDIR(info.st_mode) or not is_report_name(entry.name) or target in seen:
        return None
    seen.add(target)
    why = not_a_file(info.st_mode)
    return Unreadable(name, why) if why is not None else _found(name, target, info)
