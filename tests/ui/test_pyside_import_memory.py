"""PySide6's import hook answers "does this module use PySide6?" without leaving the
module's source in linecache (#16, peak RSS). Asserted through linecache and the
hook's own table, never through memory figures."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

import activitymon.ui  # noqa: F401  (installs the hook's replacement)
from activitymon.ui.pyside_import_memory import (
    FEATURE_MODULE,
    HOOK,
    install,
    mentions_pyside,
    release_startup_memory,
)


@pytest.fixture
def feature():
    module = sys.modules.get(FEATURE_MODULE)
    if module is None:  # PySide6 without the __feature__ hook: install() changes nothing
        pytest.skip(f"this PySide6 has no {FEATURE_MODULE}")
    return module


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    return path


def test_the_hook_is_replaced(feature):
    assert install() is True
    assert feature.__dict__[HOOK] is mentions_pyside


def test_an_imported_module_is_classified_without_caching_its_source(
    feature, tmp_path, monkeypatch
):
    uses = _write(tmp_path, "am_uses_qt", "from PySide6 import QtCore\nX = QtCore.Qt\n")
    plain = _write(tmp_path, "am_plain", "Y = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        __import__("am_uses_qt")  # the hook wraps builtins.__import__
        __import__("am_plain")
        assert str(uses) not in linecache.cache
        assert str(plain) not in linecache.cache
        # the same answers PySide6's own hook gives: 0 = may switch features, -1 = ignore
        assert feature.pyside_feature_dict["am_uses_qt"] == 0
        assert feature.pyside_feature_dict["am_plain"] == -1
    finally:
        for name in ("am_uses_qt", "am_plain"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)


def test_mentions_pyside_needs_a_source_file(tmp_path):
    class Sourceless:
        __file__ = str(tmp_path / "gone.py")

    assert mentions_pyside(Sourceless()) is False  # type: ignore[arg-type]  # duck module
    assert mentions_pyside(sys) is False  # built in: no file


def test_release_startup_memory_empties_linecache():
    linecache.getlines(__file__)
    assert __file__ in linecache.cache
    assert release_startup_memory() >= 1
    assert __file__ not in linecache.cache


def test_startup_memory_is_released_after_the_first_frame_not_before(qtbot):
    """The collection runs once, after the window's first paint (run before it, it
    delayed the first frame, #26)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    from activitymon.ui.app import AfterFirstPaint

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    window = QWidget()
    qtbot.addWidget(window)
    paints = Paints()
    window.installEventFilter(paints)
    painted_when_run: list[int] = []
    after = AfterFirstPaint(window, lambda: painted_when_run.append(paints.count))
    window.show()
    qtbot.waitUntil(lambda: painted_when_run != [], timeout=2000)
    assert painted_when_run == [1]
    after.run()  # the fallback timer firing later changes nothing
    assert painted_when_run == [1]


def test_startup_memory_is_released_even_without_a_frame(qtbot):
    """A window that never paints (started hidden) still gets it, after ``latest_ms``."""
    from PySide6.QtWidgets import QWidget

    from activitymon.ui.app import AfterFirstPaint

    calls: list[str] = []
    window = QWidget()
    qtbot.addWidget(window)
    AfterFirstPaint(window, lambda: calls.append("ran"), latest_ms=10)
    qtbot.waitUntil(lambda: calls == ["ran"], timeout=2000)
