"""The Linux release: the glibc floor of a bundle (parsed from its ELF files), the
build's ceiling, the .tar.xz archive, and the desktop files in it (AppStream
metainfo, MIME types) checked by the freedesktop tools where they are installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.packaging.loader import ROOT, packaging_module

appmeta = packaging_module("appmeta")
bundlespec = packaging_module("bundlespec")
build = packaging_module("build")
glibc_floor = packaging_module("glibc_floor")

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files: Linux")


def objdump_glibc_versions(path: Path) -> set[str]:
    done = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True)
    return {word for word in done.stdout.split() if word.startswith("GLIBC_")}


@linux_only
@pytest.mark.parametrize("path", [Path(sys.executable).resolve(), Path("/bin/sh").resolve()])
def test_version_needs_match_objdump(path: Path) -> None:
    parsed = {name for _lib, name in glibc_floor.version_needs(path.read_bytes())}
    assert any(name.startswith("GLIBC_2.") for name in parsed)
    if shutil.which("objdump") is None:
        pytest.skip("objdump (binutils) not installed to compare with")
    assert {n for n in parsed if n.startswith("GLIBC_")} == objdump_glibc_versions(path)


def test_non_elf_files_need_nothing(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("GLIBC_9.99\n")
    assert glibc_floor.glibc_needed(text) == (0, 0)
    assert glibc_floor.version_needs(b"\x7fELF") == []  # truncated header


@linux_only
def test_bundle_floor_is_the_highest_need_and_names_its_files(tmp_path: Path) -> None:
    python = Path(sys.executable).resolve()
    shutil.copyfile(python, tmp_path / "python")
    (tmp_path / "README").write_text("not ELF\n")
    floor = glibc_floor.bundle_floor(tmp_path)
    assert floor.version == glibc_floor.glibc_needed(python)
    assert floor.files == (tmp_path / "python",)
    assert floor.text.startswith("2.")


def test_the_build_fails_above_glibc_2_34(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RHEL 9's glibc: hypot@GLIBC_2.35 in a Debian-built libpython is refused."""
    module = build.sibling("glibc_floor")
    too_new = module.Floor((2, 35), (tmp_path / "_internal" / "libpython3.11.so.1.0",))
    monkeypatch.setattr(module, "bundle_floor", lambda _bundle: too_new)
    with pytest.raises(build.BuildError, match=r"2\.35 is above 2\.34 \(RHEL 9\).*libpython"):
        build.check_glibc_floor(tmp_path)
    fine = module.Floor((2, 34), (tmp_path / "_internal" / "libQt6Core.so.6",))
    monkeypatch.setattr(module, "bundle_floor", lambda _bundle: fine)
    assert build.check_glibc_floor(tmp_path).startswith("glibc floor 2.34 (≤ 2.34")


def fake_bundle(folder: Path) -> Path:
    folder.mkdir(parents=True)
    exe = folder / "activitymon"
    exe.write_text("#!/bin/sh\necho activitymon\n")
    exe.chmod(0o755)
    (folder / "_internal").mkdir()
    (folder / "_internal" / "data.bin").write_bytes(b"\0" * 100)
    bundlespec.write_linux_desktop_files(folder, appmeta.load())
    return folder


def test_release_archive_is_complete_and_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = fake_bundle(tmp_path / "dist" / "activitymon")
    monkeypatch.setattr(build, "ROOT", tmp_path)
    first = build.make_release_archive(bundle, 1_700_000_000)
    data = first.read_bytes()
    os.utime(bundle / "activitymon", (0, 0))  # file times must not matter
    assert build.make_release_archive(bundle, 1_700_000_000).read_bytes() == data
    assert first.name.startswith("activitymon-")
    assert first.name.endswith(".tar.xz")
    with tarfile.open(first) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    top = first.name.removesuffix(".tar.xz")
    meta = appmeta.load()
    for needed in (
        "activitymon",
        "install-desktop.sh",
        "LICENSE",
        f"share/applications/{meta.desktop_file_name}",
        f"share/metainfo/{meta.bundle_id}.metainfo.xml",
        f"share/mime/packages/{meta.bundle_id}.xml",
        f"share/icons/hicolor/256x256/apps/{meta.bundle_id}.png",
        "share/man/man1/activitymon.1",
        "share/bash-completion/completions/activitymon",
        "share/zsh/site-functions/_activitymon",
    ):
        assert f"{top}/{needed}" in names
    assert names == sorted(names)
    assert {m.uid for m in members} == {0}
    assert {m.mtime for m in members} == {1_700_000_000}
    modes = {m.name.rsplit("/", 1)[-1]: m.mode for m in members}
    assert modes["install-desktop.sh"] == 0o755
    assert modes["LICENSE"] == 0o644


def test_metainfo_describes_the_app(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "b")
    meta = appmeta.load()
    path = bundle / f"share/metainfo/{meta.bundle_id}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == meta.bundle_id
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("launchable") == meta.desktop_file_name
    assert len(root.findall("description/p")) >= 2
    releases = root.findall("releases/release")
    assert releases
    assert releases[0].get("version") == meta.version
    shots = root.findall("screenshots/screenshot/image")
    assert shots
    for image in shots:
        name = (image.text or "").rsplit("/", 1)[-1]
        assert (ROOT / "docs" / "screenshots" / name).is_file(), name
    media = {m.text for m in root.findall("provides/mediatype")}
    assert "application/x-apple-ips" in media


def test_metainfo_passes_appstreamcli_validate(tmp_path: Path) -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli not installed (apt-get install appstream)")
    bundle = fake_bundle(tmp_path / "b")
    (path,) = (bundle / "share" / "metainfo").glob("*.xml")
    done = subprocess.run(
        [tool, "validate", "--no-net", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mime_types_are_recognised_by_shared_mime_info(tmp_path: Path) -> None:
    tool = shutil.which("update-mime-database")
    if tool is None:
        pytest.skip("update-mime-database not installed (shared-mime-info)")
    bundle = fake_bundle(tmp_path / "b")
    mime = tmp_path / "data" / "mime"
    (mime / "packages").mkdir(parents=True)
    for xml in (bundle / "share" / "mime" / "packages").glob("*.xml"):
        shutil.copy(xml, mime / "packages")
    subprocess.run([tool, str(mime)], check=True, capture_output=True)
    globs = (mime / "globs2").read_text(encoding="utf-8")
    assert "application/x-apple-ips:*.ips" in globs
    assert "application/x-apple-ips-synced:*.synced" in globs
    # lower-cased: shared-mime-info matches it case-insensitively
    assert "60:application/x-apple-lowmemory-report:lowmemory-*.plist" in globs


def test_system_install_and_uninstall(tmp_path: Path) -> None:
    if shutil.which("sh") is None:
        pytest.skip("needs a POSIX shell")
    bundle = fake_bundle(tmp_path / "unpacked" / "activitymon")
    prefix = tmp_path / "usr-local"
    env = dict(os.environ, PREFIX=str(prefix), HOME=str(tmp_path / "home"))
    script = str(bundle / "install-desktop.sh")
    done = subprocess.run(
        ["sh", script, "--system"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    meta = appmeta.load()
    installed = prefix / "lib" / "activitymon"
    assert (installed / "activitymon").is_file()
    assert os.readlink(prefix / "bin" / "activitymon") == str(installed / "activitymon")
    entry = (prefix / "share" / "applications" / meta.desktop_file_name).read_text()
    assert f'Exec="{installed}/activitymon" %F' in entry.splitlines()
    for part in (
        f"metainfo/{meta.bundle_id}.metainfo.xml",
        f"mime/packages/{meta.bundle_id}.xml",
        "man/man1/activitymon.1",
        "bash-completion/completions/activitymon",
        "zsh/site-functions/_activitymon",
    ):
        assert (prefix / "share" / part).is_file(), part
    done = subprocess.run(
        ["sh", script, "--system", "--uninstall"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not installed.exists()
    assert not (prefix / "bin" / "activitymon").exists()
    left = [p for p in prefix.rglob("*") if p.is_file() and meta.bundle_id in p.name]
    assert left == []
    assert not (prefix / "share" / "man" / "man1" / "activitymon.1").exists()


def test_a_system_install_without_write_access_says_so(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    bundle = fake_bundle(tmp_path / "b")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    env = dict(os.environ, PREFIX=str(locked / "usr"))
    done = subprocess.run(
        ["sh", str(bundle / "install-desktop.sh"), "--system"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "sudo" in done.stderr
