"""install-desktop.sh puts a bundle into the launcher (~/.local/share) and takes it
out again; checked on a stand-in bundle made by the same code as the real one."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.loader import packaging_module

appmeta = packaging_module("appmeta")
bundlespec = packaging_module("bundlespec")

pytestmark = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")


def make_bundle(folder: Path) -> Path:
    folder.mkdir(parents=True)
    exe = folder / "activitymon"
    exe.write_text("#!/bin/sh\necho activitymon\n")
    exe.chmod(0o755)
    bundlespec.write_linux_desktop_files(folder, appmeta.load())
    return folder


def install(bundle: Path, data_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), HOME=str(data_home.parent))
    return subprocess.run(
        ["sh", str(bundle / "install-desktop.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path)
    return dict(parser["Desktop Entry"])


@pytest.mark.parametrize("folder", ["plain/activitymon", "with space/$odd 100%/activitymon"])
def test_install_points_the_launcher_at_the_bundle(tmp_path: Path, folder: str) -> None:
    bundle = make_bundle(tmp_path / folder)
    data = tmp_path / "home" / ".local" / "share"
    done = install(bundle, data)
    assert done.returncode == 0, done.stderr
    meta = appmeta.load()
    installed = data / "applications" / meta.desktop_file_name
    entry = desktop_entry(installed)
    exe = str(bundle / "activitymon")
    quoted = exe.replace("$", "\\$").replace("%", "%%")
    assert entry["Exec"] == f'"{quoted}" %F'
    assert entry["TryExec"] == exe
    assert entry["Icon"] == meta.bundle_id
    for size in bundlespec.HICOLOR_SIZES:
        assert (data / f"icons/hicolor/{size}x{size}/apps/{meta.bundle_id}.png").is_file()
    assert (data / f"icons/hicolor/scalable/apps/{meta.bundle_id}.svg").is_file()
    validate = shutil.which("desktop-file-validate")
    if validate is not None:
        checked = subprocess.run(
            [validate, str(installed)], capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, checked.stdout


def test_uninstall_removes_what_install_wrote(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "b")
    data = tmp_path / "home" / ".local" / "share"
    assert install(bundle, data).returncode == 0
    done = install(bundle, data, "--uninstall")
    assert done.returncode == 0, done.stderr
    left = [p for p in data.rglob("*") if p.is_file() and appmeta.load().bundle_id in p.name]
    assert left == []


def test_a_folder_without_the_executable_is_refused_with_one_line(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "b")
    (bundle / "activitymon").unlink()
    done = install(bundle, tmp_path / "data")
    assert done.returncode == 2
    assert "missing or not executable" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
