"""The sdist is a working copy of the project: the licence, the tests with their
conftest, packaging/ and the data, and pytest runs from it unpacked."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.packaging.loader import ROOT


@pytest.fixture(scope="module")
def unpacked_sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-1500:] + built.stderr[-1500:]
    (archive,) = out.glob("activitymon-*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    (top,) = (p for p in out.iterdir() if p.is_dir())
    return top


def tracked(folder: str) -> list[str]:
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", folder], capture_output=True, text=True, check=False
    )
    if listed.returncode:
        pytest.skip("not a git checkout: nothing to compare the sdist with")
    return [line for line in listed.stdout.splitlines() if (ROOT / line).is_file()]


def test_sdist_carries_licence_tests_packaging_and_data(unpacked_sdist: Path) -> None:
    assert "MIT License" in (unpacked_sdist / "LICENSE").read_text(encoding="utf-8")
    assert (unpacked_sdist / "tests" / "conftest.py").is_file()
    for folder in ("tests", "packaging", "resources", "activitymon"):
        files = tracked(folder)
        assert files
        missing = [name for name in files if not (unpacked_sdist / name).is_file()]
        assert missing == [], f"{folder}/ files missing from the sdist"


def test_pytest_runs_from_the_unpacked_sdist(unpacked_sdist: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_cli.py",
            "tests/packaging/test_install_layouts.py::test_a_checkout_finds_the_top_level_resources_folder",
            "tests/packaging/test_metadata.py",
        ],
        capture_output=True,
        text=True,
        cwd=unpacked_sdist,
        env=env,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-1000:]
    assert " passed" in ran.stdout
    assert " failed" not in ran.stdout
