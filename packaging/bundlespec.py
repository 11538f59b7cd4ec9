"""What both PyInstaller specs share: the entry script, the modules left out, and the
trimming of Qt plugins, translations and test data from the analysed file lists.

The app imports QtCore, QtGui and QtWidgets itself; pyqtgraph adds QtSvg, QtTest,
QtOpenGL and QtOpenGLWidgets at import. Every other Qt module is excluded, and of Qt's
plugins only those a desktop window needs are kept (see :data:`KEEP_PLUGINS`).

Standard library only; loaded by path from the specs and the tests.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENTRY_SCRIPT = ROOT / "activitymon" / "__main__.py"

#: Qt modules the running app imports (checked against ``sys.modules`` by a test).
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtOpenGL", "QtOpenGLWidgets", "QtSvg", "QtTest")

#: PySide6 modules never imported: excluded, with their Qt libraries.
QT_MODULES_EXCLUDED = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDBus",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtPrintSupport",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)

#: Python modules to leave out: GUI toolkits and optional back-ends pyqtgraph probes
#: for, test suites, and tools the app never runs.
PYTHON_EXCLUDES = (
    "tkinter",
    "_tkinter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "pyqtgraph.examples",
    "pyqtgraph.opengl",
    "pyqtgraph.jupyter",
    "pyqtgraph.canvas",
    "pyqtgraph.flowchart",
    "OpenGL",
    "matplotlib",
    "scipy",
    "h5py",
    "cupy",
    "numba",
    "IPython",
    "jupyter_rfb",
    "pytest",
    "pytestqt",
    "hypothesis",
    "numpy.tests",
    "numpy.f2py",
    "numpy.distutils",
    "numpy.testing._private.extbuild",
    "lib2to3",
    "pydoc_data",
    "setuptools",
    "pkg_resources",
    "ssl",  # no network: drops _ssl, libssl and libcrypto
    "_ssl",
    "_hashlib",  # hashlib falls back to its built-in digests
    "readline",
    "curses",
    *(f"PySide6.{name}" for name in QT_MODULES_EXCLUDED),
)

#: ``plugins/<kind>/<file stem>`` kept; every other Qt plugin is dropped. Patterns are
#: regular expressions over the stem (``libqxcb`` on Linux, ``libqcocoa`` on macOS).
KEEP_PLUGINS: dict[str, str] = {
    # window system: X11 (also under XWayland), Wayland (activitymon.display asks for
    # it when only WAYLAND_DISPLAY is set), offscreen (headless runs, the smoke test),
    # macOS; "minimal" for diagnostics
    "platforms": r"libq(xcb|wayland|offscreen|minimal|cocoa)",
    "wayland-shell-integration": r"libxdg-shell",  # the shell every compositor speaks
    "wayland-decoration-client": r"libbradient",  # title bars where the compositor draws none
    "xcbglintegrations": r"libqxcb-glx-integration|libqxcb-egl-integration",
    # native file dialogs and dark mode through the desktop portal (DBus only); the
    # gtk3 theme would drag a partial GTK stack from the build machine into the bundle
    "platformthemes": r"libqxdgdesktopportal",
    "platforminputcontexts": r"lib(compose|ibus)platforminputcontextplugin",
    "styles": r"libqmacstyle",  # the native macOS style; Fusion is built in
    "iconengines": r"libqsvgicon",  # themed SVG icons
    "imageformats": r"libq(svg|ico)",  # PNG/JPEG are built into QtGui
}

#: Qt libraries (Linux ``libQt6X.so.6``, macOS ``QtX.framework/…``) not needed once
#: the modules and plugins above are gone.
DROP_QT_LIBRARIES = re.compile(
    r"(^|/)(lib)?Qt6?(Network|Qml|QmlModels|QmlMeta|QmlWorkerScript|Quick|QuickWidgets|Pdf|"
    r"VirtualKeyboard|WaylandCompositor|WaylandEglClientHwIntegration|WlShellIntegration|"
    r"EglFSDeviceIntegration|EglFsKmsSupport|EglFsKmsGbmSupport|Designer|Sql|PrintSupport|"
    r"Concurrent|Xml)([._/]|$)"
)

_TEST_DATA = re.compile(r"(^|/)(tests?|testing/_private|examples)(/|$)")
_PLUGIN = re.compile(r"(^|/)PySide6/Qt/plugins/(?P<kind>[^/]+)/(?P<stem>[^/.]+)")


def sibling(name: str) -> ModuleType:
    """Load ``packaging/<name>.py`` by path (``packaging/`` is no package), once."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def data_files() -> list[tuple[str, str]]:
    """``(source, folder in the bundle)`` for the app's data: the whole ``resources/``
    tree, placed as ``activitymon/resources`` where a wheel puts it (the package-dir
    mapping in pyproject.toml), so that :mod:`activitymon.appdata` finds it frozen
    with ``importlib.resources`` as it does in any install; and the licence."""
    resources = ROOT / "resources"
    datas = [(str(resources), "activitymon/resources")] if resources.is_dir() else []
    return [*datas, (str(ROOT / "LICENSE"), ".")]  # the licence travels with the app


def activitymon_modules() -> list[str]:
    """Every module of the ``activitymon`` package, for PyInstaller's hidden imports
    (commands and sources are imported by name at run time)."""
    package = ROOT / "activitymon"
    names = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "__main__.py":
            continue  # the entry script itself
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def keep_entry(dest: str) -> bool:
    """Whether a file bound for ``dest`` (its path inside the bundle) stays in."""
    path = PurePosixPath(dest.replace("\\", "/")).as_posix()
    if "/translations/" in path and "PySide6" in path:
        return False  # Qt's own UI translations: the app is English only
    plugin = _PLUGIN.search(path)
    if plugin is not None:
        keep = KEEP_PLUGINS.get(plugin["kind"])
        return keep is not None and re.fullmatch(keep, plugin["stem"]) is not None
    if DROP_QT_LIBRARIES.search(path) is not None:
        return False
    if path.startswith(("numpy/", "pyqtgraph/")) and _TEST_DATA.search(path):
        return False
    if path.endswith(".dist-info/RECORD"):
        return False  # lists the build venv's script hashes: differs per checkout
    if path.startswith("pyqtgraph/icons/peegee/"):
        return False  # pyqtgraph's own logo, for its example launcher
    return not path.endswith((".pyi", ".pyx", ".pxd"))


def trim(entries: Iterable[Any]) -> list[Any]:
    """Drop what :func:`keep_entry` refuses from a PyInstaller TOC (``(dest, src,
    kind)`` tuples)."""
    return [entry for entry in entries if keep_entry(str(entry[0]))]


#: Placeholder in the bundled ``.desktop`` template; install-desktop.sh replaces it
#: with the bundle's absolute folder.
BUNDLE_PLACEHOLDER = "@BUNDLE_DIR@"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def write_linux_desktop_files(bundle: Path, meta: Any) -> list[Path]:
    """Put beside the executable what a desktop needs, under ``share/`` as it is
    installed: the ``.desktop`` entry (Exec still a placeholder), the icons in
    hicolor layout, the AppStream metainfo, the MIME types of the report files, the
    man page and shell completions; then ``LICENSE`` and ``install-desktop.sh``."""
    import shutil

    appmeta = sibling("appmeta")
    filetypes = sibling("filetypes")
    appstream = sibling("appstream")
    written: list[Path] = []

    def put(relative: str, text: str) -> None:
        target = bundle / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)

    def copy(relative: str, source: Path) -> None:
        target = bundle / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)

    exec_path = f"{BUNDLE_PLACEHOLDER}/{meta.name}"
    put(
        f"share/applications/{meta.desktop_file_name}",
        appmeta.desktop_entry(meta, exec_path, meta.bundle_id),
    )
    for size in HICOLOR_SIZES:
        copy(
            f"share/icons/hicolor/{size}x{size}/apps/{meta.bundle_id}.png",
            appmeta.ICON_PNG_DIR / f"activitymon-{size}.png",
        )
    copy(f"share/icons/hicolor/scalable/apps/{meta.bundle_id}.svg", appmeta.ICON_SVG)
    types = filetypes.load(appmeta.METADATA_TOML)
    put(
        f"share/metainfo/{meta.bundle_id}.metainfo.xml",
        appstream.metainfo_xml(meta, filetypes.mime_types(types), appmeta.METADATA_TOML),
    )
    put(f"share/mime/packages/{meta.bundle_id}.xml", filetypes.shared_mime_info_xml(types))
    cli = ROOT / "packaging" / "cli"
    copy("share/man/man1/activitymon.1", cli / "man1" / "activitymon.1")
    copy("share/bash-completion/completions/activitymon", cli / "bash" / "activitymon")
    copy("share/zsh/site-functions/_activitymon", cli / "zsh" / "_activitymon")
    copy("LICENSE", ROOT / "LICENSE")
    copy("install-desktop.sh", ROOT / "packaging" / "install-desktop.sh")
    (bundle / "install-desktop.sh").chmod(0o755)
    return written


def prune_unreferenced(
    binaries: list[Any], imports_of: Callable[[str], Iterable[str]]
) -> list[Any]:
    """Drop the top-level shared libraries (those PyInstaller collected only as
    dependencies, e.g. a system ``libcairo.so.2``) that none of the kept binaries
    needs any more after :func:`trim` removed the plugins that pulled them in.

    ``imports_of(source_path)`` names the libraries a binary links against (file
    names); everything in a sub-folder (extension modules, Qt's own libraries and
    plugins) and the Python library are the roots.
    """
    top_level = {str(e[0]): e for e in binaries if "/" not in str(e[0]).replace("\\", "/")}
    roots = [e for e in binaries if str(e[0]) not in top_level or str(e[0]).startswith("libpython")]
    needed: set[str] = set()
    queue = [str(e[1]) for e in roots]
    seen: set[str] = set()
    while queue:
        source = queue.pop()
        if source in seen:
            continue
        seen.add(source)
        for name in imports_of(source):
            base = name.rsplit("/", 1)[-1]
            if base in top_level and base not in needed:
                needed.add(base)
                queue.append(str(top_level[base][1]))
    return [
        e
        for e in binaries
        if str(e[0]) not in top_level or str(e[0]) in needed or str(e[0]).startswith("libpython")
    ]


def host_libraries() -> ModuleType:
    """``activitymon/host_libraries.py`` (standard library only), loaded by path:
    the libraries the bundle takes from the machine it runs on."""
    name = "_bundlespec_host_libraries"
    if name not in sys.modules:
        path = ROOT / "activitymon" / "host_libraries.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def leave_out_host_libraries(binaries: list[Any]) -> list[Any]:
    """Drop every library the host provides (``host_libraries.excluded_from_bundle``:
    the AppImage exclude list and the desktop families it names), wherever
    PyInstaller would put it: the bundle carries Qt, ICU, the interpreter and the
    Python packages, and takes glibc, the C++ runtime, GL, X11 / xcb, Wayland,
    fontconfig, freetype, xkbcommon, GLib and D-Bus from the host. Besides their
    version conflicts with the host's driver and desktop, the build machine's copies
    would raise the glibc floor (Debian 12's libstdc++ needs GLIBC_2.36)."""
    excluded = host_libraries().excluded_from_bundle
    return [e for e in binaries if not excluded(PurePosixPath(str(e[0]).replace("\\", "/")).name)]


def strip_python_debug_info(bundle: Path) -> int:
    """``strip --strip-debug`` the interpreter's own libraries in a Linux bundle
    (``libpython*.so*`` and ``lib-dynload``), which a source-built Python (pyenv)
    ships with debug info: about 20 MiB. Wheels' libraries are left alone (they are
    stripped already, and stripping patchelf-ed files can break them). Returns the
    bytes saved; 0 with a note when there is no ``strip``."""
    import shutil
    import subprocess

    internal = bundle / "_internal"
    targets = sorted(internal.glob("libpython3*.so*")) + sorted(
        internal.glob("python3*/lib-dynload/*.so")
    )
    targets = [t for t in targets if t.is_file() and not t.is_symlink()]
    strip = shutil.which("strip")
    if strip is None:
        print("bundlespec: no `strip` (binutils): the Python libraries keep their debug info")
        return 0
    before = sum(t.stat().st_size for t in targets)
    if targets:
        subprocess.run([strip, "--strip-debug", *map(str, targets)], check=True)
    return before - sum(t.stat().st_size for t in targets)
