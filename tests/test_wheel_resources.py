"""A wheel (non-editable install) carries every data file the app reads: each file
under resources/ is matched by a ``[tool.setuptools.data-files]`` glob."""

from __future__ import annotations

import tomllib

from tests.conftest import PROJECT


def test_every_resource_ships_in_the_wheel() -> None:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files: dict[str, list[str]] = config["tool"]["setuptools"]["data-files"]
    shipped = {
        path.resolve()
        for patterns in data_files.values()
        for pattern in patterns
        for path in PROJECT.glob(pattern)
    }
    needed = {
        path.resolve()
        for path in (PROJECT / "resources").rglob("*")
        if path.is_file() and path.suffix in {".toml", ".png", ".svg", ".icns", ".ico"}
    }
    assert needed, "resources/ holds the profiles, scenarios and icons"
    assert sorted(str(p) for p in needed - shipped) == []
