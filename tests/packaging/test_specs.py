"""Both PyInstaller specs, executed with stand-ins for PyInstaller's build classes:
what each would hand PyInstaller is checked here, on any OS, without building."""

from __future__ import annotations

import sys
import tomllib
import types
from pathlib import Path
from typing import Any

import pytest

import activitymon
from tests.packaging.loader import PACKAGING, ROOT, packaging_module

appmeta = packaging_module("appmeta")
bundlespec = packaging_module("bundlespec")


class Recorder:
    """Stands in for Analysis, PYZ, EXE, COLLECT and BUNDLE: keeps its arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []


def run_spec(name: str, distpath: Path) -> dict[str, Any]:
    spec = PACKAGING / name
    namespace: dict[str, Any] = {
        "SPECPATH": str(PACKAGING),
        "DISTPATH": str(distpath),
        "__file__": str(spec),
        **{
            cls: type(cls, (Recorder,), {})
            for cls in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
        },
    }
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    return namespace


@pytest.fixture
def no_dependency_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Linux spec asks PyInstaller's bindepend for library imports."""
    pyinstaller = types.ModuleType("PyInstaller")
    depend = types.ModuleType("PyInstaller.depend")
    bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    bindepend.get_imports = lambda _src: []  # type: ignore[attr-defined]
    for mod in (pyinstaller, depend, bindepend):
        monkeypatch.setitem(sys.modules, mod.__name__, mod)


@pytest.fixture
def macos(tmp_path: Path) -> dict[str, Any]:
    return run_spec("activitymon-macos.spec", tmp_path)


def test_macos_bundle_is_a_windowed_app_with_icon_and_id(macos: dict[str, Any]) -> None:
    bundle = macos["app"].kwargs
    assert bundle["name"] == "activitymon.app"
    assert bundle["bundle_identifier"] == "org.activitymon.activitymon"
    assert bundle["version"] == activitymon.__version__
    icon = Path(bundle["icon"])
    assert icon.suffix == ".icns"
    assert icon.is_file()
    exe = macos["exe"].kwargs
    assert exe["console"] is False
    assert exe["name"] == "activitymon"
    assert Path(exe["icon"]) == icon


def test_macos_info_plist_keys(macos: dict[str, Any]) -> None:
    plist = macos["app"].kwargs["info_plist"]
    assert plist["NSHighResolutionCapable"] is True
    assert plist["NSRequiresAquaSystemAppearance"] is False
    assert plist["CFBundleShortVersionString"] == activitymon.__version__
    assert plist["CFBundleVersion"] == activitymon.__version__
    assert plist["CFBundleIdentifier"] == "org.activitymon.activitymon"


def test_macos_analysis_starts_at_the_entry_point_and_excludes_unused_qt(
    macos: dict[str, Any],
) -> None:
    analysis = macos["a"]
    (scripts,) = analysis.args
    assert [Path(s) for s in scripts] == [ROOT / "activitymon" / "__main__.py"]
    assert all(Path(s).is_file() for s in scripts)
    excludes = set(analysis.kwargs["excludes"])
    for module in ("QtNetwork", "QtQml", "QtQuick", "Qt3DCore", "QtWebEngineCore", "QtPdf"):
        assert f"PySide6.{module}" in excludes
    assert "tkinter" in excludes
    hidden = set(analysis.kwargs["hiddenimports"])
    assert {"activitymon.cli", "activitymon.commands.app", "activitymon.ui.app"} <= hidden
    assert "activitymon.__main__" not in hidden


def test_macos_spec_trims_the_analysed_files(tmp_path: Path) -> None:
    namespace = run_spec("activitymon-macos.spec", tmp_path)
    analysis_cls = namespace["Analysis"]
    kept_in = [
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", "src", "BINARY"),
        ("PySide6/Qt/plugins/styles/libqmacstyle.dylib", "src", "BINARY"),
        ("PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore", "src", "BINARY"),
    ]
    dropped = [
        ("PySide6/Qt/plugins/platforms/libqwebgl.dylib", "src", "BINARY"),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.dylib", "src", "BINARY"),
        ("PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork", "src", "BINARY"),
        ("PySide6/Qt/lib/QtQuick.framework/Resources/Info.plist", "src", "DATA"),
        ("PySide6/Qt/translations/qtbase_de.qm", "src", "DATA"),
    ]

    class Analysed(analysis_cls):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.binaries = [e for e in kept_in + dropped if e[2] == "BINARY"]
            self.datas = [e for e in kept_in + dropped if e[2] == "DATA"]

    namespace = run_spec_with(namespace, "activitymon-macos.spec", Analysed)
    analysis = namespace["a"]
    assert sorted(analysis.binaries + analysis.datas) == sorted(kept_in)


def run_spec_with(namespace: dict[str, Any], name: str, analysis: type) -> dict[str, Any]:
    spec = PACKAGING / name
    namespace = {**namespace, "Analysis": analysis}
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    return namespace


@pytest.mark.usefixtures("no_dependency_scan")
def test_linux_spec_collects_one_folder_and_writes_the_desktop_files(tmp_path: Path) -> None:
    namespace = run_spec("activitymon-linux.spec", tmp_path)
    assert namespace["coll"].kwargs["name"] == "activitymon"
    assert namespace["exe"].kwargs["name"] == "activitymon"
    assert namespace["a"].args == ([str(ROOT / "activitymon" / "__main__.py")],)
    bundle = tmp_path / "activitymon"
    meta = appmeta.load()
    desktop = bundle / "share" / "applications" / meta.desktop_file_name
    assert f"Exec={bundlespec.BUNDLE_PLACEHOLDER}/activitymon" in desktop.read_text()
    for size in bundlespec.HICOLOR_SIZES:
        icon = bundle / f"share/icons/hicolor/{size}x{size}/apps/{meta.bundle_id}.png"
        assert (
            icon.read_bytes() == (ROOT / f"resources/icons/png/activitymon-{size}.png").read_bytes()
        )
    assert (bundle / f"share/icons/hicolor/scalable/apps/{meta.bundle_id}.svg").is_file()
    installer = bundle / "install-desktop.sh"
    assert installer.stat().st_mode & 0o111


@pytest.mark.parametrize("spec", ["activitymon-linux.spec", "activitymon-macos.spec"])
@pytest.mark.usefixtures("no_dependency_scan")
def test_resources_sit_where_the_package_looks_for_them(tmp_path: Path, spec: str) -> None:
    """activitymon.appdata finds the data as ``activitymon/resources`` inside the
    package (importlib.resources), where the wheel puts it too."""
    datas = run_spec(spec, tmp_path)["a"].kwargs["datas"]
    assert (str(ROOT / "resources"), "activitymon/resources") in datas
    assert (str(ROOT / "LICENSE"), ".") in datas
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["setuptools"]["package-dir"]["activitymon.resources"] == "resources"


def test_every_path_a_spec_names_exists() -> None:
    for path in (
        bundlespec.ENTRY_SCRIPT,
        appmeta.ICON_SVG,
        appmeta.ICON_ICNS,
        appmeta.ICON_ICO,
        appmeta.METADATA_TOML,
        PACKAGING / "install-desktop.sh",
        PACKAGING / "requirements-build.txt",
        ROOT / "requirements.lock",
    ):
        assert path.is_file(), path
