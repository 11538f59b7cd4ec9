"""Where the app's data files are: the one place that knows.

The data lives in ``resources/`` at the top of the repository (device profiles,
populations, scenarios, icons, the glossary, lessons …). The build maps that folder
into the package as ``activitymon.resources`` (``[tool.setuptools.package-dir]`` in
pyproject.toml; the PyInstaller specs copy it to the same place), so every file under
it — any subfolder, any type — is package data, found with :mod:`importlib.resources`
wherever the package was installed: a wheel, ``pip install --prefix`` or ``--user``,
a Debian ``/usr/local`` install, a PyInstaller bundle.

A source checkout (``python -m activitymon`` from the clone, pytest) and an editable
install import ``activitymon`` from the clone, where the folder is still the
top-level ``resources/`` beside the package; that is the one fallback.

    from activitymon.appdata import resource_path
    resource_path("scenarios")            # a Path to the folder
    resource_path("icons", "png")         # parts are joined
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

PACKAGE = "activitymon"
#: The data folder's name inside the installed package and in the repository.
FOLDER = "resources"


class ResourcesMissing(Exception):
    """The data folder is nowhere to be found: a broken install."""


@cache
def resources_dir() -> Path:
    """The folder holding the app's data files, as a real path."""
    installed = resources.files(PACKAGE) / FOLDER
    # A package imported from the file system (every layout the app supports,
    # including PyInstaller's) gives a real Path; a zip import would not.
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    package_dir = resources.files(PACKAGE)
    if isinstance(package_dir, Path):
        checkout = package_dir.parent / FOLDER
        if checkout.is_dir():
            return checkout
    raise ResourcesMissing(
        f"activitymon's data files ({PACKAGE}/{FOLDER}) are missing from {package_dir}; "
        "reinstall activitymon"
    )


def resource_path(*parts: str) -> Path:
    """A file or folder under :func:`resources_dir`: ``resource_path("lessons")``."""
    return resources_dir().joinpath(*parts)
