"""``LSMinimumSystemVersion`` is the highest ``LC_BUILD_VERSION`` minos over every
Mach-O file in the .app, and the build fails when the plist would say less.

The samples in ``data/macho/`` are headers written by hand from the layouts in
``<mach-o/loader.h>`` and ``<mach-o/fat.h>`` (``mach_header_64``, ``fat_header`` and
``fat_arch``, ``build_version_command``, ``version_min_command``, ``uuid_command``):

- ``arm64-minos-13.0.dylib``: MH_MAGIC_64, CPU_TYPE_ARM64, LC_UUID then
  LC_BUILD_VERSION (platform 1 = MACOS, minos 0x000d0000, sdk 14.2);
- ``x86_64-version-min-10.9.so``: CPU_TYPE_X86_64, LC_VERSION_MIN_MACOSX
  (version 0x000a0900) then LC_UUID;
- ``ios-arm64-minos-17.0.dylib``: LC_BUILD_VERSION with platform 2 (IOS): no macOS
  minimum;
- ``universal-x86_64-11.0-arm64-15.0``: FAT_MAGIC, two fat_arch entries (x86_64 at
  offset 4096, arm64 at 8192), each slice a thin header with its own minos;
- ``truncated.dylib``: an arm64 header whose sizeofcmds runs past the file's end.
"""

from __future__ import annotations

import plistlib
import shutil
from pathlib import Path

import pytest

from tests.packaging.loader import packaging_module

macho = packaging_module("macho")
macos_minimum = packaging_module("macos_minimum")
build = packaging_module("build")

SAMPLES = Path(__file__).resolve().parent / "data" / "macho"


@pytest.mark.parametrize(
    ("name", "slices"),
    [
        ("arm64-minos-13.0.dylib", [("arm64", (13, 0, 0))]),
        ("x86_64-version-min-10.9.so", [("x86_64", (10, 9, 0))]),
        ("ios-arm64-minos-17.0.dylib", [("arm64", None)]),
        ("universal-x86_64-11.0-arm64-15.0", [("x86_64", (11, 0, 0)), ("arm64", (15, 0, 0))]),
    ],
)
def test_the_samples_minimum_per_slice(name: str, slices: list[tuple[str, object]]) -> None:
    found = macho.slices(macho.read_head(SAMPLES / name))
    assert [(s.cpu, s.minos) for s in found] == slices


def test_a_universal_file_needs_its_highest_slice() -> None:
    assert macho.file_minimum(SAMPLES / "universal-x86_64-11.0-arm64-15.0") == (15, 0, 0)


def test_a_cut_header_is_an_error_and_other_files_are_not_mach_o(tmp_path: Path) -> None:
    with pytest.raises(macho.MachOError, match="past the end"):
        macho.file_minimum(SAMPLES / "truncated.dylib")
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    assert macho.file_minimum(text) is None
    java = tmp_path / "A.class"  # 0xcafebabe too, with a class-file version after it
    java.write_bytes(bytes.fromhex("cafebabe00000041") + b"\0" * 32)
    assert macho.slices(java.read_bytes()) == []


def app_with(tmp_path: Path, *samples: str, plist_minimum: str) -> Path:
    app = tmp_path / "activitymon.app"
    frameworks = app / "Contents" / "Frameworks"
    frameworks.mkdir(parents=True)
    for sample in samples:
        shutil.copyfile(SAMPLES / sample, frameworks / sample)
    (app / "Contents" / "Resources").mkdir()
    (app / "Contents" / "Resources" / "icon.icns").write_bytes(b"icns")
    plist = {"CFBundleExecutable": "activitymon", "LSMinimumSystemVersion": plist_minimum}
    (app / "Contents" / "Info.plist").write_bytes(plistlib.dumps(plist))
    return app


def test_the_build_fails_when_the_plist_would_lie(tmp_path: Path) -> None:
    """A Homebrew Python built on macOS 15 under a plist saying 13.0: the build
    stops and names the file."""
    app = app_with(
        tmp_path,
        "arm64-minos-13.0.dylib",
        "universal-x86_64-11.0-arm64-15.0",
        plist_minimum="13.0",
    )
    with pytest.raises(build.BuildError) as caught:
        build.check_macos_minimum(app)
    message = str(caught.value)
    assert "LSMinimumSystemVersion 13.0" in message
    assert "universal-x86_64-11.0-arm64-15.0" in message
    assert "macOS 15.0" in message


def test_a_plist_at_the_highest_minos_passes(tmp_path: Path) -> None:
    app = app_with(
        tmp_path, "arm64-minos-13.0.dylib", "x86_64-version-min-10.9.so", plist_minimum="13.0"
    )
    build.check_macos_minimum(app)  # no error
    assert macho.plist_problem("12.3", app).startswith(
        "Info.plist says LSMinimumSystemVersion 12.3"
    )


def test_the_spec_takes_the_highest_of_wheel_tags_and_mach_o_files() -> None:
    files = [SAMPLES / "arm64-minos-13.0.dylib", SAMPLES / "universal-x86_64-11.0-arm64-15.0"]
    assert macos_minimum.binaries_minimum(files) == "15.0"
    assert macos_minimum.binaries_minimum([SAMPLES / "ios-arm64-minos-17.0.dylib"]) is None
    assert macos_minimum.highest("13.0", "15.0", None) == "15.0"
    assert macos_minimum.highest("10.13", "10.9") == "10.13"
    assert macos_minimum.highest(None) is None
