"""What the bundles leave out: Qt modules the app never imports, plugins it does
not load, Qt's translations, test data, and libraries only those pulled in."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.packaging.loader import ROOT, packaging_module

bundlespec = packaging_module("bundlespec")


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",  # the xcb platform links it
        # Wayland without XWayland: the platform, its shell and decorations
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/wayland-decoration-client/libbradient.so",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/QtSvg.abi3.so",
        "numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so",
        "pyqtgraph/colors/maps/CET-L1.csv",
        "pyqtgraph/icons/auto.png",
        "libpython3.11.so.1.0",
    ],
)
def test_kept(dest: str) -> None:
    assert bundlespec.keep_entry(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so",
        "PySide6/Qt/lib/libQt6WaylandCompositor.so.6",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/translations/qtbase_fr.qm",
        "numpy/_core/tests/test_numeric.py",
        "numpy/random/tests/data/mt19937-testset-1.csv",
        "pyqtgraph/examples/ExampleApp.py",
        "pyqtgraph/icons/peegee/peegee.svg",
        "PySide6/QtCore.pyi",
        "numpy-2.4.6.dist-info/RECORD",
    ],
)
def test_dropped(dest: str) -> None:
    assert not bundlespec.keep_entry(dest)


def test_libraries_only_dropped_plugins_needed_are_pruned() -> None:
    binaries = [
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/qt/libQt6Gui.so.6", "BINARY"),
        ("libfreetype.so.6", "/usr/lib/libfreetype.so.6", "BINARY"),
        ("libbrotlidec.so.1", "/usr/lib/libbrotlidec.so.1", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),  # only qgtk3 needed it
        ("libz.so.1", "/usr/lib/libz.so.1", "BINARY"),
    ]
    links = {
        "/py/libpython3.11.so.1.0": ["libz.so.1"],
        "/qt/libQt6Gui.so.6": ["libfreetype.so.6", "libQt6Core.so.6"],
        "/usr/lib/libfreetype.so.6": ["/usr/lib/libbrotlidec.so.1"],
    }
    kept = bundlespec.prune_unreferenced(binaries, lambda src: links.get(src, []))
    assert [e[0] for e in kept] == [
        "libpython3.11.so.1.0",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libfreetype.so.6",
        "libbrotlidec.so.1",
        "libz.so.1",
    ]


def test_hidden_imports_name_every_module_of_the_package() -> None:
    modules = bundlespec.activitymon_modules()
    files = [p for p in (ROOT / "activitymon").rglob("*.py") if p.name != "__main__.py"]
    assert len(modules) == len(files)
    assert "activitymon" in modules
    assert "activitymon.sources.linux" in modules
    assert "activitymon.commands.snapshot" in modules


def test_the_app_imports_only_the_qt_modules_the_bundle_keeps() -> None:
    """Importing a Qt module the specs exclude would break the frozen app only; so
    this fails first: a fresh interpreter opens the window and lists what it loaded."""
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from activitymon.cli import main\n"
        "import tempfile, pathlib\n"
        "shot = pathlib.Path(tempfile.mkdtemp()) / 's.png'\n"
        "assert main(['--source', 'sim', '--screenshot', str(shot), '--quit-after', '1']) == 0\n"
        "print(' '.join(sorted(m.split('.')[1] for m in sys.modules"
        " if m.startswith('PySide6.Qt'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split("\n")[-2].split())
    assert loaded, done.stdout
    assert loaded <= set(bundlespec.QT_MODULES_USED), loaded - set(bundlespec.QT_MODULES_USED)
    assert not loaded & set(bundlespec.QT_MODULES_EXCLUDED)


def test_the_hosts_libraries_are_left_out_wherever_they_come_from() -> None:
    """glibc, the C++ runtime, GL, X11 / xcb, fonts, GLib, D-Bus, zlib (the AppImage
    exclude list and its families) never go into the bundle; other libraries stay."""
    binaries = [
        ("libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "BINARY"),
        ("libgcc_s.so.1", "/lib/x86_64-linux-gnu/libgcc_s.so.1", "BINARY"),
        ("libexpat.so.1", "/lib/x86_64-linux-gnu/libexpat.so.1", "BINARY"),
        ("libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "BINARY"),
        ("libxcb-cursor.so.0", "/lib/x86_64-linux-gnu/libxcb-cursor.so.0", "BINARY"),
        ("libxkbcommon-x11.so.0", "/lib/x86_64-linux-gnu/libxkbcommon-x11.so.0", "BINARY"),
        ("libglib-2.0.so.0", "/lib/x86_64-linux-gnu/libglib-2.0.so.0", "BINARY"),
        ("libdbus-1.so.3", "/lib/x86_64-linux-gnu/libdbus-1.so.3", "BINARY"),
        ("libfontconfig.so.1", "/lib/x86_64-linux-gnu/libfontconfig.so.1", "BINARY"),
        ("libEGL.so.1", "/lib/x86_64-linux-gnu/libEGL.so.1", "BINARY"),
        ("libffi.so.8", "/lib/x86_64-linux-gnu/libffi.so.8", "BINARY"),
        ("libsqlite3.so.0", "/lib/x86_64-linux-gnu/libsqlite3.so.0", "BINARY"),
        ("numpy.libs/libgfortran.so.5", "/venv/numpy.libs/libgfortran.so.5", "BINARY"),
        ("PySide6/Qt/lib/libicuuc.so.73", "/venv/PySide6/Qt/lib/libicuuc.so.73", "BINARY"),
    ]
    kept = [entry[0] for entry in bundlespec.leave_out_host_libraries(binaries)]
    assert kept == [
        "libffi.so.8",
        "libsqlite3.so.0",
        "numpy.libs/libgfortran.so.5",
        "PySide6/Qt/lib/libicuuc.so.73",
    ]
