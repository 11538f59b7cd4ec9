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


def generated_plist(tmp_path: Path) -> dict[str, Any]:
    """The Info.plist the macOS spec hands PyInstaller, through plistlib as written."""
    plist = run_spec("activitymon-macos.spec", tmp_path)["app"].kwargs["info_plist"]
    loaded: dict[str, Any] = plistlib.loads(plistlib.dumps(plist))
    return loaded


def test_plist_imports_apples_ips_type_and_claims_no_report_type(tmp_path: Path) -> None:
    """Since macOS 12 ``.ips`` is the system's ``com.apple.ips`` (Console's): the app
    imports it (never exports it) and lists itself as an Alternate handler; ``.synced``
    is every synced crash log, also Alternate; nothing is claimed with Owner rank."""
    plist = generated_plist(tmp_path)
    imported = {t["UTTypeIdentifier"]: t for t in plist["UTImportedTypeDeclarations"]}
    assert set(imported) == {"com.apple.ips", "org.activitymon.synced-report"}
    tags = imported["com.apple.ips"]["UTTypeTagSpecification"]
    assert tags["public.filename-extension"] == ["ips"]
    assert imported["org.activitymon.synced-report"]["UTTypeTagSpecification"][
        "public.filename-extension"
    ] == ["synced"]
    assert plist["UTExportedTypeDeclarations"] == []
    ranks = {d["LSItemContentTypes"][0]: d["LSHandlerRank"] for d in plist["CFBundleDocumentTypes"]}
    assert ranks == {
        "com.apple.ips": "Alternate",
        "org.activitymon.synced-report": "Alternate",
        "com.apple.property-list": "Alternate",
        "public.folder": "Alternate",
    }
    assert {d["CFBundleTypeRole"] for d in plist["CFBundleDocumentTypes"]} == {"Viewer"}


def test_a_folder_is_a_document_the_app_opens(tmp_path: Path) -> None:
    """A folder dropped on the Dock icon arrives as a QFileOpenEvent only when the
    plist lists folders; the window opens the reports browser on it."""
    documents = generated_plist(tmp_path)["CFBundleDocumentTypes"]
    folder = [d for d in documents if d["LSItemContentTypes"] == ["public.folder"]]
    assert len(folder) == 1
    assert folder[0]["CFBundleTypeRole"] == "Viewer"


def test_exporting_an_apple_type_is_refused(tmp_path: Path) -> None:
    filetypes = packaging_module("filetypes")
    text = (PACKAGING / "metadata.toml").read_text(encoding="utf-8")
    bad = tmp_path / "metadata.toml"
    bad.write_text(text.replace('declare = "import"', 'declare = "export"', 1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"com\.apple\.ips is Apple's type"):
        filetypes.load(bad)


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
    for path in (macsign.ENTITLEMENTS, macsign.ENTITLEMENTS_AD_HOC):
        entitlements = plistlib.loads(path.read_bytes())
        assert entitlements
        assert all(key.startswith("com.apple.security.cs.") for key in entitlements)
        assert all(value is True for value in entitlements.values())


LIBRARY_VALIDATION_OFF = "com.apple.security.cs.disable-library-validation"


@pytest.mark.parametrize(
    ("identity", "validation_off"),
    [("-", True), ("Developer ID Application: A (TEAMID)", False)],
)
def test_library_validation_is_off_only_for_ad_hoc_builds(
    tmp_path: Path, identity: str, validation_off: bool
) -> None:
    plan = macsign.signing_plan(fake_app(tmp_path), identity)
    files = {Path(c[c.index("--entitlements") + 1]) for c in plan if "--entitlements" in c}
    assert len(files) == 1
    entitlements = plistlib.loads(files.pop().read_bytes())
    assert (LIBRARY_VALIDATION_OFF in entitlements) is validation_off


def test_gatekeeper_assesses_the_app_and_the_dmg() -> None:
    app = macsign.assess_command(Path("dist/activitymon.app"))
    assert app[:4] == ["spctl", "--assess", "--type", "execute"]
    dmg = macsign.assess_command(Path("dist/a.dmg"))
    assert dmg[:4] == ["spctl", "--assess", "--type", "open"]
    assert "context:primary-signature" in dmg
    script = NOTARIZE.read_text(encoding="utf-8")
    assert script.rindex("xcrun stapler staple") < script.rindex("spctl --assess")


def test_the_app_is_stapled_before_the_dmg_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    args = build.argparse.Namespace(
        no_sign=False, sign="Developer ID Application: A (TEAMID)", notarize="p", dmg=True
    )
    names = [name for name, _step in build.macos_steps(args)]
    assert names == [
        "checking LSMinimumSystemVersion against every Mach-O file",
        "signing the app",
        "notarizing and stapling the app",
        "making the disk image of the app",
        "notarizing and stapling the disk image",
    ]
    done: list[str] = []
    monkeypatch.setattr(build, "check_macos_minimum", lambda app: done.append("minimum"))
    monkeypatch.setattr(build, "sign_app", lambda target, identity: done.append("sign"))
    monkeypatch.setattr(build, "notarize", lambda path, profile: done.append(path.suffix))
    monkeypatch.setattr(build, "make_dmg", lambda identity: done.append("dmg"))
    for _name, step in build.macos_steps(args):
        step()
    assert done == ["minimum", "sign", ".app", "dmg", ".dmg"]


def test_notarizing_needs_a_developer_id() -> None:
    args = build.argparse.Namespace(no_sign=False, sign="-", notarize="p", dmg=True)
    with pytest.raises(build.BuildError, match="Developer ID"):
        build.macos_steps(args)


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
