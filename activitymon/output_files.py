"""Writing an output file so that nothing else can break it, in one place.

* One writer per output: :class:`OutputLock` holds an exclusive ``flock`` on
  ``.NAME.lock`` beside the target (inside it, for a folder) for as long as it is
  written; a second writer is refused with one line saying who holds it
  (:class:`OutputBusy`: process id, command, since when). The lock goes with its
  process: a killed writer never leaves a file locked (its stale lock file is reused).
  Readers ask :func:`holder_of` whether a file is still being written.
* :func:`replacing` gives a temporary file in the target's folder and renames it over
  the target only when the block ends without an error: a failed run (a full disk, an
  interrupt) leaves the old file as it was. Symbolic links are followed (the file they
  point to is replaced, never the link).
* Only regular files are written: a device, a named pipe, a socket or a folder at the
  target is :class:`NotAFile`, refused before anything is opened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from activitymon.inputs import InputError, file_kind, read_bounded

FOLDER_LOCK_NAME = ".activitymon-writing.lock"
#: a lock file's name must stay within the 255 bytes a file name may have
_MAX_NAME_BYTES = 200


class NotAFile(OSError):
    """The target exists and is not a regular file ("is a named pipe (FIFO)")."""


class OutputBusy(OSError):
    """Another process holds the lock; :attr:`holder` names it ("pid 4242, activitymon
    record, since 2026-05-09 14:02:11")."""

    def __init__(self, holder: str) -> None:
        super().__init__(f"another program is writing it ({holder})")
        self.holder = holder


def real_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` lands in: symbolic links followed (the link's
    target is replaced, never the link), the folder made absolute."""
    return Path(os.path.realpath(os.fspath(Path(path).expanduser())))


def lock_path(target: Path) -> Path:
    """Where the lock of ``target`` (already :func:`real_target`) lives."""
    if target.is_dir():
        return target / FOLDER_LOCK_NAME
    name = target.name
    if len(os.fsencode(name)) > _MAX_NAME_BYTES:
        digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:16]
        name = os.fsdecode(os.fsencode(name)[:100]) + "…" + digest
    return target.with_name(f".{name}.lock")


def _describe(info: object) -> str:
    if not isinstance(info, dict):
        return "another process"
    pid, command, since = info.get("pid"), info.get("command"), info.get("since")
    parts = [f"pid {pid}" if isinstance(pid, int) else "another process"]
    if isinstance(command, str) and command:
        parts.append(command[:80])
    if isinstance(since, str) and since:
        parts.append(f"since {since[:32]}")
    return ", ".join(parts)


def _read_info(path: Path) -> str:
    try:
        return _describe(json.loads(read_bounded(path, 4096, "lock file")))
    except (InputError, ValueError, RecursionError):
        return "another process"


def holder_of(target: str | os.PathLike[str]) -> str | None:
    """Who is writing ``target`` now ("pid 4242, activitymon record, since …"), or
    ``None`` when no one holds its lock (or it cannot be told)."""
    path = lock_path(real_target(target))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return None
    try:
        if not os.path.samestat(os.fstat(fd), os.stat(path)):
            return None
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_info(path)
    except OSError:
        return None
    finally:
        os.close(fd)
    return None


def _lock_exclusive(fd: int) -> None:
    """``flock(LOCK_EX)`` without waiting for a writer, but over the moment a reader's
    :func:`holder_of` holds its shared lock (a few tries within 0.1 s)."""
    for _ in range(10):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            time.sleep(0.01)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class OutputLock:
    """An exclusive lock on one output, held from :meth:`acquire` to :meth:`release`
    (or as a context manager). ``command`` is what the lock says is writing."""

    def __init__(self, target: str | os.PathLike[str], command: str = "") -> None:
        self.target = real_target(target)
        self.path = lock_path(self.target)
        self.command = command or "activitymon " + " ".join(sys.argv[1:2])
        self._fd: int | None = None

    def acquire(self) -> None:
        """Raises :class:`OutputBusy`, or ``OSError`` when the lock file cannot be made
        (a read-only folder: then the output cannot be written either)."""
        if self._fd is not None:
            return
        for _ in range(8):  # the holder may remove the file between open and lock
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOCTTY | os.O_NONBLOCK, 0o644)
            try:
                _lock_exclusive(fd)
            except BlockingIOError:
                os.close(fd)
                raise OutputBusy(_read_info(self.path)) from None
            except BaseException:
                os.close(fd)
                raise
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                self._write_info()
                return
            os.close(fd)  # locked a file the holder had just removed: try again
        raise OutputBusy("another process (its lock file keeps changing)")

    def _write_info(self) -> None:
        assert self._fd is not None
        info = {
            "pid": os.getpid(),
            "command": self.command,
            "since": dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        }
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, json.dumps(info).encode(), 0)

    def release(self) -> None:
        """Remove the lock file and let go (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def refuse_special(target: Path) -> None:
    """:class:`NotAFile` when ``target`` exists and is not a regular file."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return
    kind = file_kind(mode)
    if kind is not None:
        raise NotAFile(f"is {kind}, not a file activitymon may write")


def _mode_for(target: Path) -> int:
    """An existing file's permissions; for a new one, what ``open`` would have given."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def replacing(
    path: str | os.PathLike[str], *, suffix: str = ".tmp", command: str = ""
) -> Iterator[Path]:
    """A temporary file beside the target, renamed over it when the block ends without
    an error (removed otherwise), with the target locked throughout. Raises
    :class:`OutputBusy`, :class:`NotAFile` or ``OSError``."""
    target = real_target(path)
    refuse_special(target)
    with OutputLock(target, command):
        fd, name = tempfile.mkstemp(
            prefix=f".{target.name[:60]}.", suffix=suffix, dir=target.parent
        )
        os.close(fd)
        temp: Path | None = Path(name)
        try:
            yield Path(name)
            refuse_special(target)
            os.chmod(name, _mode_for(target))
            os.replace(name, target)
            temp = None
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


def create_new(path: str | os.PathLike[str], data: bytes, *, command: str = "") -> None:
    """Write a file that must not exist yet, whole or not at all: written to a temporary
    file, then linked to its name only if nothing is there (``FileExistsError``
    otherwise, never a replaced file)."""
    target = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{target.name[:60]}.", suffix=".tmp", dir=target.parent)
    try:
        with open(fd, "wb", closefd=True) as out:
            out.write(data)
        os.chmod(name, _mode_for(target))
        try:
            os.link(name, target)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive create instead
            with open(target, "xb") as out:
                out.write(data)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
