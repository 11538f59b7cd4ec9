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


def tree(root: Path) -> dict[str, str]:
    """Every folder, file and link under ``root``: its kind and its content."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = f"link {os.readlink(path)}"
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = f"file {path.read_bytes()!r}"
    return found


def desktop_tools() -> list[str]:
    return [
        tool
        for tool in ("update-desktop-database", "update-mime-database", "gtk-update-icon-cache")
        if shutil.which(tool)
    ]


@pytest.mark.parametrize("home_kind", ["new", "lived-in"])
def test_uninstall_leaves_the_home_as_it_was(tmp_path: Path, home_kind: str) -> None:
    """Before the install and after --uninstall the home holds the same folders,
    files and links: the folders the install made are gone, the desktop caches it
    brought removed, the ones that were there regenerated (with whichever of
    update-desktop-database, update-mime-database and gtk-update-icon-cache exist)."""
    bundle = make_bundle(tmp_path / "bundle")
    home = tmp_path / "home"
    home.mkdir()
    data = home / ".local" / "share"
    if home_kind == "lived-in":
        (home / ".bashrc").write_text("# mine\n")
        (data / "applications").mkdir(parents=True)
        (data / "applications" / "other.desktop").write_text(
            "[Desktop Entry]\nType=Application\nName=Other\nExec=other %F\nMimeType=text/x-other;\n"
        )
        (data / "mime" / "packages").mkdir(parents=True)
        (data / "mime" / "packages" / "other.xml").write_text(
            '<?xml version="1.0"?>\n<mime-info xmlns="http://www.freedesktop.org/standards/'
            'shared-mime-info"><mime-type type="text/x-other"><comment>Other</comment>'
            '<glob pattern="*.other"/></mime-type></mime-info>\n'
        )
        (data / "icons" / "hicolor" / "48x48" / "apps").mkdir(parents=True)
        (home / ".local" / "bin").mkdir()
        if "update-mime-database" in desktop_tools():
            subprocess.run(["update-mime-database", str(data / "mime")], check=True)
        if "update-desktop-database" in desktop_tools():
            subprocess.run(["update-desktop-database", str(data / "applications")], check=True)
    before = tree(home)
    bundle_before = tree(bundle)
    assert install(bundle, data).returncode == 0
    assert (data / "applications" / appmeta.load().desktop_file_name).is_file()
    if "update-mime-database" in desktop_tools():
        assert (data / "mime" / "mime.cache").is_file()
    done = install(bundle, data, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert tree(home) == before
    assert tree(bundle) == bundle_before


def test_system_uninstall_leaves_the_prefix_as_it_was(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "bundle")
    prefix = tmp_path / "usr-local"
    (prefix / "share" / "applications").mkdir(parents=True)
    (prefix / "share" / "applications" / "other.desktop").write_text("[Desktop Entry]\n")
    before = tree(prefix)
    env = dict(os.environ, PREFIX=str(prefix), HOME=str(tmp_path))
    run = ["sh", str(bundle / "install-desktop.sh"), "--system"]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert (prefix / "lib" / "activitymon" / "activitymon").is_file()
    assert (prefix / "bin" / "activitymon").is_symlink()
    again = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr  # a reinstall keeps the first record
    done = subprocess.run(
        [*run, "--uninstall"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert tree(prefix) == before


def test_install_names_the_zsh_fpath_line_when_zsh_would_not_look(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "b")
    data = tmp_path / "home" / ".local" / "share"
    done = install(bundle, data)
    assert done.returncode == 0, done.stderr
    folder = data / "zsh" / "site-functions"
    assert (folder / "_activitymon").is_file()
    assert (data / "bash-completion" / "completions" / "activitymon").is_file()
    assert f"fpath=('{folder}' $fpath)" in done.stdout
