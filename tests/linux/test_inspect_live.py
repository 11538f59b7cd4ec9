"""The inspector on live Linux (issue 25): a child process inspected while it runs,
then killed while the inspector is open: it keeps its last map and says it ended."""

from __future__ import annotations

import json

import pytest

from activitymon.cli import main
from activitymon.model import Exited
from activitymon.viewmodel import ClockState, Inspect, SamplerCore
from tests.linux.conftest import MB, ON_LINUX, Spawn

pytestmark = pytest.mark.skipif(not ON_LINUX, reason="needs Linux /proc")


def test_a_child_inspected_then_killed_keeps_its_tombstone(source, spawn: Spawn) -> None:
    child = spawn(32)
    core = SamplerCore(source, 1, ClockState(interval=1.0))
    core.tick(advance=False)
    tick = core.perform(Inspect(child.pid))
    assert tick is not None
    (alive,) = tick.inspections
    assert alive.alive
    assert alive.name.startswith("python")
    assert alive.memory_map is not None
    assert alive.memory_map.origin == f"/proc/{child.pid}/smaps"
    assert alive.total.dirty_bytes is not None
    assert alive.total.dirty_bytes >= 32 * MB
    assert alive.rss_bytes == alive.process.rss_bytes  # the source's own RSS figure
    child.kill()
    child.wait(timeout=10)
    (dead,) = core.tick().inspections
    assert not dead.alive
    assert isinstance(dead.end, Exited)
    assert dead.regions == alive.regions  # the last map read while it lived
    assert dead.map_note is not None
    assert dead.map_note.startswith("the process has ended: its map as last read, at")
    assert [e.kind.value for e in dead.events] == ["exit"]


def test_inspect_json_on_linux(spawn: Spawn, capsys: pytest.CaptureFixture[str]) -> None:
    child = spawn(16)
    assert main(["inspect", str(child.pid), "--source", "linux", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pid"] == child.pid
    assert data["source"] == "linux"
    assert data["band"] is None  # Linux has no jetsam bands: null, not 0
    assert data["limits"]["headroom_bytes"] is None or isinstance(
        data["limits"]["headroom_bytes"], int
    )
    regions, total = data["regions"], data["total"]
    assert regions
    for key in ("virtual_bytes", "resident_bytes", "dirty_bytes", "swapped_bytes"):
        assert total[key] == sum(r[key] for r in regions)
        assert total[key] == sum(row[key] for row in data["summary"])
    assert data["memory_map"]["rollup"]["Rss"] > 0
    assert any(p["name"].startswith("anonymous memory") for p in data["footprint_parts"])
