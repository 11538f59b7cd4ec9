"""Where a recording is written, so that no run can break a file already there.

* The target is locked for the whole run (:class:`~activitymon.output_files.OutputLock`):
  a second writer onto it is refused in one line saying who holds it.
* A new file is written in place: a crash or a kill leaves it holding every committed
  sample (it opens as "cut off"), and a reader opening it meanwhile is told it is
  still being written.
* Over an existing file, the recording is written to a temporary file beside it
  (``NAME.XXXX.partial.amrec``) and renamed over the target only when it is finished:
  the older recording stays whole until then — after an interrupt, a full disk or a
  kill too (the partial recording is then left under its own name, and said where).
* Anything but a regular file (a device, a named pipe, a socket, a folder) is never
  written, not even with ``--force``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from activitymon.inputs import file_kind
from activitymon.output_files import OutputBusy, OutputLock, real_target
from activitymon.recording.schema import RecordingError

_COMPANIONS = ("-wal", "-shm", "-journal")


class RecordingWriteError(RecordingError):
    """The recording could not be written (a full disk, another writer, a folder that
    cannot be written): the work could not be done, not a bad input."""


def refuse_special(path: Path, shown: Path | None = None) -> None:
    """Raise :class:`RecordingError` when ``path`` exists and is not a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    kind = file_kind(mode)
    if kind == "a directory":
        raise RecordingError(f"{shown or path}: is a directory; give a file name ending in .amrec")
    if kind is not None:
        raise RecordingError(
            f"{shown or path}: is {kind}; a recording is written only to a regular file "
            "(not even with --force)"
        )


def remove_companions(path: Path) -> None:
    """SQLite's files beside ``path`` (a log left by an older writer must never be
    read into a new file of the same name)."""
    for suffix in _COMPANIONS:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(f"{path}{suffix}")


class Target:
    """The file a :class:`~activitymon.recording.RecordingWriter` writes (``file``) for
    the path it was given (``shown``), locked from construction to :meth:`finish` or
    :meth:`abandon`."""

    def __init__(self, path: Path, command: str = "") -> None:
        self.shown = path
        self.real = real_target(path)
        refuse_special(self.real, path)
        self._locks = [OutputLock(self.real, command)]
        self._acquire(self._locks[0])
        try:
            if self.real.exists():
                fd, name = tempfile.mkstemp(
                    prefix=f"{self.real.stem[:80]}.",
                    suffix=".partial.amrec",
                    dir=self.real.parent,
                )
                os.close(fd)
                self.file = Path(name)
                self._locks.append(OutputLock(self.file, command))
                self._acquire(self._locks[1])
            else:
                remove_companions(self.real)
                self.file = self.real
        except OSError as exc:
            self._release()
            raise RecordingWriteError(
                f"{path}: cannot write there ({exc.strerror or exc})"
            ) from None
        except BaseException:
            self._release()
            raise

    @property
    def replaces(self) -> bool:
        """Whether the recording goes to a temporary file renamed over an older one."""
        return self.file != self.real

    def _acquire(self, lock: OutputLock) -> None:
        try:
            lock.acquire()
        except OutputBusy as exc:
            self._release()
            raise RecordingWriteError(
                f"{self.shown}: another program is writing it ({exc.holder}); wait for it to "
                "finish, or choose another file"
            ) from None
        except OSError as exc:
            self._release()
            raise RecordingWriteError(
                f"{self.shown}: cannot write there ({exc.strerror or exc})"
            ) from None

    def finish(self) -> None:
        """The recording is whole: put it in place and let go of the locks."""
        try:
            if self.replaces:
                remove_companions(self.real)
                wal = Path(f"{self.file}-wal")
                if wal.exists():  # a reader kept the log open: it moves with its file
                    os.replace(wal, f"{self.real}-wal")
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{self.file}-shm")
                os.replace(self.file, self.real)
                _sync_folder(self.real.parent)
        except OSError as exc:
            raise RecordingWriteError(
                f"{self.shown}: cannot put the finished recording in place "
                f"({exc.strerror or exc}); it is in {self.file}"
            ) from None
        finally:
            self._release()

    def abandon(self) -> str:
        """The run failed part way: let go, and say where what was written is."""
        self._release()
        if self.replaces:
            return f"{self.shown} is unchanged; what was recorded is in {self.file.name}"
        return "the recording ends at its last complete sample"

    def _release(self) -> None:
        for lock in reversed(self._locks):
            lock.release()


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (a power cut after it keeps the new name)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
