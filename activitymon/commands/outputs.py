"""Every file a command writes goes through here: no output overwrites an input,
nothing but a regular file is written, and one run at a time writes a target.

:func:`check_output` refuses, unless ``--force`` is given, an output path that
resolves to an input of the same run (the same path after ``..``, ``.`` and symbolic
links, or the same file under another name: a hard link), and an existing regular file
that does not look like one activitymon wrote (each kind of output says what its own
files look like). It always refuses — ``--force`` or not — a target that is not a
regular file (a device, a named pipe, a socket, a folder: standard output is ``-``)
and a target another run is writing (exit status 1, naming who). :func:`atomic_writer`
writes to a temporary name in the same folder and renames it over the target only when
everything was written, so a failed run (a full disk, an interrupt) leaves the old file
as it was (:mod:`activitymon.output_files`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from activitymon.commands.base import EXIT_FAILED, CommandError
from activitymon.inputs import file_kind
from activitymon.output_files import (
    NotAFile,
    OutputBusy,
    OutputLock,
    create_new,
    holder_of,
    replacing,
)
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
    """The first bytes of a regular file (empty when it cannot be read; a special
    file is never opened)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with open(fd, "rb", closefd=True) as handle:
            return handle.read(_PEEK_BYTES)
    except OSError:
        return b""


def _busy(option: str, shown: str, holder: str) -> CommandError:
    return CommandError(
        f"{option} {shown}: another program is writing it ({holder}); wait for it to "
        "finish, or choose another file",
        EXIT_FAILED,
    )


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
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise CommandError(f"{option} {shown}: {exc.strerror or exc}") from None
    if info is not None:
        kind = file_kind(info.st_mode)
        if kind == "a directory":
            raise CommandError(f"{option} {shown}: is a folder, not a file")
        if kind is not None:
            raise CommandError(
                f"{option} {shown}: is {kind}; activitymon writes only regular files "
                "(not even with --force)"
            )
    holder = holder_of(target)
    if holder is not None:
        raise _busy(option, shown, holder)
    if force:
        return target
    for item in inputs:
        source = Path(item).expanduser()
        if same_file(target, source):
            raise CommandError(
                f"{option} {shown}: that is an input of this run ({clean(os.fspath(item))}); "
                "choose another file, or give --force"
            )
    if info is not None and info.st_size and not ours(peek(target)):
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
def holding(path: Path, *, option: str) -> Iterator[None]:
    """Hold ``path``'s lock (a folder's: inside it) for the block; a second run onto
    it is refused in one line (exit status 1)."""
    lock = OutputLock(path)
    try:
        lock.acquire()
    except OutputBusy as exc:
        raise _busy(option, clean(os.fspath(path)), exc.holder) from None
    except OSError as exc:
        raise CommandError(
            f"{option}: cannot write {clean(os.fspath(path))}: {exc.strerror or exc}",
            EXIT_FAILED,
        ) from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def atomic_writer(path: Path, *, option: str) -> Iterator[IO[str]]:
    """Write ``path`` through a temporary file in its folder, renamed over it at the
    end, the target locked meanwhile. Errors become one line (exit status 1: the work
    could not be done; 2 for a target that is not a regular file)."""
    shown = clean(os.fspath(path))
    try:
        with replacing(path) as temp, open(temp, "w", encoding="utf-8") as handle:
            yield handle
    except OutputBusy as exc:
        raise _busy(option, shown, exc.holder) from None
    except NotAFile as exc:
        raise CommandError(f"{option} {shown}: {exc}") from None
    except OSError as exc:
        raise CommandError(
            f"{option}: cannot write {shown}: {exc.strerror or exc}", EXIT_FAILED
        ) from None


def write_new_file(path: Path, text: str, *, option: str) -> None:
    """Write a file that must not exist yet (a report in ``--reports``), whole or not
    at all, never over another file."""
    shown = clean(os.fspath(path))
    try:
        create_new(path, text.encode("utf-8", "surrogateescape"))
    except FileExistsError:
        raise CommandError(f"{option}: {shown} exists already") from None
    except OSError as exc:
        raise CommandError(
            f"{option}: cannot write {shown}: {exc.strerror or exc}", EXIT_FAILED
        ) from None


def looks_like_json_lines(start: bytes) -> bool:
    """An activitymon events file: each line a JSON object with ``t`` and ``kind``."""
    first = start.split(b"\n", 1)[0].strip()
    return first.startswith(b"{") and b'"t":' in first and b'"kind":' in first


def looks_like_png(start: bytes) -> bool:
    return start.startswith(b"\x89PNG\r\n\x1a\n")


def text_target(
    value: str | None,
    *,
    option: str,
    inputs: Iterable[str | os.PathLike[str]],
    ours: Callable[[bytes], bool],
    force: bool = False,
) -> Path | str | None:
    """Where an optional text output goes: ``-`` for standard output, the checked path
    (:func:`check_output`), or ``None`` where ``option`` was not given."""
    if value is None:
        return None
    if value == "-":
        return "-"
    return check_output(value, option=option, inputs=list(inputs), ours=ours, force=force)


def write_text(text: str, target: Path | str, *, option: str) -> None:
    """``text`` to standard output (``-``) or, whole or not at all, to the file."""
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_writer(Path(os.fspath(target)), option=option) as out:
        out.write(text)
