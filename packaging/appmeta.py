"""The app's bundle metadata, from ``packaging/metadata.toml`` and the package's
``__version__``, and what the bundles are made of: the macOS ``Info.plist`` keys
and the Linux ``.desktop`` entry.

Standard library only: the PyInstaller specs load this file by path (``packaging/``
is not a Python package: it would shadow PyPI's ``packaging``, which PyInstaller
itself imports), and so do the tests.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
METADATA_TOML = ROOT / "packaging" / "metadata.toml"
PACKAGE_INIT = ROOT / "activitymon" / "__init__.py"
ICON_DIR = ROOT / "resources" / "icons"
ICON_SVG = ICON_DIR / "activitymon.svg"
ICON_ICNS = ICON_DIR / "activitymon.icns"
ICON_ICO = ICON_DIR / "activitymon.ico"
ICON_PNG_DIR = ICON_DIR / "png"


@dataclass(frozen=True)
class AppMeta:
    name: str
    display_name: str
    bundle_id: str
    version: str
    summary: str
    description: str
    copyright: str
    macos_minimum: str
    macos_category: str
    linux_categories: tuple[str, ...]
    linux_keywords: tuple[str, ...]

    @property
    def bundle_version(self) -> str:
        """``1.2.3`` from ``1.2.3rc1`` / ``1.2.3.dev4``: Apple's version keys take
        one to three dot-separated integers only."""
        match = re.match(r"\d+(\.\d+){0,2}", self.version)
        if match is None:
            raise ValueError(f"activitymon.__version__ {self.version!r} does not start with N.N.N")
        return match.group(0)

    @property
    def desktop_file_name(self) -> str:
        return f"{self.bundle_id}.desktop"


def package_version(init: Path = PACKAGE_INIT) -> str:
    """``__version__`` from ``activitymon/__init__.py``, read without importing it."""
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise ValueError(f"{init}: no __version__ = '...' line")


def load(toml_path: Path = METADATA_TOML, init: Path = PACKAGE_INIT) -> AppMeta:
    with toml_path.open("rb") as handle:
        app: dict[str, Any] = tomllib.load(handle)["app"]
    return AppMeta(
        name=app["name"],
        display_name=app["display_name"],
        bundle_id=app["bundle_id"],
        version=package_version(init),
        summary=app["summary"],
        description=app["description"],
        copyright=app["copyright"],
        macos_minimum=app["macos_minimum"],
        macos_category=app["macos_category"],
        linux_categories=tuple(app["linux_categories"]),
        linux_keywords=tuple(app["linux_keywords"]),
    )


def sibling(name: str) -> Any:
    """``packaging/<name>.py`` loaded by path, once (``packaging/`` is no package)."""
    key = f"_appmeta_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


def info_plist(meta: AppMeta, macos_minimum: str | None = None) -> dict[str, Any]:
    """The keys the macOS spec puts into ``Info.plist`` (PyInstaller adds the rest:
    CFBundleExecutable, CFBundlePackageType, CFBundleIconFile …).

    ``macos_minimum`` is what the bundled wheels need
    (``macos_minimum.bundled_minimum``); ``meta.macos_minimum`` is a floor under it."""
    filetypes = sibling("filetypes")
    types = filetypes.load(METADATA_TOML)
    minimum = meta.macos_minimum
    if macos_minimum is not None and _version_key(macos_minimum) > _version_key(minimum):
        minimum = macos_minimum
    return {
        "CFBundleName": meta.name,
        "CFBundleDisplayName": meta.display_name,
        "CFBundleIdentifier": meta.bundle_id,
        "CFBundleShortVersionString": meta.bundle_version,
        "CFBundleVersion": meta.bundle_version,
        "CFBundleDevelopmentRegion": "en",
        "CFBundleInfoDictionaryVersion": "6.0",
        "NSHumanReadableCopyright": meta.copyright,
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow dark mode
        "NSPrincipalClass": "NSApplication",
        "LSApplicationCategoryType": meta.macos_category,
        "LSMinimumSystemVersion": minimum,
        "CFBundleDocumentTypes": filetypes.document_types(types),
        "UTExportedTypeDeclarations": filetypes.exported_type_declarations(types),
        "UTImportedTypeDeclarations": filetypes.imported_type_declarations(types),
    }


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def desktop_entry(meta: AppMeta, exec_path: str, icon: str) -> str:
    """A freedesktop ``.desktop`` entry launching ``exec_path`` with icon ``icon``
    (a themed icon name or an absolute path). ``%F``: the files a file manager
    passes ("Open With", a drop on the launcher) become the app's REPORT arguments."""
    mime_types = sibling("filetypes").mime_types(sibling("filetypes").load(METADATA_TOML))
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        f"Name={meta.display_name}",
        f"GenericName={meta.summary}",
        f"Comment={meta.description}",
        f"Exec={_desktop_quote(exec_path)} %F",
        f"TryExec={exec_path}",
        f"Icon={icon}",
        "Terminal=false",
        f"Categories={';'.join(meta.linux_categories)};",
        f"Keywords={';'.join(meta.linux_keywords)};",
        f"MimeType={';'.join(mime_types)};",
        f"StartupWMClass={meta.name}",
        "StartupNotify=true",
        f"X-AppVersion={meta.version}",
    ]
    return "\n".join(lines) + "\n"


def _desktop_quote(path: str) -> str:
    """Quote an Exec program path per the Desktop Entry spec when it needs it."""
    if re.fullmatch(r"[A-Za-z0-9_./+@-]+", path):
        return path
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'
