"""Shared test set-up: Qt offscreen, and the third-party fixtures beside the project."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the app's log (activitymon.applog) goes to a throwaway folder, in subprocesses too
_LOGS = tempfile.mkdtemp(prefix="activitymon-test-logs-")
atexit.register(shutil.rmtree, _LOGS, ignore_errors=True)
os.environ["ACTIVITYMON_LOG_DIR"] = _LOGS

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
JETSAM_FIXTURES = SHARED / "fixtures" / "jetsam-reports"


@pytest.fixture
def jetsam_fixtures() -> Path:
    """The real device reports in ``../shared/fixtures/jetsam-reports`` (never copied
    into the project); tests that need them skip where that folder is absent."""
    if not JETSAM_FIXTURES.is_dir():
        pytest.skip(f"third-party jetsam reports not present at {JETSAM_FIXTURES}")
    return JETSAM_FIXTURES


class _QtStarts:
    """Every ``QThread`` and ``QTimer`` a test starts, through their ``start`` methods
    (patched on the classes, so every import of them is covered)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QThread, QTimer

        self.classes = (QThread, QTimer)
        self.started: list[object] = []
        self._originals = {cls: cls.start for cls in self.classes}

    def __enter__(self) -> _QtStarts:
        for cls, original in self._originals.items():

            def start(obj: object, *args: object, _original: object = original) -> object:
                self.started.append(obj)
                return _original(obj, *args)  # type: ignore[operator]  # the class's own start

            cls.start = start  # type: ignore[method-assign, assignment]  # recording wrapper, undone on exit
        return self

    def __exit__(self, *_exc: object) -> None:
        for cls, original in self._originals.items():
            cls.start = original  # type: ignore[method-assign]  # undo the wrapper

    def leftovers(self) -> list[str]:
        """What is still running or active, stopped now so later tests start clean."""
        import shiboken6
        from PySide6.QtCore import QThread, QTimer

        left: list[str] = []
        for obj in self.started:
            if not shiboken6.isValid(obj):
                continue
            name = obj.objectName() if isinstance(obj, (QThread, QTimer)) else ""
            name = name or repr(obj)
            if isinstance(obj, QThread) and obj.isRunning():
                left.append(f"QThread {name} is still running")
                obj.quit()
                obj.wait(5000)
            elif isinstance(obj, QTimer) and obj.isActive():
                left.append(f"QTimer {name} is still active")
                obj.stop()
        return left


@pytest.fixture(autouse=True)
def no_qt_thread_or_timer_outlives_its_test() -> Iterator[None]:
    """Fails a test that leaves a ``QThread`` running or a ``QTimer`` active."""
    with _QtStarts() as starts:
        yield
    left = starts.leftovers()
    starts.started.clear()
    if left:
        pytest.fail("left behind by the test: " + "; ".join(left))
