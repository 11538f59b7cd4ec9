"""Every file a command writes goes through here: no output overwrites an input.

:func:`check_output` refuses, unless ``--force`` is given, an output path that
resolves to an input of the same run (the same path after ``..``, ``.`` and symbolic
links, or the same file under another name: a hard link), and an existing regular file
that does not look like one activitymon wrote (each kind of output says what its own
files look like). :func:`atomic_writer` writes to a temporary name in the same folder
and renames it over the target only when everything was written, so a failed run (a
full disk, an interrupt) leaves the old file as it was. Special files (``/dev/null``,
``/dev/full``, a FIFO) are written in place: they cannot be renamed over.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from activitymon.commands.base import CommandError
from activitymon.terminal import clean

#: how much of an existing file is read to decide whether it is one of ours
_PEEK_BYTES = 4096


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve(strict=False)
    except (OSError, RuntimeError, ValueError):
        return path.absolute()


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (after links, or as hard links)."""
    if _resolved(a) == _resolved(b):
        return True
    first, second = _identity(a), _identity(b)
    return first is not None and first == second


def peek(path: Path) -> bytes:
    """The first bytes of a regular file (empty when it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(_PEEK_BYTES)
    except OSError:
        return b""


def check_output(
    path: str | os.PathLike[str],
    *,
    option: str,
    inputs: Iterable[str | os.PathLike[str]],
    ours: Callable[[bytes], bool],
    force: bool = False,
) -> Path:
    """The output path, or :class:`CommandError` naming the option, the path and why.

    ``ours(first_bytes)`` says whether an existing file's start looks like this
    output's own kind (an empty file always does)."""
    target = Path(path).expanduser()
    shown = clean(os.fspath(path))
    if force:
        return target
    for item in inputs:
        source = Path(item).expanduser()
        if same_file(target, source):
            raise CommandError(
                f"{option} {shown}: that is an input of this run ({clean(os.fspath(item))}); "
                "choose another file, or give --force"
            )
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise CommandError(f"{option} {shown}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise CommandError(f"{option} {shown}: is a folder, not a file")
    if stat.S_ISREG(info.st_mode) and info.st_size and not ours(peek(target)):
        raise CommandError(
            f"{option} {shown}: an existing file that activitymon did not write; "
            "choose another file, or give --force to replace it"
        )
    return target


def check_folder(
    path: str | os.PathLike[str], *, option: str, inputs: Iterable[str | os.PathLike[str]]
) -> Path:
    """A folder to write new files into: never an input, never an existing file."""
    folder = Path(path).expanduser()
    shown = clean(os.fspath(path))
    for item in inputs:
        if same_file(folder, Path(item).expanduser()):
            raise CommandError(f"{option} {shown}: that is an input of this run, not a folder")
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{option} {shown}: an existing file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"{option}: cannot create {shown}: {exc.strerror or exc}") from None
    return folder


@contextlib.contextmanager
def atomic_writer(path: Path, *, option: str) -> Iterator[IO[str]]:
    """Write ``path`` through a temporary file in its folder, renamed over it at the
    end; a special file (``/dev/null``) is written directly. Errors become one line."""
    shown = clean(os.fspath(path))
    try:
        special = path.exists() and not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        special = False
    temp: str | None = None
    try:
        if special:
            handle: IO[str] = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        else:
            fd, temp = tempfile.mkstemp(
                prefix=f".{path.name[:60]}.", suffix=".tmp", dir=path.parent or Path(".")
            )
            handle = os.fdopen(fd, "w", encoding="utf-8")
        with handle:
            yield handle
        if temp is not None:
            os.chmod(temp, _mode_for(path))
            os.replace(temp, path)
            temp = None
    except OSError as exc:
        raise CommandError(f"{option}: cannot write {shown}: {exc.strerror or exc}") from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _mode_for(path: Path) -> int:
    """An existing file's permissions; for a new one, what ``open`` would have given."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_new_file(path: Path, text: str, *, option: str) -> None:
    """Write a file that must not exist yet (a report in ``--reports``), atomically."""
    if path.exists():
        raise CommandError(f"{option}: {clean(os.fspath(path))} exists already")
    with atomic_writer(path, option=option) as out:
        out.write(text)


def looks_like_json_lines(start: bytes) -> bool:
    """An activitymon events file: each line a JSON object with ``t`` and ``kind``."""
    first = start.split(b"\n", 1)[0].strip()
    return first.startswith(b"{") and b'"t":' in first and b'"kind":' in first


def looks_like_png(start: bytes) -> bool:
    return start.startswith(b"\x89PNG\r\n\x1a\n")
