"""Resources are package data: every install layout finds them through
``activitymon.appdata`` (importlib.resources), not through ``sys.prefix``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import activitymon
from activitymon import appdata
from tests.packaging.loader import ROOT

PROBE = Path("zz-install-probe") / "probe.weird"  # a folder and a type nobody listed


def test_every_package_is_listed_in_pyproject() -> None:
    """``packages`` is a list (the resources mapping needs one): a new subpackage
    must be added there or the wheel would lack it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "activitymon").rglob("__init__.py")
    }
    assert sorted(on_disk - listed) == [], "add these to [tool.setuptools] packages"
    assert "activitymon.resources" in listed


def test_a_checkout_finds_the_top_level_resources_folder() -> None:
    assert appdata.resources_dir() == ROOT / "resources"
    assert appdata.resource_path("scenarios", "demo.toml").is_file()
    assert appdata.resource_path("icons", "png").is_dir()


def test_no_data_folder_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """An install that lost its data (the package without ``resources``) says so in
    one line and exits 2."""
    site = tmp_path / "site"
    shutil.copytree(
        ROOT / "activitymon", site / "activitymon", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    done = subprocess.run(
        [sys.executable, "-m", "activitymon", "simulate", "--list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    err = done.stderr.strip().splitlines()
    assert len(err) == 1, done.stderr
    assert "activitymon/resources" in err[0]
    assert "reinstall" in err[0]


def _project_copy(dest: Path) -> Path:
    """The files a build reads, plus one resource in a folder and of a type no
    configuration names."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("activitymon", "resources", "packaging"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        shutil.copy2(ROOT / name, dest / name)
    probe = dest / "resources" / PROBE
    probe.parent.mkdir()
    probe.write_text("probe\n", encoding="utf-8")
    return dest


def test_pip_install_prefix_finds_scenarios_and_profiles(tmp_path: Path) -> None:
    """``pip install --prefix DIR .`` then ``activitymon simulate --list`` with that
    prefix on PYTHONPATH (the issue's check; ``sudo pip install`` on Debian lands
    in /usr/local the same way)."""
    project = _project_copy(tmp_path / "project")
    prefix = tmp_path / "prefix"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", "install"]
    built = subprocess.run(
        [*pip, "--no-deps", "--ignore-installed", "--prefix", str(prefix), str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    site = prefix / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    site_packages = site / "site-packages"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site_packages)
    where = subprocess.run(
        [sys.executable, "-c", "import activitymon.appdata as a; print(a.resources_dir())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    )
    installed = site_packages / "activitymon" / "resources"
    assert Path(where.stdout.strip()) == installed  # not the checkout's copy
    listed = subprocess.run(
        [sys.executable, "-m", "activitymon", "simulate", "--list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    for scenario in sorted((ROOT / "resources" / "scenarios").glob("*.toml")):
        assert f"  {scenario.stem} " in listed.stdout
    for device in ("iPhone12,1", "iPod5,1", "Mac"):
        assert f"  {device} " in listed.stdout
    # every resource file ships, including a new folder of a new type
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            assert (installed / path.relative_to(ROOT / "resources")).is_file(), path
    assert (installed / PROBE).read_text(encoding="utf-8") == "probe\n"
    # the man page and completions as the wheel's data, the licence in its metadata
    assert (prefix / "share" / "man" / "man1" / "activitymon.1").is_file()
    assert (prefix / "share" / "bash-completion" / "completions" / "activitymon").is_file()
    assert (prefix / "share" / "zsh" / "site-functions" / "_activitymon").is_file()
    version = activitymon.__version__
    licence = site_packages / f"activitymon-{version}.dist-info" / "licenses" / "LICENSE"
    assert "MIT License" in licence.read_text(encoding="utf-8")
