"""The inspector's data (issue 25): the sampler follows an inspected process, keeps its
history from first seen and its tombstone after death; ``inspect --json`` keeps the
issue's contract; the same content as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from activitymon.cli import main
from activitymon.model import Killed, KillReason, ProcessState
from activitymon.sim import Simulator, parse_scenario
from activitymon.sources import open_source
from activitymon.sources.sim import SimulatorSource
from activitymon.viewmodel import (
    ClockState,
    Inspect,
    RefreshMap,
    SamplerCore,
    Seek,
    StopInspecting,
)
from activitymon.viewmodel.inspection import Inspection, inspection_to_dict
from activitymon.viewmodel.inspection_text import render_inspection

MB = 1 << 20
DATA = Path(__file__).resolve().parents[1] / "reports" / "data"

# an app with a fatal 200 MB limit: it grows, is warned at 80 %, frees 30 MB, stops
# growing, then loads an 80 MB asset that takes it past its limit (and a daemon)
SCENARIO = """
[device]
profile = "iPhone12,1"
population = false

[[process]]
name = "Game"
pid = 300
band = "foreground"
state = "frontmost"
footprint_mb = 100
limit_mb = 200
on_warning = "free 30 MB"

[[process]]
name = "locationd"
pid = 301
band = 0
footprint_mb = 8

[[action]]
at = 3
do = "grow"
process = "Game"
rate_mb_per_s = 16
chunk_mb = 8

[[action]]
at = 8
do = "stop"
process = "Game"

[[action]]
at = 12
do = "allocate"
process = "Game"
mb = 80
"""

CONTRACT = {
    "pid",
    "name",
    "source",
    "t",
    "footprint_bytes",
    "rss_bytes",
    "compressed_bytes",
    "virtual_bytes",
    "limits",
    "band",
    "state",
    "regions",
    "summary",
    "history",
    "events",
}
LIMIT_KEYS = {"active_bytes", "inactive_bytes", "active_fatal", "inactive_fatal", "headroom_bytes"}
REGION_KEYS = {
    "start",
    "end",
    "type",
    "path",
    "protection",
    "share_mode",
    "virtual_bytes",
    "resident_bytes",
    "dirty_bytes",
    "swapped_bytes",
}
SUMMARY_KEYS = {"type", "count", "virtual_bytes", "resident_bytes", "dirty_bytes", "swapped_bytes"}
HISTORY_KEYS = {"t", "footprint_bytes", "rss_bytes", "band", "state"}


def _core() -> SamplerCore:
    sim = Simulator.from_scenario(parse_scenario(SCENARIO, "test.toml", name="test"))
    core = SamplerCore(SimulatorSource(sim, "test"), 1, ClockState(interval=1.0))
    core.tick(advance=False)  # the first sample, at 0 s
    return core


def _game(core: SamplerCore, seconds: int) -> Inspection:
    tick = core.perform(Inspect(300))
    assert tick is not None
    for _ in range(seconds):
        tick = core.tick()
    (inspection,) = tick.inspections
    return inspection


def test_inspect_command_follows_a_process_in_every_tick() -> None:
    core = _core()
    first = core.perform(Inspect(300))
    assert first is not None
    assert [i.pid for i in first.inspections] == [300]
    assert first.inspections[0].name == "Game"
    assert [i.pid for i in core.tick().inspections] == [300]
    assert core.perform(StopInspecting(300)) is None
    assert core.tick().inspections == ()


def test_history_starts_when_the_process_was_first_seen_not_when_inspected() -> None:
    core = _core()
    for _ in range(4):
        core.tick()
    inspection = _game(core, 1)
    assert inspection.first_seen == 0.0
    assert inspection.history[0].t == 0.0
    assert inspection.history[0].footprint_bytes == 100 * MB
    # the growth that started at 3 s is in it: two 8 MB chunks a second, a step a tick
    assert [p.footprint_bytes for p in inspection.history[:3]] == [100 * MB, 116 * MB, 132 * MB]


def test_a_process_killed_at_its_limit_keeps_its_tombstone() -> None:
    core = _core()
    inspection = _game(core, 30)
    assert not inspection.alive
    assert isinstance(inspection.end, Killed)
    assert inspection.end.reason is KillReason.PER_PROCESS_LIMIT
    assert ProcessState.TERMINATED in inspection.process.states
    # its figures at death: past 200 MB, the kill's footprint
    assert inspection.process.footprint_bytes == inspection.end.footprint_bytes
    assert inspection.history[-1].state == "terminated"
    # its last map is kept, and said to be old
    assert inspection.regions
    assert inspection.map_note is not None
    assert inspection.map_note.startswith("the process has ended: its map as last read, at")
    kinds = [e.kind.value for e in inspection.events]
    # warned at 80 % (7 s), freed, warned again on the way past the limit (12 s)
    assert kinds == [
        "limit_warning",
        "notify",
        "respond",
        "limit_warning",
        "notify",
        "limit_exceeded",
        "kill",
    ]
    assert any(line.pid == 300 for line in inspection.lines)
    # inspected after its death, it is still there
    assert core.tick().inspections[0].end == inspection.end


def test_json_keeps_the_contract() -> None:
    data = inspection_to_dict(_game(_core(), 6))
    assert set(data) >= CONTRACT
    assert set(data["limits"]) >= LIMIT_KEYS
    assert data["limits"]["active_bytes"] == 200 * MB
    assert data["limits"]["active_fatal"] is True
    assert data["limits"]["headroom_bytes"] == 200 * MB - data["footprint_bytes"]
    assert data["source"] == "sim"
    assert data["state"] == "frontmost"
    for region in data["regions"]:
        assert set(region) >= REGION_KEYS
    for row in data["summary"]:
        assert set(row) >= SUMMARY_KEYS
    for point in data["history"]:
        assert set(point) >= HISTORY_KEYS
    json.dumps(data, allow_nan=False)  # plain JSON


def _fresh_game(core: SamplerCore, seconds: int) -> Inspection:
    """The game after ``seconds``, its map read at that moment (a tick reads the map
    only now and then: ``map_schedule.py``)."""
    _game(core, seconds)
    tick = core.perform(RefreshMap(300))
    assert tick is not None
    (inspection,) = tick.inspections
    return inspection


def test_summary_totals_equal_the_regions_sums_and_regions_make_the_footprint() -> None:
    # a map read at the moment of its figures (the Refresh button; inspect at its end)
    data = inspection_to_dict(_fresh_game(_core(), 6))
    regions, summary, total = data["regions"], data["summary"], data["total"]
    for key in ("virtual_bytes", "resident_bytes", "dirty_bytes", "swapped_bytes"):
        assert total[key] == sum(r[key] for r in regions) == sum(row[key] for row in summary)
    assert total["count"] == len(regions) == sum(row["count"] for row in summary)
    dirty = sum(r["dirty_bytes"] + r["swapped_bytes"] for r in regions)
    assert dirty == data["footprint_bytes"]
    assert sum(r["swapped_bytes"] for r in regions) == data["compressed_bytes"]
    assert data["rss_bytes"] == total["resident_bytes"]
    assert data["virtual_bytes"] == total["virtual_bytes"]
    formula = data["formula"]
    assert formula["virtual_bytes"] == (
        formula["resident_bytes"] + formula["lazy_bytes"] + formula["swapped_bytes"]
    )


def test_a_source_without_maps_says_so_and_gives_null() -> None:
    source = open_source("replay", reports=[str(DATA / "jetsam-body-modern.json")])
    core = SamplerCore(source, 1, ClockState())
    snapshot = core.tick(advance=False).snapshot
    assert snapshot is not None
    victim = next(p for p in snapshot.processes if p.kill_reason is not None)
    tick = core.perform(Inspect(victim.pid))
    assert tick is not None
    (inspection,) = tick.inspections
    data = inspection_to_dict(inspection)
    assert data["regions"] == []
    assert data["summary"] == []
    assert data["virtual_bytes"] is None
    assert data["rss_bytes"] is None
    notes = data["memory_map"]["notes"]
    assert notes[0].startswith("A jetsam report records no memory map.")
    assert any(note.startswith("footprint (rpages): ") for note in notes)
    assert "limit: jetsam reports do not record a process's memory limit" in notes
    assert f"killed: {victim.kill_reason}" in notes
    assert inspection.end is not None  # its kill, from the report
    # a report records no limit: the headroom is unknown, not "no limit"; and its
    # notes are what it holds, not the last map of a process that died under watch
    assert inspection.map_note is None
    text = render_inspection(inspection)
    assert "Headroom        not recorded" in text
    assert "as this jetsam report recorded it" in text


def test_a_jump_in_the_timeline_starts_the_histories_again() -> None:
    reports = [
        str(DATA / "LowMemory-2013-05-02-093000.plist"),
        str(DATA / "jetsam-body-modern.json"),
    ]
    core = SamplerCore(open_source("replay", reports=reports), 1, ClockState())
    core.tick(advance=False)
    core.perform(Seek(1))
    assert core.inspector.histories.living  # something is being followed
    points = {len(t.points) for t in core.inspector.histories.living.values()}
    assert points == {1}


def test_text_and_json_say_the_same(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    scenario = tmp_path / "game.toml"
    scenario.write_text(SCENARIO)
    args = ["inspect", "Game", "--source", "sim", "--at", "6", "--scenario", str(scenario)]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    text = capsys.readouterr().out
    assert data["name"] == "Game"
    assert text.startswith(f"Game (pid {data['pid']}) — frontmost, band 100 FOREGROUND")
    assert "VSS " in text
    assert "REGION TYPE" in text
    for row in data["summary"]:
        assert any(line.startswith(row["type"]) for line in text.splitlines())
    assert f"{len(data['regions']):,} regions, read from simulated" in text


def test_an_unknown_process_is_one_line_and_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "no-such-process", "--source", "sim", "--at", "1"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        "activitymon: no process named 'no-such-process' was seen on the sim source"
    )


def test_render_lists_regions_unless_asked_not_to() -> None:
    inspection = _game(_core(), 2)
    full = render_inspection(inspection)
    short = render_inspection(inspection, regions=False)
    assert "START - END" in full
    assert "START - END" not in short
    assert "TOTAL" in short


def test_every_term_the_inspector_names_is_in_the_glossary() -> None:
    from activitymon.teaching import terms
    from activitymon.teaching.glossary import glossary
    from activitymon.viewmodel.inspection_text import figure_rows, part_rows, sharing_rows

    entries = glossary().entries
    inspection = _game(_core(), 30)
    named = {row.term for row in figure_rows(inspection)}
    named |= {row.term for row in part_rows(inspection)}
    named |= {row.term for row in sharing_rows(inspection)}
    named |= {p.term for p in inspection.properties}
    named |= {line.term for line in inspection.lines}
    named |= set(terms.INSPECTOR_TERMS.values())
    assert not sorted(t for t in named if t not in entries)
