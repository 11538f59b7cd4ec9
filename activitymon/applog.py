"""The application's log: a rotating file in the platform's log folder, and the hooks
that send every uncaught exception there.

The windowed app (and its bundle, which has no console) would otherwise lose every
traceback. :func:`setup_logging` attaches a rotating file to the ``activitymon``
logger; :class:`CrashHooks` routes ``sys.excepthook`` and ``threading.excepthook`` to
it and tells the window (through a callback) so it can say where the log is. Qt's own
messages are routed here by :mod:`activitymon.ui.crash_reporting`.

Where the log lives (``ACTIVITYMON_LOG_DIR`` overrides it):

* macOS: ``~/Library/Logs/activitymon/activitymon.log`` (Console.app shows it);
* elsewhere: ``$XDG_STATE_HOME/activitymon/activitymon.log``
  (``~/.local/state/activitymon`` by default, as the XDG base directory spec says for
  logs).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType

LOG_ENV = "ACTIVITYMON_LOG_DIR"
LOG_NAME = "activitymon.log"
#: one file of this size and this many older ones
MAX_BYTES = 1 << 20
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"

log = logging.getLogger("activitymon")


def log_dir(platform: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The folder the log is written to on this platform."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    override = env.get(LOG_ENV)
    if override:
        return Path(override).expanduser()
    home = Path(env.get("HOME") or Path.home())
    if platform == "darwin":
        return home / "Library" / "Logs" / "activitymon"
    state = env.get("XDG_STATE_HOME")
    base = Path(state) if state and Path(state).is_absolute() else home / ".local" / "state"
    return base / "activitymon"


def setup_logging(directory: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Attach the rotating log file (once); returns its path, or ``None`` when the folder
    cannot be written (then messages go to stderr only)."""
    folder = directory or log_dir()
    path = folder / LOG_NAME
    for handler in log.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            if Path(handler.baseFilename) == path:
                return path
            log.removeHandler(handler)
            handler.close()
    log.setLevel(level)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        print(f"activitymon: cannot write a log in {folder}: {exc.strerror}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    log.addHandler(handler)
    return path


def summary(exc_type: type[BaseException], exc: BaseException | None) -> str:
    """One line naming an exception: ``ValueError: bad value``."""
    text = str(exc) if exc is not None else ""
    first = text.splitlines()[0] if text else ""
    return f"{exc_type.__name__}: {first}" if first else exc_type.__name__


ErrorCallback = Callable[[str], None]
SysHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


class CrashHooks:
    """``sys.excepthook`` and ``threading.excepthook`` that log the whole traceback and
    call ``on_error`` with a one-line summary (from any thread). A context manager: the
    previous hooks are back on exit."""

    def __init__(self, on_error: ErrorCallback | None = None) -> None:
        self.on_error = on_error
        self._previous: tuple[SysHook, ThreadHook] | None = None

    def __enter__(self) -> CrashHooks:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._previous is not None:
            sys_hook, thread_hook = self._previous
            sys.excepthook = sys_hook
            threading.excepthook = thread_hook
            self._previous = None

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report(exc_type, exc, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self.report(args.exc_type, args.exc_value, args.exc_traceback)

    def report(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("unexpected error\n%s", text.rstrip())
        print(text, file=sys.stderr, end="")
        if self.on_error is not None:
            try:
                self.on_error(summary(exc_type, exc))
            except Exception:  # the reporter itself must never raise from a hook
                log.exception("could not show the error")
