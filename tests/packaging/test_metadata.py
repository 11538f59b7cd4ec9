"""Bundle metadata: one source (metadata.toml + activitymon.__version__) for the
macOS Info.plist and the Linux desktop entry."""

from __future__ import annotations

import configparser
import dataclasses
import plistlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import activitymon
from tests.packaging.loader import packaging_module

appmeta = packaging_module("appmeta")


def parse_desktop(text: str) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return dict(parser["Desktop Entry"])


def test_version_is_the_package_version() -> None:
    assert appmeta.load().version == activitymon.__version__


def test_bundle_id_is_reverse_dns() -> None:
    assert re.fullmatch(r"[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}", appmeta.load().bundle_id)


@pytest.mark.parametrize(
    ("version", "bundle_version"),
    [("0.1.0", "0.1.0"), ("1.2.3rc1", "1.2.3"), ("2.0.dev4", "2.0"), ("1.2.3.4", "1.2.3")],
)
def test_apple_version_keys_keep_only_leading_integers(version: str, bundle_version: str) -> None:
    meta = dataclasses.replace(appmeta.load(), version=version)
    plist = appmeta.info_plist(meta)
    assert plist["CFBundleShortVersionString"] == bundle_version
    assert plist["CFBundleVersion"] == bundle_version


def test_a_version_without_digits_is_refused() -> None:
    meta = dataclasses.replace(appmeta.load(), version="unknown")
    with pytest.raises(ValueError, match="unknown"):
        appmeta.info_plist(meta)


def test_info_plist_has_the_keys_a_mac_app_needs_and_serialises() -> None:
    meta = appmeta.load()
    plist = plistlib.loads(plistlib.dumps(appmeta.info_plist(meta)))
    assert plist["CFBundleIdentifier"] == meta.bundle_id
    assert plist["NSHighResolutionCapable"] is True
    assert plist["NSRequiresAquaSystemAppearance"] is False
    assert plist["CFBundleShortVersionString"] == activitymon.__version__
    assert plist["NSHumanReadableCopyright"].startswith("Copyright")
    assert re.fullmatch(r"\d+\.\d+", plist["LSMinimumSystemVersion"])


def test_desktop_entry_launches_the_path_with_the_icon() -> None:
    meta = appmeta.load()
    entry = parse_desktop(appmeta.desktop_entry(meta, "/opt/activitymon/activitymon", "org.x.y"))
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "/opt/activitymon/activitymon %F"  # files the desktop opens
    assert entry["MimeType"].split(";")[:-1] == [
        "application/x-apple-ips",
        "application/x-apple-ips-synced",
        "application/x-apple-lowmemory-report",
    ]
    assert entry["Icon"] == "org.x.y"
    assert entry["Terminal"] == "false"
    assert entry["Name"] == meta.display_name
    assert entry["Categories"].endswith(";")
    assert "System" in entry["Categories"].split(";")


def test_desktop_entry_quotes_an_exec_path_with_spaces_and_dollars() -> None:
    text = appmeta.desktop_entry(appmeta.load(), '/home/me/My $Apps/"am"/activitymon', "i")
    assert parse_desktop(text)["Exec"] == '"/home/me/My \\$Apps/\\"am\\"/activitymon" %F'


def test_desktop_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.skip("desktop-file-validate not installed (desktop-file-utils)")
    meta = appmeta.load()
    path = tmp_path / meta.desktop_file_name
    path.write_text(appmeta.desktop_entry(meta, "/opt/activitymon/activitymon", meta.bundle_id))
    done = subprocess.run([validate, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
