"""The application log: its folder per platform, the rotating file, and the hooks that
send uncaught exceptions (from any thread) to it."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path

import pytest

from activitymon import applog
from activitymon.applog import CrashHooks, log_dir, setup_logging, summary


@pytest.fixture
def fresh_logger():
    """The ``activitymon`` logger without handlers; put back as it was afterwards."""
    handlers = list(applog.log.handlers)
    level = applog.log.level
    for handler in handlers:
        applog.log.removeHandler(handler)
    yield applog.log
    for handler in list(applog.log.handlers):
        applog.log.removeHandler(handler)
        handler.close()
    for handler in handlers:
        applog.log.addHandler(handler)
    applog.log.setLevel(level)


def test_log_folder_per_platform() -> None:
    home = {"HOME": "/home/ada"}
    assert log_dir("darwin", home) == Path("/home/ada/Library/Logs/activitymon")
    assert log_dir("linux", home) == Path("/home/ada/.local/state/activitymon")
    assert log_dir("linux", {**home, "XDG_STATE_HOME": "/var/st"}) == Path("/var/st/activitymon")
    # a relative XDG_STATE_HOME is invalid by the spec and ignored
    assert log_dir("linux", {**home, "XDG_STATE_HOME": "rel"}) == Path(
        "/home/ada/.local/state/activitymon"
    )
    assert log_dir("darwin", {**home, "ACTIVITYMON_LOG_DIR": "/tmp/x"}) == Path("/tmp/x")


def test_setup_logging_writes_a_rotating_file(tmp_path: Path, fresh_logger) -> None:
    path = setup_logging(tmp_path / "logs")
    assert path == tmp_path / "logs" / "activitymon.log"
    assert setup_logging(tmp_path / "logs") == path  # once: no second handler
    (handler,) = fresh_logger.handlers
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert handler.maxBytes == 1 << 20
    assert handler.backupCount == 3
    fresh_logger.info("hello from the test")
    handler.flush()
    assert "INFO [MainThread] activitymon: hello from the test" in path.read_text()


def test_an_unwritable_log_folder_says_so_and_goes_on(
    tmp_path: Path, fresh_logger, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert setup_logging(blocker / "logs") is None
    assert capsys.readouterr().err.startswith("activitymon: cannot write a log in ")
    assert fresh_logger.handlers == []


def test_summary_is_one_line() -> None:
    assert summary(ValueError, ValueError("bad\nvalue")) == "ValueError: bad"
    assert summary(KeyError, None) == "KeyError"


def test_hooks_log_the_traceback_and_tell_the_window(
    tmp_path: Path, fresh_logger, capsys: pytest.CaptureFixture[str]
) -> None:
    path = setup_logging(tmp_path)
    assert path is not None
    seen: list[str] = []
    before = sys.excepthook, threading.excepthook
    with CrashHooks(on_error=seen.append) as hooks:
        assert sys.excepthook == hooks.excepthook
        try:
            raise RuntimeError("the band view fell over")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)

        def boom() -> None:
            raise OSError("sampler thread died")

        thread = threading.Thread(target=boom, name="sampler")
        thread.start()
        thread.join()
    assert (sys.excepthook, threading.excepthook) == before
    assert seen == ["RuntimeError: the band view fell over", "OSError: sampler thread died"]
    text = path.read_text()
    assert "CRITICAL" in text
    assert "Traceback (most recent call last)" in text
    assert "the band view fell over" in text
    assert "[sampler]" in text or "sampler thread died" in text
    assert "the band view fell over" in capsys.readouterr().err


def test_a_failing_reporter_never_raises_from_the_hook(tmp_path: Path, fresh_logger) -> None:
    setup_logging(tmp_path)

    def broken(_text: str) -> None:
        raise RuntimeError("no window")

    with CrashHooks(on_error=broken) as hooks:
        hooks.report(ValueError, ValueError("x"), None)
    assert "could not show the error" in (tmp_path / "activitymon.log").read_text()
