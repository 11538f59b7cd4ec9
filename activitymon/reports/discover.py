"""Find report files under the paths a user names (files as given, folders recursively)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from activitymon.reports.incident import Unreadable

#: every name a jetsam report is found under: JetsamEvent ``.ips`` / ``.ips.synced``,
#: bare JSON bodies, LowMemory ``.plist`` / ``.log`` / ``.ips``, and ``.crash`` (how
#: collections such as the shared fixtures name them). Formats are told by content.
REPORT_SUFFIXES = (".ips", ".synced", ".json", ".plist", ".log", ".crash", ".txt")


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int


def is_report_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(REPORT_SUFFIXES)


def discover(paths: Iterable[str]) -> Iterator[FoundFile | Unreadable]:
    """Each named file (whatever its name), then the report-named files of each named
    folder, recursively in name order; a path that cannot be read gives an
    :class:`Unreadable`. A file named twice is found once."""
    seen: set[str] = set()
    for raw in paths:
        path = os.fspath(raw)
        try:
            info = os.stat(path)
        except OSError as exc:
            yield Unreadable(path, exc.strerror or type(exc).__name__)
            continue
        if os.path.isdir(path):
            yield from _walk(path, seen)
        elif path not in seen:
            seen.add(path)
            yield FoundFile(path, info.st_size, info.st_mtime_ns)


def _walk(folder: str, seen: set[str]) -> Iterator[FoundFile | Unreadable]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Unreadable(folder, f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    yield from _walk(entry.path, seen)
                continue
            if not is_report_name(entry.name) or entry.path in seen:
                continue
            info = entry.stat()
        except OSError as exc:
            yield Unreadable(entry.path, exc.strerror or type(exc).__name__)
            continue
        seen.add(entry.path)
        yield FoundFile(entry.path, info.st_size, info.st_mtime_ns)
