"""The macOS app's packaging, checked on any OS: the minimum macOS from the bundled
wheels' platform tags, the report document types in the Info.plist, inside-out
signing with the hardened runtime, the .dmg and the notarization script."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from tests.packaging.loader import PACKAGING, packaging_module
from tests.packaging.test_specs import run_spec

appmeta = packaging_module("appmeta")
macos_minimum = packaging_module("macos_minimum")
macsign = packaging_module("macsign")
build = packaging_module("build")


@pytest.mark.parametrize(
    ("tags", "minimum"),
    [
        (["cp39-abi3-macosx_13_0_universal2"], "13.0"),  # PySide6-Essentials 6.11.3
        (["cp39-abi3-macosx_14_0_universal2"], "14.0"),  # PySide6-Essentials 6.12.0
        (["cp39-abi3-macosx_13_0_universal2", "cp311-cp311-macosx_14_0_arm64"], "14.0"),
        (["cp311-cp311-macosx_10_9_x86_64", "cp39-abi3-macosx_13_0_x86_64"], "13.0"),
        (["cp39-abi3-manylinux_2_34_x86_64"], None),
    ],
)
def test_minimum_is_the_highest_wheel_tag(tags: list[str], minimum: str | None) -> None:
    assert macos_minimum.minimum_of_tags(tags) == minimum


class FakeDistribution:
    def __init__(self, tag: str) -> None:
        self.tag = tag

    def read_text(self, name: str) -> str:
        assert name == "WHEEL"
        return f"Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: {self.tag}\n"


@pytest.fixture
def pyside_612_on_a_mac(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build interpreter's wheels as on a Mac with Python 3.12: PySide6 6.12."""
    tags = {
        "PySide6-Essentials": "cp39-abi3-macosx_14_0_universal2",
        "shiboken6": "cp39-abi3-macosx_14_0_universal2",
        "numpy": "cp312-cp312-macosx_11_0_arm64",
    }

    def distribution(name: str) -> Any:
        if name not in tags:
            raise metadata.PackageNotFoundError(name)
        return FakeDistribution(tags[name])

    monkeypatch.setattr(metadata, "distribution", distribution)


@pytest.mark.usefixtures("pyside_612_on_a_mac")
def test_the_spec_takes_the_minimum_from_the_bundled_pyside(tmp_path: Path) -> None:
    plist = run_spec("activitymon-macos.spec", tmp_path)["app"].kwargs["info_plist"]
    assert plist["LSMinimumSystemVersion"] == "14.0"


def test_without_mac_wheels_the_floor_is_pyside_6_11s(tmp_path: Path) -> None:
    plist = run_spec("activitymon-macos.spec", tmp_path)["app"].kwargs["info_plist"]
    assert tuple(map(int, plist["LSMinimumSystemVersion"].split("."))) >= (13, 0)


def test_plist_declares_the_report_types() -> None:
    plist = plistlib.loads(plistlib.dumps(appmeta.info_plist(appmeta.load(), "13.0")))
    exported = {t["UTTypeIdentifier"]: t for t in plist["UTExportedTypeDeclarations"]}
    extensions = {
        ext
        for t in exported.values()
        for ext in t["UTTypeTagSpecification"]["public.filename-extension"]
    }
    assert extensions == {"ips", "synced"}
    documents = plist["CFBundleDocumentTypes"]
    handled = {uti for d in documents for uti in d["LSItemContentTypes"]}
    assert set(exported) <= handled
    assert "com.apple.property-list" in handled  # LowMemory plists, as an alternative
    assert {d["CFBundleTypeRole"] for d in documents} == {"Viewer"}
    ranks = {d["LSItemContentTypes"][0]: d["LSHandlerRank"] for d in documents}
    assert ranks["com.apple.property-list"] == "Alternate"


MACH_O_64 = b"\xcf\xfa\xed\xfe" + b"\0" * 60


def fake_app(root: Path) -> Path:
    app = root / "activitymon.app"
    contents = app / "Contents"
    for relative in (
        "MacOS/activitymon",
        "Frameworks/libpython3.11.dylib",
        "Frameworks/numpy/_core/_multiarray_umath.cpython-311-darwin.so",
        "Frameworks/PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore",
        "Frameworks/PySide6/Qt/plugins/platforms/libqcocoa.dylib",
    ):
        path = contents / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(MACH_O_64)
    (contents / "Resources").mkdir()
    (contents / "Resources" / "activitymon.icns").write_bytes(b"icns")
    (contents / "Info.plist").write_bytes(plistlib.dumps({"CFBundleExecutable": "activitymon"}))
    return app


def test_signing_goes_inside_out_without_deep(tmp_path: Path) -> None:
    app = fake_app(tmp_path)
    plan = macsign.signing_plan(app, "Developer ID Application: A (TEAMID)")
    targets = [Path(command[-1]) for command in plan]
    assert all("--deep" not in command for command in plan)
    assert all(command[:2] == ["codesign", "--force"] for command in plan)
    assert all(command[command.index("--options") + 1] == "runtime" for command in plan)
    assert all("--timestamp" in command for command in plan)
    assert targets[-1] == app
    assert targets[-2] == app / "Contents" / "MacOS" / "activitymon"
    framework = next(t for t in targets if t.suffix == ".framework")
    inside = app / "Contents/Frameworks/PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore"
    assert targets.index(inside) < targets.index(framework)  # contents before the bundle
    assert app / "Contents" / "Resources" / "activitymon.icns" not in targets  # not code
    with_entitlements = [Path(c[-1]) for c in plan if "--entitlements" in c]
    assert with_entitlements == targets[-2:]


def test_ad_hoc_signing_has_no_timestamp(tmp_path: Path) -> None:
    plan = macsign.signing_plan(fake_app(tmp_path), "-")
    assert all("--timestamp" not in command for command in plan)
    assert all(command[command.index("--sign") + 1] == "-" for command in plan)


def test_entitlements_are_a_plist_of_hardened_runtime_exceptions() -> None:
    entitlements = plistlib.loads(macsign.ENTITLEMENTS.read_bytes())
    assert entitlements
    assert all(key.startswith("com.apple.security.cs.") for key in entitlements)
    assert all(value is True for value in entitlements.values())


def test_dmg_is_a_compressed_image_of_the_staging_folder(tmp_path: Path) -> None:
    command = macsign.dmg_command(tmp_path / "a.app", tmp_path / "stage", tmp_path / "x.dmg", "v")
    assert command[:2] == ["hdiutil", "create"]
    assert command[command.index("-srcfolder") + 1] == str(tmp_path / "stage")
    assert command[command.index("-format") + 1] == "UDZO"
    assert command[-1] == str(tmp_path / "x.dmg")


def test_build_offers_dmg_and_a_signing_identity() -> None:
    text = (PACKAGING / "build.py").read_text(encoding="utf-8")
    assert '"--dmg"' in text
    assert '"--sign"' in text
    assert '"--deep"' not in text


NOTARIZE = PACKAGING / "notarize"


def test_notarize_submits_waits_and_staples() -> None:
    script = NOTARIZE.read_text(encoding="utf-8")
    assert os.access(NOTARIZE, os.X_OK)
    assert "xcrun notarytool submit" in script
    assert "--wait" in script
    assert "xcrun stapler staple" in script
    assert "--keychain-profile" in script
    if shutil.which("sh"):
        assert subprocess.run(["sh", "-n", str(NOTARIZE)], check=False).returncode == 0


@pytest.mark.skipif(sys.platform == "darwin", reason="checks the refusal off macOS")
def test_notarize_refuses_off_macos_and_without_a_file() -> None:
    usage = subprocess.run(["sh", str(NOTARIZE)], capture_output=True, text=True, check=False)
    assert usage.returncode == 2
    off_mac = subprocess.run(
        ["sh", str(NOTARIZE), "dist/x.dmg", "--keychain-profile", "p"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert off_mac.returncode == 1
    assert "macOS only" in off_mac.stderr


def test_packaging_readme_says_one_build_per_architecture() -> None:
    text = (PACKAGING / "README.md").read_text(encoding="utf-8")
    assert "one build per architecture" in text.lower()
    assert "packaging/notarize" in text
