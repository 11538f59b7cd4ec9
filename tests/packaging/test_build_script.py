"""packaging/build's own decisions, without building: wrong platform, a bad
interpreter, the reproducibility inputs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.packaging.loader import packaging_module

build = packaging_module("build")


def test_a_bundle_for_another_platform_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    other = "linux" if sys.platform == "darwin" else "macos"
    assert build.main([other]) == 2
    assert "does not cross-build" in capsys.readouterr().err


def test_a_missing_interpreter_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = "macos" if sys.platform == "darwin" else "linux"
    assert build.main([target, "--python", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"build: --python {tmp_path / 'nope'}: no such interpreter"


def test_source_date_epoch_is_fixed_by_the_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build.source_date_epoch()
    assert first.isdigit()
    assert build.source_date_epoch() == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert build.source_date_epoch() == "1234567890"


def test_pyinstaller_is_pinned_to_one_version() -> None:
    lines = build.REQUIREMENTS.read_text().splitlines()
    pins = [line for line in lines if line.lower().startswith("pyinstaller==")]
    assert len(pins) == 1
    assert build.LOCK.is_file()
    assert any(line.startswith("-c ") for line in lines), "runtime pins come from the lock"
