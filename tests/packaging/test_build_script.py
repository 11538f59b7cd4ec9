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
    assert "-c requirements.lock" in lines[1], "runtime pins come from the lock"


def pins(path: Path) -> dict[str, list[str]]:
    """``name==version ; marker`` line -> its ``--hash=sha256:`` lines."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            current = line.rstrip(" \\")
            found[current] = []
        elif line.strip().startswith("--hash=sha256:"):
            found[current].append(line.strip().rstrip(" \\"))
    return found


@pytest.mark.parametrize("path", [build.LOCK, build.REQUIREMENTS])
def test_every_pin_has_hashes(path: Path) -> None:
    """pip --require-hashes (dev.py, packaging/build) installs nothing unchecked."""
    found = pins(path)
    assert found
    for pin, hashes in found.items():
        assert "==" in pin, pin
        assert hashes, f"{path.name}: {pin} has no hash"


def test_the_lock_has_the_hashes_of_every_platform_it_serves() -> None:
    """A binary package pinned for every platform carries more than one file's hash:
    the wheels of Linux, macOS and Windows (uv pip compile --universal)."""
    found = pins(build.LOCK)
    for name in ("numpy==2.", "psutil==", "pyside6-essentials==", "shiboken6=="):
        for pin in (p for p in found if p.lower().startswith(name)):
            assert len(found[pin]) >= 3, f"{pin}: {len(found[pin])} hashes"


def test_every_runtime_dependency_has_an_upper_bound() -> None:
    import tomllib

    project = tomllib.loads((build.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = (
        project["project"]["dependencies"] + project["project"]["optional-dependencies"]["fleet"]
    )
    for requirement in runtime:
        assert "<" in requirement.split(";")[0], requirement
    pyside_old = [r for r in runtime if r.startswith("PySide6") and "< '3.12'" in r]
    assert pyside_old == ["PySide6-Essentials>=6.8,<6.12; python_version < '3.12'"]


def test_dev_py_installs_the_lock_with_require_hashes() -> None:
    text = (build.ROOT / "dev.py").read_text(encoding="utf-8")
    assert '"--require-hashes", "-r", str(LOCK)' in text
    assert '"--generate-hashes"' in text
