"""Headless commands: version and one snapshot as JSON or a table."""

from __future__ import annotations

import json

import pytest

from activitymon import __version__
from activitymon.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"activitymon {__version__}"


def test_snapshot_json_has_memory_level_and_processes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snapshot", "--source", "sim", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "sim"
    assert data["level"] in ("normal", "warn", "critical")
    mem = data["memory"]
    assert mem["page_size"] in (4096, 16384)
    assert mem["total_pages"] * mem["page_size"] == mem["total_bytes"]
    assert data["processes"], "a simulated device has processes"
    first = data["processes"][0]
    for key in ("pid", "name", "footprint_bytes", "band", "states"):
        assert key in first
    # the simulator's RSS is what its regions hold resident (sim/regions.py): dirty pages
    # not compressed, plus clean text and shared-cache pages the footprint leaves out
    assert first["rss_bytes"] > 0


def test_snapshot_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snapshot", "--source", "sim", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "pressure:" in out
    assert len([line for line in out.splitlines() if line[:7].strip().isdigit()]) == 3


def test_unknown_source_for_snapshot_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["snapshot", "--source", "nowhere"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
